'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { unshareShortlist as unshare } from '@/lib/data/shortlists';
import { failure, formString, type ActionResult } from '../_lib/action-result';
import { actionForm } from '@/lib/api/action-form';

export async function unshareShortlist(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('shortlists.share');
    const id = formString(formData, 'shortlistId');
    await unshare(await getDb(), actor, id, formString(formData, 'userId'));
    revalidatePath(`/shortlists/${id}`);
    return { ok: true, message: 'No longer shared with them.' };
  } catch (err) {
    return failure(err);
  }
}
