'use server';

import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { isAppError } from '@/lib/domain/app-error';
import { getSearchEngine } from '@/lib/search/get-search-engine';
import { runReindexInBackground } from '@/lib/data/reindex-job';

/**
 * Starts a full reindex in this server process (or joins the one running) and names it by its start
 * time; the page polls GET /admin/reindex-status and follows only that run.
 */
export async function startReindexAction(): Promise<{ startedAt?: string; error?: string }> {
  try {
    const actor = await requireActor('admin.manage');
    const db = await getDb();
    const engine = await getSearchEngine(db);
    const run = runReindexInBackground(db, engine, actor.id);
    return { startedAt: run.startedAt ?? undefined };
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    console.error('[admin] reindex failed to start', err);
    return { error: 'The reindex could not start. Please try again.' };
  }
}
