// The split parts' category picker (server-rendered markup: the unit project has no DOM).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../../../shared/categories/categories';
import { CategorySelect } from '../../../../../renderer/src/ui/userFields/CategorySelect';

const render = (value: string) => renderToStaticMarkup(createElement(CategorySelect, { value, label: 'Part 1 category', onChange: () => undefined }));

describe('CategorySelect', () => {
  it('offers every category of the set, grouped, with the value selected', () => {
    const html = render('groceries');
    expect(html.match(/<option /g)).toHaveLength(CATEGORIES.length);
    expect(html).toContain('<optgroup label="Spending">');
    expect(html).toContain('<optgroup label="Income">');
    expect(html).toMatch(/<option value="groceries" selected="">Groceries<\/option>/);
    expect(html).toContain('aria-label="Part 1 category"');
  });

  it('keeps a value the set does not know selectable', () => {
    const html = render('Kids stuff');
    expect(html.match(/<option /g)).toHaveLength(CATEGORIES.length + 1);
    expect(html).toMatch(/<option value="Kids stuff" selected="">Kids stuff<\/option>/);
  });
});
