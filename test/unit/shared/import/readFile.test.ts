import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvShapeKey, readImportFile } from '../../../../shared/import/readFile';

const bytes = (name: string) => new Uint8Array(readFileSync(`test/fixtures/import/${name}`));
const text = (s: string) => new TextEncoder().encode(s);

describe('readImportFile', () => {
  it('reads each format by content, in the account currency, with the parser\'s rows and errors', () => {
    const ofx = readImportFile(bytes('credit-union-sgml.ofx'), { fileName: 'export.txt', currency: 'USD' });
    expect(ofx.format).toBe('ofx');
    expect(ofx.fatal).toBeNull();
    expect(ofx.statements.map((s) => [s.accountId, s.kind, s.currency, s.rows])).toEqual([
      ['0001234567-S01', 'bank', 'USD', 5], ['0001234567-S00', 'bank', 'USD', 1],
    ]);
    expect(ofx.statement).toBe(0);
    expect(ofx.rows.map((r) => r.amountMinor)).toEqual([-4217, -12000, 215000, -575, -300]);
    expect(ofx.errors.map((e) => e.line)).toEqual([76]);
    expect(ofx.institution).toBe('Riverbend Community Credit Union');
    // The second statement, when asked for.
    expect(readImportFile(bytes('credit-union-sgml.ofx'), { fileName: 'x', currency: 'USD', statement: 1 }).rows.map((r) => r.amountMinor)).toEqual([42]);

    const qfx = readImportFile(bytes('quicken-card.qfx'), { fileName: 'card.qfx', currency: 'USD' });
    expect([qfx.format, qfx.statements[0]?.kind, qfx.rows.length]).toEqual(['ofx', 'creditcard', qfx.statements[0]?.rows]);

    const qif = readImportFile(bytes('quicken-bank-splits.qif'), { fileName: 'q.qif', currency: 'USD' });
    expect(qif.format).toBe('qif');
    expect(qif.qif?.dateOrder).toBe('MDY');
    expect(qif.rows[0]).toMatchObject({ date: '2024-01-31', amountMinor: -123456, currency: 'USD', description: 'Greenwood Property Mgmt' });

    const csv = readImportFile(bytes('chase-checking.csv'), { fileName: 'c.csv', currency: 'USD' });
    expect(csv.format).toBe('csv');
    expect(csv.csv?.settings?.mapping.date).toBe(1);
    expect(csv.rows[0]).toMatchObject({ date: '2024-01-31', amountMinor: -575 });
  });

  it('takes confirmed CSV settings: a flipped sign and another date order change the rows', () => {
    const first = readImportFile(bytes('amex.csv'), { fileName: 'amex.csv', currency: 'USD' });
    expect(first.csv?.suggestedSign).toBe('outPositive');
    const settings = first.csv!.settings!;
    const flipped = readImportFile(bytes('amex.csv'), { fileName: 'amex.csv', currency: 'USD', csv: { ...settings, sign: 'outPositive' } });
    expect(flipped.rows.map((r) => r.amountMinor)).toEqual(first.rows.map((r) => -r.amountMinor));
    const uk = readImportFile(bytes('uk-debit-credit.csv'), { fileName: 'uk.csv', currency: 'GBP', csv: { dateOrder: 'DMY' } });
    expect(uk.rows.map((r) => [r.date, r.amountMinor])).toEqual([['2024-01-03', -2450], ['2024-01-15', 240000], ['2024-01-20', -13200]]);
    expect(uk.errors.length).toBe(2); // the Total footer and the broken date
  });

  it('rows in another currency than the account\'s are errors, not imported', () => {
    const eur = readImportFile(bytes('bank-xml.ofx'), { fileName: 'b.ofx', currency: 'USD' });
    expect(eur.rows).toEqual([]);
    const inEur = readImportFile(bytes('bank-xml.ofx'), { fileName: 'b.ofx', currency: 'EUR' });
    expect(inEur.fatal).toBeNull();
    expect(inEur.rows.length).toBeGreaterThan(0);
    // Every row the file holds is refused by name; the file's own unreadable rows stay reported too.
    expect(eur.errors.filter((e) => e.message === 'In EUR, but the account is in USD.').length).toBe(inEur.rows.length);
    expect(eur.errors.length).toBe(inEur.rows.length + inEur.errors.length);
    expect(eur.fatal).toMatch(/^No row of this file could be read/);
  });

  it('says why a file cannot be imported at all, and reads nothing from it', () => {
    const fatal = (b: Uint8Array, name = 'f') => readImportFile(b, { fileName: name, currency: 'USD' });
    expect(fatal(new Uint8Array()).fatal).toBe('The file is empty.');
    expect(fatal(text('%PDF-1.7\n...')).fatal).toMatch(/^This is a PDF/);
    expect(fatal(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])).fatal).toMatch(/spreadsheet/);
    expect(fatal(new Uint8Array([0x41, 0x00, 0x42, 0x43])).fatal).toMatch(/not text/);
    expect(fatal(text('  \n \n')).fatal).toBe('The file holds no text.');
    expect(fatal(text('<OFX><SIGNONMSGSRSV1></SIGNONMSGSRSV1></OFX>')).fatal).toMatch(/no bank or card statement/);
    expect(fatal(text('hello\nworld\n')).fatal).toMatch(/single column/);
    for (const f of [fatal(new Uint8Array()), fatal(text('%PDF-1.7'))]) expect(f.rows).toEqual([]);
  });

  it('decodes Windows-1252 and UTF-16 files', () => {
    // "Café" in Windows-1252 (é = 0xE9), not valid UTF-8.
    const cp = new Uint8Array([...text('Date,Description,Amount\n01/02/2024,Caf'), 0xe9, ...text(',-3.50\n')]);
    const r = readImportFile(cp, { fileName: 'x.csv', currency: 'USD' });
    expect(r.encoding).toBe('windows-1252');
    expect(r.rows[0]?.description).toBe('Café');
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'Date,Description,Amount\n01/02/2024,Tea,-1.00\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(readImportFile(utf16, { fileName: 'x.csv', currency: 'USD' }).rows[0]).toMatchObject({ description: 'Tea', amountMinor: -100 });
  });
});

describe('csvShapeKey', () => {
  it('is the same for two exports of one shape and differs for another shape or delimiter', () => {
    const key = (s: string) => {
      const r = readImportFile(text(s), { fileName: 'x.csv', currency: 'USD' });
      return csvShapeKey(r.csv!);
    };
    const a = key('Date,Description,Amount\n01/02/2024,Tea,-1.00\n');
    expect(key('Date,Description,Amount\n03/04/2025,Bread,-2.00\n05/06/2025,Milk,-1.20\n')).toBe(a);
    expect(key(' date , DESCRIPTION,amount\n01/02/2024,Tea,-1.00\n')).toBe(a);
    expect(key('Date;Description;Amount\n01/02/2024;Tea;-1,00\n')).not.toBe(a);
    expect(key('Date,Payee,Amount\n01/02/2024,Tea,-1.00\n')).not.toBe(a);
    // Headerless: the column count.
    expect(key('01/02/2024\tTea\t-1.00\n01/03/2024\tBread\t-2.00\n')).toBe(key('02/02/2024\tMilk\t-1.50\n'));
  });
});
