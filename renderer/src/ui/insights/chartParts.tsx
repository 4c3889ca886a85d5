/** Axis, grid and legend props shared by the charts: themed through CSS variables. */
import type { ReactNode } from 'react';
import { Rectangle, type BarShapeProps } from 'recharts';

export const AXIS_TICK = { fill: 'var(--muted)', fontSize: 12 } as const;
export const AXIS_LINE = { stroke: 'var(--border-strong)' } as const;
export const GRID_STROKE = 'var(--border)';
export const CHART_MARGIN = { top: 8, right: 12, bottom: 0, left: 4 } as const;
export const CURSOR_FILL = { fill: 'var(--chart-cursor)' } as const;

/** Legend text in the theme's text colour (recharts would paint it in the series colour). */
export const legendLabel = (value: string): ReactNode => <span className="chart-legend__label">{value}</span>;

/**
 * A bar that names what it shows (data-* attributes: which series, which point), so a test or a
 * style can find "Groceries in October" without counting rectangles.
 */
export function taggedBar(series: string, pointOf: (index: number) => string | undefined) {
  return function TaggedBar(props: BarShapeProps) {
    return (
      <g className="chart-bar" data-testid="chart-bar" data-series={series} data-point={pointOf(props.originalDataIndex)}>
        <Rectangle {...props} />
      </g>
    );
  };
}
