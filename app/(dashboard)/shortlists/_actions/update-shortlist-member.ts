'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { updateShortlistMember as update } from '@/lib/data/shortlists';
import { failure, type ActionResult } from '../_lib/action-result';
import { actionForm } from '@/lib/api/action-form';

// The form's shape; the values themselves (stage names, tag and note limits) are checked in lib/data.
const memberFormSchema = z.object({
  shortlistId: z.string().max(200),
  personId: z.string().max(200),
  note: z.string().max(20_000).optional(),
  stage: z.string().max(40).optional(),
  tags: z.string().max(2_000).optional(),
});

/** Save one member's note, pipeline stage and tags together (all or nothing). */
export async function updateShortlistMember(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('shortlists.manage');
    const form = memberFormSchema.safeParse(Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === 'string')));
    if (!form.success) return { ok: false, message: 'The form was not understood; reload the page and try again.' };
    const { shortlistId, personId, ...changes } = form.data;
    await update(await getDb(), actor, shortlistId, personId, changes);
    revalidatePath(`/shortlists/${shortlistId}`);
    return { ok: true, message: 'Saved.' };
  } catch (err) {
    return failure(err);
  }
}
