/** Exact decimal text for the JSON numbers SnapTrade sends as units and prices. */

/**
 * A finite number as a plain decimal string, never in exponent form: 0.1 → "0.1", 1e-7 →
 * "0.0000001", 2.5e21 → "2500000000000000000000". The digits are the shortest that round-trip to
 * the same double — which, for any value the wire printed with up to 15 significant digits, are
 * exactly the digits SnapTrade sent. -0 becomes "0", so equal content always maps to equal text.
 */
export function plainDecimal(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  if (n === 0) return '0';
  const text = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const [, sign = '', lead = '', fraction = '', exponent = '0'] = m;
  const digits = lead + fraction;
  const point = 1 + Number(exponent); // where the decimal point falls within `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
