/** The charts' hover card: the period, then each series' exact amount (largest first), themed by CSS. */
import type { ReactNode } from 'react';
import type { TooltipContentProps } from 'recharts';
import { fullMoney } from './chartFormat';

interface Options {
  currency: string;
  /** The hovered x value (a month, a day, a merchant) as a heading. */
  title: (label: string) => string;
  /** Show a total line under several entries (stacked bars). */
  total?: boolean;
  /** Entries are not sorted (lines, income vs spending keep their legend order). */
  keepOrder?: boolean;
}

type Props = TooltipContentProps;

export function moneyTooltip({ currency, title, total = false, keepOrder = false }: Options): (props: Props) => ReactNode {
  return function MoneyTooltip({ active, payload, label }: Props) {
    if (!active || !payload || payload.length === 0) return null;
    const entries = payload
      .filter((p) => typeof p.value === 'number' && (p.value !== 0 || !total))
      .map((p) => ({ key: String(p.dataKey ?? p.name), name: String(p.name ?? ''), value: Number(p.value), color: p.color ?? p.fill ?? p.stroke }));
    if (!keepOrder) entries.sort((a, b) => b.value - a.value);
    const sum = entries.reduce((s, e) => s + e.value, 0);
    return (
      <div className="chart-tooltip" data-testid="chart-tooltip">
        <p className="chart-tooltip__title">{title(String(label ?? ''))}</p>
        {entries.length === 0 && <p className="chart-tooltip__empty">Nothing</p>}
        <ul className="chart-tooltip__list">
          {entries.map((e) => (
            <li key={e.key} className="chart-tooltip__row">
              <span className="chart-tooltip__swatch" style={{ background: e.color }} aria-hidden="true" />
              <span className="chart-tooltip__name">{e.name}</span>
              <span className="chart-tooltip__value amount">{fullMoney(e.value, currency)}</span>
            </li>
          ))}
        </ul>
        {total && entries.length > 1 && (
          <p className="chart-tooltip__row chart-tooltip__total">
            <span className="chart-tooltip__name">Total</span>
            <span className="chart-tooltip__value amount">{fullMoney(sum, currency)}</span>
          </p>
        )}
      </div>
    );
  };
}
