'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { assignPathway } from '@/lib/data/pathway-assignments';
import { isAppError } from '@/lib/domain/app-error';
import { actionForm } from '@/lib/api/action-form';

export type AssignPathwayState = { error?: string; fieldErrors?: Record<string, string[]>; existingId?: string };

export async function assignPathwayAction(_prev: AssignPathwayState, form: FormData): Promise<AssignPathwayState> {
  form = actionForm(form);
  let id: string;
  try {
    const actor = await requireActor('pathways.assign');
    // Fields as strings; lib/data validates them (zod) and answers with field errors.
    const field = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' ? v : undefined;
    };
    ({ id } = await assignPathway(await getDb(), actor, { personId: field('personId'), roleId: field('roleId'), targetDate: field('targetDate'), note: field('note') ?? '' }));
  } catch (err) {
    if (isAppError(err)) {
      const { existingId, ...fieldErrors } = err.fieldErrors;
      return { error: err.message, fieldErrors, ...(existingId?.[0] ? { existingId: existingId[0] } : {}) };
    }
    console.error('[pathways] assign failed', err);
    return { error: 'The pathway could not be assigned. Please try again.' };
  }
  revalidatePath('/pathways');
  redirect(`/pathways/${encodeURIComponent(id)}?assigned=1`);
}
