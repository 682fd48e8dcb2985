'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { setShortlistRole as setRole } from '@/lib/data/shortlists';
import { failure, formString, type ActionResult } from '../_lib/action-result';
import { actionForm } from '@/lib/api/action-form';

/** Score the shortlist's members against a role profile (empty `roleId`: against nothing). */
export async function setShortlistRole(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('shortlists.manage');
    const id = formString(formData, 'shortlistId');
    const roleId = formString(formData, 'roleId');
    await setRole(await getDb(), actor, id, roleId);
    revalidatePath(`/shortlists/${id}`);
    return { ok: true, message: roleId ? 'Members are now scored against the role.' : 'Scoring cleared.' };
  } catch (err) {
    return failure(err);
  }
}
