import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Unit tests mirror the source tree: test/unit/<path>/<module>.test.ts tests <path>/<module>.ts(x),
// with renderer/ standing for renderer/src/. A second name after the module's, as in
// `applyUpdate.pendingToPosted.test.ts`, is one side of that module's behaviour in a file of its
// own. A file named for a behaviour that spans modules is listed below with its reason; anything
// else that names no module fails here, so a test cannot drift from the module it holds.

const TREES = ['electron', 'renderer', 'shared'] as const;
const SOURCE_ROOT: Record<(typeof TREES)[number], string> = { electron: 'electron', renderer: 'renderer/src', shared: 'shared' };

/** Files named for a behaviour across modules (path under test/unit/ → why it names no one module). */
const SPANNING: Record<string, string> = {
  'renderer/calendarDisplay.test.ts':
    'the calendar rules (ARCHITECTURE → Dates and time) across format, stalePending, changeText, insights and the SnapTrade mapping, run in the calendar matrix',
  'renderer/moneyRoundTrip.test.ts':
    'money through every path: provider mapping → applyUpdate → list text, Changes diff, search, CSV and OFX',
};

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return testFiles(p);
    return /\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** The module paths (no extension) a test file at `rel` (under test/unit/, e.g. renderer/db/x.test.ts) may test. */
function candidateModules(rel: string): string[] {
  const [tree, ...rest] = rel.split('/');
  const root = SOURCE_ROOT[tree as (typeof TREES)[number]];
  const dir = rest.slice(0, -1);
  const parts = (rest.at(-1) ?? '').replace(/\.test\.tsx?$/, '').split('.');
  // `a.b.test.ts` may test `a.b` (ledgerIndex.worker.ts) or, one side of it, `a`.
  return parts.map((_, i) => [root, ...dir, parts.slice(0, parts.length - i).join('.')].join('/'));
}

const moduleExists = (base: string) => ['.ts', '.tsx'].some((ext) => fs.existsSync(base + ext));

describe('unit tests mirror the source tree', () => {
  const files = TREES.flatMap((tree) => testFiles(path.join('test/unit', tree))).map((f) => path.relative('test/unit', f).split(path.sep).join('/'));

  it('finds the tests it checks', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('every unit test under electron/, renderer/ and shared/ sits at the path of a module that exists', () => {
    const astray = files.filter((f) => !(f in SPANNING) && !candidateModules(f).some(moduleExists));
    expect(astray, 'move each to test/unit/<module path>/<module>.test.ts (renderer/src/ → renderer/), or list it in SPANNING with a reason').toEqual([]);
  });

  it('keeps the list of spanning tests true: each exists, has a reason and names no module', () => {
    for (const [file, reason] of Object.entries(SPANNING)) {
      expect(files, file).toContain(file);
      expect(reason.length, file).toBeGreaterThan(20);
      expect(candidateModules(file).some(moduleExists), `${file} names a module: it needs no entry`).toBe(false);
    }
  });

  it('maps a path to the module it names', () => {
    expect(candidateModules('renderer/db/applyUpdate.pendingToPosted.test.ts')).toEqual([
      'renderer/src/db/applyUpdate.pendingToPosted', 'renderer/src/db/applyUpdate',
    ]);
    expect(candidateModules('electron/providers/plaid/pullPlaid.test.ts')).toEqual(['electron/providers/plaid/pullPlaid']);
    expect(candidateModules('shared/money.test.ts')).toEqual(['shared/money']);
  });
});
