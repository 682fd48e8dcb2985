'use client';
// Results with selection: tick people, then add them to a shortlist or compare them against this search.
import Link from 'next/link';
import { useState } from 'react';
import { AddToShortlistForm, type ShortlistOption } from '@/components/search/add-to-shortlist-form';
import { buttonClasses } from '@/components/ui/button';
import { useHydrated } from '@/components/ui/hydrated';
import { UntrustedMark } from '@/components/ui/untrusted-mark';
import { levelName } from '@/lib/domain/levels';
import { MAX_COMPARE } from '@/lib/domain/compare';

export type ResultHit = {
  personId: string;
  name: string;
  headline: string;
  kind: 'employee' | 'candidate';
  department: string | null;
  location: string;
  /** Null without requirements: there is nothing to match against. */
  scorePct: number | null;
  verifiedCredentialCount: number;
  breakdown: {
    skill: string;
    name: string;
    required: number;
    achieved: number;
    met: boolean;
    untrusted: boolean;
    credentials: number;
    /** The requirement asks for at least this many verified credentials. */
    minCredentials?: number;
    /** A related skill gave partial credit (never met, never verified for this skill). */
    related?: { name: string; level: number };
  }[];
};

export function ResultsList({ hits, shortlists, queryString, canShortlist }: { hits: ResultHit[]; shortlists: ShortlistOption[]; queryString: string; canShortlist: boolean }) {
  const [selected, setSelected] = useState<string[]>([]);
  // A box ticked before hydration would be unticked by React's first render (see components/ui/hydrated.tsx).
  const hydrated = useHydrated();
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const compareHref = `/compare?ids=${selected.map(encodeURIComponent).join(',')}${queryString ? `&${queryString}` : ''}`;
  const canCompare = selected.length >= 2 && selected.length <= MAX_COMPARE;

  return (
    <div>
      <div className="sticky top-0 z-10 mb-3 flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-white/95 px-3 py-2 shadow-sm backdrop-blur" aria-label="Selected people">
        <span className="text-sm text-slate-600" aria-live="polite">
          {selected.length === 0 ? 'Tick people to shortlist or compare them.' : `${selected.length} selected`}
        </span>
        {canShortlist && selected.length > 0 && <AddToShortlistForm personIds={selected} shortlists={shortlists} searchParams={queryString} />}
        {canCompare ? (
          <Link href={compareHref} className={buttonClasses('secondary', 'sm')}>
            Compare {selected.length}
          </Link>
        ) : (
          selected.length > 0 && <span className="text-xs text-slate-500">{selected.length > MAX_COMPARE ? `Compare takes up to ${MAX_COMPARE} people.` : 'Select 2 to 4 people to compare.'}</span>
        )}
        {selected.length > 0 && (
          <button type="button" className="text-xs text-slate-600 underline" onClick={() => setSelected([])}>
            Clear selection
          </button>
        )}
      </div>
      <ol className="space-y-3" aria-label="Search results">
        {hits.map((h) => (
          <li key={h.personId} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="result">
            <div className="flex items-start gap-3">
              <input type="checkbox" className="mt-1.5 h-4 w-4" aria-label={`Select ${h.name}`} checked={selected.includes(h.personId)} disabled={!hydrated} onChange={() => toggle(h.personId)} />
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-baseline gap-x-3">
                  <Link href={`/people/${h.personId}`} className="text-base font-semibold text-brand-700 hover:underline">
                    {h.name}
                  </Link>
                  <span className="text-xs uppercase tracking-wide text-slate-500">{h.kind === 'candidate' ? 'Candidate' : `Employee${h.department ? ` · ${h.department}` : ''}`}</span>
                  {h.location && <span className="text-xs text-slate-500">{h.location}</span>}
                </div>
                {h.headline && <p className="text-sm text-slate-700">{h.headline}</p>}
                {h.breakdown.length > 0 && (
                  <ul className="mt-2 flex flex-wrap gap-2" aria-label={`How ${h.name} meets the requirements`}>
                    {h.breakdown.map((b) => (
                      <li
                        key={b.skill}
                        className={`rounded px-2 py-0.5 text-xs ${b.met ? 'bg-emerald-50 text-emerald-800' : b.related ? 'bg-amber-50 text-amber-900' : 'bg-red-50 text-red-800'}`}
                        data-testid="breakdown"
                      >
                        <span aria-hidden>{b.met ? '✓' : b.related ? '≈' : '✗'}</span> <span className="sr-only">{b.met ? 'meets' : b.related ? 'does not meet, partial credit from a related skill' : 'does not meet'}</span>
                        {b.name}: {b.achieved > 0 ? `${levelName(b.achieved)}` : 'none'}{' '}
                        {/* slate-700: slate-500 on the red and amber chips is below 4.5:1 (axe color-contrast). */}
                        <span className="text-slate-700">
                          {b.met && b.achieved > b.required ? `${b.achieved - b.required} above the minimum (${levelName(b.required)})` : `of ${levelName(b.required)}`}
                          {b.met && b.credentials > 0 ? ` · ${b.credentials} credential${b.credentials === 1 ? '' : 's'}` : ''}
                          {/* Level reached but short of the verified credentials asked for. */}
                          {!b.met && b.minCredentials !== undefined && b.achieved >= b.required
                            ? ` · ${b.credentials} of ${b.minCredentials} verified credentials asked`
                            : ''}
                        </span>
                        {b.related && (
                          <span className="ml-1 rounded bg-amber-100 px-1 font-medium" data-testid="related-evidence">
                            related: {b.related.name} ({levelName(b.related.level)}), partial credit, not verified {b.name}
                          </span>
                        )}
                        {b.untrusted && (
                          <>
                            {' '}
                            <UntrustedMark compact />
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              <div className="text-right">
                {h.scorePct !== null && (
                  <>
                    <div className="text-2xl font-semibold text-slate-900" aria-label={`Match ${h.scorePct} percent`}>
                      {h.scorePct}%
                    </div>
                    <div className="text-xs text-slate-500">match</div>
                  </>
                )}
                <div className="mt-1 text-xs text-slate-600">
                  {h.verifiedCredentialCount} verified credential{h.verifiedCredentialCount === 1 ? '' : 's'}
                </div>
              </div>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
