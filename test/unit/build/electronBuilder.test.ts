import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The packaged app's fuses. electron-builder reads the YAML loosely, so a misspelt key would be
// skipped without a word: the names are checked against app-builder-lib's own JSON schema.
const require = createRequire(import.meta.url);

interface JsonSchema {
  properties: Record<string, unknown>;
  definitions: Record<string, { properties: Record<string, { type?: string }>; additionalProperties?: boolean }>;
}

const config = parse(fs.readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;
const schema = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as JsonSchema;

describe('electron-builder.yml', () => {
  it('turns off every way to run other code in the app process and checks the archive', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true); // asar integrity and only-load-from-asar mean nothing without it
  });

  it('uses only option names app-builder-lib knows', () => {
    for (const key of Object.keys(config)) expect(schema.properties, `unknown top-level option ${key}`).toHaveProperty([key]);
    const fuses = schema.definitions.FuseOptionsV1;
    expect(fuses?.additionalProperties).toBe(false);
    for (const [key, value] of Object.entries(config.electronFuses as Record<string, unknown>)) {
      expect(fuses?.properties, `unknown fuse ${key}`).toHaveProperty([key]);
      expect(fuses?.properties[key]?.type).toBe('boolean');
      expect(typeof value).toBe('boolean');
    }
  });
});
