import type { CSSProperties } from 'react';

/** Stands in for a row whose page is still loading, at the same height, so nothing jumps. */
export function SkeletonRow({ rowIndex, style }: { rowIndex: number; style: CSSProperties }) {
  return (
    <div role="row" aria-rowindex={rowIndex} aria-busy="true" className="tx-row tx-grid tx-row--skeleton" style={style}>
      <div role="cell" className="tx-cell"><span className="skeleton skeleton--short" /></div>
      <div role="cell" className="tx-cell"><span className="skeleton skeleton--long" /></div>
      <div role="cell" className="tx-cell tx-cell--category"><span className="skeleton" /></div>
      <div role="cell" className="tx-cell tx-cell--account"><span className="skeleton" /></div>
      <div role="cell" className="tx-cell tx-cell--amount"><span className="skeleton skeleton--short" /></div>
    </div>
  );
}
