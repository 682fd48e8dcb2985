'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { canSeeCredential } from '@/lib/data/people';
import { reverifyCredential as reverify } from '@/lib/data/reverify-credential';
import { AppError } from '@/lib/domain/app-error';
import { failure, formString, type ActionResult } from '../../../shortlists/_lib/action-result';
import { actionForm } from '@/lib/api/action-form';

/** Re-run verification on one stored credential; the person's levels follow the new verdict. */
export async function reverifyCredential(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('credentials.reverify');
    const db = await getDb();
    const credentialId = formString(formData, 'credentialId');
    // Same answer for unknown and hidden: the credential of someone you may not see does not exist for you.
    const personId = await canSeeCredential(db, actor, credentialId);
    if (!personId) throw new AppError('not_found', 'This credential does not exist or is not visible to you.');
    const result = await reverify(db, actor, credentialId);
    revalidatePath(`/people/${personId}`);
    return { ok: true, message: result.message };
  } catch (err) {
    return failure(err);
  }
}
