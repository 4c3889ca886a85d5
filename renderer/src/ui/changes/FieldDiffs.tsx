import { createContext, useContext } from 'react';
import type { FieldChange } from '../../db/schema';
import { useAccountNames } from '../../hooks/useAccountNames';
import { diffCurrencies, fieldLabel, formatFieldValue } from './changeText';

/**
 * Account names for every diff in the Changes view, read once by the view: a run lists hundreds
 * of diffs, and one query per row would cost the first screen that many IndexedDB reads.
 */
export const ChangesAccountNames = createContext<ReadonlyMap<string, string> | null>(null);

interface Props {
  fields: readonly FieldChange[];
  currency: string;
  skip?: readonly FieldChange['field'][];
}

/** Each changed field on its own line: label, the old value struck through, → the new value. */
export function FieldDiffs(props: Props) {
  const shared = useContext(ChangesAccountNames);
  return shared ? <FieldDiffList {...props} accounts={shared} /> : <FieldDiffsReadingNames {...props} />;
}

/** Outside the Changes view (the detail panel's history), the names are read here. */
function FieldDiffsReadingNames(props: Props) {
  return <FieldDiffList {...props} accounts={useAccountNames()} />;
}

function FieldDiffList({ fields, currency, skip = [], accounts }: Props & { accounts: ReadonlyMap<string, string> }) {
  const shown = fields.filter((f) => !skip.includes(f.field));
  if (shown.length === 0) return null;
  const sides = diffCurrencies(fields, currency);
  const value = (f: FieldChange, v: FieldChange['before'], side: 'before' | 'after') => formatFieldValue(f.field, v, sides[side], (id) => accounts.get(id) ?? id);
  return (
    <dl className="field-diffs" data-testid="field-diffs">
      {shown.map((f) => (
        <div key={f.field} className="field-diff" data-field={f.field}>
          <dt className="field-diff__label">{fieldLabel(f.field)}</dt>
          <dd className="field-diff__values">
            <del className="field-diff__before" title={`Before: ${value(f, f.before, 'before')}`}>{value(f, f.before, 'before')}</del>
            <span className="field-diff__arrow" aria-label="changed to">→</span>
            <ins className="field-diff__after">{value(f, f.after, 'after')}</ins>
          </dd>
        </div>
      ))}
    </dl>
  );
}
