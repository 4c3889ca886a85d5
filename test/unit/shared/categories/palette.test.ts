import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORY_COLORS, categoryColorVar, isCategoryColor, nextCategoryColor } from '../../../../shared/categories/palette';

// WCAG 2.x relative luminance and contrast ratio.
function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

/** `--name: #hex;` values of a CSS block. */
const vars = (css: string): Map<string, string> => new Map([...css.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1] ?? '', (m[2] ?? '').toLowerCase()]));

/** The light block (before the dark media query) and the dark one of a stylesheet. */
function schemes(file: string): { light: Map<string, string>; dark: Map<string, string> } {
  const css = fs.readFileSync(file, 'utf8');
  const at = css.indexOf('@media (prefers-color-scheme: dark)');
  expect(at).toBeGreaterThan(0);
  return { light: vars(css.slice(0, at)), dark: vars(css.slice(at)) };
}

describe('the custom categories’ palette', () => {
  const app = schemes('renderer/src/styles.css');
  const palette = schemes('renderer/src/ui/categories/colors.css');
  const surfaces = ['surface', 'bg', 'surface-sunken'] as const;

  it('has ten distinct colours, each with a light and a dark value', () => {
    expect(CATEGORY_COLORS).toHaveLength(10);
    expect(new Set(CATEGORY_COLORS.map((c) => c.light)).size).toBe(10);
    expect(new Set(CATEGORY_COLORS.map((c) => c.dark)).size).toBe(10);
  });

  it('colors.css defines exactly these values, per scheme', () => {
    for (const c of CATEGORY_COLORS) {
      expect(palette.light.get(`cat-${c.id}`), c.id).toBe(c.light);
      expect(palette.dark.get(`cat-${c.id}`), c.id).toBe(c.dark);
    }
    expect(palette.light.size).toBe(CATEGORY_COLORS.length);
    expect(palette.dark.size).toBe(CATEGORY_COLORS.length);
  });

  it.each(CATEGORY_COLORS.map((c) => [c.id, c] as const))('%s is 4.5:1 or better on every surface in light and dark (3:1 on the selected row)', (_, c) => {
    for (const s of surfaces) {
      const light = app.light.get(s);
      const dark = app.dark.get(s);
      expect(light, s).toBeDefined();
      expect(dark, s).toBeDefined();
      expect(contrast(c.light, light ?? ''), `${c.id} on light ${s}`).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c.dark, dark ?? ''), `${c.id} on dark ${s}`).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrast(c.light, app.light.get('accent-soft') ?? '')).toBeGreaterThanOrEqual(3);
    expect(contrast(c.dark, app.dark.get('accent-soft') ?? '')).toBeGreaterThanOrEqual(3);
  });

  it('stores ids, never free colours, and paints through the scheme’s variable', () => {
    expect(isCategoryColor('teal')).toBe(true);
    expect(isCategoryColor('#00776d')).toBe(false);
    expect(isCategoryColor(3)).toBe(false);
    expect(categoryColorVar('teal')).toBe('var(--cat-teal)');
  });

  it('offers a new category the first colour its siblings do not use', () => {
    expect(nextCategoryColor([])).toBe('blue');
    expect(nextCategoryColor(['blue', 'green'])).toBe('teal');
    const all = CATEGORY_COLORS.map((c) => c.id);
    expect(nextCategoryColor(all)).toBe('blue');
    expect(isCategoryColor(nextCategoryColor([...all, 'blue', 'teal']))).toBe(true);
  });
});
