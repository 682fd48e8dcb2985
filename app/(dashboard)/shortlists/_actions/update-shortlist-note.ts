'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { setShortlistNote } from '@/lib/data/shortlists';
import { failure, formString, type ActionResult } from '../_lib/action-result';

export async function updateShortlistNote(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  try {
    const actor = await requireActor('shortlists.manage');
    const id = formString(formData, 'shortlistId');
    await setShortlistNote(await getDb(), actor, id, formString(formData, 'personId'), formString(formData, 'note'));
    revalidatePath(`/shortlists/${id}`);
    return { ok: true, message: 'Note saved.' };
  } catch (err) {
    return failure(err);
  }
}
