'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { deleteSavedSearch as remove } from '@/lib/data/saved-searches';
import { failure, formString, type ActionResult } from '../../shortlists/_lib/action-result';
import { actionForm } from '@/lib/api/action-form';

export async function deleteSavedSearch(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('searches.save');
    await remove(await getDb(), actor, formString(formData, 'id'));
    revalidatePath('/search');
    return { ok: true, message: 'Saved search deleted.' };
  } catch (err) {
    return failure(err);
  }
}
