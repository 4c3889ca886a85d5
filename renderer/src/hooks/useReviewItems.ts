import { useLiveQuery } from 'dexie-react-hooks';
import { loadReviewItems, type ReviewItem } from '../ui/review/reviewSources';
import { useLedgerline } from './useLedgerline';

/** Every open item of the review inbox, live (undefined while first read). */
export function useReviewItems(): ReviewItem[] | undefined {
  const { db } = useLedgerline();
  return useLiveQuery(() => loadReviewItems(db), [db]);
}

/** How many items wait in the review inbox: the top bar's count. */
export function useReviewCount(): number {
  return useReviewItems()?.length ?? 0;
}
