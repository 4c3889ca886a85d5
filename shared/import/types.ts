/**
 * What every file importer (csv.ts, ofx.ts, qif.ts) produces: rows in Ledgerline's own terms —
 * a calendar date, integer minor units with positive = money in, the currency — and every row it
 * could not read, with its line and why (a bad row is reported, never dropped silently). Nothing
 * here writes anywhere: the preview is what the UI shows before the user confirms an import.
 */

/** One part of a split row (QIF S/E/$ lines); the parts of a row sum to its amount exactly. */
export interface ImportSplit {
  category: string | null;
  memo: string | null;
  amountMinor: number;
}

export interface ImportRow {
  /** The 1-based line (QIF, OFX) or record (CSV) of the file the row starts at. */
  line: number;
  /** YYYY-MM-DD: the calendar date the bank gave. */
  date: string;
  /** Integer minor units of `currency`; positive = money into the account. */
  amountMinor: number;
  currency: string;
  description: string;
  memo: string | null;
  /** The file's own category (CSV column, QIF L), as text: mapping it is the caller's choice. */
  category: string | null;
  /** The bank's id for the row (OFX FITID, a CSV id column); null when the file has none. */
  fitId: string | null;
  /** Check number (OFX CHECKNUM, QIF N). */
  checkNum: string | null;
  /** Split parts (QIF); null when the row is not split. */
  splits: ImportSplit[] | null;
}

export interface RowError {
  line: number;
  message: string;
  /** The offending text, for the preview. */
  raw: string;
}

/**
 * Something the user should confirm or may want to know (an ambiguous date order, a statement
 * without a currency); it does not stop the import.
 */
export interface ImportWarning {
  code: 'ambiguousDates' | 'ambiguousDecimal' | 'noCurrency' | 'skippedLines' | 'signGuess' | 'splitRemainder' | 'truncated' | 'unsupported';
  message: string;
}
