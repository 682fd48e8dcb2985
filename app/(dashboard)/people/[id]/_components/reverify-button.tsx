'use client';
import { startTransition, useActionState, useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { useHydrated } from '@/components/ui/hydrated';
import { idleResult } from '../../../shortlists/_lib/action-result';
import { reverifyCredential } from '../_actions/reverify-credential';

export function ReverifyButton({ credentialId, name }: { credentialId: string; name: string }) {
  const [state, action, pending] = useActionState(reverifyCredential, idleResult);
  const button = useRef<HTMLButtonElement>(null);
  const submitted = useRef(false);
  // The action is dispatched from onSubmit rather than given to <form action>: a server action on a
  // form makes React write its no-JavaScript fallback (the action's id, key and bound state as hidden
  // inputs, about 700 bytes) into the HTML of every row, ten or more a profile (issue 12 item 6). As
  // the verification report beside it, the button needs the page hydrated: disabled until then, so a
  // click is never lost.
  const hydrated = useHydrated();
  // Focus goes back to the button once the verdict is in: a disabled button would drop focus to the
  // page's start, and the profile re-renders around it with the new levels. aria-disabled (not
  // disabled) keeps the focus on the button while the check runs.
  useEffect(() => {
    if (!submitted.current || pending) return;
    submitted.current = false;
    button.current?.focus();
  }, [state, pending]);
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (pending) return;
        submitted.current = true;
        const form = new FormData(e.currentTarget);
        startTransition(() => action(form));
      }}
    >
      <input type="hidden" name="credentialId" value={credentialId} />
      <Button
        ref={button}
        type="submit"
        size="sm"
        variant="secondary"
        disabled={!hydrated}
        aria-disabled={pending || undefined}
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
