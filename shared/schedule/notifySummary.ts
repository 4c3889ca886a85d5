/**
 * The text of the desktop notification after a background sync: how many new (and newly posted)
 * transactions, at which institutions, and the largest new amount. Never a description, merchant,
 * account name or number — only counts, institution names and one formatted amount.
 */
import { formatMoney } from '../money';

export interface InstitutionNews {
  institutionName: string;
  added: number;
  posted: number;
}

export interface NotificationText {
  title: string;
  body: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const BODY_MAX = 400;

export function backgroundSyncNotification(
  news: readonly InstitutionNews[],
  largest: { amountMinor: number; currency: string } | null,
  locale?: string,
): NotificationText | null {
  const byName = new Map<string, InstitutionNews>();
  for (const n of news) {
    const prev = byName.get(n.institutionName) ?? { institutionName: n.institutionName, added: 0, posted: 0 };
    byName.set(n.institutionName, { ...prev, added: prev.added + n.added, posted: prev.posted + n.posted });
  }
  const rows = [...byName.values()]
    .filter((n) => n.added + n.posted > 0)
    .sort((a, b) => b.added + b.posted - (a.added + a.posted) || a.institutionName.localeCompare(b.institutionName));
  const added = rows.reduce((s, n) => s + n.added, 0);
  const posted = rows.reduce((s, n) => s + n.posted, 0);
  if (added + posted === 0) return null;

  const title = added > 0
    ? `${plural(added, 'new transaction')}${posted > 0 ? ` · ${posted.toLocaleString('en-US')} posted` : ''}`
    : `${plural(posted, 'transaction')} posted`;

  const parts = rows.map((n) => {
    const what = [n.added > 0 && `${n.added.toLocaleString('en-US')} new`, n.posted > 0 && `${n.posted.toLocaleString('en-US')} posted`]
      .filter((p): p is string => typeof p === 'string')
      .join(', ');
    return `${n.institutionName.replace(/\s+/g, ' ').trim().slice(0, 60)}: ${what}`;
  });
  const tail = largest && added > 0
    ? ` Largest: ${formatMoney(largest.amountMinor, largest.currency, { signed: true, ...(locale ? { locale } : {}) })}.`
    : '';
  // As many institutions as fit, then "and N more".
  let body = '';
  for (let i = 0; i < parts.length; i++) {
    const rest = parts.length - i - 1;
    const candidate = `${body}${i > 0 ? '; ' : ''}${parts[i]}`;
    const more = rest > 0 ? `; and ${rest} more` : '';
    if (`${candidate}${more}.${tail}`.length > BODY_MAX) {
      body = `${body}; and ${parts.length - i} more`;
      break;
    }
    body = candidate;
  }
  return { title, body: `${body}.${tail}`.slice(0, BODY_MAX) };
}
