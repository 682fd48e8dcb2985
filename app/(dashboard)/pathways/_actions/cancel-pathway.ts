'use server';

import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { cancelPathwayAssignment } from '@/lib/data/pathway-assignments';
import { isAppError } from '@/lib/domain/app-error';
import { actionForm } from '@/lib/api/action-form';

export async function cancelPathwayAction(form: FormData): Promise<{ error?: string }> {
  form = actionForm(form);
  const id = form.get('assignmentId');
  try {
    const actor = await requireActor('pathways.assign');
    await cancelPathwayAssignment(await getDb(), actor, typeof id === 'string' ? id : null);
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    console.error('[pathways] cancel failed', err);
    return { error: 'The pathway could not be cancelled. Please try again.' };
  }
  revalidatePath('/pathways');
  revalidatePath(`/pathways/${encodeURIComponent(String(id))}`);
  return {};
}
