'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { removeFromShortlist as remove, removeHiddenMembers } from '@/lib/data/shortlists';
import { failure, formString, type ActionResult } from '../_lib/action-result';
import { actionForm } from '@/lib/api/action-form';

/** Remove one person, or (personId "hidden") everyone the owner can no longer see. */
export async function removeFromShortlist(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('shortlists.manage');
    const id = formString(formData, 'shortlistId');
    const personId = formString(formData, 'personId');
    const db = await getDb();
    let message = 'Removed from the shortlist.';
    if (personId === 'hidden') {
      const n = await removeHiddenMembers(db, actor, id);
      message = `Removed ${n} ${n === 1 ? 'person' : 'people'} you can no longer see.`;
    } else {
      await remove(db, actor, id, personId);
    }
    revalidatePath(`/shortlists/${id}`);
    revalidatePath('/shortlists');
    return { ok: true, message };
  } catch (err) {
    return failure(err);
  }
}
