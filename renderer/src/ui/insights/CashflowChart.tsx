/** Income vs spending per month: two bars a month; a bar (or a table cell) shows its transactions. */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Insights } from '../../insights/computeInsights';
import { incomeMonthFilter, spendingMonthFilter } from '../../insights/filters';
import type { TxFilter } from '../../search/filter';
import { ChartCard } from './ChartCard';
import { AXIS_LINE, AXIS_TICK, CHART_MARGIN, CURSOR_FILL, GRID_STROKE, legendLabel, taggedBar } from './chartParts';
import { compactMoney, fullMoney, monthName, monthTick, spansYears, valueAxisWidth } from './chartFormat';
import { moneyTooltip } from './ChartTooltip';

export function CashflowChart({ ins, currency, onFilter }: { ins: Insights; currency: string; onFilter: (filter: TxFilter) => void }) {
  const years = spansYears(ins.months);
  const data = ins.cashflow.map((m) => ({ month: m.month, income: m.incomeMinor, spending: m.spendingMinor }));
  const income = ins.cashflow.reduce((s, m) => s + m.incomeMinor, 0);
  const spending = ins.cashflow.reduce((s, m) => s + m.spendingMinor, 0);
  const summary = `Income ${fullMoney(income, currency)} and spending ${fullMoney(spending, currency)} over ${ins.months.length} month${ins.months.length === 1 ? '' : 's'}; `
    + `net ${fullMoney(income - spending, currency)}.`;
  const monthOf = (i: number) => ins.months[i];
  const axisWidth = valueAxisWidth(ins.cashflow.flatMap((m) => [m.incomeMinor, m.spendingMinor]), currency);

  const table = (
    <table className="chart-table" data-testid="cashflow-table">
      <caption className="visually-hidden">Income and spending by month, {currency}; choose an amount to see its transactions</caption>
      <thead>
        <tr>
          <th scope="col">Month</th>
          <th scope="col" className="chart-table__num">Income</th>
          <th scope="col" className="chart-table__num">Spending</th>
          <th scope="col" className="chart-table__num">Net</th>
        </tr>
      </thead>
      <tbody>
        {ins.cashflow.map((m) => (
          <tr key={m.month}>
            <th scope="row">{monthName(m.month)}</th>
            <td className="chart-table__num">
              <button type="button" className="chart-table__link amount" onClick={() => onFilter(incomeMonthFilter(ins, m))}
                aria-label={`Income, ${monthName(m.month)}: ${fullMoney(m.incomeMinor, currency)}. Show these transactions`}>
                {fullMoney(m.incomeMinor, currency)}
              </button>
            </td>
            <td className="chart-table__num">
              <button type="button" className="chart-table__link amount" onClick={() => onFilter(spendingMonthFilter(ins, m))}
                aria-label={`Spending, ${monthName(m.month)}: ${fullMoney(m.spendingMinor, currency)}. Show these transactions`}>
                {fullMoney(m.spendingMinor, currency)}
              </button>
            </td>
            <td className="chart-table__num amount">{fullMoney(m.incomeMinor - m.spendingMinor, currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <ChartCard title="Income vs spending" hint="Per month." summary={summary} table={table} testId="chart-cashflow" empty={income === 0 && spending === 0 ? `No income or spending in ${currency} in this period.` : null}>
      <div className="chart-card__plot chart-card__plot--tall" data-testid="chart-plot">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={CHART_MARGIN} barGap={3} barCategoryGap="24%" maxBarSize={28}>
            <CartesianGrid vertical={false} stroke={GRID_STROKE} />
            <XAxis dataKey="month" tickFormatter={(m: string) => monthTick(m, years)} tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} />
            <YAxis width={axisWidth} tickFormatter={(v: number) => compactMoney(v, currency)} tick={AXIS_TICK} axisLine={false} tickLine={false} />
            <Tooltip cursor={CURSOR_FILL} content={moneyTooltip({ currency, title: monthName, keepOrder: true })} />
            <Legend formatter={legendLabel} itemSorter={null} iconType="circle" iconSize={9} wrapperStyle={{ paddingTop: 8 }} />
            <Bar dataKey="income" name="Income" fill="var(--chart-income)" radius={[3, 3, 0, 0]} isAnimationActive={false}
              shape={taggedBar('income', (i) => monthOf(i)?.month)}
              onClick={(item) => {
                const m = monthOf(item.originalDataIndex);
                if (m) onFilter(incomeMonthFilter(ins, m));
              }} />
            <Bar dataKey="spending" name="Spending" fill="var(--chart-spending)" radius={[3, 3, 0, 0]} isAnimationActive={false}
              shape={taggedBar('spending', (i) => monthOf(i)?.month)}
              onClick={(item) => {
                const m = monthOf(item.originalDataIndex);
                if (m) onFilter(spendingMonthFilter(ins, m));
              }} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
