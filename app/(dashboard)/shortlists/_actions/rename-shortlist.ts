'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { renameShortlist as rename } from '@/lib/data/shortlists';
import { failure, formString, type ActionResult } from '../_lib/action-result';
import { actionForm } from '@/lib/api/action-form';

export async function renameShortlist(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('shortlists.manage');
    const id = formString(formData, 'shortlistId');
    await rename(await getDb(), actor, id, formString(formData, 'name'));
    revalidatePath('/shortlists');
    revalidatePath(`/shortlists/${id}`);
    return { ok: true, message: 'Renamed.' };
  } catch (err) {
    return failure(err);
  }
}
