import { splitState } from '../../../../shared/userFields/splits';
import type { UserFields } from '../../db/schema';
import './userFields.css';

/** At most this many tag chips on a list row; the rest are counted ("+2"). */
const ROW_TAGS = 3;

/**
 * The user's own marks on a row, after its other badges: Excluded, Split (or "Split needs
 * attention" when the parts no longer sum to the amount) and the tags as `#chips`.
 */
export function UserFieldBadges({ row, allTags = false }: { row: UserFields & { amountMinor: number }; allTags?: boolean }) {
  const split = splitState(row);
  const tags = row.tags ?? [];
  const shown = allTags ? tags : tags.slice(0, ROW_TAGS);
  return (
    <>
      {row.excludedAt && (
        <span className="badge badge--excluded" data-testid="excluded-badge" title="Excluded from budgets and reports (kept, shown with is:excluded)">
          Excluded
        </span>
      )}
      {split === 'ok' && (
        <span className="badge badge--split" data-testid="split-badge" data-state="ok" title={`Split into ${row.splits?.length ?? 0} parts`}>
          Split · {row.splits?.length ?? 0}
        </span>
      )}
      {split === 'stale' && (
        <span className="badge badge--split-stale" data-testid="split-badge" data-state="stale"
          title="The amount changed since you split it: the parts no longer add up, so the row counts whole until you fix the split">
          Split needs attention
        </span>
      )}
      {shown.map((t) => (
        <span key={t} className="tag-chip" data-testid="tag-chip" data-tag={t}>#{t}</span>
      ))}
      {shown.length < tags.length && (
        <span className="tag-chip tag-chip--more" title={tags.slice(shown.length).map((t) => `#${t}`).join(' ')}>+{tags.length - shown.length}</span>
      )}
    </>
  );
}
