import Link from 'next/link';

/**
 * Previous / "Page N of M" / Next links for a paged list. Links, not buttons, so every page has a
 * URL to share; the page outside the range simply has no link. `labels` lets a list name its
 * direction (the audit log pages from newer to older).
 */
export function Pager({
  page,
  pages,
  hrefFor,
  label = 'Pages',
  labels = { previous: '← Previous', next: 'Next →' },
  hasNext = page < pages,
}: {
  page: number;
  pages: number;
  hrefFor: (page: number) => string;
  label?: string;
  labels?: { previous: string; next: string };
  /** Whether a next page is offered (a list may stop earlier than its last page). */
  hasNext?: boolean;
}) {
  if (pages <= 1) return null;
  return (
    <nav aria-label={label} className="mt-4 flex items-center justify-between gap-3 text-sm">
      {page > 1 ? (
        <Link href={hrefFor(page - 1)} className="text-brand-700 underline" rel="prev">
          {labels.previous}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-700">
        Page {page.toLocaleString('en-GB')} of {pages.toLocaleString('en-GB')}
      </span>
      {hasNext ? (
        <Link href={hrefFor(page + 1)} className="text-brand-700 underline" rel="next">
          {labels.next}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
