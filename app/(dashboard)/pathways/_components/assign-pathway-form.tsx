'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { assignPathwayAction, type AssignPathwayState } from '../_actions/assign-pathway';

const fieldClass = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500';

/** Assign the pathway shown on the plan page: an optional target date and note; lands on the new assignment. */
export function AssignPathwayForm({ personId, personName, roleId, roleName, stepCount, today }: { personId: string; personName: string; roleId: string; roleName: string; stepCount: number; today: string }) {
  const [state, formAction, pending] = useActionState<AssignPathwayState, FormData>(assignPathwayAction, {});
  const dateError = state.fieldErrors?.targetDate?.[0];
  const noteError = state.fieldErrors?.note?.[0];
  return (
    <form action={formAction} className="space-y-3" aria-describedby="assign-pathway-help">
      <p id="assign-pathway-help" className="text-sm text-slate-700">
        Assign these {stepCount} step{stepCount === 1 ? '' : 's'} to {personName} as their pathway to {roleName}. Each step shows not started, started or earned, and
        moves by itself as their credentials are imported or re-verified.
      </p>
      <input type="hidden" name="personId" value={personId} />
      <input type="hidden" name="roleId" value={roleId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="assign-target-date" className="block text-sm font-medium text-slate-700">
            Target date <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id="assign-target-date"
            name="targetDate"
            type="date"
            min={today}
            className={fieldClass}
            aria-invalid={dateError ? true : undefined}
            aria-describedby={dateError ? 'assign-target-date-error' : undefined}
          />
          {dateError && (
            <p id="assign-target-date-error" className="mt-1 text-sm text-red-700">
              {dateError}
            </p>
          )}
        </div>
        <div>
          <label htmlFor="assign-note" className="block text-sm font-medium text-slate-700">
            Note <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id="assign-note"
            name="note"
            maxLength={1000}
            className={fieldClass}
            aria-invalid={noteError ? true : undefined}
            aria-describedby={noteError ? 'assign-note-error' : undefined}
          />
          {noteError && (
            <p id="assign-note-error" className="mt-1 text-sm text-red-700">
              {noteError}
            </p>
          )}
        </div>
      </div>
      {state.error && (
        <Alert tone="error">
          {state.error}
          {state.existingId && (
            <>
              {' '}
              <Link href={`/pathways/${encodeURIComponent(state.existingId)}`} className="underline">
                Open the assigned pathway
              </Link>
            </>
          )}
        </Alert>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? 'Assigning…' : 'Assign this pathway'}
      </Button>
    </form>
  );
}
