/** Spending by category per month: stacked bars; a segment (or a table cell) shows its transactions. */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Insights } from '../../insights/computeInsights';
import { ungrouped, type GroupedSeries } from '../../insights/rollUp';
import { categoryColorVar, type CategoryColor } from '../../../../shared/categories/palette';
import { CategoryDot } from '../categories/CategoryDot';
import { categoryFilter, categoryMonthFilter } from '../../insights/filters';
import type { TxFilter } from '../../search/filter';
import { ChartCard } from './ChartCard';
import { AXIS_LINE, AXIS_TICK, CHART_MARGIN, CURSOR_FILL, GRID_STROKE, legendLabel, taggedBar } from './chartParts';
import { compactMoney, fullMoney, monthName, monthTick, seriesColor, spansYears, valueAxisWidth } from './chartFormat';
import { moneyTooltip } from './ChartTooltip';

/** More stacked colours than this stop being readable: the rest become "Other". */
const MAX_SERIES = 8;

export interface StackSeries {
  key: string;
  label: string;
  categories: readonly string[];
  perMonth: readonly number[];
  total: number;
  /** A custom category's own colour (a series of one custom category), else null: the chart's next one. */
  color: CategoryColor | null;
}

/**
 * The stacked series: the largest categories, the rest as "Other". `groups` are the insights'
 * categories as shown (each alone, or rolled up into their parents: insights/rollUp.ts);
 * `colorOf` gives a custom category its colour.
 */
export function stackSeries(ins: Insights, groups: readonly GroupedSeries[] = ungrouped(ins.categories), colorOf: (id: string) => CategoryColor | null = () => null): StackSeries[] {
  const top = groups.length > MAX_SERIES + 1 ? groups.slice(0, MAX_SERIES) : groups;
  const series: StackSeries[] = top.map((c, i) => ({
    key: `s${i}`, label: c.label, categories: c.categories, perMonth: c.perMonth, total: c.total, color: c.categories.length === 1 ? colorOf(c.category) : null,
  }));
  const rest = groups.slice(top.length);
  if (rest.length > 0) {
    const perMonth = ins.months.map((_, m) => rest.reduce((s, c) => s + (c.perMonth[m] ?? 0), 0));
    series.push({ key: 'other', label: 'Other', categories: rest.flatMap((c) => c.categories), perMonth, total: perMonth.reduce((s, v) => s + v, 0), color: null });
  }
  return series;
}

/** Chart colours in order, skipping none: a custom category's own, else the chart's palette by position. */
const fillOf = (s: StackSeries, i: number): string => (s.color ? categoryColorVar(s.color) : seriesColor(i));

export function CategorySpendingChart({ ins, currency, onFilter, groups, colorOf }: {
  ins: Insights; currency: string; onFilter: (filter: TxFilter) => void;
  /** The categories as shown (rolled up or not); default each on its own. */
  groups?: readonly GroupedSeries[];
  colorOf?: (id: string) => CategoryColor | null;
}) {
  const series = stackSeries(ins, groups, colorOf);
  const years = spansYears(ins.months);
  const data = ins.months.map((m, i) => {
    const row: Record<string, string | number> = { month: m.month };
    for (const s of series) row[s.key] = s.perMonth[i] ?? 0;
    return row;
  });
  const total = series.reduce((sum, s) => sum + s.total, 0);
  const axisWidth = valueAxisWidth(ins.cashflow.map((m) => m.spendingMinor), currency);
  const first = ins.months[0];
  const last = ins.months.at(-1);
  const summary = series.length === 0
    ? 'No spending in this period.'
    : `Spending by category from ${monthName(first?.month ?? '')} to ${monthName(last?.month ?? '')}: ${fullMoney(total, currency)} in all. `
      + `Largest: ${series.slice(0, 3).map((s) => `${s.label} ${fullMoney(s.total, currency)}`).join(', ')}.`;

  const table = (
    <div className="chart-table__scroll">
      <table className="chart-table" data-testid="category-table">
        <caption className="visually-hidden">Spending by category and month, {currency}; choose an amount to see its transactions</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            {ins.months.map((m) => <th scope="col" key={m.month} className="chart-table__num">{monthTick(m.month, years)}</th>)}
            <th scope="col" className="chart-table__num">Total</th>
          </tr>
        </thead>
        <tbody>
          {series.map((s) => (
            <tr key={s.key}>
              <th scope="row">{s.color && <CategoryDot color={s.color} />}{s.label}</th>
              {ins.months.map((m, i) => {
                const v = s.perMonth[i] ?? 0;
                return (
                  <td key={m.month} className="chart-table__num">
                    {v === 0 ? <span className="chart-table__zero">—</span> : (
                      <button
                        type="button"
                        className="chart-table__link amount"
                        aria-label={`${s.label}, ${monthName(m.month)}: ${fullMoney(v, currency)}. Show these transactions`}
                        onClick={() => onFilter(categoryMonthFilter(ins, s.categories, m))}
                      >
                        {fullMoney(v, currency)}
                      </button>
                    )}
                  </td>
                );
              })}
              <td className="chart-table__num">
                <button
                  type="button"
                  className="chart-table__link amount"
                  aria-label={`${s.label}, all months: ${fullMoney(s.total, currency)}. Show these transactions`}
                  onClick={() => onFilter(categoryFilter(ins, s.categories))}
                >
                  {fullMoney(s.total, currency)}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  return (
    <ChartCard title="Spending by category" hint="Money out, by month. Transfers and trades are not spending." summary={summary} table={table} testId="chart-categories" empty={series.length === 0 ? `No spending in ${currency} in this period.` : null} wide>
      <div className="chart-card__plot chart-card__plot--tall" data-testid="chart-plot">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={CHART_MARGIN} barCategoryGap="22%" maxBarSize={64}>
            <CartesianGrid vertical={false} stroke={GRID_STROKE} />
            <XAxis dataKey="month" tickFormatter={(m: string) => monthTick(m, years)} tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} />
            <YAxis width={axisWidth} tickFormatter={(v: number) => compactMoney(v, currency)} tick={AXIS_TICK} axisLine={false} tickLine={false} />
            <Tooltip cursor={CURSOR_FILL} content={moneyTooltip({ currency, title: monthName, total: true })} />
            <Legend formatter={legendLabel} itemSorter={null} iconType="circle" iconSize={9} wrapperStyle={{ paddingTop: 8 }} />
            {series.map((s, i) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stackId="spending"
                fill={fillOf(s, i)}
                isAnimationActive={false}
                shape={taggedBar(s.categories.join(','), (i) => ins.months[i]?.month)}
                onClick={(item) => {
                  const month = ins.months[item.originalDataIndex];
                  if (month) onFilter(categoryMonthFilter(ins, s.categories, month));
                }}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
