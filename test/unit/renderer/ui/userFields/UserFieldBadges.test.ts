// The user's marks on a row as the list and the panel show them (server-rendered markup: the unit
// project has no DOM).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { UserFieldBadges } from '../../../../../renderer/src/ui/userFields/UserFieldBadges';

const render = (row: Parameters<typeof UserFieldBadges>[0]['row'], allTags = false) =>
  renderToStaticMarkup(createElement(UserFieldBadges, { row, allTags }));
const parts = [{ amountMinor: -600, category: 'groceries', note: null }, { amountMinor: -400, category: 'home', note: 'mop' }];

describe('UserFieldBadges', () => {
  it('shows nothing for a row without marks', () => {
    expect(render({ amountMinor: -1000 })).toBe('');
    expect(render({ amountMinor: -1000, excludedAt: null, tags: null, splits: null })).toBe('');
  });

  it('badges an excluded row, and a split with its part count', () => {
    const html = render({ amountMinor: -1000, excludedAt: '2026-11-21T00:00:00Z', splits: parts });
    expect(html).toMatch(/data-testid="excluded-badge"[^>]*>Excluded</);
    expect(html).toMatch(/data-testid="split-badge" data-state="ok"[^>]*>Split · 2</);
  });

  it('says a split needs attention once the amount no longer matches its parts', () => {
    expect(render({ amountMinor: -1250, splits: parts })).toMatch(/data-state="stale"[^>]*>Split needs attention</);
  });

  it('shows up to three tag chips on a list row and counts the rest; the panel shows them all', () => {
    const tags = ['trip', 'food', 'work', 'tax', 'kids'];
    const row = render({ amountMinor: -1, tags });
    expect(row.match(/data-testid="tag-chip"/g)).toHaveLength(3);
    expect(row).toContain('>#trip<');
    expect(row).toMatch(/title="#tax #kids"[^>]*>\+2</);
    expect(render({ amountMinor: -1, tags }, true).match(/data-testid="tag-chip"/g)).toHaveLength(5);
  });
});
