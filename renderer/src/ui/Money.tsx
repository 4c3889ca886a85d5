import { formatMoney } from '../../../shared/money';

/** An amount as the lists show it: tabular figures, inflows green with a "+". */
export function Money({ minor, currency, className = '' }: { minor: number; currency: string; className?: string }) {
  const inflow = minor > 0;
  return <span className={`amount${inflow ? ' amount--in' : ''} ${className}`.trim()}>{formatMoney(minor, currency, { signed: inflow })}</span>;
}
