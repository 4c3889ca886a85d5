/**
 * The CSV step of an import: which column is what (a role above each column of the file's first
 * records), the date order, the decimal mark and the sign convention — each detected, shown as
 * detected, and changeable — with the first rows as they will be read, so a wrong choice shows
 * before the preview. Pure view: the dialog re-reads the file on every change.
 */
import type { CsvMapping, CsvPreview, CsvSettings, SignConvention } from '../../../../shared/import/csv';
import { DATE_ORDERS, type DateOrder } from '../../../../shared/import/dates';
import type { DecimalMark } from '../../../../shared/import/amount';
import { formatMoney } from '../../../../shared/money';
import { shortDay } from '../format';

type Role = keyof CsvMapping;

const ROLES: { role: Role; label: string }[] = [
  { role: 'date', label: 'Date' },
  { role: 'description', label: 'Description' },
  { role: 'amount', label: 'Amount' },
  { role: 'debit', label: 'Money out' },
  { role: 'credit', label: 'Money in' },
  { role: 'memo', label: 'Memo' },
  { role: 'category', label: 'Category' },
  { role: 'id', label: 'Id' },
  { role: 'currency', label: 'Currency' },
];

const ORDER_EXAMPLE: Record<DateOrder, string> = { YMD: 'year-month-day (2024-01-31)', MDY: 'month/day/year (01/31/2024)', DMY: 'day/month/year (31/01/2024)' };

export const EMPTY_MAPPING: CsvMapping = { date: 0, description: null, amount: null, debit: null, credit: null, category: null, memo: null, id: null, currency: null };

function roleOf(mapping: CsvMapping, column: number): Role | '' {
  return ROLES.find(({ role }) => mapping[role] === column)?.role ?? '';
}

/** The mapping with `column` given `role` (taken from any other column), or given none. */
export function assignRole(mapping: CsvMapping, column: number, role: Role | ''): CsvMapping {
  const next: CsvMapping = { ...mapping };
  for (const { role: r } of ROLES) {
    if (r !== 'date' && next[r] === column) next[r] = null;
  }
  if (role === 'date') next.date = column;
  else if (role !== '') {
    next[role] = column;
    // One amount column, or a debit/credit pair: never both.
    if (role === 'amount') [next.debit, next.credit] = [null, null];
    if (role === 'debit' || role === 'credit') next.amount = null;
  }
  return next;
}

export function CsvMappingStep(props: {
  preview: CsvPreview;
  settings: CsvSettings;
  currency: string;
  savedFrom: string | null;
  onChange: (settings: CsvSettings) => void;
}) {
  const { preview, settings, currency, savedFrom, onChange } = props;
  const set = (patch: Partial<CsvSettings>) => onChange({ ...settings, ...patch });
  const dates = preview.dateDetection;
  const decimals = preview.decimalDetection;
  const mappingOk = settings.mapping.amount !== null || settings.mapping.debit !== null || settings.mapping.credit !== null;
  return (
    <div className="import-map" data-testid="import-mapping">
      {savedFrom && <p className="import-note" data-testid="import-saved-mapping">Using the columns you chose for this kind of file last time ({savedFrom}). Change anything below.</p>}
      <div className="import-map__scroll">
        <table className="import-map__table">
          <thead>
            <tr>
              {preview.columns.map((name, i) => (
                <th key={i} scope="col">
                  <select className="field__input import-map__role" aria-label={`What column "${name}" holds`} value={roleOf(settings.mapping, i)}
                    onChange={(e) => set({ mapping: assignRole(settings.mapping, i, e.target.value as Role | '') })} data-testid="import-column-role" data-column={i}>
                    <option value="">Not imported</option>
                    {ROLES.map(({ role, label }) => <option key={role} value={role}>{label}</option>)}
                  </select>
                  <span className="import-map__name">{name}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.sample.slice(0, 5).map((record, r) => (
              <tr key={r}>
                {preview.columns.map((_, i) => <td key={i} className={roleOf(settings.mapping, i) === '' ? 'import-map__cell--off' : undefined}>{record[i] ?? ''}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="import-map__formats">
        <label className="field">
          <span className="field__label">Dates are</span>
          <select className="field__input" value={settings.dateOrder} onChange={(e) => set({ dateOrder: e.target.value as DateOrder })} data-testid="import-date-order">
            {DATE_ORDERS.map((o) => <option key={o} value={o}>{ORDER_EXAMPLE[o]}</option>)}
          </select>
          <span className={`field__hint${dates.ambiguous ? ' import-map__hint--warn' : ''}`} data-testid="import-date-detected">
            {dates.ambiguous ? `Could be ${dates.candidates.join(' or ')}: please check.` : dates.suggested ? `Detected ${dates.suggested}.` : 'No dates recognised in this column.'}
          </span>
        </label>
        <label className="field">
          <span className="field__label">Decimal mark</span>
          <select className="field__input" value={settings.decimalMark} onChange={(e) => set({ decimalMark: e.target.value as DecimalMark })} data-testid="import-decimal-mark">
            <option value=".">Point (1,234.56)</option>
            <option value=",">Comma (1.234,56)</option>
          </select>
          <span className={`field__hint${decimals.ambiguous ? ' import-map__hint--warn' : ''}`} data-testid="import-decimal-detected">
            {decimals.ambiguous ? 'Not certain: please check.' : `Detected ${decimals.mark === '.' ? 'a point' : 'a comma'}.`}
          </span>
        </label>
        <label className="field">
          <span className="field__label">Positive amounts are</span>
          <select className="field__input" value={settings.sign} onChange={(e) => set({ sign: e.target.value as SignConvention })} disabled={settings.mapping.amount === null} data-testid="import-sign">
            <option value="inPositive">Money in</option>
            <option value="outPositive">Money out (card exports)</option>
          </select>
          {preview.suggestedSign === 'outPositive' && settings.sign === 'inPositive' && (
            <span className="field__hint import-map__hint--warn">Most amounts are positive: a card export that lists charges as positive?</span>
          )}
        </label>
      </div>
      <section aria-labelledby="import-reads-as" className="import-map__reads">
        <h3 className="import-section-title" id="import-reads-as">Reads as</h3>
        {!mappingOk ? <p className="import-note import-note--warn">Choose the Amount column, or the Money out and Money in columns.</p> : (
          <ul className="import-reads" data-testid="import-reads-as">
            {preview.rows.slice(0, 4).map((row) => (
              <li key={row.line} className="import-reads__row">
                <span className="import-reads__date">{shortDay(row.date)}</span>
                <span className="import-reads__desc">{row.description}</span>
                <span className={`amount${row.amountMinor > 0 ? ' amount--in' : ''}`}>{formatMoney(row.amountMinor, currency)}</span>
              </li>
            ))}
            {preview.rows.length === 0 && <li className="import-note import-note--warn">No row reads with these choices.</li>}
          </ul>
        )}
      </section>
    </div>
  );
}
