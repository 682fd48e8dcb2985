'use client';
// Add one or more people to an existing shortlist or a new one. Used by search results and profiles.
import Link from 'next/link';
import { useActionState, useId, useState } from 'react';
import { addToShortlist } from '@/app/(dashboard)/shortlists/_actions/add-to-shortlist';
import { idleResult } from '@/app/(dashboard)/shortlists/_lib/action-result';
import { Button } from '@/components/ui/button';
import { HydratedFieldset } from '@/components/ui/hydrated';

export type ShortlistOption = { id: string; name: string; memberCount: number };

/**
 * `searchParams` (the search's own query string, from search results) lets a new or unscored
 * shortlist take the search's requirements, so its members get a match % and the CSV its levels.
 */
export function AddToShortlistForm({
  personIds,
  shortlists,
  compact = false,
  searchParams,
  scoringLabel,
}: {
  personIds: string[];
  shortlists: ShortlistOption[];
  compact?: boolean;
  searchParams?: string;
  /** Where those requirements come from, in words (default: "the search it was built from"). */
  scoringLabel?: string;
}) {
  const [state, action, pending] = useActionState(addToShortlist, idleResult);
  const [target, setTarget] = useState(shortlists[0]?.id ?? 'new');
  const disabled = personIds.length === 0 || pending;
  const id = useId();
  return (
    <form action={action} className={`flex flex-wrap items-end gap-2 ${compact ? '' : 'text-sm'}`}>
      <HydratedFieldset>
      {personIds.map((id) => (
        <input key={id} type="hidden" name="personId" value={id} />
      ))}
      {searchParams && <input type="hidden" name="params" value={searchParams} />}
      {searchParams && scoringLabel && <input type="hidden" name="scoringLabel" value={scoringLabel} />}
      <div className="flex flex-col text-xs text-slate-600">
        <label htmlFor={`${id}-list`}>Shortlist</label>
        <select id={`${id}-list`} name="shortlistId" value={target} onChange={(e) => setTarget(e.target.value)} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900">
          {shortlists.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.memberCount})
            </option>
          ))}
          <option value="new">New shortlist…</option>
        </select>
      </div>
      {target === 'new' && (
        <div className="flex flex-col text-xs text-slate-600">
          <label htmlFor={`${id}-name`}>New shortlist name</label>
          <input id={`${id}-name`} name="name" required maxLength={120} placeholder="e.g. Data engineers Q3" className="rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900" />
        </div>
      )}
      <Button type="submit" size="sm" disabled={disabled}>
        {pending ? 'Adding…' : personIds.length > 1 ? `Add ${personIds.length} to shortlist` : 'Add to shortlist'}
      </Button>
      {state.message && (
        <p role={state.ok ? 'status' : 'alert'} className={`w-full text-sm ${state.ok ? 'text-emerald-700' : 'text-red-700'}`}>
          {state.message}{' '}
          {state.ok && state.id && (
            <Link href={`/shortlists/${state.id}`} className="underline">
              Open shortlist
            </Link>
          )}
        </p>
      )}
      </HydratedFieldset>
    </form>
  );
}
