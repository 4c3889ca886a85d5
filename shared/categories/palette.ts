/**
 * The colours a custom category may have: a fixed palette, each colour with a light-theme and a
 * dark-theme value, all at 4.5:1 or better against the app's surfaces in their scheme (so a
 * colour may mark a swatch, a chart series or even text). `renderer/src/ui/categories/colors.css`
 * defines the same values as CSS variables (`--cat-<id>`); test/unit/shared/categories/palette.test.ts
 * holds both to these numbers and checks the contrast. A stored colour is an id of this list, never
 * a free hex value, so a theme change re-colours everything at once.
 */

export const CATEGORY_COLORS = [
  { id: 'blue', label: 'Blue', light: '#1f5fc4', dark: '#7cb4ff' },
  { id: 'teal', label: 'Teal', light: '#00776d', dark: '#3ccabd' },
  { id: 'green', label: 'Green', light: '#2b7a34', dark: '#5bd36a' },
  { id: 'amber', label: 'Amber', light: '#8a6500', dark: '#e3b341' },
  { id: 'orange', label: 'Orange', light: '#b35300', dark: '#ffa257' },
  { id: 'red', label: 'Red', light: '#c62f3b', dark: '#ff7b7b' },
  { id: 'pink', label: 'Pink', light: '#b02d68', dark: '#ff80b8' },
  { id: 'purple', label: 'Purple', light: '#7447c0', dark: '#c39bff' },
  { id: 'brown', label: 'Brown', light: '#87583b', dark: '#d6a581' },
  { id: 'slate', label: 'Slate', light: '#56606f', dark: '#a0abbc' },
] as const;

export type CategoryColor = (typeof CATEGORY_COLORS)[number]['id'];

const IDS: ReadonlySet<string> = new Set(CATEGORY_COLORS.map((c) => c.id));

export const isCategoryColor = (value: unknown): value is CategoryColor => typeof value === 'string' && IDS.has(value);

/** The CSS value that paints a colour in the current scheme (a variable colors.css defines). */
export const categoryColorVar = (color: CategoryColor): string => `var(--cat-${color})`;

export const categoryColorLabel = (color: CategoryColor): string => CATEGORY_COLORS.find((c) => c.id === color)?.label ?? color;

/** A colour for a new category: the first one its siblings do not use yet, else round the palette. */
export function nextCategoryColor(used: readonly CategoryColor[]): CategoryColor {
  const taken = new Set(used);
  const free = CATEGORY_COLORS.find((c) => !taken.has(c.id));
  return (free ?? CATEGORY_COLORS[used.length % CATEGORY_COLORS.length] ?? CATEGORY_COLORS[0]).id;
}
