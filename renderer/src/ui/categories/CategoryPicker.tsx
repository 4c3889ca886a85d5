/**
 * The one category picker (the detail panel, Settings' rules and categories, budgets, splits): a
 * native select — keyboard, screen readers and type-to-find for free — grouped by kind, each
 * built-in category followed by the user's own ones nested under it (indented; their full path,
 * "Dining out › Date night", is the option's accessible name). Reads the live catalog itself.
 *
 * API (other features use it, keep it stable): `value` and `onChange(id)`, plus the select's
 * `id`, `className`, `disabled`, `aria-label`, `aria-describedby`, `data-testid`; `kinds` limits
 * the kinds offered, `exclude` leaves ids out, `builtInOnly` offers the 20 built-in ones alone.
 */
import type { CategoryId, CategoryInfo } from '../../../../shared/categories/categories';
import { isCustomCategoryId, type CategoryCatalog } from '../../../../shared/categories/customCategories';
import { useCategoryCatalog } from '../../hooks/useCategoryCatalog';

export interface CategoryPickerProps {
  value: CategoryId;
  onChange: (id: CategoryId) => void;
  id?: string;
  className?: string;
  disabled?: boolean;
  'aria-label'?: string;
  'aria-describedby'?: string;
  'data-testid'?: string;
  /** The kinds offered (default: every kind). */
  kinds?: readonly CategoryInfo['kind'][];
  /** Ids not offered (e.g. the category being merged away). */
  exclude?: readonly CategoryId[];
  /** Only the 20 built-in categories (a parent for a new one). */
  builtInOnly?: boolean;
}

/** The select's groups, in the order people look for them. */
export const PICKER_GROUPS: readonly { label: string; kinds: readonly CategoryInfo['kind'][] }[] = [
  { label: 'Spending', kinds: ['spending'] },
  { label: 'Income', kinds: ['income'] },
  { label: 'Transfers and investments', kinds: ['transfer', 'investment'] },
];

/** Indent of a nested option (two em spaces: a select's options take no CSS padding everywhere). */
const NESTED = '\u2003\u2003';

export interface PickerOption {
  id: CategoryId;
  text: string;
  /** The accessible name (the full path for a nested one). */
  label: string;
  nested: boolean;
}

/** The options per group, as the picker shows them (pure: tests and other views may reuse it). */
export function pickerOptions(
  catalog: CategoryCatalog,
  opts: Pick<CategoryPickerProps, 'kinds' | 'exclude' | 'builtInOnly'> = {},
): { label: string; options: PickerOption[] }[] {
  const excluded = new Set(opts.exclude ?? []);
  return PICKER_GROUPS
    .map((g) => ({ label: g.label, kinds: g.kinds.filter((k) => !opts.kinds || opts.kinds.includes(k)) }))
    .filter((g) => g.kinds.length > 0)
    .map((g) => ({
      label: g.label,
      options: catalog.entries
        .filter((e) => g.kinds.includes(e.kind) && !excluded.has(e.id) && !(opts.builtInOnly && e.custom))
        .map((e) => ({ id: e.id, text: e.custom ? `${NESTED}${e.label}` : e.label, label: catalog.path(e.id), nested: e.custom })),
    }))
    .filter((g) => g.options.length > 0);
}

export function CategoryPicker(props: CategoryPickerProps) {
  const catalog = useCategoryCatalog();
  const { value, onChange, kinds, exclude, builtInOnly } = props;
  const groups = pickerOptions(catalog, { kinds, exclude, builtInOnly });
  const known = groups.some((g) => g.options.some((o) => o.id === value));
  return (
    <select
      id={props.id}
      className={props.className ?? 'field__input field__select'}
      value={value}
      disabled={props.disabled}
      aria-label={props['aria-label']}
      aria-describedby={props['aria-describedby']}
      data-testid={props['data-testid']}
      onChange={(e) => onChange(e.target.value)}
    >
      {!known && value !== '' && (
        // A name typed before the set existed (or a category not offered here): kept, selectable until changed.
        <option value={value}>{catalog.entry(value) || isCustomCategoryId(value) ? catalog.path(value) : `${value} (your earlier name)`}</option>
      )}
      {value === '' && <option value="" disabled>Choose a category</option>}
      {groups.map((g) => (
        <optgroup key={g.label} label={g.label}>
          {g.options.map((o) => (
            <option key={o.id} value={o.id} aria-label={o.nested ? o.label : undefined} data-nested={o.nested || undefined}>{o.text}</option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
