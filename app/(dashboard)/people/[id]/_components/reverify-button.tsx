'use client';
import { useActionState, useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { idleResult } from '../../../shortlists/_lib/action-result';
import { reverifyCredential } from '../_actions/reverify-credential';

export function ReverifyButton({ credentialId, name }: { credentialId: string; name: string }) {
  const [state, action, pending] = useActionState(reverifyCredential, idleResult);
  const button = useRef<HTMLButtonElement>(null);
  const submitted = useRef(false);
  // Focus goes back to the button once the verdict is in: a disabled button would drop focus to the
  // page's start, and the profile re-renders around it with the new levels. aria-disabled (not
  // disabled) keeps the focus on the button while the check runs.
  useEffect(() => {
    if (!submitted.current || pending) return;
    submitted.current = false;
    button.current?.focus();
  }, [state, pending]);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2" onSubmit={() => (submitted.current = true)}>
      <input type="hidden" name="credentialId" value={credentialId} />
      <Button
        ref={button}
        type="submit"
        size="sm"
        variant="secondary"
        aria-disabled={pending || undefined}
        onClick={(e) => {
          if (pending) e.preventDefault();
        }}
        aria-label={`Re-verify ${name}`}
      >
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
