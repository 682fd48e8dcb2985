'use client';
// Saved searches: save the current search under a unique name; each saved one shows every filter in
// words, and with "Notify me" on, the people who newly match since the last visit (in-app).
import Link from 'next/link';
import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { idleResult, type ActionResult } from '../../shortlists/_lib/action-result';
import { deleteSavedSearch } from '../_actions/delete-saved-search';
import { markSavedSearchSeen } from '../_actions/mark-saved-search-seen';
import { saveSearch } from '../_actions/save-search';
import { setSavedSearchNotify } from '../_actions/set-saved-search-notify';

export type SavedSearchItem = {
  id: string;
  name: string;
  href: string;
  summary: string[];
  notify: boolean;
  lastSeenAt: string | null;
  newMatches: { personId: string; name: string; headline: string }[] | null;
  newMatchesProblem: string | null;
};

const MAX_LISTED = 10;

function Feedback({ state }: { state: ActionResult }) {
  if (!state.message) return null;
  return (
    <p role={state.ok ? 'status' : 'alert'} className={`mt-1 text-xs ${state.ok ? 'text-emerald-700' : 'text-red-700'}`}>
      {state.message}
    </p>
  );
}

function SavedSearchEntry({ s }: { s: SavedSearchItem }) {
  const [delState, remove] = useActionState(deleteSavedSearch, idleResult);
  const [notifyState, toggleNotify, toggling] = useActionState(setSavedSearchNotify, idleResult);
  const [seenState, markSeen, marking] = useActionState(markSavedSearchSeen, idleResult);
  const news = s.newMatches ?? [];
  return (
    <li className="py-2" data-testid="saved-search">
      <div className="flex items-start justify-between gap-2">
        <Link href={s.href} className="min-w-0 break-words font-medium text-brand-700 hover:underline">
          {s.name}
        </Link>
        {news.length > 0 && (
          <span className="shrink-0 rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white" data-testid="new-count">
            {news.length} new
          </span>
        )}
      </div>
      <ul className="mt-1 list-disc pl-4 text-xs text-slate-600" aria-label={`Filters of ${s.name}`} data-testid="saved-search-summary">
        {s.summary.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
      {s.notify && news.length > 0 && (
        <div className="mt-2 rounded-md bg-brand-50 p-2 text-xs" data-testid="new-matches">
          <p className="font-medium text-slate-900">
            New since {s.lastSeenAt ? new Date(s.lastSeenAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC' : 'your last visit'}:
          </p>
          <ul className="mt-1 space-y-0.5">
            {news.slice(0, MAX_LISTED).map((m) => (
              <li key={m.personId}>
                <Link href={`/people/${m.personId}`} className="text-brand-700 underline">
                  {m.name}
                </Link>{' '}
                <span className="text-slate-600">{m.headline}</span>
              </li>
            ))}
          </ul>
          {news.length > MAX_LISTED && (
            <p className="mt-1">
              and {news.length - MAX_LISTED} more:{' '}
              <Link href={s.href} className="underline">
                open the search
              </Link>
            </p>
          )}
          <form action={markSeen} className="mt-1">
            <input type="hidden" name="id" value={s.id} />
            <Button type="submit" size="sm" variant="secondary" disabled={marking}>
              Mark as seen
            </Button>
          </form>
          <Feedback state={seenState} />
        </div>
      )}
      {s.notify && news.length === 0 && !s.newMatchesProblem && <p className="mt-1 text-xs text-slate-600">No one new since your last visit.</p>}
      {s.newMatchesProblem && <p className="mt-1 text-xs text-amber-800">{s.newMatchesProblem}</p>}
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <form action={toggleNotify}>
          <input type="hidden" name="id" value={s.id} />
          <input type="hidden" name="notify" value={s.notify ? '0' : '1'} />
          <Button type="submit" size="sm" variant="ghost" disabled={toggling}>
            {s.notify ? 'Turn off “Notify me”' : 'Notify me'}
            <span className="sr-only"> of people newly matching {s.name}</span>
          </Button>
        </form>
        <form action={remove}>
          <input type="hidden" name="id" value={s.id} />
          <Button type="submit" size="sm" variant="ghost">
            Delete<span className="sr-only"> saved search {s.name}</span>
          </Button>
        </form>
      </div>
      <Feedback state={notifyState.ok ? idleResult : notifyState} />
      {!delState.ok && <Feedback state={delState} />}
    </li>
  );
}

export function SavedSearchesPanel({ saved, params, canSave }: { saved: SavedSearchItem[]; params: string; canSave: boolean }) {
  const [state, save, saving] = useActionState(saveSearch, idleResult);
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
          <input
            id="save-name"
            name="name"
            required
            maxLength={120}
            placeholder="Name this search"
            aria-invalid={state.fieldErrors?.name ? true : undefined}
            aria-describedby={state.message ? 'save-feedback' : undefined}
            className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          <Button type="submit" size="sm" variant="secondary" disabled={saving}>
            {saving ? 'Saving…' : 'Save search'}
          </Button>
        </form>
      )}
      <div id="save-feedback">
        <Feedback state={state} />
      </div>
      {saved.length === 0 ? (
        <p className="mt-2 text-xs text-slate-600">None yet. Save a search to come back to it, share its link, or be told when new people match it.</p>
      ) : (
        <ul className="mt-1 divide-y divide-slate-100 text-sm">
          {saved.map((s) => (
            <SavedSearchEntry key={s.id} s={s} />
          ))}
        </ul>
      )}
    </section>
  );
}
