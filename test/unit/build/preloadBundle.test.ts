// The preload as Electron's sandbox loads it: one CommonJS file (a sandboxed preload cannot load
// other files or ES modules) whose only `require` is `electron`, built by vite.config.ts's preload
// mode. It carries the zod-free name tables of shared/ipc/channels.ts and none of the schemas.
import { build, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';
import { API_METHOD_NAMES } from '../../../shared/ipc/channels';

describe('the preload bundle', () => {
  it('is one CommonJS file that requires only electron and bundles no zod', async () => {
    const outputs = await build({ configFile: 'vite.config.ts', mode: 'preload', logLevel: 'silent', build: { write: false } });
    const [output] = (Array.isArray(outputs) ? outputs : [outputs]) as Rollup.RollupOutput[];
    const files: (Rollup.OutputChunk | Rollup.OutputAsset)[] = output?.output ?? [];
    const chunks = files.filter((f): f is Rollup.OutputChunk => f.type === 'chunk');
    expect(chunks.map((c) => c.fileName)).toEqual(['preload.cjs']);
    const code = chunks[0]?.code ?? '';
    expect([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(code).not.toMatch(/\bimport\s*[({]|\bexport\s+/);
    // zod would bring its classes and parsers (and tens of kilobytes); the preload has a few hundred lines at most.
    expect(code).not.toMatch(/ZodError|\$ZodType|safeParse|require\(["']zod/);
    expect(code.length).toBeLessThan(20_000);
    for (const name of API_METHOD_NAMES) expect(code, name).toContain(name);
  }, 60_000);
});
