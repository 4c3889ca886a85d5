import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import type { ExportTx } from '../../../../shared/export/exportTx';
import { hash64, limit, OFX_NAME_MAX, ofxAccountId, toOfx, type OfxAccount } from '../../../../shared/export/ofx';
import { toMinorUnits } from '../../../../shared/money';

// ─── A small OFX 2.2 validator: the aggregates this export writes, their required elements and order ───

/** An element in document order: tag, and text (leaf) or children (aggregate). */
interface Node {
  tag: string;
  text?: string;
  children?: Node[];
}

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, parseTagValue: false, trimValues: false, processEntities: true, ignorePiTags: false });

type Ordered = Record<string, unknown>[];
function toNodes(items: Ordered): Node[] {
  const out: Node[] = [];
  for (const item of items) {
    const tag = Object.keys(item).find((k) => k !== ':@');
    if (!tag) continue;
    const value = item[tag];
    if (tag === '#text') continue;
    const kids = Array.isArray(value) ? (value as Ordered) : [];
    const texts = kids.filter((k) => '#text' in k);
    const elems = kids.filter((k) => !('#text' in k));
    if (elems.length === 0) out.push({ tag, text: texts.map((t) => String(t['#text'])).join('') });
    else out.push({ tag, children: toNodes(elems) });
  }
  return out;
}

/** A rule: the child sequence an aggregate must have: name, `?` optional, `*` any number, `+` at least one. */
const RULES: Record<string, readonly string[]> = {
  OFX: ['SIGNONMSGSRSV1', 'BANKMSGSRSV1?', 'CREDITCARDMSGSRSV1?'],
  SIGNONMSGSRSV1: ['SONRS'],
  SONRS: ['STATUS', 'DTSERVER', 'LANGUAGE'],
  STATUS: ['CODE', 'SEVERITY', 'MESSAGE?'],
  BANKMSGSRSV1: ['STMTTRNRS+'],
  STMTTRNRS: ['TRNUID', 'STATUS', 'STMTRS'],
  STMTRS: ['CURDEF', 'BANKACCTFROM', 'BANKTRANLIST', 'LEDGERBAL', 'AVAILBAL?'],
  BANKACCTFROM: ['BANKID', 'BRANCHID?', 'ACCTID', 'ACCTTYPE'],
  CREDITCARDMSGSRSV1: ['CCSTMTTRNRS+'],
  CCSTMTTRNRS: ['TRNUID', 'STATUS', 'CCSTMTRS'],
  CCSTMTRS: ['CURDEF', 'CCACCTFROM', 'BANKTRANLIST', 'LEDGERBAL', 'AVAILBAL?'],
  CCACCTFROM: ['ACCTID'],
  BANKTRANLIST: ['DTSTART', 'DTEND', 'STMTTRN*'],
  STMTTRN: ['TRNTYPE', 'DTPOSTED', 'DTUSER?', 'TRNAMT', 'FITID', 'NAME?', 'MEMO?'],
  LEDGERBAL: ['BALAMT', 'DTASOF'],
};

const AMOUNT = /^-?\d+(\.\d+)?$/;
const DATE = /^\d{8}(\d{6}(\.\d{3})?(\[[+-]?\d+(\.\d+)?(:[A-Z]+)?\])?)?$/;
const LEAF: Record<string, (v: string) => boolean> = {
  CODE: (v) => /^\d+$/.test(v),
  SEVERITY: (v) => ['INFO', 'WARN', 'ERROR'].includes(v),
  DTSERVER: (v) => DATE.test(v),
  LANGUAGE: (v) => /^[A-Z]{3}$/.test(v),
  TRNUID: (v) => v.length > 0 && v.length <= 36,
  CURDEF: (v) => /^[A-Z]{3}$/.test(v),
  BANKID: (v) => v.length > 0 && v.length <= 9,
  ACCTID: (v) => v.length > 0 && v.length <= 22,
  ACCTTYPE: (v) => ['CHECKING', 'SAVINGS', 'MONEYMRKT', 'CREDITLINE', 'CD'].includes(v),
  DTSTART: (v) => DATE.test(v),
  DTEND: (v) => DATE.test(v),
  TRNTYPE: (v) => ['CREDIT', 'DEBIT', 'INT', 'DIV', 'FEE', 'SRVCHG', 'DEP', 'ATM', 'POS', 'XFER', 'CHECK', 'PAYMENT', 'CASH', 'DIRECTDEP', 'DIRECTDEBIT', 'REPEATPMT', 'HOLD', 'OTHER'].includes(v),
  DTPOSTED: (v) => DATE.test(v),
  TRNAMT: (v) => AMOUNT.test(v),
  FITID: (v) => v.length > 0 && v.length <= 255,
  NAME: (v) => v.length > 0 && [...v].length <= 32,
  MEMO: (v) => v.length > 0 && [...v].length <= 255,
  BALAMT: (v) => AMOUNT.test(v),
  DTASOF: (v) => DATE.test(v),
};

function validate(node: Node, path: string, problems: string[]): void {
  const here = `${path}/${node.tag}`;
  const rule = RULES[node.tag];
  if (!rule) {
    const check = LEAF[node.tag];
    if (!check) problems.push(`${here}: unknown element`);
    else if (node.children) problems.push(`${here}: must be a value`);
    else if (!check(node.text ?? '')) problems.push(`${here}: bad value ${JSON.stringify(node.text)}`);
    return;
  }
  const kids = node.children ?? [];
  let i = 0;
  for (const spec of rule) {
    const name = spec.replace(/[?*+]$/, '');
    const mod = spec.at(-1);
    let n = 0;
    while (kids[i]?.tag === name) {
      i++;
      n++;
      if (mod !== '*' && mod !== '+') break;
    }
    if (n === 0 && mod !== '?' && mod !== '*') problems.push(`${here}: missing ${name} (or out of order)`);
  }
  if (i < kids.length) problems.push(`${here}: unexpected ${kids[i]?.tag} at position ${i}`);
  for (const k of kids) validate(k, here, problems);
}

function parseOfx(text: string): { root: Node; pi: string } {
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n<OFX>')).toBe(true);
  const nodes = toNodes(parser.parse(text) as Ordered).filter((n) => !n.tag.startsWith('?'));
  expect(nodes.map((n) => n.tag)).toEqual(['OFX']);
  const root = nodes[0];
  if (!root) throw new Error('no OFX root');
  return { root, pi: text.split('\n')[1] ?? '' };
}

const find = (n: Node, tag: string): Node[] => (n.tag === tag ? [n] : (n.children ?? []).flatMap((c) => find(c, tag)));
const leaf = (n: Node, tag: string): string => (n.children ?? []).find((c) => c.tag === tag)?.text ?? '';

// ─── Fixtures ───

const checking: OfxAccount = { id: 'plaid:acc_checking_000000000000001', name: 'Checking', mask: '0000', kind: 'depository', subtype: 'checking', currency: 'USD', currentMinor: 110_00 };
const savings: OfxAccount = { id: 'moneykit:sav', name: 'Savings', mask: null, kind: 'depository', subtype: 'savings', currency: 'EUR', currentMinor: null };
const card: OfxAccount = { id: 'plaid:card', name: 'Card', mask: '3333', kind: 'credit', subtype: 'credit card', currency: 'USD', currentMinor: -410_12 };
const brokerage: OfxAccount = { id: 'snaptrade:brk', name: 'Brokerage', mask: null, kind: 'investment', subtype: null, currency: 'USD', currentMinor: 5000_00 };
const ACCOUNTS = [checking, savings, card, brokerage];

const base: ExportTx = {
  id: 'plaid:tx', accountId: checking.id, date: '2026-03-14', description: 'Coffee', merchant: null, categoryLabel: 'Food',
  amountMinor: -450, currency: 'USD', pending: false, accountName: 'Checking', accountMask: '0000', note: null,
  activityType: null, symbol: null, units: null, price: null, feeMinor: null,
};
const tx = (over: Partial<ExportTx>): ExportTx => ({ ...base, ...over });
const NOW = new Date('2026-03-20T10:11:12.345Z');

describe('OFX export', () => {
  const rows = [
    tx({ id: 'plaid:1', date: '2026-03-01', description: 'PAYROLL <ACME> & "Sons"', amountMinor: 2500_00 }),
    tx({ id: 'plaid:2', date: '2026-03-05', description: 'A very long description that goes well beyond thirty-two characters', merchant: 'Café de l\'Opéra — Paris 😀 very long merchant name', note: 'team lunch' }),
    tx({ id: 'plaid:3', date: '2026-03-07', pending: true, amountMinor: -999 }),
    tx({ id: 'moneykit:4', accountId: savings.id, date: '2026-02-28', currency: 'EUR', amountMinor: 12_34, description: 'Interest' }),
    tx({ id: 'plaid:5', accountId: card.id, date: '2026-03-03', amountMinor: -42_17, description: 'Fuel\u0000 station\u0007' }),
    tx({ id: 'plaid:6', accountId: card.id, date: '2026-03-09', amountMinor: 0, description: 'Adjustment' }),
    tx({ id: 'snaptrade:7', accountId: brokerage.id, amountMinor: -1000_00, activityType: 'BUY', symbol: 'VTI' }),
    tx({ id: 'unknown:8', accountId: 'nope' }),
  ];

  it('writes a document that validates against the OFX 2.2 aggregate rules', () => {
    const result = toOfx(rows, ACCOUNTS, { generatedAt: NOW });
    const { root, pi } = parseOfx(result.text);
    expect(pi).toContain('OFXHEADER="200"');
    const problems: string[] = [];
    validate(root, '', problems);
    expect(problems).toEqual([]);
    expect(leaf(find(root, 'SONRS')[0] ?? root, 'DTSERVER')).toBe('20260320101112.345[+0:UTC]');
  });

  it('has one statement per account, bank and card apart, posted rows only, amounts summing to the rows', () => {
    const result = toOfx(rows, ACCOUNTS, { generatedAt: NOW });
    expect(result).toMatchObject({ written: 5, skippedPending: 1, skippedInvestment: 1, skippedUnknownAccount: 1, statements: 3 });
    const { root } = parseOfx(result.text);
    const bank = find(root, 'STMTRS');
    const cc = find(root, 'CCSTMTRS');
    expect(bank.map((s) => leaf(find(s, 'BANKACCTFROM')[0] ?? s, 'ACCTID'))).toEqual([ofxAccountId(checking), ofxAccountId(savings)]);
    expect(cc.map((s) => leaf(find(s, 'CCACCTFROM')[0] ?? s, 'ACCTID'))).toEqual([ofxAccountId(card)]);
    expect(find(root, 'STMTTRNRS').length).toBe(2);
    expect(find(root, 'CCSTMTTRNRS').length).toBe(1);
    expect(bank.map((s) => leaf(s, 'CURDEF'))).toEqual(['USD', 'EUR']);
    expect(bank.map((s) => leaf(find(s, 'BANKACCTFROM')[0] ?? s, 'ACCTTYPE'))).toEqual(['CHECKING', 'SAVINGS']);

    const all = find(root, 'STMTTRN');
    expect(all.map((t) => leaf(t, 'FITID'))).toEqual(['plaid:1', 'plaid:2', 'moneykit:4', 'plaid:5', 'plaid:6']);
    for (const [stmt, acct] of [[bank[0], checking], [bank[1], savings], [cc[0], card]] as const) {
      if (!stmt) throw new Error('missing statement');
      const expected = rows.filter((r) => r.accountId === acct.id && !r.pending).reduce((s, r) => s + r.amountMinor, 0);
      const written = find(stmt, 'STMTTRN').reduce((s, t) => s + toMinorUnits(leaf(t, 'TRNAMT'), acct.currency), 0);
      expect(written).toBe(expected);
    }
    const first = bank[0];
    if (!first) throw new Error('missing statement');
    expect(leaf(find(first, 'BANKTRANLIST')[0] ?? first, 'DTSTART')).toBe('20260301');
    expect(leaf(find(first, 'BANKTRANLIST')[0] ?? first, 'DTEND')).toBe('20260305');
    expect(leaf(find(first, 'LEDGERBAL')[0] ?? first, 'BALAMT')).toBe('110.00');
    expect(leaf(find(cc[0] ?? first, 'LEDGERBAL')[0] ?? first, 'BALAMT')).toBe('-410.12');
    expect(all.map((t) => leaf(t, 'TRNTYPE'))).toEqual(['CREDIT', 'DEBIT', 'CREDIT', 'DEBIT', 'OTHER']);
    expect(all.map((t) => leaf(t, 'DTPOSTED'))).toEqual(['20260301', '20260305', '20260228', '20260303', '20260309']);
  });

  it('escapes text, keeps NAME within 32 characters and the rest in MEMO, drops characters XML forbids', () => {
    const { text } = toOfx(rows, ACCOUNTS, { generatedAt: NOW });
    expect(text).toContain('<NAME>PAYROLL &lt;ACME&gt; &amp; &quot;Sons&quot;</NAME>');
    const { root } = parseOfx(text);
    const [t1, t2, , t4] = find(root, 'STMTTRN');
    expect(leaf(t1 ?? root, 'NAME')).toBe('PAYROLL <ACME> & "Sons"');
    const name2 = leaf(t2 ?? root, 'NAME');
    expect([...name2].length).toBeLessThanOrEqual(OFX_NAME_MAX);
    expect(name2.startsWith("Café de l'Opéra — Paris")).toBe(true);
    expect(leaf(t2 ?? root, 'MEMO')).toBe('A very long description that goes well beyond thirty-two characters — team lunch');
    expect(leaf(t4 ?? root, 'NAME')).toBe('Fuel station');
    expect(limit('😀'.repeat(40), 32)).toBe('😀'.repeat(32));
  });

  it('includes pending rows only when asked', () => {
    const r = toOfx(rows, ACCOUNTS, { generatedAt: NOW, includePending: true });
    expect(r.written).toBe(6);
    expect(find(parseOfx(r.text).root, 'STMTTRN').map((t) => leaf(t, 'FITID'))).toContain('plaid:3');
  });

  it('keeps ACCTID within 22 characters, stable and distinct per account', () => {
    expect(ofxAccountId({ id: 'moneykit:sav', mask: null })).toBe('moneykit:sav');
    const long = ofxAccountId(checking);
    expect(long).toBe(`${hash64(checking.id)}-0000`);
    expect(long.length).toBeLessThanOrEqual(22);
    expect(ofxAccountId({ ...checking, id: `${checking.id}x` })).not.toBe(long);
  });

  it('the validator itself refuses what OFX forbids (so a pass means something)', () => {
    const good = toOfx(rows, ACCOUNTS, { generatedAt: NOW }).text;
    const broken = [
      good.replace(/<TRNTYPE>DEBIT<\/TRNTYPE>(<DTPOSTED>\d+<\/DTPOSTED>)/, '$1<TRNTYPE>DEBIT</TRNTYPE>'), // order
      good.replace('<NAME>PAYROLL', `<NAME>${'X'.repeat(40)}`), // NAME too long
      good.replace('<TRNAMT>2500.00</TRNAMT>', '<TRNAMT>2,500.00</TRNAMT>'), // amount format
      good.replace('<DTPOSTED>20260301</DTPOSTED>', '<DTPOSTED>2026-03-01</DTPOSTED>'), // date format
      good.replace(/<LEDGERBAL>.*?<\/LEDGERBAL>/, ''), // required aggregate
    ];
    for (const doc of broken) {
      expect(doc).not.toBe(good);
      const problems: string[] = [];
      validate(parseOfx(doc).root, '', problems);
      expect(problems.length).toBeGreaterThan(0);
    }
  });

  it('an export with nothing to write still validates', () => {
    const { root } = parseOfx(toOfx([], ACCOUNTS, { generatedAt: NOW }).text);
    const problems: string[] = [];
    validate(root, '', problems);
    expect(problems).toEqual([]);
  });

  it('validates and sums for any rows (property)', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 60 });
    const row = fc.record({
      id: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
      accountId: fc.constantFrom(checking.id, savings.id, card.id),
      date: fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      description: text,
      merchant: fc.option(text, { nil: null }),
      amountMinor: fc.integer({ min: -1e12, max: 1e12 }),
      pending: fc.boolean(),
      note: fc.option(text, { nil: null }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(row, { maxLength: 25, selector: (r) => r.id }), (partial) => {
        const all = partial.map((p) => tx({ ...p, currency: p.accountId === savings.id ? 'EUR' : 'USD' }));
        const result = toOfx(all, ACCOUNTS, { generatedAt: NOW });
        const { root } = parseOfx(result.text);
        const problems: string[] = [];
        validate(root, '', problems);
        expect(problems).toEqual([]);
        const posted = all.filter((r) => !r.pending);
        const trns = find(root, 'STMTTRN');
        expect(trns.length).toBe(posted.length);
        const sum = trns.reduce((s, t) => s + toMinorUnits(leaf(t, 'TRNAMT'), 'USD'), 0);
        expect(sum).toBe(posted.reduce((s, r) => s + r.amountMinor, 0));
      }),
      { numRuns: 150 },
    );
  });
});
