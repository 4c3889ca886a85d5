import { describe, expect, it } from 'vitest';
import type { CsvMapping } from '../../../../../shared/import/csv';
import { assignRole, EMPTY_MAPPING } from '../../../../../renderer/src/ui/import/CsvMappingStep';

describe('assignRole', () => {
  it('gives a column one role, takes it from any other column, and keeps an amount column and a debit/credit pair apart', () => {
    let m: CsvMapping = { ...EMPTY_MAPPING, date: 0, amount: 2, description: 1 };
    m = assignRole(m, 3, 'debit');
    expect(m).toMatchObject({ amount: null, debit: 3 });
    m = assignRole(m, 4, 'credit');
    expect(m).toMatchObject({ debit: 3, credit: 4 });
    m = assignRole(m, 2, 'amount');
    expect(m).toMatchObject({ amount: 2, debit: null, credit: null });
    // Moving Description to column 5 frees column 1.
    m = assignRole(m, 5, 'description');
    expect(m.description).toBe(5);
    // A column set to "Not imported" loses its role; the date moves with a new choice.
    m = assignRole(m, 5, '');
    expect(m.description).toBeNull();
    m = assignRole(m, 1, 'date');
    expect(m.date).toBe(1);
    // One column, one role: making the amount column the memo clears the amount.
    m = assignRole(m, 2, 'memo');
    expect(m).toMatchObject({ memo: 2, amount: null });
  });
});
