/**
 * The non-secret half of the provider settings: environment, client id, base-URL override, the last
 * "Test connection" result, and the demo-mode choice — a small JSON file in the data folder,
 * replaced atomically like the connection registry. Secrets are not in this type and so can never
 * reach the file: they live in the keychain (see settingsKeys.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EnvironmentSchema } from '../../../shared/ipc/contract';
import { PROVIDERS, type Provider } from '../../../shared/types';

const LastTestSchema = z.object({ ok: z.boolean(), message: z.string(), at: z.string() });

const ProviderEntrySchema = z.object({
  environment: EnvironmentSchema,
  clientId: z.string(),
  /** The user's override of the API base URL; null: the provider's default for the environment. */
  baseUrl: z.string().nullable(),
  lastTest: LastTestSchema.nullable(),
});
export type ProviderEntry = z.infer<typeof ProviderEntrySchema>;

const FileSchema = z.object({
  version: z.literal(1),
  demoEnabled: z.boolean(),
  /** Demo mode is switched off by itself only once — the first time a real provider is configured. */
  demoAutoOffDone: z.boolean(),
  /** One optional entry per provider (unknown keys are dropped, as with any z.object). */
  providers: z.object(Object.fromEntries(PROVIDERS.map((p) => [p, ProviderEntrySchema.optional()])) as Record<Provider, z.ZodOptional<typeof ProviderEntrySchema>>),
});

export interface SettingsData {
  demoEnabled: boolean;
  demoAutoOffDone: boolean;
  providers: Partial<Record<Provider, ProviderEntry>>;
}

export const DEFAULT_SETTINGS: SettingsData = { demoEnabled: true, demoAutoOffDone: false, providers: {} };

export interface SettingsStore {
  /** A copy of the current settings. */
  read(): SettingsData;
  /** Applies `change` to a copy, writes the result (atomically) and returns it. */
  update(change: (current: SettingsData) => SettingsData): SettingsData;
}

export function openSettingsStore(dataDir: string): SettingsStore {
  const file = path.join(dataDir, 'settings.json');
  let data = load(file);
  const copy = (d: SettingsData): SettingsData => structuredClone(d);
  return {
    read: () => copy(data),
    update(change) {
      const next = change(copy(data));
      // Only the known fields are written: whatever else an object carries stays out of the file.
      const text = JSON.stringify(toFile(next), null, 2);
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, text, { mode: 0o600 });
      fs.renameSync(tmp, file); // a crash leaves the old file or the new one, never half of one
      data = next;
      return copy(data);
    },
  };
}

function toFile(d: SettingsData): z.infer<typeof FileSchema> {
  const providers: z.infer<typeof FileSchema>['providers'] = {};
  for (const p of PROVIDERS) {
    const e = d.providers[p];
    if (e) providers[p] = { environment: e.environment, clientId: e.clientId, baseUrl: e.baseUrl, lastTest: e.lastTest && { ok: e.lastTest.ok, message: e.lastTest.message, at: e.lastTest.at } };
  }
  return { version: 1, demoEnabled: d.demoEnabled, demoAutoOffDone: d.demoAutoOffDone, providers };
}

function load(file: string): SettingsData {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return structuredClone(DEFAULT_SETTINGS);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = FileSchema.safeParse(json);
  if (!parsed.success) {
    // Keep the unreadable file for inspection instead of silently overwriting it.
    fs.renameSync(file, `${file}.corrupt-${Date.now()}`);
    return structuredClone(DEFAULT_SETTINGS);
  }
  const { demoEnabled, demoAutoOffDone, providers } = parsed.data;
  const entries: SettingsData['providers'] = {};
  for (const p of PROVIDERS) if (providers[p]) entries[p] = providers[p];
  return { demoEnabled, demoAutoOffDone, providers: entries };
}
