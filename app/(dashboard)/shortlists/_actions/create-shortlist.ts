'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { createShortlist as create } from '@/lib/data/shortlists';
import { failure, formString, formStrings, type ActionResult } from '../_lib/action-result';
import { actionForm } from '@/lib/api/action-form';

/** Create a shortlist, optionally with people already in it (from search results or a profile). */
export async function createShortlist(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('shortlists.manage');
    const personIds = formStrings(formData, 'personId');
    const { id } = await create(await getDb(), actor, { name: formString(formData, 'name'), personIds });
    revalidatePath('/shortlists');
    return { ok: true, id, message: personIds.length ? `Created the shortlist with ${personIds.length} ${personIds.length === 1 ? 'person' : 'people'}.` : 'Shortlist created.' };
  } catch (err) {
    return failure(err);
  }
}
