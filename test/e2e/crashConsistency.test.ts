import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startPlaidBank, type PlaidBank } from '../../electron/demo-banks/plaid/plaidBank';
import { hasChromium, spawnChromium } from './support/browser';
import { startHost, tempDir, type HostProcess } from './support/host';
import { compareWithBank, isExact, type Comparison } from './support/truth';

// Crash consistency in real Chromium: during a sync of a large history, SIGKILL the browser (and,
// separately, the browser host) at random moments; start again; sync; the stored transactions must
// equal the bank's ledger — nothing lost, nothing duplicated.
// 5 + 5 kills in `npm test` (about 40 s); `npm run soak` runs 100 of each.
const TRIALS = Number(process.env.LEDGERLINE_CRASH_TRIALS ?? 5);
const clientId = 'ledgerline-crash';
const secret = 'crash-test-secret-5150';
let bank: PlaidBank;
let host: HostProcess;
let port: number;
let itemId: string;
const dataDir = tempDir('crash-data');
const keychainService = `ledgerline-crash-${Date.now()}`;
let rng = Number(process.env.LEDGERLINE_CRASH_SEED ?? Date.now() % 100000);
const seedUsed = rng;
const random = () => ((rng = (rng * 1103515245 + 12345) % 2147483648) / 2147483648);

const figures = { browserKills: 0, hostKills: 0, bankSteps: 0, rowsCompared: 0, rowsLost: 0, rowsDuplicated: 0, rowsDiffering: 0 };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const restartHost = async () => {
  host = await startHost({ plaidUrl: bank.plaidUrl, clientId, secret, dataDir, keychainService, env: { LEDGERLINE_HOST_PORT: String(port) } });
};

/** Opens the app on an empty database, so its launch sync is the whole history (the large one). */
async function openFresh(page: Page): Promise<void> {
  await page.goto(`http://127.0.0.1:${port}/blank.txt`); // a 404 on the app's origin: the app is not running
  await page.evaluate(() => new Promise<void>((resolve) => {
    const r = indexedDB.deleteDatabase('ledgerline');
    r.onsuccess = r.onerror = r.onblocked = () => resolve();
  }));
  await page.goto(host.url);
}

/** Waits until the app has caught up with the bank (or gives up and returns the last comparison). */
async function settle(page: Page): Promise<Comparison> {
  let last: Comparison | null = null;
  for (const started = Date.now(); Date.now() - started < 30_000; await sleep(200)) {
    last = await compareWithBank(page, bank, itemId).catch(() => last);
    if (last && isExact(last)) break;
  }
  if (!last) throw new Error('could not read IndexedDB');
  figures.rowsCompared += last.expected;
  figures.rowsLost += last.lost.length;
  figures.rowsDuplicated += last.duplicated.length;
  figures.rowsDiffering += last.differing.length;
  return last;
}

describe.skipIf(!hasChromium)('crash consistency (real Chromium, real IndexedDB)', () => {
  beforeAll(async () => {
    // ~1.9k transactions (4 pages of 500): a launch sync takes long enough to be killed in every phase of it.
    bank = await startPlaidBank({ seed: 99, clientId, secret, tickIntervalMs: null, profile: { historyDays: 365, txPerDay: 5 } });
    port = await freePort();
    await restartHost();
    const [item] = bank.items();
    if (!item) throw new Error('no demo item');
    itemId = item.item_id;
  });
  afterAll(async () => {
    await host?.stop();
    await bank?.close();
    console.log(`crash consistency (seed ${seedUsed}): ${JSON.stringify(figures)}`);
  });

  it(`survives ${TRIALS} browser kills at random moments of a large sync`, async () => {
    const profile = tempDir('crash-profile');
    // Each trial kills the browser while it runs the launch sync of the whole history; the browser
    // started to recover from that kill is checked, then wiped and becomes the next trial's victim.
    let victim = await spawnChromium(profile);
    await openFresh(await victim.browser.contexts()[0]!.newPage());
    for (let trial = 0; trial < TRIALS; trial++) {
      await sleep(random() * 1500);
      await victim.kill();
      figures.browserKills++;
      if (random() < 0.5) {
        bank.advance(itemId, 1);
        figures.bankSteps++;
      }
      const recovered = await spawnChromium(profile);
      const page = await recovered.browser.contexts()[0]!.newPage();
      await page.goto(host.url);
      const c = await settle(page);
      expect(c, `trial ${trial} (seed ${seedUsed})`).toMatchObject({ lost: [], duplicated: [], differing: [] });
      if (trial + 1 < TRIALS) await openFresh(page);
      victim = recovered;
    }
    await victim.kill();
  });

  it(`survives ${TRIALS} host kills at random moments of a large sync`, async () => {
    const chromium = await spawnChromium(tempDir('crash-host-profile'));
    const page = await chromium.browser.contexts()[0]!.newPage();
    try {
      for (let trial = 0; trial < TRIALS; trial++) {
        await openFresh(page);
        await sleep(random() * 1500);
        await host.stop('SIGKILL');
        figures.hostKills++;
        if (random() < 0.5) {
          bank.advance(itemId, 1);
          figures.bankSteps++;
        }
        await restartHost();
        await page.goto(host.url);
        const c = await settle(page);
        expect(c, `trial ${trial} (seed ${seedUsed})`).toMatchObject({ lost: [], duplicated: [], differing: [] });
      }
    } finally {
      await chromium.kill();
    }
  });

  it('reports the figures: rows lost and duplicated are zero', () => {
    expect(figures.browserKills + figures.hostKills).toBe(2 * TRIALS);
    expect(figures.rowsLost).toBe(0);
    expect(figures.rowsDuplicated).toBe(0);
  });
});
