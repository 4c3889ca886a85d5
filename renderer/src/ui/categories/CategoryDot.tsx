/** A custom category's colour, as a small dot before its name (decorative: the name says which). */
import { categoryColorVar, type CategoryColor } from '../../../../shared/categories/palette';
import './colors.css';

export function CategoryDot({ color, className }: { color: CategoryColor; className?: string }) {
  return <span className={`category-dot${className ? ` ${className}` : ''}`} data-color={color} aria-hidden="true" style={{ background: categoryColorVar(color) }} />;
}
