'use server';

import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { isAppError } from '@/lib/domain/app-error';
import { getSearchEngine } from '@/lib/search/get-search-engine';
import { getReindexState, runReindexInBackground } from '@/lib/data/reindex-job';

/** Starts a full reindex in this server process; the page polls `reindexStatusAction` for progress. */
export async function startReindexAction(): Promise<{ error?: string }> {
  try {
    const actor = await requireActor('admin.manage');
    const db = await getDb();
    const engine = await getSearchEngine(db);
    runReindexInBackground(db, engine, actor.id);
    return {};
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    console.error('[admin] reindex failed to start', err);
    return { error: 'The reindex could not start. Please try again.' };
  }
}

export async function reindexStatusAction() {
  await requireActor('admin.view');
  return getReindexState();
}
