'use client';
// The owner's panel: who the list is shared with (view or edit), and what members are scored against.
import { useActionState, useId } from 'react';
import { RoleCombobox, type RoleComboboxOption } from '@/components/roles/role-combobox';
import { Button } from '@/components/ui/button';
import { setShortlistRole } from '../_actions/set-shortlist-role';
import { shareShortlist } from '../_actions/share-shortlist';
import { unshareShortlist } from '../_actions/unshare-shortlist';
import { idleResult, type ActionResult } from '../_lib/action-result';

export type ShareRow = { userId: string; name: string; email: string; access: 'view' | 'edit' };
export type ColleagueOption = { id: string; name: string; email: string; role: string };

function Message({ state }: { state: ActionResult }) {
  if (!state.message) return null;
  return (
    <p role={state.ok ? 'status' : 'alert'} className={`text-xs ${state.ok ? 'text-emerald-700' : 'text-red-700'}`}>
      {state.message}
    </p>
  );
}

function UnshareButton({ shortlistId, share }: { shortlistId: string; share: ShareRow }) {
  const [state, action, pending] = useActionState(unshareShortlist, idleResult);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="shortlistId" value={shortlistId} />
      <input type="hidden" name="userId" value={share.userId} />
      <Button type="submit" size="sm" variant="ghost" disabled={pending} aria-label={`Stop sharing with ${share.name}`}>
        Stop sharing
      </Button>
      {!state.ok && <Message state={state} />}
    </form>
  );
}

export function ShortlistSharing({ shortlistId, shares, colleagues, canShare }: { shortlistId: string; shares: ShareRow[]; colleagues: ColleagueOption[]; canShare: boolean }) {
  const [state, action, pending] = useActionState(shareShortlist, idleResult);
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id={`${id}-h`} className="text-sm font-semibold text-slate-900">
        Shared with
      </h2>
      {shares.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">Only you. Share it so colleagues can follow or update the pipeline.</p>
      ) : (
        <ul className="mt-1 divide-y divide-slate-100 text-sm" data-testid="shortlist-shares">
          {shares.map((s) => (
            <li key={s.userId} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
              <span>
                {s.name} <span className="text-xs text-slate-600">{s.email}</span> · {s.access === 'edit' ? 'can edit' : 'can view'}
              </span>
              {canShare && <UnshareButton shortlistId={shortlistId} share={s} />}
            </li>
          ))}
        </ul>
      )}
      {canShare && (
        <form action={action} className="mt-3 flex flex-wrap items-end gap-2">
          <input type="hidden" name="shortlistId" value={shortlistId} />
          <label className="flex min-w-0 flex-1 flex-col text-xs text-slate-600" htmlFor={`${id}-email`}>
            Colleague’s e-mail
            <input id={`${id}-email`} name="email" type="email" required list={`${id}-colleagues`} autoComplete="off" placeholder="name@company" className="mt-0.5 min-w-48 rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900" />
          </label>
          <datalist id={`${id}-colleagues`}>
            {colleagues.map((c) => (
              <option key={c.id} value={c.email}>
                {c.name} ({c.role})
              </option>
            ))}
          </datalist>
          <label className="flex flex-col text-xs text-slate-600" htmlFor={`${id}-access`}>
            Access
            <select id={`${id}-access`} name="access" defaultValue="view" className="mt-0.5 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900">
              <option value="view">Can view</option>
              <option value="edit">Can edit</option>
            </select>
          </label>
          <Button type="submit" size="sm" variant="secondary" disabled={pending}>
            Share
          </Button>
          <div className="w-full">
            <Message state={state} />
          </div>
        </form>
      )}
    </section>
  );
}

export function ShortlistScoring({ shortlistId, roles, label, canManage }: { shortlistId: string; roles: RoleComboboxOption[]; label: string; canManage: boolean }) {
  const [state, action] = useActionState(setShortlistRole, idleResult);
  return (
    <section aria-label="Scoring" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="text-sm font-semibold text-slate-900">Scored against</h2>
      <p className="mt-1 text-sm text-slate-700">{label ? <>Members are scored against {label}.</> : <>Nothing yet: add people from a search with requirements, or pick a role profile.</>}</p>
      {canManage && roles.length > 0 && (
        <form action={action} className="mt-2">
          <input type="hidden" name="shortlistId" value={shortlistId} />
          <RoleCombobox roles={roles} name="roleId" label="Score against a role profile" noneLabel={label ? 'No requirements (clear the scoring)' : 'No requirements'} submitOnPick />
          <Message state={state} />
        </form>
      )}
    </section>
  );
}
