import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { mapPlaidAccount, mapPlaidTransaction } from '../../../electron/providers/plaid/mapPlaid';
import type { PlaidTransaction } from '../../../electron/providers/plaid/plaidSchemas';
import { mapSnaptradeActivity } from '../../../electron/providers/snaptrade/mapSnaptrade';
import { ActivitySchema } from '../../../electron/providers/snaptrade/snaptradeSchemas';
import { applyUpdate } from '../../../renderer/src/db/applyUpdate';
import { openDb } from '../../../renderer/src/db/schema';
import { buildExport } from '../../../renderer/src/export/buildExport';
import { formatFieldValue } from '../../../renderer/src/ui/changes/changeText';
import { currencyExponent, formatMoney, isIsoCurrency, toDecimalString, toMinorUnits, UNKNOWN_CURRENCY } from '../../../shared/money';
import { matchesSearch, parseSearch } from '../../../shared/search/parseSearch';
import type { Account, SyncUpdate, Transaction } from '../../../shared/types';
import { changesOfRows } from '../../../renderer/src/db/changeLog';

// Issue 14: money in every currency a provider may send — 0, 2, 3, 4, 8 and 9 (capped 18-decimal
// tokens) decimals, a code Ledgerline does not know, and no code at all — comes out of every path
// exactly as the provider said it: mapping (provider decimal → minor units), IndexedDB (through the
// real applyUpdate), the list's text, the Changes diff text, search, CSV and OFX.
const CURRENCIES = ['JPY', 'KRW', 'USD', 'COP', 'KWD', 'BHD', 'IQD', 'CLF', 'BTC', 'DOGE', 'USDT', 'ETH', 'XYZQ', UNKNOWN_CURRENCY];

/**
 * Minor amounts a provider's JSON number can carry exactly: at most 15 significant digits (every
 * such decimal survives a double), small ones often, and the edges.
 */
const minorAmount = fc.oneof(
  fc.constantFrom(0, 1, -1, 999_999_999_999_999, -999_999_999_999_999),
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.integer({ min: -999_999_999_999_999, max: 999_999_999_999_999 }),
);

/** The amount as the provider's wire carries it: a JSON number. */
const wireNumber = (minor: number, currency: string): number => {
  const n = Number(toDecimalString(minor, currency));
  return Object.is(n, -0) ? 0 : n;
};

const plaidWire = (minor: number, currency: string): PlaidTransaction => ({
  transaction_id: 'tx1', account_id: 'acc1', amount: wireNumber(-minor, currency), // Plaid: positive = money out
  iso_currency_code: isIsoCurrency(currency) ? currency : null,
  unofficial_currency_code: isIsoCurrency(currency) || currency === UNKNOWN_CURRENCY ? null : currency,
  date: '2026-11-20', authorized_date: null, name: 'ROUND TRIP', merchant_name: null, pending: false, pending_transaction_id: null,
  category: null, personal_finance_category: null,
});

/** SnapTrade: fiat in `currency`; anything else in `currency_universal_symbol` with `currency` null (the spec's crypto case). */
const snaptradeWire = (minor: number, currency: string) => ActivitySchema.parse({
  id: 'act1', symbol: null, option_symbol: null, price: 0, units: 0, type: 'CONTRIBUTION', description: 'ROUND TRIP',
  amount: wireNumber(minor, currency),
  currency: isIsoCurrency(currency) ? { id: 'c', code: currency, name: currency } : null,
  currency_universal_symbol: isIsoCurrency(currency) || currency === UNKNOWN_CURRENCY ? null : { id: 's', symbol: currency, raw_symbol: currency, description: currency },
  trade_date: '2026-11-19 15:00:00+00:00', settlement_date: '2026-11-20 00:00:00+00:00', fee: 0,
});

/** Reads a displayed amount back into minor units, in the default locale the UI formats with. */
function shownMinor(text: string, currency: string): number {
  const point = new Intl.NumberFormat().formatToParts(1234.5).find((p) => p.type === 'decimal')?.value ?? '.';
  let digits = '';
  for (const ch of text) {
    if (/\d/.test(ch)) digits += ch;
    else if (ch === point) digits += '.';
  }
  return toMinorUnits(`${/[-\u2212]/.test(text) ? '-' : ''}${digits}`, currency);
}

const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['STMTTRNRS', 'STMTTRN'].includes(name) });

interface OfxTrn { TRNAMT: string }
interface OfxDoc { OFX: { BANKMSGSRSV1: { STMTTRNRS: { STMTRS: { CURDEF: string; BANKTRANLIST: { STMTTRN: OfxTrn[] } } }[] } } }

let n = 0;

describe('money round-trips exactly through every path (property)', () => {
  it('provider decimal → minor units → IndexedDB → list, Changes diff, search, CSV and OFX', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CURRENCIES), minorAmount, minorAmount, async (currency, first, second) => {
        fc.pre(first !== second);
        // Mapping: both wire shapes give the same minor units and keep the code as sent.
        const bank = mapPlaidTransaction(plaidWire(first, currency), 'c1');
        const brokerage = mapSnaptradeActivity(snaptradeWire(first, currency), { connectionId: 'c1', accountId: 'acc-1', accountCurrency: 'USD' });
        expect([bank.amountMinor, bank.currency]).toEqual([first, currency]);
        expect([brokerage.amountMinor, brokerage.currency]).toEqual([first, currency]);

        const account = mapPlaidAccount({
          account_id: 'acc1', name: 'Wallet', official_name: null, mask: '0001', type: 'depository', subtype: 'checking',
          balances: { current: wireNumber(first, currency), available: null, limit: null, iso_currency_code: plaidWire(0, currency).iso_currency_code, unofficial_currency_code: plaidWire(0, currency).unofficial_currency_code },
        }, 'c1');
        expect([account.currentMinor, account.currency]).toEqual([first, currency]);
        const brokerageAccount: Account = { ...account, id: 'snaptrade:acc-1', name: 'Brokerage', kind: 'investment', mask: null };
        const update = (from: string | null, to: string, rows: Transaction[]): SyncUpdate => ({
          pullId: crypto.randomUUID(), connectionId: 'c1', fromCursor: from, nextCursor: to, upserts: rows, removals: [], replace: [],
          pulledAt: '2026-11-21T10:00:00.000Z', pages: 1, restarts: 0, accounts: [account, brokerageAccount],
        });
        const meta = { trigger: 'manual' as const, startedAt: '2026-11-21T10:00:00.000Z' };

        // IndexedDB, through the real apply: a first sync, then the bank row's amount changes.
        const db = openDb(`money-${++n}`);
        await db.open();
        try {
          await applyUpdate(db, update(null, 'K1', [bank, brokerage]), meta);
          const stored = await db.transactions.get(bank.id);
          expect([stored?.amountMinor, stored?.currency]).toEqual([first, currency]);
          expect((await db.accounts.get(account.id))?.currentMinor).toBe(first);

          // The list's text (TransactionRow: signed when money comes in).
          const listed = formatMoney(first, currency, { signed: first > 0 });
          expect(shownMinor(listed, currency)).toBe(first);
          if (!isIsoCurrency(currency)) expect(listed).toContain(currency === UNKNOWN_CURRENCY ? 'currency unknown' : currency);

          // Search: the amount as the user would type it finds the row in its own currency.
          const typed = toDecimalString(Math.abs(first), currency);
          expect(matchesSearch(parseSearch(typed), { text: 'round trip', amountMinor: first }, currencyExponent(currency))).toBe(true);

          const modified = mapPlaidTransaction(plaidWire(second, currency), 'c1');
          await applyUpdate(db, update('K1', 'K2', [modified]), meta);
          const change = (await changesOfRows(db, [bank.id])).find((c) => c.kind === 'modified');
          const field = change?.fields.find((f) => f.field === 'amountMinor');
          expect([field?.before, field?.after]).toEqual([first, second]);
          expect(shownMinor(formatFieldValue('amountMinor', first, currency), currency)).toBe(first);
          expect(shownMinor(formatFieldValue('amountMinor', second, currency), currency)).toBe(second);

          // CSV, read back with papaparse: Amount and Currency columns.
          const csv = await buildExport(db, { format: 'csv', scope: { kind: 'all' }, investment: true, now: new Date('2026-11-21T10:00:00Z') });
          const [header = [], ...records] = Papa.parse<string[]>(csv.content.replace(/^\uFEFF/, ''), { skipEmptyLines: true, delimiter: ',' }).data;
          const col = (r: string[], name: string) => r[header.indexOf(name)] ?? '';
          const byId = new Map(records.map((r) => [col(r, 'Id'), r]));
          for (const [id, expected] of [[bank.id, second], [brokerage.id, first]] as const) {
            const r = byId.get(id) ?? [];
            expect(col(r, 'Currency')).toBe(currency);
            expect(toMinorUnits(col(r, 'Amount'), col(r, 'Currency'))).toBe(expected);
          }

          // OFX, read back with fast-xml-parser (bank rows only: OFX bank statements carry no brokerage activity).
          const ofx = await buildExport(db, { format: 'ofx', scope: { kind: 'all' }, investment: false, now: new Date('2026-11-21T10:00:00Z') });
          const doc = xml.parse(ofx.content) as OfxDoc;
          const statements = doc.OFX.BANKMSGSRSV1.STMTTRNRS.map((s) => s.STMTRS);
          expect(statements.map((s) => s.CURDEF)).toEqual([currency]);
          const trns = statements[0]?.BANKTRANLIST.STMTTRN ?? [];
          expect(trns.map((t) => toMinorUnits(t.TRNAMT, currency))).toEqual([second]);
        } finally {
          db.close();
          await db.delete();
        }
      }),
      { numRuns: 80, seed: 14 },
    );
  }, 60_000);
});
