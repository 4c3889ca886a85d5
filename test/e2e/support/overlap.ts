/**
 * Overlap, measured: within each container the test names, no child's visible ink (its text, as
 * laid out, cut by every ancestor that clips, plus its own box when it paints one) may intersect a
 * sibling's, nor leave the child's own box sideways. Text rects rather than element boxes, because overflowing text (a date wider than its
 * column) runs into the neighbour while its element's box stays put.
 */
import type { Page } from 'playwright-core';

export interface Overlap {
  container: string;
  a: string;
  b: string;
  /** The intersection, px. */
  area: { width: number; height: number };
}

export function findOverlaps(page: Page, root: string, containers: readonly string[]): Promise<Overlap[]> {
  return page.evaluate(({ root, containers }) => {
    type Box = { left: number; top: number; right: number; bottom: number };
    const name = (el: Element): string => {
      const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/)[0] ?? '' : '';
      const text = (el.textContent ?? '').trim().slice(0, 24);
      return `${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''} "${text}"`;
    };
    const clip = (box: Box, from: Element, stop: Element): Box | null => {
      // A DOMRect's sides are prototype getters: spreading one copies nothing.
      let b = { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
      for (let a: Element | null = from; a && a !== stop.parentElement; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        const r = a.getBoundingClientRect();
        b = { left: Math.max(b.left, r.left), top: Math.max(b.top, r.top), right: Math.min(b.right, r.right), bottom: Math.min(b.bottom, r.bottom) };
      }
      return b.right - b.left > 0.5 && b.bottom - b.top > 0.5 ? b : null;
    };
    const ink = (el: Element): Box[] => {
      const out: Box[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!(n.textContent ?? '').trim() || !n.parentElement) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) {
          const b = clip(r, n.parentElement, el);
          if (b) out.push(b);
        }
      }
      // Boxes that paint (buttons, pills, highlighted values) count whole.
      for (const e of [el, ...el.querySelectorAll('*')]) {
        const s = getComputedStyle(e);
        const paints = s.backgroundColor !== 'rgba(0, 0, 0, 0)' || parseFloat(s.borderTopWidth) > 0;
        if (!paints || s.display === 'contents') continue;
        const b = clip(e.getBoundingClientRect(), e, el);
        if (b) out.push(b);
      }
      return out;
    };
    const meets = (a: Box, b: Box) => ({ width: Math.min(a.right, b.right) - Math.max(a.left, b.left), height: Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) });
    const found: { container: string; a: string; b: string; area: { width: number; height: number } }[] = [];
    const scope = document.querySelector(root);
    if (!scope) return found;
    for (const sel of containers) {
      for (const c of scope.querySelectorAll(sel)) {
        const kids = [...c.children].filter((k) => getComputedStyle(k).visibility !== 'hidden');
        const inks = kids.map(ink);
        // Text that leaves its own box sideways (into the gap, or under the neighbour) is the
        // start of an overlap even where the neighbour's text happens to begin a pixel later.
        kids.forEach((k, i) => {
          if (getComputedStyle(k).display === 'contents') return;
          const box = k.getBoundingClientRect();
          const out = (inks[i] ?? []).reduce((m, r) => Math.max(m, box.left - r.left, r.right - box.right), 0);
          if (out > 1) found.push({ container: sel, a: name(k), b: '(its own box)', area: { width: Math.round(out), height: 0 } });
        });
        for (let i = 0; i < kids.length; i++) {
          for (let j = i + 1; j < kids.length; j++) {
            let hit: { width: number; height: number } | null = null;
            for (const a of inks[i] ?? []) {
              for (const b of inks[j] ?? []) {
                const m = meets(a, b);
                if (m.width > 0.5 && m.height > 0.5) hit = m;
              }
            }
            if (hit) found.push({ container: sel, a: name(kids[i] as Element), b: name(kids[j] as Element), area: { width: Math.round(hit.width), height: Math.round(hit.height) } });
          }
        }
      }
    }
    return found;
  }, { root, containers });
}
