/**
 * Comparing who a charge was with, across the forms banks write it in: a pending row's raw card
 * descriptor ("SQ *BLUE BOTTLE COFFEE", "STARBUCKS STORE 05412") and the posted row's cleaned name
 * ("Blue Bottle Coffee", "Starbucks").
 */

/** Payment processors that prefix the merchant's name: Square, Toast, Shopify, PayPal, … */
const PROCESSOR_PREFIX = /^(?:sq|tst|sp|py|pp|paypal|ic|clv|dd)\s*\*\s*/;
/** Words that say nothing about which merchant it was. */
const FILLER = new Set(['the', 'pos', 'purchase', 'debit', 'card', 'visa', 'checkcard', 'recurring']);

/**
 * "SQ *Joe's Café #12" → "joes café": lower case, no processor prefix, no apostrophes, other
 * punctuation as spaces, no token with a digit in it (store numbers, references), no filler words.
 */
export function normalizeMerchant(text: string): string {
  const lowered = text.toLowerCase().trim().replace(PROCESSOR_PREFIX, '').replace(/['’`]/g, '');
  return lowered
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== '' && !/\d/.test(token) && !FILLER.has(token))
    .join(' ');
}

export interface Named {
  description: string;
  merchant: string | null;
}

/** The normalized names a row goes by (its merchant and its description), without blanks or repeats. */
export function merchantKeys(row: Named): string[] {
  const keys = [row.merchant, row.description].flatMap((t) => (t ? [normalizeMerchant(t)] : [])).filter((k) => k !== '');
  return [...new Set(keys)];
}

/** Leading words agree: equal, or one a prefix of the other when both are long enough to mean it ("wholefds" / "whole"). */
function leadingWordsAgree(a: string, b: string): boolean {
  const [x = '', y = ''] = [a.split(' ')[0], b.split(' ')[0]];
  if (x === y) return x !== '';
  const shorter = x.length < y.length ? x : y;
  const longer = shorter === x ? y : x;
  return shorter.length >= 4 && longer.startsWith(shorter);
}

export type MerchantVerdict = 'same' | 'similar' | 'different' | 'unknown';

/**
 * `same`: some name of one equals some name of the other, or one's words begin the other's
 * ("shell" / "shell oil"); `similar`: their leading words agree; `different`: both have names and
 * nothing agrees; `unknown`: one side has nothing to compare (a description that was all digits).
 */
export function compareMerchants(a: Named, b: Named): MerchantVerdict {
  return compareMerchantKeys(merchantKeys(a), merchantKeys(b));
}

/** compareMerchants on keys already computed (reconciliation computes each row's keys once). */
export function compareMerchantKeys(ka: readonly string[], kb: readonly string[]): MerchantVerdict {
  if (ka.length === 0 || kb.length === 0) return 'unknown';
  let similar = false;
  for (const x of ka) {
    for (const y of kb) {
      if (x === y || `${x} `.startsWith(`${y} `) || `${y} `.startsWith(`${x} `)) return 'same';
      if (leadingWordsAgree(x, y)) similar = true;
    }
  }
  return similar ? 'similar' : 'different';
}
