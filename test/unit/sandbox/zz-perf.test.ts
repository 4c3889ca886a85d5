import { LedgerSim } from '../../../electron/sandbox/ledger/ledgerSim';
import { it } from "vitest"; it("perf", () => {
let t = performance.now();
const l = new LedgerSim({ seed: 1, ordinal: 0, createdAt: new Date('2026-03-01T12:00:00Z'), profile: { accounts: 10, historyDays: 730, txPerDay: 137 } });
console.log('bench gen ms', performance.now() - t, l.logLength, l.liveTransactions().length);
t = performance.now();
const c = l.changesBetween(0, l.logLength);
console.log('diff ms', performance.now() - t, c.length);
const d = new LedgerSim({ seed: 1, ordinal: 0, createdAt: new Date('2026-03-01T12:00:00Z') });
console.log('default', d.logLength, d.liveTransactions().length, d.accounts.map(a => [a.name, d.balance(a)]));
for (let i = 0; i < 10; i++) d.step(new Date(Date.parse('2026-03-01T12:00:00Z') + (i + 1) * 4 * 3600e3));
console.log('after steps', d.logLength, d.accounts.map(a => [a.name, d.balance(a)]));
});
