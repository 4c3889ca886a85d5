import { describe, expect, it } from 'vitest';
import { decodeEntities, findAll, readOfx, type OfxNode } from '../../../../shared/import/ofxTree';

/** A tree as nested arrays: [name, text] for a leaf, [name, [...children]] for an aggregate. */
type Shape = [string, string | Shape[]];
const shape = (n: OfxNode): Shape => [n.name, n.text ?? n.children.map(shape)];

describe('readOfx', () => {
  it('closes SGML leaves at the next tag and consumes an end tag that is present', () => {
    const doc = readOfx('<OFX><A><B>1<C>two words</C><D>3</A></OFX>');
    expect(shape(doc.root!)).toEqual(['OFX', [['A', [['B', '1'], ['C', 'two words'], ['D', '3']]]]]);
    expect(doc.truncated).toBe(false);
  });

  it('an element still open when its parent ends was an empty leaf: what it swallowed moves back up', () => {
    const doc = readOfx('<OFX><A><EMPTY>\n<B>1<EMPTY2><C>2</A><E>5</OFX>');
    expect(shape(doc.root!)).toEqual(['OFX', [['A', [['EMPTY', ''], ['B', '1'], ['EMPTY2', ''], ['C', '2']]], ['E', '5']]]);
  });

  it('ignores stray end tags, comments, processing instructions and declarations; keeps CDATA and dotted names', () => {
    const doc = readOfx('<?xml version="1.0"?><!DOCTYPE x><OFX><!-- <B>no</B> --></X><INTU.BID>3000<M><![CDATA[a < b & c]]></M></OFX>');
    expect(shape(doc.root!)).toEqual(['OFX', [['INTU.BID', '3000'], ['M', 'a < b & c']]]);
  });

  it('stays linear on hostile shapes: 50k unclosed aggregates, 50k stray end tags, one aggregate of 50k children left open', () => {
    const started = performance.now();
    const deep = readOfx(`<OFX>${'<A><B>'.repeat(25_000)}${'</Z>'.repeat(50_000)}</OFX>`);
    expect(deep.truncated).toBe(false);
    // Every <A> and <B> was an empty leaf (closed by </OFX>): all 50k end up as the OFX's children.
    expect(deep.root!.children).toHaveLength(50_000);
    const wide = readOfx(`<OFX><LIST>${'<STMTTRN><X>1</STMTTRN>'.repeat(50_000)}</OFX>`);
    expect(findAll(wide.root, 'STMTTRN')).toHaveLength(50_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('decodes the XML entities and numeric references, keeps a bare ampersand, collapses white space', () => {
    expect(decodeEntities('AT&amp;T &lt;x&gt; &quot;q&quot; &apos;s&apos; &#8212; &#x20AC; AT&T &bogus;')).toBe('AT&T <x> "q" \'s\' — € AT&T &bogus;');
    expect(readOfx('<OFX><NAME>  A\r\n   B  </OFX>').root!.children[0]!.text).toBe('A B');
  });

  it('reads both headers, numbers lines from the file start, and says when </OFX> never comes', () => {
    const sgml = readOfx('\ufeffOFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n\r\n<OFX>\r\n<A>\r\n<STMTTRN>\r\n<B>1');
    expect(sgml.version).toBe(1);
    expect(sgml.header).toEqual({ OFXHEADER: '100', DATA: 'OFXSGML', VERSION: '102' });
    expect(sgml.truncated).toBe(true);
    expect(findAll(sgml.root, 'STMTTRN')[0]!.line).toBe(7);
    const xml = readOfx('<?xml version="1.0" encoding="UTF-8"?>\n<?OFX OFXHEADER="200" VERSION="220"?>\n<OFX></OFX>');
    expect(xml.version).toBe(2);
    expect(xml.header).toEqual({ OFXHEADER: '200', VERSION: '220', ENCODING: 'UTF-8' });
    expect(readOfx('no ofx here').root).toBeNull();
  });
});
