/**
 * From a file's bytes to the text and format the parsers take.
 *
 * Text: a byte-order mark decides (UTF-8, UTF-16 LE/BE); an OFX 1.x header saying
 * `CHARSET:1252` (or ISO-8859-1), or an XML declaration naming windows-1252 / ISO-8859-1, means
 * Windows-1252 (a superset of Latin-1 as browsers decode it); otherwise UTF-8 if the bytes are
 * valid UTF-8, else Windows-1252 — what banks' "Excel" CSV exports use. `TextDecoder` decodes
 * UTF-8 and UTF-16; Windows-1252 is decoded here, by its table: Node's `TextDecoder('windows-1252')`
 * decodes 0x80–0x9F as Latin-1 control characters (€ came out as U+0080 on Node 20), browsers do not.
 *
 * Format: an `<OFX>` element or `OFXHEADER` → ofx (QFX included); a `!Type:` / `!Account` /
 * `!Option` line first → qif; anything else → csv. The file name's extension is only a tie
 * breaker for an empty file: content wins, as banks name files carelessly ("export.txt").
 */

export type ImportFormat = 'csv' | 'ofx' | 'qif';

/** Windows-1252's 0x80–0x9F (the rest is Latin-1); unassigned bytes stay their Latin-1 code. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x4000) {
    const chunk = Array.from(bytes.subarray(i, i + 0x4000), (b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b)));
    out += chunk.join('');
  }
  return out;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** The file's text; see the header for how the encoding is chosen. */
export function decodeImportBytes(bytes: Uint8Array): { text: string; encoding: string } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const head = decodeWindows1252(bytes.subarray(0, 1024));
  const declared = /^\s*CHARSET\s*:\s*(1252|ISO-8859-1|8859-1)\s*$/im.test(head) || /<\?xml[^>]*encoding\s*=\s*["'](windows-1252|iso-8859-1|latin1)["']/i.test(head);
  if (!declared) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
    } catch {
      // not UTF-8: fall through
    }
  }
  return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
}

/** Which parser a file's text is for; see the header. */
export function detectImportFormat(text: string, fileName = ''): ImportFormat {
  const head = text.slice(0, 4096).replace(/^\ufeff/, '');
  if (/<OFX\s*>/i.test(head) || /^\s*OFXHEADER\s*:/i.test(head) || /<\?OFX\s/i.test(head)) return 'ofx';
  const first = head.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  if (/^\s*!(Type|Account|Option|Clear)\s*:?/i.test(first)) return 'qif';
  if (head.trim() === '') {
    const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
    if (ext === 'ofx' || ext === 'qfx') return 'ofx';
    if (ext === 'qif') return 'qif';
  }
  return 'csv';
}
