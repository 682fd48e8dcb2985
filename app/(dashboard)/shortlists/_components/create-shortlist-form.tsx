'use client';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import { Button } from '@/components/ui/button';
import { createShortlist } from '../_actions/create-shortlist';
import { idleResult } from '../_lib/action-result';

export function CreateShortlistForm() {
  const [state, action, pending] = useActionState(createShortlist, idleResult);
  const router = useRouter();
  useEffect(() => {
    if (state.ok && state.id) router.push(`/shortlists/${state.id}`);
  }, [state, router]);
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <label className="flex flex-col text-sm text-slate-700">
        New shortlist
        <input name="name" required maxLength={120} placeholder="e.g. Senior data engineers" className="rounded-md border border-slate-300 px-2 py-1.5 text-sm" aria-describedby="create-shortlist-message" />
      </label>
      <Button type="submit" disabled={pending}>
        {pending ? 'Creating…' : 'Create'}
      </Button>
      <p id="create-shortlist-message" role={state.ok ? 'status' : 'alert'} className={`w-full text-sm ${state.ok ? 'text-emerald-700' : 'text-red-700'}`}>
        {state.message}
      </p>
    </form>
  );
}
