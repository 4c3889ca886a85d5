import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The Node version the project says it needs (package.json engines, .nvmrc, README) is one that
// every installed package accepts: otherwise `npm ci` warns EBADENGINE, and fails under engine-strict.
const require = createRequire(import.meta.url);
// semver is npm's own range logic (installed with eslint, vite and the electron tools); typed here
// because no @types/semver is installed.
const semver = require('semver') as {
  subset(sub: string, sup: string): boolean;
  intersects(a: string, b: string): boolean;
  minVersion(range: string): { major: number; minor: number } | null;
  validRange(range: string): string | null;
};

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
const ours = pkg.engines.node;

describe('the Node version', () => {
  it('is one every locked dependency declares it supports', () => {
    const refused: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      const theirs = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
      if (!where || !theirs || !semver.validRange(theirs)) continue;
      if (!semver.subset(ours, theirs)) refused.push(`${where.replace(/^.*node_modules\//, '')} wants ${theirs}`);
    }
    expect(refused, `engines.node "${ours}"`).toEqual([]);
  });

  it('reads the same in .nvmrc and the README', () => {
    const nvmrc = fs.readFileSync('.nvmrc', 'utf8').trim();
    expect(nvmrc).toMatch(/^\d+$/);
    expect(semver.intersects(`${nvmrc}.x`, ours)).toBe(true);
    const min = semver.minVersion(ours);
    expect(min).not.toBeNull();
    expect(fs.readFileSync('README.md', 'utf8')).toContain(`| all | Node.js ≥ ${min?.major}.${min?.minor} `);
  });
});
