/**
 * The user's own categories, nested one level under one of the 20 built-in ones
 * (`categories.ts`), and the catalog every view reads labels, kinds, parents and colours from.
 *
 * A custom category is referred to by its stable id (`custom:<uuid>`) wherever a category is
 * stored — a row's `userCategory`, a rule's `category`, a budget's key — so renaming or recolouring
 * it rewrites nothing but its own record. Its kind (spending, income, …) is its parent's, so
 * budgets and insights count it exactly as they count the parent. Pure: the ledger index's
 * worker builds the same catalog from the same records.
 */
import { CATEGORIES, categoryInfo, type CategoryId, type CategoryInfo } from './categories';
import { isCategoryColor, type CategoryColor } from './palette';

export const CUSTOM_PREFIX = 'custom:';
export const MAX_CUSTOM_NAME_LENGTH = 40;

/** One stored custom category (the `customCategories` table, schema v14). */
export interface CustomCategory {
  /** `custom:<uuid>`: never changes. */
  id: CategoryId;
  name: string;
  /** One of the 20 built-in ids. */
  parentId: CategoryId;
  color: CategoryColor;
  createdAt: string;
  updatedAt: string;
}

export const isCustomCategoryId = (id: string): boolean => id.startsWith(CUSTOM_PREFIX);

/** How a custom id that no category holds any more is named. */
export const REMOVED_LABEL = 'Removed category';

/** One entry of the catalog: a built-in category (parent null, no colour) or a custom one. */
export interface CatalogEntry extends CategoryInfo {
  parentId: CategoryId | null;
  color: CategoryColor | null;
  custom: boolean;
}

export interface CategoryCatalog {
  /** Built-ins in the set's order, each followed by its custom children (by name). */
  readonly entries: readonly CatalogEntry[];
  /** The same, as the `CategoryInfo` list computeBudget and computeInsights take. */
  readonly categorySet: readonly CategoryInfo[];
  readonly custom: readonly CustomCategory[];
  entry(id: CategoryId): CatalogEntry | undefined;
  /** The name shown: a custom category's name, a built-in's label, `REMOVED_LABEL` for a custom id no record holds, else the id (a legacy label). */
  label(id: CategoryId): string;
  /** "Dining out › Date night" for a custom one; the label otherwise. */
  path(id: CategoryId): string;
  childrenOf(id: CategoryId): readonly CustomCategory[];
  /** The built-in a category rolls up into: a custom one's parent, else itself. */
  rollUp(id: CategoryId): CategoryId;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/** The catalog over the built-in set and these custom categories (ones with an unknown parent are left out). */
export function buildCatalog(custom: readonly CustomCategory[] = []): CategoryCatalog {
  const valid = custom.filter((c) => isCustomCategoryId(c.id) && categoryInfo(c.parentId) !== undefined);
  const children = new Map<CategoryId, CustomCategory[]>();
  for (const c of [...valid].sort(byName)) {
    let list = children.get(c.parentId);
    if (!list) children.set(c.parentId, (list = []));
    list.push(c);
  }
  const entries: CatalogEntry[] = [];
  for (const b of CATEGORIES) {
    entries.push({ ...b, parentId: null, color: null, custom: false });
    for (const c of children.get(b.id) ?? []) {
      entries.push({ id: c.id, label: c.name, kind: b.kind, parentId: b.id, color: c.color, custom: true });
    }
  }
  const byId = new Map(entries.map((e) => [e.id, e]));
  // A custom id no record names (a category deleted while something still held it, e.g. a row a
  // sync's undo put back) reads as such, never as its raw id.
  const label = (id: CategoryId): string => byId.get(id)?.label ?? (isCustomCategoryId(id) ? REMOVED_LABEL : id);
  return {
    entries,
    categorySet: entries.map(({ id, label: l, kind }) => ({ id, label: l, kind })),
    custom: valid,
    entry: (id) => byId.get(id),
    label,
    path: (id) => {
      const e = byId.get(id);
      return e?.parentId ? `${label(e.parentId)} › ${e.label}` : label(id);
    },
    childrenOf: (id) => children.get(id) ?? [],
    rollUp: (id) => byId.get(id)?.parentId ?? id,
  };
}

/** The built-in set alone: what a view shows before the custom categories have loaded. */
export const BUILT_IN_CATALOG: CategoryCatalog = buildCatalog([]);

/** A name as stored: trimmed, inner runs of white space made one space. */
export const cleanCategoryName = (name: string): string => name.trim().replace(/\s+/g, ' ');

/**
 * Why a name cannot be used for a category under `parentId` (null when it can): empty, too long,
 * or already used by a sibling, case-insensitively. `selfId` is the category being renamed (its own
 * name is no conflict).
 */
export function nameProblem(name: string, parentId: CategoryId, existing: readonly CustomCategory[], selfId?: CategoryId): string | null {
  const clean = cleanCategoryName(name);
  if (clean === '') return 'Give the category a name.';
  if (clean.length > MAX_CUSTOM_NAME_LENGTH) return `A category name can be at most ${MAX_CUSTOM_NAME_LENGTH} characters.`;
  const parent = categoryInfo(parentId);
  if (!parent) return 'Choose one of Ledgerline’s categories to put it under.';
  const lower = clean.toLocaleLowerCase();
  const clash = existing.find((c) => c.parentId === parentId && c.id !== selfId && c.name.toLocaleLowerCase() === lower);
  if (clash) return `${parent.label} already has a category named “${clash.name}”.`;
  return null;
}

/** A stored record as read back: the shape checked (a record written by a newer build may carry more). */
export function isCustomCategory(value: unknown): value is CustomCategory {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && isCustomCategoryId(v.id) && typeof v.name === 'string' && typeof v.parentId === 'string'
    && isCategoryColor(v.color) && typeof v.createdAt === 'string' && typeof v.updatedAt === 'string';
}
