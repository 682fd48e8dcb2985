'use client';
import Link from 'next/link';
import { useActionState, useState } from 'react';
import { Button, buttonClasses } from '@/components/ui/button';
import { MAX_COMPARE } from '@/lib/domain/compare';
import { removeFromShortlist } from '../_actions/remove-from-shortlist';
import { updateShortlistNote } from '../_actions/update-shortlist-note';
import { idleResult } from '../_lib/action-result';

export type MemberRow = { personId: string; name: string; headline: string; kind: string; location: string; department: string | null; note: string; addedAt: string };

function NoteForm({ shortlistId, member }: { shortlistId: string; member: MemberRow }) {
  const [state, action, pending] = useActionState(updateShortlistNote, idleResult);
  return (
    <form action={action} className="flex flex-col gap-1">
      <input type="hidden" name="shortlistId" value={shortlistId} />
      <input type="hidden" name="personId" value={member.personId} />
      <label className="sr-only" htmlFor={`note-${member.personId}`}>
        Note on {member.name}
      </label>
      <textarea id={`note-${member.personId}`} name="note" defaultValue={member.note} maxLength={2000} rows={2} className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm" placeholder="Add a note" />
      <div className="flex items-center gap-2">
        <Button type="submit" size="sm" variant="secondary" disabled={pending}>
          {pending ? 'Saving…' : 'Save note'}
        </Button>
        {state.message && (
          <span role={state.ok ? 'status' : 'alert'} className={`text-xs ${state.ok ? 'text-emerald-700' : 'text-red-700'}`}>
            {state.message}
          </span>
        )}
      </div>
    </form>
  );
}

function RemoveForm({ shortlistId, personId, name }: { shortlistId: string; personId: string; name: string }) {
  const [state, action, pending] = useActionState(removeFromShortlist, idleResult);
  return (
    <form action={action}>
      <input type="hidden" name="shortlistId" value={shortlistId} />
      <input type="hidden" name="personId" value={personId} />
      <Button type="submit" size="sm" variant="ghost" disabled={pending} aria-label={`Remove ${name} from the shortlist`}>
        Remove
      </Button>
      {!state.ok && <span role="alert" className="text-xs text-red-700">{state.message}</span>}
    </form>
  );
}

export function ShortlistMembers({ shortlistId, members }: { shortlistId: string; members: MemberRow[] }) {
  const [selected, setSelected] = useState<string[]>(members.length >= 2 && members.length <= MAX_COMPARE ? members.map((m) => m.personId) : []);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const canCompare = selected.length >= 2 && selected.length <= MAX_COMPARE;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className="text-slate-600" aria-live="polite">
          {selected.length} selected for comparison
        </span>
        {canCompare ? (
          <Link className={buttonClasses('secondary', 'sm')} href={`/compare?ids=${selected.map(encodeURIComponent).join(',')}`}>
            Compare {selected.length}
          </Link>
        ) : (
          <span className="text-xs text-slate-500">Select 2 to {MAX_COMPARE} people to compare.</span>
        )}
      </div>
      <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-left text-sm shadow-sm">
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="w-8 px-3 py-2">
              <span className="sr-only">Select</span>
            </th>
            <th className="px-3 py-2 font-medium">Person</th>
            <th className="px-3 py-2 font-medium">Note</th>
            <th className="px-3 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.personId} className="border-t border-slate-100 align-top" data-testid="shortlist-member">
              <td className="px-3 py-2">
                <input type="checkbox" aria-label={`Select ${m.name} to compare`} checked={selected.includes(m.personId)} onChange={() => toggle(m.personId)} />
              </td>
              <td className="px-3 py-2">
                <Link href={`/people/${m.personId}`} className="font-medium text-brand-700 hover:underline">
                  {m.name}
                </Link>
                <div className="text-xs text-slate-600">{m.headline}</div>
                <div className="text-xs text-slate-500">
                  {m.kind === 'candidate' ? 'Candidate' : `Employee${m.department ? ` · ${m.department}` : ''}`}
                  {m.location && ` · ${m.location}`} · added {m.addedAt.slice(0, 10)}
                </div>
              </td>
              <td className="w-2/5 px-3 py-2">
                <NoteForm shortlistId={shortlistId} member={m} />
              </td>
              <td className="px-3 py-2 text-right">
                <RemoveForm shortlistId={shortlistId} personId={m.personId} name={m.name} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
