/**
 * The clean floor under Ledgerline's syncs: what plain IndexedDB costs on this machine for the
 * same rows, with nothing of the app around it. Each run launches Chromium on a new, empty on-disk
 * profile (a persistent context on a fresh temp folder — not incognito, whose IndexedDB lives in
 * memory and is faster than any desktop user's), opens a blank page of its own local server (no
 * app page anywhere) and, in one database created there with the app's key path and indexes:
 *
 * - bulk: writes every row in one `readwrite` transaction of plain `put`s (no Dexie);
 * - first 1k: right after, 1,000 rows into that full store in one transaction, half of them
 *   updates of stored rows and half new rows;
 * - steady 1k: the same kind of 1k write repeated, each on other rows, a short pause apart; the
 *   run's figure is their median (the first write after a bulk one pays for the store settling,
 *   which an incremental sync of a settled database does not);
 * - cold open: then, with that browser closed, Chromium launched again on the same profile
 *   (COLD_OPENS times), a page loaded, and timed from `indexedDB.open` to the newest 50 rows read
 *   through `listKey` — what an app start pays before its first rows, with nothing of the app;
 * - and once per bench (`measureOpenControl`), the same cold open of the same rows written in
 *   500-row transactions instead of one: Chromium opens a database that took one huge transaction
 *   several times slower (session 9: 380–830 ms against 50–110 ms), so the app's one-transaction
 *   first sync costs every later start this much.
 *
 * The rows are the app's own stored form (renderer/src/db: `storedRow`, `listKey`, `pendingKey`)
 * of the bank's rows, mapped here the way the Plaid adapter maps them; `run.mjs` checks, once the
 * app has synced, that its store has the same key path, indexes and row fields.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { stat } from './measure.mjs';

/**
 * The app's `transactions` store (renderer/src/db/schema.ts, SCHEMA_V14: `id, listKey,
 * [accountId+date], connectionId, pendingKey, excludedAt, userCategory`), as IndexedDB sees it.
 */
export const FLOOR_SCHEMA = {
  keyPath: 'id',
  indexes: [
    { name: 'listKey', keyPath: 'listKey', unique: false, multiEntry: false },
    { name: '[accountId+date]', keyPath: ['accountId', 'date'], unique: false, multiEntry: false },
    { name: 'connectionId', keyPath: 'connectionId', unique: false, multiEntry: false },
    { name: 'pendingKey', keyPath: 'pendingKey', unique: false, multiEntry: false },
    // Sparse (SCHEMA_V13, V14): only rows the user excluded or categorized carry them, so a sync's
    // rows add no entry; kept here so the floor's store is the app's.
    { name: 'excludedAt', keyPath: 'excludedAt', unique: false, multiEntry: false },
    { name: 'userCategory', keyPath: 'userCategory', unique: false, multiEntry: false },
  ],
};

/** The floor's database. */
const FLOOR_DB = 'ledgerline-floor';

/** Cold opens per floor run (each a new Chromium on the written profile). */
const COLD_OPENS = 3;

/** In the page: `indexedDB.open` → the newest 50 rows through `listKey` (ms). Runs in Chromium. */
async function coldOpenInPage(name) {
  const t0 = performance.now();
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const got = await new Promise((resolve, reject) => {
    let n = 0;
    const cursor = db.transaction('transactions').objectStore('transactions').index('listKey').openCursor(null, 'prev');
    cursor.onerror = () => reject(cursor.error);
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c || ++n >= 50) resolve(n);
      else c.continue();
    };
  });
  db.close();
  if (got < 50) throw new Error(`the cold open read ${got} rows, not 50`);
  return performance.now() - t0;
}

/**
 * Launches Chromium on the profile `dir`, loads `url` and runs `fn(arg)` in the page; closes the
 * browser whatever happens. Resolves to what `fn` returned.
 */
async function inFreshBrowser(dir, url, { chromiumPath, chromiumArgs }, fn, arg) {
  const context = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const page = context.pages()[0] ?? await context.newPage();
    await page.goto(url);
    return await page.evaluate(fn, arg);
  } finally {
    await context.close();
  }
}

/** Launches Chromium on `dir` COLD_OPENS times; each time the cold open of database `name` (ms). */
async function coldOpens(dir, url, name, browser) {
  const times = [];
  for (let i = 0; i < COLD_OPENS; i++) times.push(await inFreshBrowser(dir, url, browser, coldOpenInPage, name));
  return times;
}

/** A local server of a blank page and the rows as JSON; resolves to its URL and a close function. */
async function serveRows(rows, title) {
  const body = JSON.stringify(rows);
  const server = http.createServer((req, res) => {
    if (req.url === '/rows.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><title>${title}</title>`);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/** How many 1k writes follow the first one; the steady figure is their median. */
const STEADY_WRITES = 5;
const STEADY_PAUSE_MS = 250;

/**
 * A bank row (Plaid's shape, from the demo bank's `/__admin/truth`) in the form the app stores it:
 * electron/providers/plaid/mapPlaid.ts, then renderer/src/db/applyUpdate.ts `storedRow`.
 */
export function appRowOf(t, connectionId, now) {
  const id = `plaid:${t.transaction_id}`;
  const accountId = `plaid:${t.account_id}`;
  const row = {
    id, connectionId, accountId,
    amountMinor: -Math.round(t.amount * 100) || 0,
    currency: t.iso_currency_code ?? t.unofficial_currency_code ?? 'USD',
    date: t.date,
    authorizedDate: t.authorized_date ?? null,
    description: t.name ?? t.merchant_name ?? '',
    merchant: t.merchant_name ?? null,
    category: t.personal_finance_category?.detailed ?? t.category?.at(-1) ?? null,
    pending: t.pending,
    pendingId: t.pending_transaction_id ? `plaid:${t.pending_transaction_id}` : null,
    listKey: `${t.date}|${id}`,
    removedAt: null,
    firstSeenAt: now,
    updatedAt: now,
  };
  if (t.pending) row.pendingKey = `${accountId}\u0000${t.date}\u0000${id}`;
  return row;
}

/** In the page: one floor run over `rows` (fetched from the local server). Runs in Chromium. */
async function floorRunInPage({ schema, steadyWrites, pauseMs, name }) {
  const req = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const done = (tx) => new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); tx.onabort = () => reject(tx.error); });
  const rows = await (await fetch('/rows.json')).json();
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    const store = open.result.createObjectStore('transactions', { keyPath: schema.keyPath });
    for (const i of schema.indexes) store.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
  };
  const db = await req(open);

  const t0 = performance.now();
  const bulk = db.transaction('transactions', 'readwrite');
  const store = bulk.objectStore('transactions');
  for (const row of rows) store.put(row);
  await done(bulk);
  const bulkMs = performance.now() - t0;

  // 1,000 rows: 500 updates of stored rows (a revised description, a new updatedAt), 500 new rows.
  const write1k = async (round) => {
    const now = new Date().toISOString();
    const tx = db.transaction('transactions', 'readwrite');
    const s = tx.objectStore('transactions');
    const start = performance.now();
    for (let i = 0; i < 1000; i++) {
      const row = rows[(round * 1000 + i * 97) % rows.length];
      if (i < 500) s.put({ ...row, description: `${row.description} (${round})`, updatedAt: now });
      else {
        const id = `${row.id}-floor-${round}-${i}`;
        const fresh = { ...row, id, listKey: `${row.date}|${id}`, firstSeenAt: now, updatedAt: now };
        if (row.pendingKey) fresh.pendingKey = `${row.accountId}\u0000${row.date}\u0000${id}`;
        s.put(fresh);
      }
    }
    await done(tx);
    return performance.now() - start;
  };
  const first1kMs = await write1k(0);
  const steady = [];
  for (let r = 1; r <= steadyWrites; r++) {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    steady.push(await write1k(r));
  }
  db.close();
  return { rows: rows.length, bulkMs, first1kMs, steady1kRunsMs: steady };
}

/**
 * The floor, `runs` times, each in a new Chromium on a new profile. `when` names it in the log
 * (before / after the app ran). Returns each figure as a median with its spread.
 */
export async function measureFloor({ rows, runs = 3, when, chromiumPath, chromiumArgs, log }) {
  const { url, close } = await serveRows(rows, 'Ledgerline bench floor');
  const results = [];
  try {
    for (let run = 0; run < runs; run++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-floor-'));
      try {
        const r = await inFreshBrowser(dir, url, { chromiumPath, chromiumArgs }, floorRunInPage,
          { schema: FLOOR_SCHEMA, steadyWrites: STEADY_WRITES, pauseMs: STEADY_PAUSE_MS, name: FLOOR_DB });
        log(`floor ${when} ${run + 1}/${runs}: ${r.rows} rows in ${Math.round(r.bulkMs)} ms; 1k: first ${Math.round(r.first1kMs)} ms, then ${r.steady1kRunsMs.map(Math.round).join(' / ')} ms`);
        const opens = await coldOpens(dir, url, FLOOR_DB, { chromiumPath, chromiumArgs });
        results.push({ ...r, steady1kMs: stat(r.steady1kRunsMs).median, coldOpenRunsMs: opens });
        log(`floor ${when} ${run + 1}/${runs}: cold open → 50 rows ${opens.map(Math.round).join(' / ')} ms`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    close();
  }
  return {
    rows: results[0]?.rows ?? 0,
    bulkMs: stat(results.map((r) => r.bulkMs), 0),
    first1kMs: stat(results.map((r) => r.first1kMs), 0),
    // Per run the median of its repeated writes; the figure is the median of those.
    steady1kMs: stat(results.map((r) => r.steady1kMs), 0),
    steady1kWritesMs: results.map((r) => r.steady1kRunsMs.map(Math.round)),
    // Per run the median of its cold opens; the figure is the median of those.
    coldOpenMs: stat(results.map((r) => stat(r.coldOpenRunsMs).median), 0),
    coldOpensMs: results.map((r) => r.coldOpenRunsMs.map(Math.round)),
  };
}

/**
 * The control for the cold open: the same rows written in `perTx`-row transactions (the bulk
 * floor's one transaction is what the app's first sync does), then the same cold opens. One run.
 */
export async function measureOpenControl({ rows, perTx = 500, chromiumPath, chromiumArgs, log }) {
  const { url, close } = await serveRows(rows, 'Ledgerline bench open control');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-open-'));
  try {
    await inFreshBrowser(dir, url, { chromiumPath, chromiumArgs }, async ({ schema, perTx, name }) => {
      const done = (tx) => new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); tx.onabort = () => reject(tx.error); });
      const all = await (await fetch('/rows.json')).json();
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open(name, 1);
        open.onupgradeneeded = () => {
          const store = open.result.createObjectStore('transactions', { keyPath: schema.keyPath });
          for (const i of schema.indexes) store.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (let k = 0; k < all.length; k += perTx) {
        const tx = db.transaction('transactions', 'readwrite');
        const store = tx.objectStore('transactions');
        for (const row of all.slice(k, k + perTx)) store.put(row);
        await done(tx);
      }
      db.close();
    }, { schema: FLOOR_SCHEMA, perTx, name: FLOOR_DB });
    const opens = await coldOpens(dir, url, FLOOR_DB, { chromiumPath, chromiumArgs });
    log(`open control (${perTx}-row transactions): cold open → 50 rows ${opens.map(Math.round).join(' / ')} ms`);
    return { perTx, coldOpenMs: stat(opens, 0) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    close();
  }
}
