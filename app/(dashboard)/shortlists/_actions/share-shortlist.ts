'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { shareShortlist as share } from '@/lib/data/shortlists';
import { failure, formString, type ActionResult } from '../_lib/action-result';
import { actionForm } from '@/lib/api/action-form';

/** Share with a colleague by e-mail, or change their access (view / edit). */
export async function shareShortlist(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('shortlists.share');
    const id = formString(formData, 'shortlistId');
    const shared = await share(await getDb(), actor, id, { email: formString(formData, 'email'), access: formString(formData, 'access') });
    revalidatePath(`/shortlists/${id}`);
    return { ok: true, message: `Shared with ${shared.name} (${shared.access === 'edit' ? 'can edit' : 'can view'}).` };
  } catch (err) {
    return failure(err);
  }
}
