import { CATEGORIES, isKnownCategory, type CategoryInfo } from '../../../../shared/categories/categories';
import '../categories.css';

/** The select's groups, in the order people look for them (as the detail panel's category). */
const GROUPS: readonly { label: string; kinds: readonly CategoryInfo['kind'][] }[] = [
  { label: 'Spending', kinds: ['spending'] },
  { label: 'Income', kinds: ['income'] },
  { label: 'Transfers and investments', kinds: ['transfer', 'investment'] },
];

/**
 * A category picker over Ledgerline's set (shared/categories/categories.ts CATEGORIES), grouped
 * like the detail panel's own category select; a value the set does not know is kept selectable.
 */
export function CategorySelect({ value, onChange, id, className, label, testId }: {
  value: string;
  onChange: (category: string) => void;
  id?: string;
  className?: string;
  label: string;
  testId?: string;
}) {
  return (
    <select id={id} className={`field__input field__select${className ? ` ${className}` : ''}`} value={value} aria-label={label}
      data-testid={testId} onChange={(e) => onChange(e.target.value)}>
      {!isKnownCategory(value) && <option value={value}>{value}</option>}
      {GROUPS.map((g) => (
        <optgroup key={g.label} label={g.label}>
          {CATEGORIES.filter((c) => g.kinds.includes(c.kind)).map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
        </optgroup>
      ))}
    </select>
  );
}
