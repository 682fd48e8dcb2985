'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { deleteShortlist as remove } from '@/lib/data/shortlists';
import { failure, formString, type ActionResult } from '../_lib/action-result';
import { actionForm } from '@/lib/api/action-form';

export async function deleteShortlist(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('shortlists.manage');
    await remove(await getDb(), actor, formString(formData, 'shortlistId'));
  } catch (err) {
    return failure(err);
  }
  revalidatePath('/shortlists');
  // redirect throws by design, so it sits outside the try.
  redirect('/shortlists?deleted=1');
}
