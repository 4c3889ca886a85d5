import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readBudgetSettings, setAssigned, setRollover } from '../../../../renderer/src/db/budgets';
import { openDb } from '../../../../renderer/src/db/schema';

let n = 0;
const fresh = () => openDb(`budgets-test-${++n}`);

describe('budget settings (schema v10)', () => {
  it('stores one assigned amount per currency, category and month; a later write replaces it; null clears it', async () => {
    const db = fresh();
    await setAssigned(db, { currency: 'USD', category: 'groceries', month: '2026-11', assignedMinor: 45_029 });
    await setAssigned(db, { currency: 'EUR', category: 'groceries', month: '2026-11', assignedMinor: 10_000 });
    await setAssigned(db, { currency: 'USD', category: 'groceries', month: '2026-11', assignedMinor: 50_000 });
    await setAssigned(db, { currency: 'USD', category: 'dining', month: '2026-10', assignedMinor: 1 });
    await setAssigned(db, { currency: 'USD', category: 'dining', month: '2026-10', assignedMinor: null });
    const { assignments } = await readBudgetSettings(db);
    expect(assignments.sort((a, b) => a.currency.localeCompare(b.currency))).toEqual([
      { currency: 'EUR', category: 'groceries', month: '2026-11', assignedMinor: 10_000 },
      { currency: 'USD', category: 'groceries', month: '2026-11', assignedMinor: 50_000 },
    ]);
    await expect(setAssigned(db, { currency: 'USD', category: 'x', month: '2026-11', assignedMinor: 2 ** 53 })).rejects.toThrow(RangeError);
    db.close();
  });

  it('keeps a rollover per currency and category', async () => {
    const db = fresh();
    await setRollover(db, { currency: 'USD', category: 'groceries', rollover: 'carry' });
    await setRollover(db, { currency: 'USD', category: 'groceries', rollover: 'none' });
    await setRollover(db, { currency: 'CAD', category: 'groceries', rollover: 'carry' });
    const { rollovers } = await readBudgetSettings(db);
    expect(rollovers.sort((a, b) => a.currency.localeCompare(b.currency))).toEqual([
      { currency: 'CAD', category: 'groceries', rollover: 'carry' },
      { currency: 'USD', category: 'groceries', rollover: 'none' },
    ]);
    db.close();
  });
});
