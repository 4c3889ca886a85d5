import { useLiveQuery } from 'dexie-react-hooks';
import { loadReviewItems, REVIEW_SOURCES, type ReviewItem } from '../ui/review/reviewSources';
import { useLedgerline } from './useLedgerline';
import { usePatterns } from './usePatterns';

/**
 * Every open item of the review inbox, live (undefined while first read). Transfer questions come
 * from the pairs the index worker resolved (usePatterns); until it has answered once, there are none.
 */
export function useReviewItems(): ReviewItem[] | undefined {
  const { db } = useLedgerline();
  const pairs = usePatterns().patterns?.transfers;
  return useLiveQuery(() => loadReviewItems(db, new Date(), REVIEW_SOURCES, pairs ?? []), [db, pairs]);
}

/** How many items wait in the review inbox: the top bar's count. */
export function useReviewCount(): number {
  return useReviewItems()?.length ?? 0;
}
