import 'server-only';
// A reindex started from the admin page runs in this server process; its progress is kept on
// globalThis so that the page can poll it and a second click does not start a second run.
import type { DbOrTx } from '../db/client';
import { auditLog } from '../db/schema';
import type { ReindexProgress, SearchEngine } from '../search/engine';
import { reindexAll } from '../search/reindex';

export type ReindexState = {
  running: boolean;
  progress: ReindexProgress | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
};

const holder = globalThis as unknown as { skillproofReindex?: ReindexState };

export function getReindexState(): ReindexState {
  return holder.skillproofReindex ?? { running: false, progress: null, startedAt: null, finishedAt: null, error: null };
}

/** Starts a run unless one is going; returns the run in progress either way (its startedAt names it). */
export function runReindexInBackground(db: DbOrTx, engine: SearchEngine, actorId: string): ReindexState {
  const current = getReindexState();
  if (current.running) return current;
  const state: ReindexState = { running: true, progress: null, startedAt: new Date().toISOString(), finishedAt: null, error: null };
  holder.skillproofReindex = state;
  void (async () => {
    try {
      await db.insert(auditLog).values({ actorId, action: 'index.reindex', subjectType: 'search_index', subjectId: engine.kind, detail: {} });
      await reindexAll(db, engine, (p) => {
        state.progress = p;
      });
    } catch (err) {
      console.error('[reindex] failed', err);
      state.error = err instanceof Error ? err.message : 'The reindex failed.';
    } finally {
      state.running = false;
      state.finishedAt = new Date().toISOString();
    }
  })();
  return state;
}
