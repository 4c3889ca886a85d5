/**
 * Net worth, one card per currency (never added across currencies): the total — the sum of the
 * accounts' balances, cards and loans owed as negative —, the change this month, assets and
 * liabilities, a breakdown by account type, the daily line (netWorth/computeNetWorth.ts, in the
 * index worker), the accounts, and the holdings of SnapTrade connections.
 */
import { useId } from 'react';
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AccountKind, CurrencyNetWorth } from '../../netWorth/computeNetWorth';
import { useConnections } from '../../hooks/useConnections';
import { useNow } from '../../hooks/useNow';
import { formatMoney } from '../../../../shared/money';
import { Spinner } from '../Spinner';
import { localToday } from '../stalePending';
import { AXIS_LINE, AXIS_TICK, CHART_MARGIN, GRID_STROKE } from '../insights/chartParts';
import { compactMoney, dayName, dayTick, valueAxisWidth } from '../insights/chartFormat';
import { moneyTooltip } from '../insights/ChartTooltip';
import { useIndexAnswer } from '../budgets/useIndexAnswer';
import { HoldingsTable } from './HoldingsTable';
import '../insights/insights.css';
import '../budgets/budgets.css';

const KIND_LABEL: Record<AccountKind, string> = {
  depository: 'Cash', investment: 'Investments', other: 'Other', credit: 'Credit cards', loan: 'Loans',
};

function CurrencyCard({ nw }: { nw: CurrencyNetWorth }) {
  const titleId = useId();
  const { currency } = nw;
  const data = nw.days.map((day, i) => ({ day, total: nw.points[i] ?? 0 }));
  const scale = Math.max(1, ...nw.byKind.map((k) => Math.abs(k.minor)));
  return (
    <section className="networth-card" aria-labelledby={titleId} data-testid="networth-currency" data-currency={currency} data-total-minor={nw.totalMinor}>
      <header className="networth-card__header">
        <div>
          <h3 className="networth-card__label" id={titleId}>Net worth · {currency}</h3>
          <p className="networth-card__total amount" data-testid="networth-total">{formatMoney(nw.totalMinor, currency)}</p>
          <p className={`networth-card__change amount${nw.changeThisMonthMinor < 0 ? ' budget-left--over' : nw.changeThisMonthMinor > 0 ? ' amount--in' : ''}`} data-testid="networth-change">
            {formatMoney(nw.changeThisMonthMinor, currency, { signed: true })} this month
          </p>
        </div>
        <dl className="networth-card__split">
          <div><dt>Assets</dt><dd className="amount">{formatMoney(nw.assetsMinor, currency)}</dd></div>
          <div><dt>Liabilities</dt><dd className="amount">{formatMoney(nw.liabilitiesMinor, currency)}</dd></div>
        </dl>
      </header>
      {data.length > 1 && (
        <figure className="networth-card__plot" aria-label={`Net worth in ${currency} each day from ${dayName(nw.days[0] ?? '')} to today`} data-testid="networth-chart">
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={data} margin={CHART_MARGIN}>
              <CartesianGrid vertical={false} stroke={GRID_STROKE} />
              <XAxis dataKey="day" tickFormatter={dayTick} tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} minTickGap={36} />
              <YAxis width={valueAxisWidth(nw.points, currency)} tickFormatter={(v: number) => compactMoney(v, currency)} tick={AXIS_TICK} axisLine={false} tickLine={false} domain={['auto', 'auto']} />
              <ReferenceLine y={0} stroke="var(--border-strong)" />
              <Tooltip cursor={{ stroke: 'var(--border-strong)' }} content={moneyTooltip({ currency, title: dayName })} />
              <Area dataKey="total" name="Net worth" type="stepAfter" stroke="var(--chart-1)" fill="var(--chart-1)" fillOpacity={0.12} strokeWidth={2} isAnimationActive={false} />
            </AreaChart>
          </ResponsiveContainer>
        </figure>
      )}
      <p className="holdings__note">Each day&rsquo;s total is rebuilt from today&rsquo;s balances through your transactions; investment accounts move back only with money in and out (market moves are not in the ledger).</p>
      <div className="networth-card__columns">
        <table className="budget-table" data-testid="networth-kinds">
          <caption className="networth-card__caption">By account type</caption>
          <tbody>
            {nw.byKind.map((k) => (
              <tr key={k.kind} data-kind={k.kind}>
                <th scope="row">{KIND_LABEL[k.kind]} <span className="budget-row__count">{k.accounts}</span></th>
                <td className="budget-bar-cell">
                  <div className="budget-bar"><div className={`budget-bar__fill${k.minor < 0 ? ' budget-bar__fill--over' : ''}`} style={{ width: `${(Math.abs(k.minor) / scale) * 100}%` }} /></div>
                </td>
                <td className="budget-num amount">{formatMoney(k.minor, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="budget-table" data-testid="networth-accounts">
          <caption className="networth-card__caption">Accounts</caption>
          <tbody>
            {nw.accounts.map((a) => (
              <tr key={a.accountId} data-testid="networth-account" data-account-id={a.accountId} data-balance-minor={a.balanceMinor ?? ''}>
                <th scope="row">{a.name} <span className="budget-row__count">{KIND_LABEL[a.kind]}</span></th>
                <td className="budget-num amount">{a.balanceMinor === null ? 'Balance unknown' : formatMoney(a.balanceMinor, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function NetWorthView() {
  const today = localToday(new Date(useNow(60_000)));
  const { state, retry } = useIndexAnswer((index) => index.netWorth({ today }), [today]);
  const { connections } = useConnections();
  const titleId = useId();
  const nw = state.status === 'ready' ? state.value : null;
  const names = new Map((nw?.currencies ?? []).flatMap((c) => c.accounts.map((a) => [a.accountId, a.name] as const)));
  const brokerages = connections.filter((c) => c.provider === 'snaptrade' && c.presence !== 'gone' && c.removedAt === null);

  return (
    <section className="budgets" aria-labelledby={titleId} data-testid="networth-view" aria-busy={state.status === 'loading'}>
      <header className="insights__header">
        <div>
          <h2 className="insights__title" id={titleId}>Net worth</h2>
          <p className="insights__period">Assets minus what you owe, per currency — never added across currencies.</p>
        </div>
      </header>
      {state.status === 'loading' && (
        <div className="empty"><Spinner size="md" /><p className="empty__title">Adding up your accounts…</p></div>
      )}
      {state.status === 'error' && (
        <div className="empty" role="alert">
          <p className="empty__title">Couldn&rsquo;t compute net worth</p>
          <p className="empty__detail">{state.message}</p>
          <button type="button" className="button button--ghost button--small" onClick={retry}>Try again</button>
        </div>
      )}
      {nw && nw.currencies.length === 0 && (
        <div className="empty"><p className="empty__title">No accounts yet</p><p className="empty__detail">Add an account in the sidebar; its balance counts here after the first sync.</p></div>
      )}
      {nw?.currencies.map((c) => <CurrencyCard key={c.currency} nw={c} />)}
      {brokerages.length > 0 && (
        <section className="networth-card" data-testid="holdings-view" aria-label="Holdings">
          <h3 className="networth-card__label">Holdings</h3>
          {brokerages.map((c) => (
            <div key={c.id}>
              {brokerages.length > 1 && <p className="holdings__connection">{c.institutionName}</p>}
              <HoldingsTable connectionId={c.id} accountNames={names} />
            </div>
          ))}
        </section>
      )}
    </section>
  );
}
