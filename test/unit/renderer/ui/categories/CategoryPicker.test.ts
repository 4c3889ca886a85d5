import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../../../shared/categories/categories';
import { buildCatalog, type CustomCategory } from '../../../../../shared/categories/customCategories';
import { pickerOptions } from '../../../../../renderer/src/ui/categories/CategoryPicker';

const custom = (id: string, name: string, parentId: string): CustomCategory => ({ id: `custom:${id}`, name, parentId, color: 'teal', createdAt: '', updatedAt: '' });
const catalog = buildCatalog([custom('dn', 'Date night', 'dining'), custom('bo', 'Bonus', 'income'), custom('sv', 'Savings goal', 'transfer')]);

describe('the category picker’s options', () => {
  it('groups by kind; each built-in category is followed by the user’s own under it, indented and named by its path', () => {
    const groups = pickerOptions(catalog);
    expect(groups.map((g) => g.label)).toEqual(['Spending', 'Income', 'Transfers and investments']);
    const spending = groups[0]?.options ?? [];
    const at = spending.findIndex((o) => o.id === 'dining');
    expect(spending[at + 1]).toEqual({ id: 'custom:dn', text: '\u2003\u2003Date night', label: 'Dining out › Date night', nested: true });
    expect(spending[at]).toEqual({ id: 'dining', text: 'Dining out', label: 'Dining out', nested: false });
    expect(groups[1]?.options.map((o) => o.id)).toEqual(['income', 'custom:bo', 'dividends_interest']);
    expect(groups.flatMap((g) => g.options)).toHaveLength(CATEGORIES.length + 3);
  });

  it('can offer the built-in ones only, some kinds only, or leave ids out', () => {
    const builtIn = pickerOptions(catalog, { builtInOnly: true }).flatMap((g) => g.options.map((o) => o.id));
    expect([...builtIn].sort()).toEqual(CATEGORIES.map((c) => c.id).sort());
    expect(pickerOptions(catalog, { kinds: ['income'] }).map((g) => g.label)).toEqual(['Income']);
    const without = pickerOptions(catalog, { exclude: ['custom:dn', 'coffee'] }).flatMap((g) => g.options.map((o) => o.id));
    expect(without).not.toContain('custom:dn');
    expect(without).not.toContain('coffee');
    expect(without).toContain('dining');
  });
});
