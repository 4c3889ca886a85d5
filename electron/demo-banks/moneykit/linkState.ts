/** A link as MoneyKit shows it (LinkCommon), and the error each link state answers link-scoped calls with. */
import { MoneykitApiError } from './errors';
import type { Context } from './http';
import type { LinkRecord } from './linkStore';
import { INSTITUTION, type LinkCommonWire } from './wire';

function linkState(link: LinkRecord): Pick<LinkCommonWire, 'state' | 'error_code'> {
  if (link.deletedAt !== null || link.faults.deleted === true) return { state: 'deleted', error_code: null };
  if (link.faults.authExpired === true) return { state: 'error', error_code: 'auth_expired' };
  return { state: 'connected', error_code: null };
}

export function linkWire(link: LinkRecord): LinkCommonWire {
  // The institution was last read at the later of an accepted refresh and the ledger's last step
  // (elapsed time and the admin `advance` step it too): the feed's pendings change exactly then.
  const lastStep = link.ledger.stepTimes.at(-1);
  const refreshedMs = Math.max(link.refreshedAt.getTime(), lastStep === undefined ? 0 : Date.parse(lastStep));
  const refreshed = new Date(refreshedMs).toISOString();
  const attempted = link.lastRefreshAt === null ? refreshed : new Date(link.lastRefreshAt).toISOString();
  const product = { refreshed_at: refreshed, last_attempted_at: attempted, error_code: null, error_message: null };
  return {
    link_id: link.linkId,
    institution_id: INSTITUTION.id,
    institution_name: INSTITUTION.name,
    institution_avatar: null,
    ...linkState(link),
    last_synced_at: refreshed,
    provider: 'moneykit',
    link_tags: [],
    tags: [],
    webhook: null,
    products: { accounts: product, transactions: { ...product, has_history: true } },
    available_products: ['accounts', 'transactions'],
  };
}

/** The link a link-scoped call addresses, or the error MoneyKit answers for its state. */
export function resolveLink(ctx: Context, options: { allowBadState: boolean; allowDeleted?: boolean }): LinkRecord {
  const link = ctx.store.link(ctx.params.linkId ?? '');
  if (link === undefined) throw new MoneykitApiError('link_error.not_found');
  const deleted = link.deletedAt !== null || link.faults.deleted === true;
  if (deleted && options.allowDeleted !== true) throw new MoneykitApiError('link_error.deleted');
  if (link.faults.authExpired === true && !options.allowBadState) {
    throw new MoneykitApiError('link_error.bad_state', {
      message: 'The link needs the user to sign in to their institution again.',
      linkErrorCode: 'auth_expired',
    });
  }
  return link;
}
