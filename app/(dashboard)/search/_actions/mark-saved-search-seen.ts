'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { markSavedSearchSeen as markSeen } from '@/lib/data/saved-searches';
import { failure, formString, type ActionResult } from '../../shortlists/_lib/action-result';
import { actionForm } from '@/lib/api/action-form';

/** "Mark as seen": the people matching now are the baseline for the next visit. */
export async function markSavedSearchSeen(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('searches.save');
    await markSeen(await getDb(), actor, formString(formData, 'id'));
    revalidatePath('/search');
    return { ok: true, message: 'Marked as seen.' };
  } catch (err) {
    return failure(err);
  }
}
