import 'server-only';
// What /api/health and the admin page show: the database, the search engine, and the outbox backlog
// (rows waiting for the indexer, and rows that failed and are backing off).
import { sql, type SQL } from 'drizzle-orm';
import { getDbHandle, rowsOf, type DbOrTx } from '../db/client';
import type { EngineHealth, SearchEngine } from '../search/engine';
import { configuredEngineKind, getSearchEngine } from '../search/get-search-engine';

export type SystemHealth = {
  /** ok: all good; degraded: the app works but search is down or the backlog is failing; down: no database. */
  status: 'ok' | 'degraded' | 'down';
  database: { ok: boolean; kind: 'pglite' | 'postgres' | 'unknown'; latencyMs: number | null; message: string };
  engine: EngineHealth;
  backlog: { pending: number; failing: number; oldestPendingAt: string | null; lastError: string | null };
  checkedAt: string;
};

const ENGINE_TIMEOUT_MS = 3000;

type BacklogRow = { pending: number; failing: number; oldest: string | Date | null; last_error: string | null };

/**
 * The outbox backlog: rows not processed yet, those failing, the oldest, and the newest failing row's
 * error. Every part reads only unprocessed rows, through outbox_unprocessed_idx (migration 0019): the
 * outbox keeps every processed row, and the error used to be looked for by walking all of them.
 */
export function backlogStatement(): SQL {
  return sql`select
      count(*)::int as pending,
      (count(*) filter (where attempts > 0))::int as failing,
      min(created_at) as oldest,
      (select last_error from outbox where processed_at is null and last_error is not null order by id desc limit 1) as last_error
    from outbox where processed_at is null`;
}

export async function getSystemHealth(dbOrUndefined?: DbOrTx, options: { engine?: SearchEngine } = {}): Promise<SystemHealth> {
  const checkedAt = new Date().toISOString();
  let db: DbOrTx;
  let kind: SystemHealth['database']['kind'] = 'unknown';
  const started = Date.now();
  const emptyBacklog = { pending: 0, failing: 0, oldestPendingAt: null, lastError: null };
  let backlogRow: BacklogRow | undefined;
  try {
    if (dbOrUndefined) {
      db = dbOrUndefined;
    } else {
      const handle = await getDbHandle();
      // Its own connection: a health check must answer while every pooled connection is busy.
      db = handle.probeDb;
      kind = handle.kind;
    }
    // The backlog statement is also the probe (it was a `select 1` first: one more round trip to
    // queue for behind every request, on PGlite's one backend).
    backlogRow = rowsOf<BacklogRow>(await db.execute(backlogStatement()))[0];
  } catch (err) {
    return {
      status: 'down',
      database: { ok: false, kind, latencyMs: null, message: `The database cannot be reached: ${(err as Error).message}` },
      engine: { engine: configuredEngineKind(), ok: false, message: 'Not checked: the database is down.', documents: null },
      backlog: emptyBacklog,
      checkedAt,
    };
  }
  const latencyMs = Date.now() - started;
  const backlog = {
    pending: Number(backlogRow?.pending ?? 0),
    failing: Number(backlogRow?.failing ?? 0),
    oldestPendingAt: backlogRow?.oldest ? new Date(backlogRow.oldest).toISOString() : null,
    lastError: backlogRow?.last_error ?? null,
  };

  let engine: EngineHealth;
  try {
    const e = options.engine ?? (await getSearchEngine(db));
    engine = await Promise.race([
      e.health(),
      new Promise<EngineHealth>((resolve) =>
        setTimeout(() => resolve({ engine: e.kind, ok: false, message: `No answer from the search engine within ${ENGINE_TIMEOUT_MS / 1000} s.`, documents: null }), ENGINE_TIMEOUT_MS).unref?.(),
      ),
    ]);
  } catch (err) {
    engine = { engine: configuredEngineKind(), ok: false, message: `The search engine cannot be reached: ${(err as Error).message}`, documents: null };
  }

  return {
    status: engine.ok && backlog.failing === 0 ? 'ok' : 'degraded',
    database: { ok: true, kind, latencyMs, message: 'The database answers.' },
    engine,
    backlog,
    checkedAt,
  };
}
