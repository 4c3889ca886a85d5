/**
 * The page's first script (vite.config.ts gives it its own chunk and puts it before the bundle in
 * index.html): it starts the boot read of the database (db/bootRead.ts) while the bundle loads.
 * main.tsx takes the read once; it imports this module too, which in a build is the very module
 * this script already ran (a module runs once per page) and in development simply runs it first.
 */
import { readAtBoot, type BootRead } from './db/bootRead';
import { DB_NAME, PAGE_SIZE, SCHEMA_VERSION } from './db/identity';

let started: Promise<BootRead | null> | null = typeof indexedDB === 'undefined' ? null : readAtBoot(DB_NAME, SCHEMA_VERSION, PAGE_SIZE);

/** The boot read, once (null if it did not start or was taken). */
export function takeBootRead(): Promise<BootRead | null> | null {
  const read = started;
  started = null;
  return read;
}
