'use client';
import Link from 'next/link';
import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { idleResult } from '../../shortlists/_lib/action-result';
import { deleteSavedSearch } from '../_actions/delete-saved-search';
import { saveSearch } from '../_actions/save-search';

export type SavedSearchItem = { id: string; name: string; href: string; requirementCount: number };

export function SavedSearchesPanel({ saved, params, canSave }: { saved: SavedSearchItem[]; params: string; canSave: boolean }) {
  const [state, save, saving] = useActionState(saveSearch, idleResult);
  const [delState, remove] = useActionState(deleteSavedSearch, idleResult);
  return (
    <section aria-labelledby="saved-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="saved-heading" className="text-sm font-semibold text-slate-900">
        Saved searches
      </h2>
      {canSave && (
        <form action={save} className="mt-2 flex flex-col gap-2">
          <input type="hidden" name="params" value={params} />
          <label className="sr-only" htmlFor="save-name">
            Name for this search
          </label>
          <input id="save-name" name="name" required maxLength={120} placeholder="Name this search" className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm" />
          <Button type="submit" size="sm" variant="secondary" disabled={saving}>
            {saving ? 'Saving…' : 'Save search'}
          </Button>
        </form>
      )}
      {state.message && (
        <p role={state.ok ? 'status' : 'alert'} className={`mt-1 text-xs ${state.ok ? 'text-emerald-700' : 'text-red-700'}`}>
          {state.message}
        </p>
      )}
      {saved.length === 0 ? (
        <p className="mt-2 text-xs text-slate-500">None yet. Save a search to come back to it, or to share its link with a colleague.</p>
      ) : (
        <ul className="mt-2 space-y-1 text-sm">
          {saved.map((s) => (
            <li key={s.id} className="flex items-center justify-between gap-2">
              <Link href={s.href} className="truncate text-brand-700 hover:underline">
                {s.name}
              </Link>
              <span className="flex items-center gap-1 text-xs text-slate-500">
                {s.requirementCount} skill{s.requirementCount === 1 ? '' : 's'}
                <form action={remove}>
                  <input type="hidden" name="id" value={s.id} />
                  <button type="submit" className="rounded px-1 text-slate-500 hover:bg-slate-100 hover:text-red-700" aria-label={`Delete saved search ${s.name}`}>
                    ×
                  </button>
                </form>
              </span>
            </li>
          ))}
        </ul>
      )}
      {!delState.ok && delState.message && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {delState.message}
        </p>
      )}
    </section>
  );
}
