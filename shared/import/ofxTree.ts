/**
 * A tolerant reader for OFX's two syntaxes into one element tree: 1.x SGML (a `KEY:VALUE` header,
 * leaf elements without end tags, `<INTU.BID>`-style names) and 2.x XML (`<?xml?>` and `<?OFX?>`
 * processing instructions, every element closed).
 *
 * Why hand-written (checked on npm, 2026-12): `ofx-js` turns SGML into XML with regular
 * expressions, one of which backtracks exponentially on a long tag name without a dot (a 24-letter
 * tag took 2.2 s, 4× more per extra 2 letters: a hostile or odd file hangs the window), decodes
 * only three entities and types its result `any`; `ofx-data-extractor` rewrites the text into
 * JSON by string substitution and threw `Expected ',' or '}'` on an ordinary single-line SGML
 * statement; `node-ofx-parser` pins fast-xml-parser 3 (two majors old). OFX's syntax is small: a
 * linear scan below, with SGML's one rule for the missing end tags.
 *
 * The SGML rule: an aggregate always has its end tag; a leaf's is optional. So an element followed
 * by text is a leaf (its end tag, if present, is consumed), and an element still open when an
 * enclosing end tag arrives was an empty leaf: it is closed, and whatever was parsed inside it is
 * moved up to its parent, where it belonged. Stray end tags are ignored. Entities: the five XML
 * ones and numeric references; a bare `&` ("AT&T", common in SGML files) is kept as it is.
 */

export interface OfxNode {
  name: string;
  /** A leaf's text (entities decoded, trimmed); null for an aggregate. */
  text: string | null;
  children: OfxNode[];
  /** 1-based line of the start tag. */
  line: number;
}

export interface OfxDocument {
  /** Header fields: 1.x `KEY:VALUE` lines, or the 2.x `<?OFX ...?>` attributes; keys upper case. */
  header: Record<string, string>;
  /** 1 for SGML (OFXHEADER:100), 2 for XML (OFXHEADER="200"). */
  version: 1 | 2;
  /** The `<OFX>` element; null when the text has none. */
  root: OfxNode | null;
  /** The file ended before `</OFX>` (truncated). */
  truncated: boolean;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

type Token = { kind: 'open' | 'close'; name: string; line: number } | { kind: 'text'; text: string; line: number };

/** Start and end tags, and the text between them; comments, processing instructions and declarations are skipped. */
function tokenize(body: string, firstLine: number): Token[] {
  const tokens: Token[] = [];
  let line = firstLine;
  let i = 0;
  const advance = (to: number) => {
    for (let k = i; k < to; k++) if (body.charCodeAt(k) === 10) line++;
    i = to;
  };
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const textEnd = lt < 0 ? body.length : lt;
    if (textEnd > i) {
      const text = body.slice(i, textEnd);
      if (text.trim() !== '') tokens.push({ kind: 'text', text, line });
      advance(textEnd);
      if (lt < 0) break;
    }
    if (body.startsWith('<!--', i)) {
      const end = body.indexOf('-->', i + 4);
      advance(end < 0 ? body.length : end + 3);
      continue;
    }
    if (body.startsWith('<![CDATA[', i)) {
      const end = body.indexOf(']]>', i + 9);
      const stop = end < 0 ? body.length : end;
      tokens.push({ kind: 'text', text: body.slice(i + 9, stop).replaceAll('&', '&amp;'), line });
      advance(end < 0 ? body.length : end + 3);
      continue;
    }
    if (body.startsWith('<?', i) || body.startsWith('<!', i)) {
      const end = body.indexOf('>', i);
      advance(end < 0 ? body.length : end + 1);
      continue;
    }
    const gt = body.indexOf('>', i);
    if (gt < 0) {
      advance(body.length);
      break;
    }
    const m = /^<\s*(\/?)\s*([A-Za-z_][\w.:-]*)/.exec(body.slice(i, Math.min(gt + 1, i + 200)));
    if (m) tokens.push({ kind: m[1] ? 'close' : 'open', name: m[2]!.toUpperCase(), line });
    else tokens.push({ kind: 'text', text: body.slice(i, gt + 1), line });
    advance(gt + 1);
  }
  return tokens;
}

function parseHeader(head: string): { header: Record<string, string>; version: 1 | 2 } {
  const header: Record<string, string> = {};
  const pi = /<\?OFX\s+([^?]*)\?>/i.exec(head);
  if (pi) {
    for (const [, k, v] of pi[1]!.matchAll(/([A-Za-z]+)\s*=\s*"([^"]*)"/g)) header[k!.toUpperCase()] = v!;
    const xml = /<\?xml[^?]*encoding\s*=\s*"([^"]*)"/i.exec(head);
    if (xml) header.ENCODING = xml[1]!;
    return { header, version: 2 };
  }
  for (const raw of head.split(/\r\n|\r|\n/)) {
    const m = /^\s*([A-Za-z]+)\s*:\s*(.*?)\s*$/.exec(raw);
    if (m) header[m[1]!.toUpperCase()] = m[2]!;
  }
  return { header, version: /^\s*<\?xml/i.test(head) || Number(header.OFXHEADER) >= 200 ? 2 : 1 };
}

/** Reads an OFX text (1.x or 2.x) into its header and element tree. */
export function readOfx(text: string): OfxDocument {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const at = src.search(/<OFX\s*>/i);
  const { header, version } = parseHeader(at < 0 ? src : src.slice(0, at));
  if (at < 0) return { header, version, root: null, truncated: false };
  const firstLine = src.slice(0, at).split('\n').length;
  const tokens = tokenize(src.slice(at), firstLine);

  const top: OfxNode = { name: '#document', text: null, children: [], line: 0 };
  const stack: OfxNode[] = [top];
  /** How many elements of each name are open: a stray end tag is skipped without scanning the stack. */
  const open = new Map<string, number>();
  const push = (node: OfxNode) => {
    stack.push(node);
    open.set(node.name, (open.get(node.name) ?? 0) + 1);
  };
  const pop = (): OfxNode => {
    const node = stack.pop()!;
    open.set(node.name, open.get(node.name)! - 1);
    return node;
  };
  /**
   * An end tag for `name`: the elements still open inside it were empty leaves. Each one's
   * children move up to `name`'s element, in document order — done in one pass (an open element's
   * last child is always the next open one), so a file of 50k unclosed elements stays linear.
   */
  const closeTo = (name: string) => {
    let first = stack.length - 1;
    while (stack[first]!.name !== name) first--;
    const target = stack[first]!;
    const inner = stack.slice(first + 1);
    if (inner.length > 0) {
      target.children.pop(); // inner[0], put back below with what it held
      inner.forEach((node, i) => {
        target.children.push(node);
        const kids = i < inner.length - 1 ? node.children.slice(0, -1) : node.children;
        for (const c of kids) target.children.push(c);
        node.text = '';
        node.children = [];
      });
    }
    while (stack.length > first + 1) pop();
    pop();
  };
  let closedOfx = false;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const current = stack[stack.length - 1]!;
    if (t.kind === 'text') continue; // text outside a leaf: whitespace already dropped, anything else is noise
    if (t.kind === 'open') {
      const node: OfxNode = { name: t.name, text: null, children: [], line: t.line };
      current.children.push(node);
      const next = tokens[k + 1];
      if (next?.kind === 'text') {
        node.text = decodeEntities(next.text).replace(/\s+/g, ' ').trim();
        k++;
        const after = tokens[k + 1];
        if (after?.kind === 'close' && after.name === t.name) k++;
      } else if (next?.kind === 'close' && next.name === t.name) {
        node.text = '';
        k++;
      } else {
        push(node);
      }
      continue;
    }
    if (!open.get(t.name)) continue; // a stray end tag
    closeTo(t.name);
    if (t.name === 'OFX') {
      closedOfx = true;
      break;
    }
  }
  const root = top.children.find((n) => n.name === 'OFX') ?? null;
  return { header, version, root, truncated: !closedOfx };
}

/** The first child (or the first child's text) by name. */
export function child(node: OfxNode | null | undefined, name: string): OfxNode | null {
  return node?.children.find((c) => c.name === name) ?? null;
}

export function childText(node: OfxNode | null | undefined, name: string): string | null {
  const c = child(node, name);
  return c?.text != null && c.text !== '' ? c.text : null;
}

/** Every element with this name below `node`, in document order. */
export function findAll(node: OfxNode | null, name: string): OfxNode[] {
  if (!node) return [];
  const out: OfxNode[] = [];
  const walk = (n: OfxNode) => {
    for (const c of n.children) {
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  walk(node);
  return out;
}
