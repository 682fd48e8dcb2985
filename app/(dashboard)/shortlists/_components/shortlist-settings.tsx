'use client';
import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { deleteShortlist } from '../_actions/delete-shortlist';
import { removeFromShortlist } from '../_actions/remove-from-shortlist';
import { renameShortlist } from '../_actions/rename-shortlist';
import { idleResult } from '../_lib/action-result';

export function RenameShortlistForm({ id, name }: { id: string; name: string }) {
  const [state, action, pending] = useActionState(renameShortlist, idleResult);
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="shortlistId" value={id} />
      <label className="flex flex-col text-xs text-slate-600">
        Name
        <input name="name" defaultValue={name} required maxLength={120} className="rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900" />
      </label>
      <Button type="submit" size="sm" variant="secondary" disabled={pending}>
        Rename
      </Button>
      {state.message && (
        <span role={state.ok ? 'status' : 'alert'} className={`text-xs ${state.ok ? 'text-emerald-700' : 'text-red-700'}`}>
          {state.message}
        </span>
      )}
    </form>
  );
}

export function DeleteShortlistForm({ id, name }: { id: string; name: string }) {
  const [state, action, pending] = useActionState(deleteShortlist, idleResult);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(`Delete the shortlist "${name}"? The people stay in Skillproof; only the list and its notes go.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="shortlistId" value={id} />
      <Button type="submit" size="sm" variant="danger" disabled={pending}>
        Delete shortlist
      </Button>
      {!state.ok && <span role="alert" className="ml-2 text-xs text-red-700">{state.message}</span>}
    </form>
  );
}

export function RemoveHiddenForm({ id, count }: { id: string; count: number }) {
  const [state, action, pending] = useActionState(removeFromShortlist, idleResult);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="shortlistId" value={id} />
      <input type="hidden" name="personId" value="hidden" />
      <Button type="submit" size="sm" variant="secondary" disabled={pending}>
        Remove {count === 1 ? 'them' : 'them all'}
      </Button>
      {state.message && <span className="ml-2 text-xs">{state.message}</span>}
    </form>
  );
}
