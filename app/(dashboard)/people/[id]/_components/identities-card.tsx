'use client';
// The recipient identities a credential may name this person by: their email always, plus what HR
// records here. Imports attach a credential only when its recipient is one of them.
import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import type { PersonIdentity } from '@/lib/data/person-identities';
import { idleResult, type ActionResult } from '../../../shortlists/_lib/action-result';
import { addIdentity, removeIdentity } from '../_actions/manage-identity';

const KIND_LABEL: Record<PersonIdentity['kind'], string> = { email: 'Email', did: 'DID', url: 'URL', profile: 'Profile id' };

function RemoveButton({ personId, identity }: { personId: string; identity: PersonIdentity }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(removeIdentity, idleResult);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="personId" value={personId} />
      <input type="hidden" name="identityId" value={identity.id} />
      <button type="submit" disabled={pending} className="text-xs text-red-700 underline" aria-label={`Remove ${identity.value}`}>
        Remove
      </button>
      {!state.ok && <span className="ml-2 text-xs text-red-700">{state.message}</span>}
    </form>
  );
}

export function IdentitiesCard({ personId, email, identities, canManage }: { personId: string; email: string; identities: PersonIdentity[]; canManage: boolean }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(addIdentity, idleResult);
  return (
    <div className="space-y-3 text-sm" data-testid="identities">
      <p className="text-slate-600">Credentials are attached to this person only when their recipient is one of these (salted hashes of the emails included).</p>
      <ul className="space-y-1">
        <li>
          <span className="text-xs uppercase text-slate-500">Email</span> {email} <span className="text-xs text-slate-500">(profile email)</span>
        </li>
        {identities.map((i) => (
          <li key={i.id} className="flex flex-wrap items-center gap-2">
            <span className="text-xs uppercase text-slate-500">{KIND_LABEL[i.kind]}</span>
            <span className="break-all">{i.value}</span>
            {canManage && <RemoveButton personId={personId} identity={i} />}
          </li>
        ))}
      </ul>
      {canManage && (
        <form action={action} className="flex flex-wrap items-end gap-2" aria-label="Add an identity">
          <input type="hidden" name="personId" value={personId} />
          <div>
            <label htmlFor="identity-kind" className="block text-xs font-medium text-slate-600">
              Kind
            </label>
            <select id="identity-kind" name="kind" defaultValue="email" className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
              <option value="email">Email</option>
              <option value="did">DID</option>
              <option value="url">URL</option>
              <option value="profile">Profile id</option>
            </select>
          </div>
          <div className="grow">
            <label htmlFor="identity-value" className="block text-xs font-medium text-slate-600">
              Identity
            </label>
            <input id="identity-value" name="value" required maxLength={2000} className="w-full rounded-md border border-slate-300 px-2 py-1.5" placeholder="e.g. ada@university.example or did:web:ada.example" />
          </div>
          <Button type="submit" disabled={pending}>
            {pending ? 'Adding…' : 'Add identity'}
          </Button>
        </form>
      )}
      {state.message && (
        <p aria-live="polite" className={state.ok ? 'text-emerald-800' : 'text-red-700'}>
          {state.message}
          {state.fieldErrors?.value ? ` ${state.fieldErrors.value[0]}` : ''}
        </p>
      )}
    </div>
  );
}
