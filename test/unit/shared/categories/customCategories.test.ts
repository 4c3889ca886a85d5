import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../../shared/categories/categories';
import {
  BUILT_IN_CATALOG, buildCatalog, cleanCategoryName, isCustomCategory, isCustomCategoryId, MAX_CUSTOM_NAME_LENGTH, nameProblem, type CustomCategory,
} from '../../../../shared/categories/customCategories';
import { explainCategory, rulesByKey } from '../../../../shared/categories/rules';

const custom = (id: string, name: string, parentId: string, extra: Partial<CustomCategory> = {}): CustomCategory => ({
  id: `custom:${id}`, name, parentId, color: 'teal', createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', ...extra,
});

describe('the category catalog', () => {
  const dateNight = custom('dn', 'Date night', 'dining', { color: 'pink' });
  const brunch = custom('br', 'brunch', 'dining');
  const bonus = custom('bo', 'Bonus', 'income');
  const catalog = buildCatalog([dateNight, bonus, brunch]);

  it('lists the 20 built-in categories in their order, each followed by its own children by name', () => {
    const ids = catalog.entries.map((e) => e.id);
    expect(ids.filter((id) => !isCustomCategoryId(id))).toEqual(CATEGORIES.map((c) => c.id));
    const dining = ids.indexOf('dining');
    expect(ids.slice(dining, dining + 3)).toEqual(['dining', 'custom:br', 'custom:dn']);
    expect(ids[ids.indexOf('income') + 1]).toBe('custom:bo');
    expect(catalog.childrenOf('dining').map((c) => c.name)).toEqual(['brunch', 'Date night']);
    expect(catalog.childrenOf('coffee')).toEqual([]);
  });

  it('gives a custom category its parent’s kind, its own name and colour, and its parent to roll up into', () => {
    expect(catalog.entry('custom:dn')).toEqual({ id: 'custom:dn', label: 'Date night', kind: 'spending', parentId: 'dining', color: 'pink', custom: true });
    expect(catalog.entry('custom:bo')?.kind).toBe('income');
    expect(catalog.entry('dining')).toMatchObject({ label: 'Dining out', parentId: null, color: null, custom: false });
    expect(catalog.label('custom:dn')).toBe('Date night');
    expect(catalog.path('custom:dn')).toBe('Dining out › Date night');
    expect(catalog.path('dining')).toBe('Dining out');
    expect(catalog.rollUp('custom:dn')).toBe('dining');
    expect(catalog.rollUp('groceries')).toBe('groceries');
    // A legacy label the user typed long ago reads as itself.
    expect(catalog.label('Gifts')).toBe('Gifts');
    expect(catalog.rollUp('Gifts')).toBe('Gifts');
    // A custom id no category holds any more (deleted meanwhile) never shows as its raw id.
    expect(catalog.label('custom:gone')).toBe('Removed category');
    expect(catalog.categorySet.find((c) => c.id === 'custom:dn')).toEqual({ id: 'custom:dn', label: 'Date night', kind: 'spending' });
    expect(catalog.categorySet).toHaveLength(CATEGORIES.length + 3);
  });

  it('leaves out a record whose parent is not a built-in category (one level only) or whose id is not a custom one', () => {
    const c = buildCatalog([custom('x', 'Nested', 'custom:dn'), { ...custom('y', 'Bad id', 'dining'), id: 'dining2' }, dateNight]);
    expect(c.custom.map((x) => x.id)).toEqual(['custom:dn']);
    expect(c.entry('custom:x')).toBeUndefined();
  });

  it('names a row’s category through the catalog: the user’s own by id, from the row or a rule', () => {
    const row = { description: 'ZUNI CAFE', merchant: 'Zuni Cafe', category: 'FOOD_AND_DRINK_RESTAURANT', amountMinor: -4_200, userCategory: 'custom:dn' };
    expect(explainCategory(row, new Map(), catalog)).toMatchObject({ id: 'custom:dn', label: 'Date night', source: 'user' });
    const rules = rulesByKey([{ id: 'r', merchantKey: 'zuni cafe', merchantLabel: 'Zuni Cafe', category: 'custom:br', createdAt: '' }]);
    expect(explainCategory({ ...row, userCategory: null }, rules, catalog)).toMatchObject({ id: 'custom:br', label: 'brunch', source: 'rule' });
    // Without the catalog the id survives (never resolved to something else), only unnamed.
    expect(explainCategory(row, new Map(), BUILT_IN_CATALOG).id).toBe('custom:dn');
  });
});

describe('custom category names', () => {
  const existing = [custom('dn', 'Date night', 'dining'), custom('tr', 'Trips', 'travel')];

  it('are trimmed with inner white space collapsed', () => {
    expect(cleanCategoryName('  Date   night \n')).toBe('Date night');
  });

  it('must not be empty or too long', () => {
    expect(nameProblem('   ', 'dining', existing)).toBe('Give the category a name.');
    expect(nameProblem('x'.repeat(MAX_CUSTOM_NAME_LENGTH), 'dining', existing)).toBeNull();
    expect(nameProblem('x'.repeat(MAX_CUSTOM_NAME_LENGTH + 1), 'dining', existing)).toMatch(/at most 40 characters/);
  });

  it('are unique among siblings, case-insensitively, and only among siblings', () => {
    expect(nameProblem(' DATE  NIGHT ', 'dining', existing)).toBe('Dining out already has a category named “Date night”.');
    expect(nameProblem('Date night', 'travel', existing)).toBeNull();
    // Renaming a category to its own name (another case) is no clash.
    expect(nameProblem('date night', 'dining', existing, 'custom:dn')).toBeNull();
  });

  it('need a built-in parent', () => {
    expect(nameProblem('Weekend', 'custom:dn', existing)).toMatch(/Choose one of Ledgerline’s categories/);
    expect(nameProblem('Weekend', 'nope', existing)).toMatch(/Choose one of Ledgerline’s categories/);
  });

  it('checks a stored record’s shape', () => {
    expect(isCustomCategory(custom('a', 'A', 'dining'))).toBe(true);
    expect(isCustomCategory({ ...custom('a', 'A', 'dining'), color: '#ff0000' })).toBe(false);
    expect(isCustomCategory({ ...custom('a', 'A', 'dining'), id: 'a' })).toBe(false);
    expect(isCustomCategory(null)).toBe(false);
  });
});
