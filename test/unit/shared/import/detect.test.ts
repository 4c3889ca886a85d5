import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImportBytes, decodeWindows1252, detectImportFormat } from '../../../../shared/import/detect';
import { parseOfx } from '../../../../shared/import/ofx';

const raw = (name: string) => new Uint8Array(readFileSync(`test/fixtures/import/${name}`));

describe('decodeImportBytes', () => {
  it('follows a byte-order mark: UTF-8, UTF-16 LE and BE', () => {
    expect(decodeImportBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x43, 0x61, 0x66, 0xc3, 0xa9]))).toEqual({ text: 'Café', encoding: 'utf-8' });
    expect(decodeImportBytes(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0xac, 0x20]))).toEqual({ text: 'A€', encoding: 'utf-16le' });
    expect(decodeImportBytes(new Uint8Array([0xfe, 0xff, 0x00, 0x41, 0x20, 0xac]))).toEqual({ text: 'A€', encoding: 'utf-16be' });
  });

  it('reads an OFX that declares CHARSET:1252 as Windows-1252 (é is one byte, € is 0x80)', () => {
    const head = 'OFXHEADER:100\r\nDATA:OFXSGML\r\nCHARSET:1252\r\n\r\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKTRANLIST><STMTTRN><DTPOSTED>20240101<TRNAMT>-1.00<FITID>1<NAME>Caf';
    const bytes = new Uint8Array([...new TextEncoder().encode(head), 0xe9, 0x20, 0x80, ...new TextEncoder().encode('</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>')]);
    const { text, encoding } = decodeImportBytes(bytes);
    expect(encoding).toBe('windows-1252');
    expect(parseOfx(text).statements[0]!.rows[0]!.description).toBe('Café €');
  });

  it('keeps valid UTF-8 as UTF-8, and falls back to Windows-1252 for bytes that are not (an "Excel" CSV)', () => {
    expect(decodeImportBytes(raw('eu-semicolon.csv')).text).toContain('Stadtwerke München');
    expect(decodeImportBytes(new Uint8Array([0x4d, 0xfc, 0x6e, 0x63, 0x68, 0x65, 0x6e]))).toEqual({ text: 'München', encoding: 'windows-1252' });
  });
});

describe('decodeWindows1252', () => {
  it('maps every byte: ASCII and Latin-1 as themselves, 0x80–0x9F by the Windows table', () => {
    const all = decodeWindows1252(Uint8Array.from({ length: 256 }, (_, i) => i));
    expect(all).toHaveLength(256);
    expect(all.slice(0x41, 0x44)).toBe('ABC');
    expect(all.slice(0x80, 0xa0)).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ');
    expect(all.slice(0xe4, 0xe5) + all.slice(0xff)).toBe('äÿ');
  });
});

describe('detectImportFormat', () => {
  it('knows every fixture by its content', () => {
    for (const [file, format] of [
      ['credit-union-sgml.ofx', 'ofx'], ['quicken-card.qfx', 'ofx'], ['bank-xml.ofx', 'ofx'],
      ['quicken-bank-splits.qif', 'qif'], ['ccard-dmy-comma.qif', 'qif'], ['cash-ambiguous.qif', 'qif'],
      ['chase-checking.csv', 'csv'], ['eu-semicolon.csv', 'csv'], ['ambiguous-tab.csv', 'csv'],
    ] as const) {
      expect(detectImportFormat(decodeImportBytes(raw(file)).text, 'export.txt'), file).toBe(format);
    }
  });

  it('content wins over the name; the name decides only for an empty file', () => {
    expect(detectImportFormat('Date,Amount\n', 'statement.qfx')).toBe('csv');
    expect(detectImportFormat('', 'statement.QFX')).toBe('ofx');
    expect(detectImportFormat('\n', 'x.qif')).toBe('qif');
    expect(detectImportFormat('', 'x.csv')).toBe('csv');
  });
});
