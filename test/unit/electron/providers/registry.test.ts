import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDER_INFO, PROVIDERS, providerName, providerNames } from '../../../../shared/providers';
import { PROVIDER_MODULES } from '../../../../electron/providers/registry';

/** Every .ts file under `dir`, repo-relative. */
function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('the provider registry', () => {
  it('has one module per provider, each under its own id, with the whole interface', () => {
    expect(Object.keys(PROVIDER_MODULES).sort()).toEqual([...PROVIDERS].sort());
    for (const p of PROVIDERS) {
      const m = PROVIDER_MODULES[p];
      expect(m.id).toBe(p);
      expect(PROVIDER_INFO[p].name).not.toBe('');
      expect(PROVIDER_INFO[p].secretLabel).not.toBe('');
      // The link dialog offers a sandbox item exactly where main has a driver for it.
      expect(PROVIDER_INFO[p].sandboxItem !== null).toBe(m.sandboxLinkDriver !== undefined);
      expect(m.defaultBaseUrl('sandbox')).toMatch(/^https:\/\//);
      expect(m.defaultBaseUrl('production')).toMatch(/^https:\/\//);
      expect(m.demo.stateFile).toMatch(/^demo-[a-z-]+\.json$/);
    }
    expect(new Set(PROVIDERS.map(providerName)).size).toBe(PROVIDERS.length);
    expect(new Set(PROVIDERS.map((p) => PROVIDER_MODULES[p].demo.stateFile)).size).toBe(PROVIDERS.length);
    expect(providerNames('or')).toBe('Plaid, MoneyKit or SnapTrade');
  });

  it('classifies any thrown error in the shared words, keeping nothing of it', () => {
    const thrown = Object.assign(new Error('boom key=sk-SECRET'), { config: { headers: { 'PLAID-SECRET': 'sk-SECRET' } } });
    for (const p of PROVIDERS) {
      const failure = PROVIDER_MODULES[p].classifyError(thrown);
      expect(['retry', 'fatal', 'restart', 'waiting']).toContain(failure.kind);
      expect(JSON.stringify(failure)).not.toContain('SECRET');
    }
  });

  it('is the only place main tells providers apart: no provider id literal in electron/ outside providers/ and the demo banks', () => {
    const outside = tsFiles('electron').filter((f) => !/^electron\/(providers|sandbox|demo-banks)\//.test(f.split(path.sep).join('/')));
    expect(outside.length).toBeGreaterThan(10);
    const offenders = outside.filter((f) => /['"`](plaid|moneykit|snaptrade)['"`]/.test(fs.readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
