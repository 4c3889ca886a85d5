// The release workflow cannot run here (no GitHub runner, no Electron binary), so its structure is
// checked instead: the three operating systems, the steps that prove the app (npm test, the real
// Electron e2e, the installers), publishing only on tags and only after every platform passed, and
// a Node version that matches .nvmrc, package.json's engines and what electron@45 requires.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  'runs-on': string;
  permissions?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix: { include: { os: string; chrome: string }[] } };
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { push: { branches: string[]; tags: string[] }; pull_request: unknown };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parse(fs.readFileSync('.github/workflows/ci.yml', 'utf8')) as Workflow;
const build = workflow.jobs.build!;
const steps = build.steps;
const onTag = (s: Step) => /startsWith\(github\.ref, 'refs\/tags\/v'\)/.test(s.if ?? '') && !(s.if ?? '').startsWith('${{ !');
const indexOf = (pred: (s: Step) => boolean, what: string) => {
  const i = steps.findIndex(pred);
  expect(i, `no step: ${what}`).toBeGreaterThanOrEqual(0);
  return i;
};

describe('.github/workflows/ci.yml', () => {
  it('runs on pushes to main, v* tags and pull requests, read-only by default', () => {
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.on.push.tags).toEqual(['v*']);
    expect(workflow.on).toHaveProperty('pull_request');
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('builds on Ubuntu, macOS and Windows, each reported on its own', () => {
    expect(build.strategy?.matrix.include.map((m) => m.os).sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest']);
    expect(build.strategy?.['fail-fast']).toBe(false);
    expect(build['runs-on']).toBe('${{ matrix.os }}');
    // The e2e suites find the browser through this variable, and skip without one: a step checks it.
    expect(build.env?.LEDGERLINE_CHROMIUM).toBe('${{ matrix.chrome }}');
    expect(steps.some((s) => s.run?.includes('process.env.LEDGERLINE_CHROMIUM'))).toBe(true);
  });

  it('installs, tests, runs the real Electron app, then builds installers — in that order', () => {
    const checkout = indexOf((s) => s.uses?.startsWith('actions/checkout@') ?? false, 'checkout');
    const node = indexOf((s) => s.uses?.startsWith('actions/setup-node@') ?? false, 'setup-node');
    const ci = indexOf((s) => s.run === 'npm ci', 'npm ci');
    const test = indexOf((s) => /(^|\s)npm test$/.test(s.run ?? ''), 'npm test');
    const binary = indexOf((s) => s.run?.includes('node_modules/electron/install.js') ?? false, 'Electron binary');
    const real = indexOf((s) => s.run?.includes('vitest run test/e2e/electron.test.ts') ?? false, 'real Electron e2e');
    const dist = indexOf((s) => s.run?.startsWith('npm run dist') ?? false, 'npm run dist');
    const upload = indexOf((s) => s.uses?.startsWith('actions/upload-artifact@') ?? false, 'upload-artifact');
    expect([checkout, node, ci, test, binary, real, dist, upload]).toEqual([checkout, node, ci, test, binary, real, dist, upload].sort((a, b) => a - b));
    expect(steps[node]?.with?.cache).toBe('npm');
  });

  it('gives Linux what keytar and Electron need: libsecret, a Secret Service, a display, the setuid sandbox', () => {
    const apt = steps.find((s) => s.run?.includes('apt-get install'));
    expect(apt?.if).toBe("runner.os == 'Linux'");
    for (const pkg of ['libsecret-1-dev', 'gnome-keyring', 'dbus-x11', 'xvfb']) expect(apt?.run, pkg).toContain(pkg);
    const linux = steps.filter((s) => s.if === "runner.os == 'Linux'");
    expect(linux.find((s) => /npm test$/.test(s.run ?? ''))?.run).toBe('xvfb-run -a npm test');
    expect(linux.find((s) => s.run?.includes('electron.test.ts'))?.run).toMatch(/^xvfb-run -a dbus-run-session -- sh test\/tools\/with-keyring\.sh npx vitest run/);
    expect(linux.find((s) => s.run?.includes('chrome-sandbox'))?.run).toContain('chmod 4755');
  });

  it('runs the real Electron e2e (not the double) on every OS, after rebuilding keytar for Electron', () => {
    const real = steps.filter((s) => s.run?.includes('test/e2e/electron.test.ts'));
    expect(real.map((s) => s.if).sort()).toEqual(["runner.os != 'Linux'", "runner.os == 'Linux'"]);
    for (const s of real) expect(s.env?.LEDGERLINE_E2E_ELECTRON).toBe('real');
    const rebuild = steps.findIndex((s) => s.run === 'npx electron-builder install-app-deps');
    expect(rebuild).toBeGreaterThan(steps.findIndex((s) => /npm test$/.test(s.run ?? '')));
    expect(rebuild).toBeLessThan(steps.indexOf(real[0]!));
  });

  it('uploads the installers and the update feed files as artifacts, failing if there are none', () => {
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    const paths = String(upload?.with?.path).split('\n').filter(Boolean);
    for (const ext of ['AppImage', 'deb', 'dmg', 'zip', 'exe']) expect(paths, ext).toContain(`release/*.${ext}`);
    expect(paths).toContain('release/latest*.yml');
    expect(upload?.with?.['if-no-files-found']).toBe('error');
    expect(upload?.with?.name).toBe('installers-${{ runner.os }}');
  });

  it('publishes only on a tag: the token and --publish always appear in tag-only steps', () => {
    const dists = steps.filter((s) => s.run?.startsWith('npm run dist'));
    expect(dists).toHaveLength(2);
    for (const s of dists) {
      if (onTag(s)) {
        expect(s.run).toBe('npm run dist -- --publish always');
        expect(s.env?.GH_TOKEN).toBe('${{ secrets.GITHUB_TOKEN }}');
      } else {
        expect(s.run).toBe('npm run dist -- --publish never');
        expect(s.env).toBeUndefined();
      }
    }
    for (const s of steps) if (JSON.stringify(s).includes('secrets.')) expect(onTag(s), s.name ?? s.run).toBe(true);
    for (const s of steps.filter((x) => x.uses?.startsWith('actions/checkout@'))) expect(s.with?.['persist-credentials']).toBe(false);
  });

  it('on a tag: one draft first, builds upload into it, published only after every platform passed', () => {
    const draft = workflow.jobs['draft-release']!;
    const publish = workflow.jobs['publish-release']!;
    expect(draft.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(draft.steps.some((s) => s.run?.includes('gh release create') && s.run.includes('--draft'))).toBe(true);
    // The tag must be v<package.json version>, or electron-builder would publish elsewhere.
    expect(draft.steps.some((s) => s.run?.includes("require('./package.json').version"))).toBe(true);
    expect(build.needs).toBe('draft-release');
    // Skipped draft (no tag) must not skip the build.
    expect(build.if).toBe("${{ !cancelled() && needs.draft-release.result != 'failure' }}");
    expect(publish.needs).toBe('build');
    expect(publish.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(publish.steps.some((s) => s.run?.includes('gh release edit') && s.run.includes('--draft=false'))).toBe(true);
  });

  it('pins every action to a major version of the official actions', () => {
    const uses = Object.values(workflow.jobs).flatMap((j) => j.steps).map((s) => s.uses).filter((u): u is string => !!u);
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u).toMatch(/^actions\/(checkout|setup-node|upload-artifact)@v\d+$/);
  });

  it('uses a Node that .nvmrc, package.json engines and electron@45 all accept', () => {
    const setup = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    const major = Number(setup?.with?.['node-version']);
    expect(Number.isInteger(major)).toBe(true);
    if (fs.existsSync('.nvmrc')) {
      const nvm = fs.readFileSync('.nvmrc', 'utf8').trim().replace(/^v/, '');
      expect(Number(nvm.split('.')[0]), `.nvmrc says ${nvm}`).toBe(major);
    }
    // setup-node resolves a major to its newest release, so a major is accepted by ">=22.12" or
    // "^22.13.0" alike. Only these range forms are read; anything else fails loudly.
    const acceptsMajor = (range: string, m: number) =>
      range.split('||').some((alt) => {
        const r = /^(>=|\^)?\s*(\d+)(?:\.(?:\d+|x)){0,2}$/.exec(alt.trim());
        if (!r) throw new Error(`cannot read the Node range ${range}`);
        return r[1] === '>=' ? m >= Number(r[2]) : m === Number(r[2]);
      });
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { engines?: { node?: string } };
    if (pkg.engines?.node) expect(acceptsMajor(pkg.engines.node, major), `engines.node ${pkg.engines.node}`).toBe(true);
    const electron = JSON.parse(fs.readFileSync('node_modules/electron/package.json', 'utf8')) as { engines: { node: string } };
    expect(acceptsMajor(electron.engines.node, major), `electron needs ${electron.engines.node}`).toBe(true);
    // The reader itself, on the forms in use:
    expect(acceptsMajor('^22.13.0 || >=24', 22)).toBe(true);
    expect(acceptsMajor('^22.13.0 || >=24', 20)).toBe(false);
    expect(acceptsMajor('>= 22.12.0', 22)).toBe(true);
    expect(acceptsMajor('>=20.19', 20)).toBe(true);
  });
});

describe('electron-builder.yml, for updates', () => {
  const config = parse(fs.readFileSync('electron-builder.yml', 'utf8')) as { publish: unknown; mac: { target: string[] } };
  it('publishes to GitHub releases, as drafts the workflow publishes', () => {
    expect(config.publish).toEqual({ provider: 'github', releaseType: 'draft' });
    // electron-builder reads the YAML loosely: check the names and values against its own schema.
    type Prop = { enum?: string[]; const?: string; anyOf?: Prop[] };
    const schema = JSON.parse(fs.readFileSync(createRequire(import.meta.url).resolve('app-builder-lib/scheme.json'), 'utf8')) as {
      definitions: { GithubOptions: { additionalProperties: boolean; properties: Record<string, Prop> } };
    };
    const github = schema.definitions.GithubOptions;
    expect(github.additionalProperties).toBe(false);
    const enumOf = (p: Prop | undefined): string[] => [...(p?.enum ?? []), ...(p?.const ? [p.const] : []), ...(p?.anyOf ?? []).flatMap(enumOf)];
    for (const [key, value] of Object.entries(config.publish as Record<string, string>)) {
      expect(github.properties, `unknown publish option ${key}`).toHaveProperty([key]);
      expect(enumOf(github.properties[key]), key).toContain(value);
    }
  });
  it('builds the zip electron-updater needs on macOS', () => {
    expect(config.mac.target).toContain('zip');
  });
});
