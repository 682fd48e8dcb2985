'use client';
import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { idleResult } from '../../../shortlists/_lib/action-result';
import { reverifyCredential } from '../_actions/reverify-credential';

export function ReverifyButton({ credentialId, name }: { credentialId: string; name: string }) {
  const [state, action, pending] = useActionState(reverifyCredential, idleResult);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="credentialId" value={credentialId} />
      <Button type="submit" size="sm" variant="secondary" disabled={pending} aria-label={`Re-verify ${name}`}>
        {pending ? 'Re-verifying…' : 'Re-verify'}
      </Button>
      {state.message && (
        <span role={state.ok ? 'status' : 'alert'} className={`text-xs ${state.ok ? 'text-emerald-700' : 'text-red-700'}`}>
          {state.message}
        </span>
      )}
    </form>
  );
}
