// The outbox indexer: rows written in the same transaction as the data are drained into the search
// engine in batches. Claiming is a short transaction that leases rows (FOR UPDATE SKIP LOCKED, then
// available_at pushed past the lease), so several workers never take the same rows, a crashed worker's
// rows come back when the lease ends, and no transaction stays open while the engine is called (on
// PGlite, with one connection, that would deadlock against the embedded engine's own writes).
// Writes are state-based and idempotent: a person's current document is loaded and upserted, or
// deleted when the person no longer exists, whatever the row's op says.
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client';
import type { SearchEngine } from './engine';
import { streamPersonDocuments } from './person-docs';
import { refreshSkillCooccurrenceIfDue } from './skill-cooccurrence';

export type DrainOptions = {
  batchSize?: number;
  /** Stop after this many batches (default: until nothing is due). */
  maxBatches?: number;
  now?: () => Date;
  /** How long claimed rows stay invisible to other workers. */
  leaseMs?: number;
  /**
   * Stop after a batch that claimed fewer than `batchSize` rows: everything due when it was claimed
   * is then done, and rows written meanwhile wait for the caller's next round. The in-process
   * indexer's timer sets it, so a steady trickle of writes is indexed once a tick in one pass instead
   * of in a chain of passes of one or two people each (every pass costs the same twenty-odd
   * statements and cell-total triggers whatever its size). A backlog still drains in full batches.
   */
  stopAfterShortBatch?: boolean;
};

export type DrainResult = { batches: number; processed: number; failed: number; lastError: string | null };

const DEFAULT_BATCH = 500;
const DEFAULT_LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 15 * 60_000;

/** Exponential backoff: 2 s, 4 s, 8 s ... capped at 15 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(1, Math.min(attempts, 20)));
}

type Claimed = { id: number; aggregate: string; aggregate_id: string; attempts: number };

export async function drainOutbox(db: DbOrTx, engine: SearchEngine, options: DrainOptions = {}): Promise<DrainResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const now = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const result: DrainResult = { batches: 0, processed: 0, failed: 0, lastError: null };

  while (options.maxBatches === undefined || result.batches < options.maxBatches) {
    const at = now();
    const claimed = await db.transaction(async (tx) => {
      const rows = rowsOf<Claimed>(
        await tx.execute(sql`select id, aggregate, aggregate_id, attempts from outbox
          where processed_at is null and available_at <= ${at.toISOString()}::timestamptz
          order by id limit ${batchSize} for update skip locked`),
      );
      if (rows.length > 0) {
        const lease = new Date(at.getTime() + leaseMs).toISOString();
        await tx.execute(sql`update outbox set available_at = ${lease}::timestamptz where id in (${idList(rows)})`);
      }
      return rows;
    });
    if (claimed.length === 0) break;
    result.batches += 1;

    const personIds = [...new Set(claimed.filter((r) => r.aggregate === 'person').map((r) => r.aggregate_id))];
    try {
      if (personIds.length > 0) {
        const found = new Set<string>();
        for await (const docs of streamPersonDocuments(db, { personIds })) {
          for (const d of docs) found.add(d.personId);
          await engine.indexPeople(docs);
        }
        const gone = personIds.filter((id) => !found.has(id));
        if (gone.length > 0) await engine.deletePeople(gone);
      }
      await db.execute(sql`update outbox set processed_at = ${now().toISOString()}::timestamptz, last_error = null where id in (${idList(claimed)})`);
      result.processed += claimed.length;
      if (options.stopAfterShortBatch && claimed.length < batchSize) break;
    } catch (err) {
      const message = errorMessage(err);
      result.failed += claimed.length;
      result.lastError = message;
      // Each row backs off by its own attempt count; the error is kept for the admin page.
      const failedAt = now().getTime();
      for (const row of claimed) {
        const next = new Date(failedAt + backoffMs(row.attempts + 1)).toISOString();
        await db.execute(sql`update outbox set attempts = attempts + 1, last_error = ${message}, available_at = ${next}::timestamptz where id = ${row.id}`);
      }
      // The engine is down: stop this round rather than hammering it with the next batch.
      break;
    }
  }
  return result;
}

/**
 * Make every outbox row waiting on a lease (or a backoff) due now, and return how many. Only for the
 * process that owns an embedded data folder, at its start: nothing else can drain that folder's outbox
 * while it is closed, so a lease there belongs to an earlier run of this server that stopped mid-batch
 * (its rows otherwise sat for the whole lease, five minutes, reported as pending by /api/health).
 * Rows in backoff are retried once more too: a restart is a natural time to try again, and writes are
 * idempotent. Never on Postgres, where other indexers' leases are live.
 */
export async function releaseLeasesAtStart(db: DbOrTx, at: Date): Promise<number> {
  const rows = rowsOf<{ id: number }>(
    await db.execute(sql`update outbox set available_at = ${at.toISOString()}::timestamptz
      where processed_at is null and available_at > ${at.toISOString()}::timestamptz returning id`),
  );
  return rows.length;
}

function idList(rows: { id: number }[]) {
  return sql.join(
    rows.map((r) => sql`${Number(r.id)}`),
    sql`, `,
  );
}

function errorMessage(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.slice(0, 1000);
}

export type IndexerHandle = { stop: () => Promise<void> };

const holder = globalThis as unknown as { skillproofIndexer?: IndexerHandle };

/**
 * The indexer inside the web server: a timer loop that drains the outbox. It never throws into the
 * server: every failure is logged (once per distinct message) and retried on the next tick. On its
 * first tick it builds the index from the database when the engine is empty but people exist (a
 * fresh install, a new Elasticsearch cluster), so search works without a manual reindex.
 */
export function startInProcessIndexer(options: { intervalMs?: number } = {}): IndexerHandle {
  if (holder.skillproofIndexer) return holder.skillproofIndexer;
  const intervalMs = options.intervalMs ?? 2000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> = Promise.resolve();
  let bootstrapped = false;
  let lastLogged = '';

  const tick = async () => {
    try {
      const [{ getDbHandle }, { getSearchEngine }] = await Promise.all([import('../db/client'), import('./get-search-engine')]);
      const { db, kind } = await getDbHandle();
      const engine = await getSearchEngine(db);
      if (!bootstrapped) {
        if (kind === 'pglite') {
          const released = await releaseLeasesAtStart(db, new Date());
          if (released > 0) console.info(`[indexer] ${released} outbox rows left by the previous run are due again`);
        }
        await bootstrapIndex(db, engine);
        bootstrapped = true;
      }
      // One pass a tick under a trickle of imports (see stopAfterShortBatch): an import waits at most
      // about one interval longer to be searchable, as before when it landed just after a pass.
      const r = await drainOutbox(db, engine, { stopAfterShortBatch: true });
      // Related skills (search-features): recomputed here, on the indexer's schedule, once changes settle.
      await refreshSkillCooccurrenceIfDue(db);
      if (r.lastError && r.lastError !== lastLogged) {
        lastLogged = r.lastError;
        console.error(`[indexer] ${engine.kind} engine refused a batch; it will be retried with backoff: ${r.lastError}`);
      } else if (!r.lastError) {
        lastLogged = '';
      }
    } catch (err) {
      const message = errorMessage(err);
      if (message !== lastLogged) {
        lastLogged = message;
        console.error(`[indexer] will retry: ${message}`);
      }
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = tick().finally(schedule);
    }, intervalMs);
    timer.unref?.();
  };
  schedule();
  const handle: IndexerHandle = {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
      holder.skillproofIndexer = undefined;
    },
  };
  holder.skillproofIndexer = handle;
  return handle;
}

/** Build the index from the database when the engine holds nothing (or an outdated index) but people exist. */
export async function bootstrapIndex(db: DbOrTx, engine: SearchEngine): Promise<boolean> {
  const health = await engine.health();
  if (!health.ok || ((health.documents ?? 0) > 0 && !health.outdated)) return false;
  const row = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from people`))[0];
  if (Number(row?.n ?? 0) === 0) return false;
  const { reindexAll } = await import('./reindex');
  console.info(`[indexer] search index is ${health.outdated ? 'outdated' : 'empty'}: building it from the database`);
  await reindexAll(db, engine);
  return true;
}
