/**
 * The demo banks' JSON state files: read back only when valid and written under the same seed and
 * profile (a simulation only replays identically under the ones that generated it), and written
 * atomically.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { z } from 'zod';

/** What a ledger replays under: its seed, profile and scenario (the household role, if any). */
export interface Expected {
  seed: number;
  profile: unknown;
  household?: string | undefined;
}

/** The saved state, or null (logged) when there is none, it is unreadable, or it was written under another seed or profile. */
export function readStateFile<T extends { seed: number; profile: unknown; household?: string | undefined }>(
  file: string,
  schema: z.ZodType<T>,
  expected: Expected,
  log: (line: string) => void,
): T | null {
  if (!existsSync(file)) return null;
  const parsed = schema.safeParse(parseJson(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    log(`state file ${file} is not valid; starting empty`);
    return null;
  }
  if (parsed.data.seed !== expected.seed || JSON.stringify(parsed.data.profile) !== JSON.stringify(expected.profile)
    || (parsed.data.household ?? null) !== (expected.household ?? null)) {
    log(`state file ${file} was written for another seed, profile or scenario; starting empty`);
    return null;
  }
  return parsed.data;
}

/** Write-then-rename: a crash mid-write leaves the previous state, never half a file. */
export function writeStateFile(file: string, state: unknown): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
  renameSync(temp, file);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A bank's state file, or none (`file` undefined: the bank keeps its state in memory only). The
 * state to save is built only when there is a file to write it to.
 */
export class StateFile<T extends { seed: number; profile: unknown; household?: string | undefined }> {
  constructor(
    readonly file: string | undefined,
    private readonly schema: z.ZodType<T>,
    private readonly expected: Expected,
    private readonly log: (line: string) => void,
  ) {}

  load(): T | null {
    return this.file === undefined ? null : readStateFile(this.file, this.schema, this.expected, this.log);
  }

  save(state: () => T): void {
    if (this.file !== undefined) writeStateFile(this.file, state());
  }
}
