/** Balance over time per account: one line each, reconstructed from today's balance backwards. */
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Insights } from '../../insights/computeInsights';
import { accountFilter } from '../../insights/filters';
import type { TxFilter } from '../../search/filter';
import { ChartCard } from './ChartCard';
import { AXIS_LINE, AXIS_TICK, CHART_MARGIN, GRID_STROKE, legendLabel } from './chartParts';
import { compactMoney, dayName, dayTick, fullMoney, monthName, seriesColor, valueAxisWidth } from './chartFormat';
import { moneyTooltip } from './ChartTooltip';

/** The index of the last day of each month in `days` (the table shows month-end balances). */
function monthEnds(days: readonly string[]): number[] {
  const ends: number[] = [];
  for (let i = 0; i < days.length; i++) {
    if (i === days.length - 1 || days[i + 1]?.slice(0, 7) !== days[i]?.slice(0, 7)) ends.push(i);
  }
  return ends;
}

export function BalanceChart({ ins, currency, onFilter }: { ins: Insights; currency: string; onFilter: (filter: TxFilter) => void }) {
  const keys = ins.balances.map((_, i) => `a${i}`);
  const data = ins.days.map((day, d) => {
    const row: Record<string, string | number> = { day };
    ins.balances.forEach((b, i) => {
      row[keys[i] ?? `a${i}`] = b.points[d] ?? 0;
    });
    return row;
  });
  const ends = monthEnds(ins.days);
  const extremes = ins.balances.flatMap((b) => [Math.min(...b.points), Math.max(...b.points)]);
  const axisWidth = valueAxisWidth(extremes, currency);
  const lastDay = ins.days.at(-1) ?? '';
  const summary = ins.balances.length === 0
    ? `No accounts in ${currency} with a known balance.`
    : `Balances on ${dayName(lastDay)}: ${ins.balances.map((b) => `${b.name} ${fullMoney(b.points.at(-1) ?? 0, currency)}`).join(', ')}. `
      + `Owed amounts (cards, loans) are negative.`;

  const table = (
    <div className="chart-table__scroll">
      <table className="chart-table" data-testid="balance-table">
        <caption className="visually-hidden">Balance at the end of each month, {currency}</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            {ends.map((d) => <th scope="col" key={d} className="chart-table__num">{d === ins.days.length - 1 ? dayTick(ins.days[d] ?? '') : monthName(ins.days[d]?.slice(0, 7) ?? '')}</th>)}
          </tr>
        </thead>
        <tbody>
          {ins.balances.map((b) => (
            <tr key={b.accountId}>
              <th scope="row">
                <button type="button" className="chart-table__link" onClick={() => onFilter(accountFilter(ins, b.accountId))}
                  aria-label={`${b.name}: show its transactions`}>
                  {b.name}
                </button>
              </th>
              {ends.map((d) => <td key={d} className="chart-table__num amount">{fullMoney(b.points[d] ?? 0, currency)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  return (
    <ChartCard title="Balance over time" hint="End of each day; cards and loans show what is owed as negative." summary={summary} table={table} testId="chart-balances" empty={ins.balances.length === 0 ? `No ${currency} bank, card or loan account with a known balance (investment accounts move with the market, so they are not drawn here).` : null} wide>
      <div className="chart-card__plot" data-testid="chart-plot">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={CHART_MARGIN}>
            <CartesianGrid vertical={false} stroke={GRID_STROKE} />
            <XAxis dataKey="day" tickFormatter={dayTick} tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} minTickGap={28} />
            <YAxis width={axisWidth} tickFormatter={(v: number) => compactMoney(v, currency)} tick={AXIS_TICK} axisLine={false} tickLine={false} />
            <ReferenceLine y={0} stroke="var(--border-strong)" />
            <Tooltip cursor={{ stroke: 'var(--border-strong)' }} content={moneyTooltip({ currency, title: dayName })} />
            <Legend formatter={legendLabel} itemSorter={null} iconType="plainline" iconSize={14} wrapperStyle={{ paddingTop: 8 }} />
            {ins.balances.map((b, i) => (
              <Line key={b.accountId} dataKey={keys[i] ?? `a${i}`} name={b.name} type="stepAfter" dot={false} strokeWidth={2}
                stroke={seriesColor(i)} isAnimationActive={false} activeDot={{ r: 4, strokeWidth: 0 }} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
