'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { setSavedSearchNotify as setNotify } from '@/lib/data/saved-searches';
import { failure, formString, type ActionResult } from '../../shortlists/_lib/action-result';
import { actionForm } from '@/lib/api/action-form';

/** Turn "notify me" on (who matches now becomes the baseline) or off; `notify` is "1" or "0". */
export async function setSavedSearchNotify(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('searches.save');
    const raw = formString(formData, 'notify');
    const on = raw === '1' ? true : raw === '0' ? false : raw;
    await setNotify(await getDb(), actor, formString(formData, 'id'), on);
    revalidatePath('/search');
    return { ok: true, message: on === true ? 'We will list people who newly match here.' : 'Notifications off.' };
  } catch (err) {
    return failure(err);
  }
}
