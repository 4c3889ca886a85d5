/** The largest merchants by spending over the period: horizontal bars; a bar shows that merchant's rows. */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Insights } from '../../insights/computeInsights';
import { merchantFilter } from '../../insights/filters';
import type { TxFilter } from '../../search/filter';
import { ChartCard } from './ChartCard';
import { AXIS_LINE, AXIS_TICK, CURSOR_FILL, GRID_STROKE, taggedBar } from './chartParts';
import { compactMoney, fullMoney } from './chartFormat';
import { moneyTooltip } from './ChartTooltip';

const ROW_HEIGHT = 30;
const LABEL_CHARS = 22;
const shorten = (name: string) => (name.length > LABEL_CHARS ? `${name.slice(0, LABEL_CHARS - 1)}…` : name);

export function MerchantsChart({ ins, currency, onFilter }: { ins: Insights; currency: string; onFilter: (filter: TxFilter) => void }) {
  const data = ins.merchants.map((m) => ({ merchant: m.merchant, spending: m.totalMinor }));
  const summary = ins.merchants.length === 0
    ? 'No spending in this period.'
    : `Largest merchants by spending: ${ins.merchants.slice(0, 5).map((m) => `${m.merchant} ${fullMoney(m.totalMinor, currency)}`).join(', ')}.`;

  const table = (
    <table className="chart-table" data-testid="merchants-table">
      <caption className="visually-hidden">Largest merchants by spending, {currency}; choose one to see its transactions</caption>
      <thead>
        <tr>
          <th scope="col">Merchant</th>
          <th scope="col" className="chart-table__num">Transactions</th>
          <th scope="col" className="chart-table__num">Spending</th>
        </tr>
      </thead>
      <tbody>
        {ins.merchants.map((m) => (
          <tr key={m.merchant}>
            <th scope="row">{m.merchant}</th>
            <td className="chart-table__num">{m.count}</td>
            <td className="chart-table__num">
              <button type="button" className="chart-table__link amount" onClick={() => onFilter(merchantFilter(ins, m.merchant))}
                aria-label={`${m.merchant}: ${fullMoney(m.totalMinor, currency)}. Show these transactions`}>
                {fullMoney(m.totalMinor, currency)}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <ChartCard title="Largest merchants" hint="By spending over the period." summary={summary} table={table} testId="chart-merchants" empty={ins.merchants.length === 0 ? `No spending in ${currency} in this period.` : null}>
      <div className="chart-card__plot" style={{ height: Math.max(160, data.length * ROW_HEIGHT + 40) }} data-testid="chart-plot">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 4 }} barCategoryGap="24%">
            <CartesianGrid horizontal={false} stroke={GRID_STROKE} />
            <XAxis type="number" tickFormatter={(v: number) => compactMoney(v, currency)} tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} />
            <YAxis type="category" dataKey="merchant" width={176} tickFormatter={shorten} tick={{ ...AXIS_TICK, fill: 'var(--text-2)' }} axisLine={false} tickLine={false} interval={0} />
            <Tooltip cursor={CURSOR_FILL} content={moneyTooltip({ currency, title: (m) => m })} />
            <Bar dataKey="spending" name="Spending" fill="var(--chart-1)" radius={[0, 3, 3, 0]} maxBarSize={20} isAnimationActive={false}
              shape={taggedBar('merchant', (i) => ins.merchants[i]?.merchant)}
              onClick={(item) => {
                const m = ins.merchants[item.originalDataIndex];
                if (m) onFilter(merchantFilter(ins, m.merchant));
              }} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
