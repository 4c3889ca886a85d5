/**
 * What names the app's database, in a module that imports nothing: the boot read (db/bootRead.ts)
 * runs before the rest of the app's code has loaded and must not pull it in.
 */

export const DB_NAME = 'ledgerline';

/** The newest version `openDb` declares (schema.ts; a unit test holds the two equal). */
export const SCHEMA_VERSION = 14;

/** How many rows one page of the transaction list holds (transactionPages.ts; the boot reads the first). */
export const PAGE_SIZE = 200;
