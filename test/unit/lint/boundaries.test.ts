import { beforeAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// The process boundaries are enforced by lint; prove the rules fire on code that crosses them.
const eslint = new ESLint({ cwd: process.cwd() });
async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'parse');
}

describe('process boundaries', () => {
  // Loading the config and its plugins takes seconds on a busy machine: once, outside any one case's timeout.
  beforeAll(() => eslint.lintText('', { filePath: 'electron/x.ts' }), 60_000);

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

  it('electron/ may not touch IndexedDB through dexie', async () => {
    expect(await ruleIds('electron/x.ts', "import Dexie from 'dexie';\nexport const a = Dexie;\n")).toContain('no-restricted-imports');
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
