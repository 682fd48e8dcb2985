'use client';
// The ranked employees of a role with a way to act on them: tick people, then compare 2-4 of them
// against this role, add them to a shortlist (scored against the role's requirements), or export
// the whole ranking (every page, same filters) as CSV.
import Link from 'next/link';
import { useState } from 'react';
import { MatchMeter } from '@/components/roles/match-meter';
import { AddToShortlistForm, type ShortlistOption } from '@/components/search/add-to-shortlist-form';
import { buttonClasses } from '@/components/ui/button';
import { useHydrated } from '@/components/ui/hydrated';
import { UntrustedMark } from '@/components/ui/untrusted-mark';
import { MAX_COMPARE } from '@/lib/domain/compare';
import { levelName } from '@/lib/domain/levels';
import type { RankedEmployee } from '@/lib/data/roles';

export function RankingTable({
  hits,
  rankOffset,
  base,
  roleId,
  roleName,
  canPlan,
  shortlists,
  canShortlist,
  requirementParams,
  exportHref,
}: {
  hits: RankedEmployee[];
  rankOffset: number;
  base: string;
  roleId: string;
  roleName: string;
  canPlan: boolean;
  shortlists: ShortlistOption[];
  canShortlist: boolean;
  /** The role's requirements as search URL params, so a new shortlist is scored against them. */
  requirementParams: string;
  exportHref: string;
}) {
  const [selected, setSelected] = useState<string[]>([]);
  // A box ticked before hydration would be unticked by React's first render (see components/ui/hydrated.tsx).
  const hydrated = useHydrated();
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const canCompare = selected.length >= 2 && selected.length <= MAX_COMPARE;
  const names = new Map(hits.map((h) => [h.personId, h.name]));
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="ranking-actions">
        <span className="text-slate-600" aria-live="polite">
          {selected.length === 0 ? 'Tick people to compare or shortlist them.' : `${selected.length} selected: ${selected.map((id) => names.get(id)).join(', ')}`}
        </span>
        {canCompare ? (
          <Link className={buttonClasses('secondary', 'sm')} href={`/compare?ids=${selected.map(encodeURIComponent).join(',')}&role=${encodeURIComponent(roleId)}`}>
            Compare {selected.length}
          </Link>
        ) : (
          selected.length > 0 && <span className="text-xs text-slate-600">Select 2 to {MAX_COMPARE} people to compare.</span>
        )}
        {canShortlist && selected.length > 0 && <AddToShortlistForm personIds={selected} shortlists={shortlists} searchParams={requirementParams} scoringLabel={`the role profile “${roleName}”`} />}
        <a className={`${buttonClasses('secondary', 'sm')} ml-auto`} href={exportHref} download>
          Export CSV
        </a>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm" data-testid="role-ranking">
          <caption className="sr-only">Employees ranked by match against the role</caption>
          <thead className="bg-slate-50 text-left text-xs text-slate-600">
            <tr>
              <th scope="col" className="w-8 px-3 py-2">
                <span className="sr-only">Select</span>
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                #
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Employee
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Match
              </th>
              {hits[0]!.breakdown.map((b) => (
                <th scope="col" key={b.skillId} className="max-w-28 px-2 py-2 align-bottom font-medium" title={`${b.skillName}: ${levelName(b.required)} required`}>
                  <span className="line-clamp-2">{b.skillName}</span>
                  <span className="block font-normal text-slate-500">{levelName(b.required)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {hits.map((h, i) => (
              <tr key={h.personId} data-testid="ranked-employee">
                <td className="px-3 py-2">
                  <input type="checkbox" className="h-4 w-4" aria-label={`Select ${h.name}`} checked={selected.includes(h.personId)} disabled={!hydrated} onChange={() => toggle(h.personId)} />
                </td>
                <td className="px-3 py-2 text-slate-600">{rankOffset + i + 1}</td>
                <td className="px-3 py-2">
                  {canPlan ? (
                    <Link href={`${base}/people/${encodeURIComponent(h.personId)}`} className="font-medium text-brand-700 hover:underline">
                      {h.name}
                    </Link>
                  ) : (
                    <span className="font-medium">{h.name}</span>
                  )}
                  <p className="text-xs text-slate-600">{h.headline}</p>
                  {h.missedEssentials.length > 0 && <p className="text-xs text-amber-800">Misses essential: {h.missedEssentials.join(', ')}</p>}
                </td>
                <td className="px-3 py-2">
                  <MatchMeter percent={h.matchPercent} />
                  <p className="text-xs text-slate-600">
                    {h.metCount} of {h.breakdown.length} met
                  </p>
                </td>
                {h.breakdown.map((b) => (
                  <td
                    key={b.skillId}
                    className={`px-2 py-2 text-xs ${b.met ? 'text-emerald-800' : 'text-slate-600'}`}
                    aria-label={`${b.skillName}: ${b.achieved > 0 ? levelName(b.achieved) : 'none'}${b.untrusted ? ' (issuer not on your trusted list)' : ''}, ${levelName(b.required)} required, ${b.met ? 'met' : 'not met'}`}
                  >
                    <span aria-hidden className={b.met ? 'text-emerald-600' : b.essential ? 'text-red-600' : 'text-slate-400'}>
                      {b.met ? '✓' : '✗'}
                    </span>{' '}
                    {b.achieved > 0 ? levelName(b.achieved) : 'none'}
                    {b.untrusted && b.achieved > 0 && (
                      <span aria-hidden className="ml-1">
                        <UntrustedMark compact />
                      </span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
