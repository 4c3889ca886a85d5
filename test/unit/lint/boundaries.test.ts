import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// The process boundaries are enforced by lint; prove the rules fire on code that crosses them.
const eslint = new ESLint({ cwd: process.cwd() });
async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'parse');
}

// The first lint loads typescript-eslint (about 5 s on a loaded 2-core machine): more than vitest's default.
describe('process boundaries', { timeout: 30_000 }, () => {
  it('shared/ may not import node:*, electron, dexie, or touch the DOM', async () => {
    expect(await ruleIds('shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('shared/x.ts', "import Dexie from 'dexie';\nexport const a = Dexie;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('shared/x.ts', 'export const a = () => document.title;\n')).toContain('no-restricted-globals');
    expect(await ruleIds('shared/x.ts', "import { z } from 'zod';\nexport const a = z.string();\n")).toEqual([]);
  });

  it('renderer/ may not import electron/ or provider SDKs', async () => {
    expect(await ruleIds('renderer/src/x.ts', "import { x } from '../../electron/services/config';\nexport const a = x;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('renderer/src/x.ts', "import { PlaidApi } from 'plaid';\nexport const a = PlaidApi;\n")).toContain('no-restricted-imports');
  });

  it('renderer/ starts a sync only through SyncActivity.sync: only syncActivity.ts runs one directly', async () => {
    const run = "import { syncConnection } from './runSync';\nexport const a = syncConnection;\n";
    expect(await ruleIds('renderer/src/sync/launchSync.ts', run)).toContain('no-restricted-imports');
    expect(await ruleIds('renderer/src/ui/x.tsx', run.replace('./runSync', '../sync/runSync'))).toContain('no-restricted-imports');
    expect(await ruleIds('renderer/src/sync/syncActivity.ts', run)).toEqual([]);
    expect(await ruleIds('renderer/src/ui/x.ts', "import type { SyncOutcome } from '../sync/runSync';\nexport type A = SyncOutcome;\n")).toEqual([]);
  });

  it('electron/ may not touch IndexedDB through dexie', async () => {
    expect(await ruleIds('electron/x.ts', "import Dexie from 'dexie';\nexport const a = Dexie;\n")).toContain('no-restricted-imports');
  });

  it('electron/providers/ may not import services/, and core/ neither services/ nor providers/', async () => {
    const fromServices = "import { setupDemo } from '../../services/demo';\nexport const a = setupDemo;\n";
    expect(await ruleIds('electron/providers/plaid/x.ts', fromServices)).toContain('no-restricted-imports');
    expect(await ruleIds('electron/providers/x.ts', "import type { Logger } from '../services/logger';\nexport type A = Logger;\n")).toContain('no-restricted-imports');
    // main's own rules still hold there (the layer block repeats them).
    expect(await ruleIds('electron/providers/x.ts', "import Dexie from 'dexie';\nexport const a = Dexie;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('electron/providers/plaid/x.ts', "import type { Logger } from '../../core/logger';\nexport type A = Logger;\n")).toEqual([]);
    expect(await ruleIds('electron/core/x.ts', "import { PROVIDER_MODULES } from '../providers/registry';\nexport const a = PROVIDER_MODULES;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('electron/core/x.ts', "import { setupDemo } from '../services/demo';\nexport const a = setupDemo;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('electron/services/x.ts', "import { PROVIDER_MODULES } from '../providers/registry';\nexport const a = PROVIDER_MODULES;\n")).toEqual([]);
  });

  it('only the demo wiring may import the demo banks', async () => {
    const bank = "import { startPlaidBank } from '../demo-banks/plaid/plaidBank';\nexport const a = startPlaidBank;\n";
    const faults = "import type { FaultPlan } from '../../demo-banks/plaid/plaidBank';\nexport type A = FaultPlan;\n";
    expect(await ruleIds('electron/services/syncService.ts', bank)).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds('electron/main.ts', "import { startPlaidBank } from './demo-banks/plaid/plaidBank';\nexport const a = startPlaidBank;\n")).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds('electron/providers/plaid/pullPlaid.ts', faults)).toContain('@typescript-eslint/no-restricted-imports');
    // The wiring itself, and the banks among themselves, may.
    expect(await ruleIds('electron/services/demo.ts', bank)).toEqual([]);
    expect(await ruleIds('electron/providers/plaid/plaidDemo.ts', faults)).toEqual([]);
    expect(await ruleIds('electron/host/x.ts', bank)).toEqual([]);
    expect(await ruleIds('electron/demo-banks/x.ts', "import { startPlaidBank } from './plaid/plaidBank';\nexport const a = startPlaidBank;\n")).toEqual([]);
  });

  it('no `any`', async () => {
    expect(await ruleIds('electron/x.ts', 'export const a = (x: any) => x;\n')).toContain('@typescript-eslint/no-explicit-any');
  });
});
