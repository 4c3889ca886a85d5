import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

// The views themselves need the app's providers; what is tested here is the wrapper: whether a
// view whose code has loaded (the idle-time preload) renders at once on its first open, or
// suspends — React then holds its content back for up to 300 ms after showing the fallback, and a
// first open took 335–466 ms in the bench. (renderToString shows a suspended boundary as a marker
// for the client to render, never the view.)
vi.mock('../../../../../renderer/src/ui/budgets/BudgetsView', () => ({ BudgetsView: () => createElement('p', null, 'the budget view') }));
vi.mock('../../../../../renderer/src/ui/netWorth/NetWorthView', () => ({ NetWorthView: () => createElement('p', null, 'the net worth view') }));
const fresh = async () => {
  vi.resetModules();
  return import('../../../../../renderer/src/ui/budgets/LazyMoneyViews');
};

describe('the lazily loaded money views', () => {
  it('render at once on their first open once their code was preloaded', async () => {
    const { LazyBudgetsView, LazyNetWorthView, loadMoneyViews } = await fresh();
    await loadMoneyViews();
    expect(renderToString(createElement(LazyBudgetsView))).toBe('<p>the budget view</p>');
    expect(renderToString(createElement(LazyNetWorthView))).toBe('<p>the net worth view</p>');
  });

  it('suspend while their code is not there yet', async () => {
    const { LazyBudgetsView, LazyNetWorthView } = await fresh();
    expect(renderToString(createElement(LazyBudgetsView))).not.toContain('the budget view');
    expect(renderToString(createElement(LazyNetWorthView))).not.toContain('the net worth view');
  });
});
