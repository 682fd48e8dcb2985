'use client';
// The trusted-issuer list (its own section of /admin): issuers the organisation believes, with where
// the trust came from; add one by DID or URL, take one off, or import a DCC-style registry / plain list.
// Every change is audited and reaches levels, reports and the search index (lib/data/trusted-issuers.ts).
import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { importTrustedIssuersAction, setIssuerTrustAction, type IssuerTrustState } from '../_actions/set-issuer-trust';

export type TrustedIssuerRow = {
  id: string;
  name: string;
  trust: 'trusted' | 'unknown' | 'blocked';
  trustSource: string | null;
  trustChangedAt: string | null;
  credentialCount: number;
};

function Feedback({ state }: { state: IssuerTrustState }) {
  return (
    <div aria-live="polite">
      {state.error && <Alert tone="error">{state.error}</Alert>}
      {state.message && <Alert tone="success">{state.message}</Alert>}
    </div>
  );
}

function TrustToggle({ issuer, canManage }: { issuer: TrustedIssuerRow; canManage: boolean }) {
  const [state, action, pending] = useActionState<IssuerTrustState, FormData>(setIssuerTrustAction, {});
  if (!canManage) return null;
  const trusted = issuer.trust === 'trusted';
  return (
    <form action={action}>
      <input type="hidden" name="issuerId" value={issuer.id} />
      <input type="hidden" name="trusted" value={trusted ? '0' : '1'} />
      <button type="submit" disabled={pending} className={`text-sm underline ${trusted ? 'text-red-700' : 'text-brand-700'}`} aria-label={`${pending ? 'Saving…' : trusted ? 'Remove from list' : 'Trust'}: ${issuer.name}`}>
        {pending ? 'Saving…' : trusted ? 'Remove from list' : 'Trust'}
      </button>
      {state.error && <p className="text-xs text-red-700">{state.error}</p>}
    </form>
  );
}

export function TrustedIssuersSection({ issuers, canManage }: { issuers: TrustedIssuerRow[]; canManage: boolean }) {
  const [addState, addAction, adding] = useActionState<IssuerTrustState, FormData>(setIssuerTrustAction, {});
  const [importState, importAction, importing] = useActionState<IssuerTrustState, FormData>(importTrustedIssuersAction, {});
  const trusted = issuers.filter((i) => i.trust === 'trusted');
  return (
    <section aria-labelledby="trusted-issuers-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="trusted-issuers">
      <h2 id="trusted-issuers-heading" className="text-base font-semibold text-slate-900">
        Trusted issuers
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Levels from issuers on this list count in “trusted issuers only” searches; levels from any other issuer are still verified cryptographically but are marked
        “issuer not on your trusted list” on profiles, results and comparisons. {trusted.length} of {issuers.length} known issuers are trusted.
      </p>

      {canManage && (
        <div className="mt-4 grid gap-4 md:grid-cols-2">
          <form action={addAction} className="space-y-2" aria-label="Add a trusted issuer">
            <h3 className="text-sm font-semibold text-slate-800">Add an issuer</h3>
            <div>
              <label htmlFor="trust-issuer-id" className="block text-sm font-medium text-slate-700">
                DID or URL
              </label>
              <input id="trust-issuer-id" name="issuerId" required maxLength={2000} placeholder="did:web:registrar.example.edu" className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
              {addState.fieldErrors?.issuerId && <p className="mt-1 text-xs text-red-700">{addState.fieldErrors.issuerId[0]}</p>}
            </div>
            <div>
              <label htmlFor="trust-issuer-name" className="block text-sm font-medium text-slate-700">
                Name (optional)
              </label>
              <input id="trust-issuer-name" name="name" maxLength={300} className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
            </div>
            <input type="hidden" name="trusted" value="1" />
            <Button type="submit" disabled={adding}>
              {adding ? 'Adding…' : 'Trust this issuer'}
            </Button>
            <Feedback state={addState} />
          </form>
          <form action={importAction} className="space-y-2" aria-label="Import an issuer registry">
            <h3 className="text-sm font-semibold text-slate-800">Import a registry or list</h3>
            <div>
              <label htmlFor="trust-registry-file" className="block text-sm font-medium text-slate-700">
                DCC issuer registry (.json) or a list of DIDs / URLs (.txt), up to 2 MB
              </label>
              <input id="trust-registry-file" name="file" type="file" accept=".json,.txt,application/json,text/plain" className="mt-1 text-sm" />
            </div>
            <div>
              <label htmlFor="trust-registry-text" className="block text-sm font-medium text-slate-700">
                or paste it
              </label>
              <textarea id="trust-registry-text" name="text" rows={3} className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs" placeholder={'did:web:registrar.example.edu\nhttps://badges.example.org/issuer'} />
            </div>
            <div>
              <label htmlFor="trust-registry-name" className="block text-sm font-medium text-slate-700">
                Source name (optional)
              </label>
              <input id="trust-registry-name" name="sourceName" maxLength={200} placeholder="DCC Community Registry" className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
            </div>
            <Button type="submit" disabled={importing}>
              {importing ? 'Importing…' : 'Import and trust'}
            </Button>
            <Feedback state={importState} />
          </form>
        </div>
      )}

      <div className="mt-4 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Known issuers and their trust</caption>
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-2 pr-4">Issuer</th>
              <th className="py-2 pr-4">Trust</th>
              <th className="py-2 pr-4">Source</th>
              <th className="py-2 pr-4">Credentials</th>
              <th className="py-2 pr-4">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {issuers.map((i) => (
              <tr key={i.id} data-testid="issuer-row" data-issuer-id={i.id}>
                <td className="py-2 pr-4">
                  <span className="font-medium">{i.name}</span>
                  {i.name !== i.id && <span className="block break-all font-mono text-xs text-slate-500">{i.id}</span>}
                </td>
                <td className="py-2 pr-4">
                  <span className={i.trust === 'trusted' ? 'font-medium text-emerald-800' : i.trust === 'blocked' ? 'text-red-800' : 'text-slate-600'}>{i.trust === 'unknown' ? 'not trusted' : i.trust}</span>
                </td>
                <td className="py-2 pr-4 text-xs text-slate-600">
                  {i.trustSource ?? '—'}
                  {i.trustChangedAt && <span className="block">{new Date(i.trustChangedAt).toLocaleDateString('en-GB', { dateStyle: 'medium' })}</span>}
                </td>
                <td className="py-2 pr-4">{i.credentialCount}</td>
                <td className="py-2 pr-4 text-right">
                  <TrustToggle issuer={i} canManage={canManage} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
