'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { addToShortlist as add, createShortlist } from '@/lib/data/shortlists';
import { parseSearchParams } from '@/lib/domain/search-url';
import { failure, formString, formStrings, type ActionResult } from '../_lib/action-result';
import { actionForm } from '@/lib/api/action-form';

/** Add people to an existing shortlist, or to a new one when `shortlistId` is "new" (with `name`). */
export async function addToShortlist(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('shortlists.manage');
    const db = await getDb();
    const personIds = formStrings(formData, 'personId');
    let shortlistId = formString(formData, 'shortlistId');
    // From search results: the search's requirements score the list (kept only if it has none yet).
    const { query } = parseSearchParams(new URLSearchParams(formString(formData, 'params').slice(0, 20_000)));
    const label = formString(formData, 'scoringLabel').trim().slice(0, 300) || 'the search it was built from';
    const scoring = query.requirements.length ? { requirements: query.requirements, requirementsLabel: label } : {};
    let message: string;
    if (shortlistId === 'new' || shortlistId === '') {
      const created = await createShortlist(db, actor, { name: formString(formData, 'name'), personIds, ...scoring });
      shortlistId = created.id;
      message = `Added ${personIds.length} to the new shortlist.`;
    } else {
      const { added } = await add(db, actor, shortlistId, personIds, scoring);
      const already = personIds.length - added;
      message = `Added ${added} to the shortlist${already > 0 ? ` (${already} already on it)` : ''}.`;
    }
    revalidatePath('/shortlists');
    revalidatePath(`/shortlists/${shortlistId}`);
    return { ok: true, id: shortlistId, message };
  } catch (err) {
    return failure(err);
  }
}
