'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { parseSearchQuery } from '@/lib/data/search-people';
import { saveSearch as save } from '@/lib/data/saved-searches';
import { parseSearchParams } from '@/lib/domain/search-url';
import { failure, formString, type ActionResult } from '../../shortlists/_lib/action-result';
import { actionForm } from '@/lib/api/action-form';

/** Save the search in the current URL (`params` is its query string) under a name. */
export async function saveSearch(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('searches.save');
    const db = await getDb();
    const { query, notices } = parseSearchParams(new URLSearchParams(formString(formData, 'params').slice(0, 20_000)));
    if (notices.length) return { ok: false, message: `The search has problems to fix before saving: ${notices.join(' ')}` };
    // Unknown skills are refused here too, so a saved search always opens.
    await parseSearchQuery(query, db);
    const saved = await save(db, actor, { name: formString(formData, 'name'), query });
    revalidatePath('/search');
    return { ok: true, id: saved.id, message: `Saved as "${saved.name}".` };
  } catch (err) {
    return failure(err);
  }
}
