// Rebuild the search index from the database (the source of truth). The engine builds a new index
// beside the live one and switches to it atomically, so searches keep working throughout.
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client';
import type { ReindexProgress, SearchEngine } from './engine';
import { streamPersonDocuments } from './person-docs';

/** People per document batch (one statement each) and per engine write. */
const BATCH = 2000;

export async function reindexAll(db: DbOrTx, engine: SearchEngine, onProgress?: (p: ReindexProgress) => void): Promise<{ total: number }> {
  const counts = rowsOf<{ n: number; max_id: number | string | null }>(
    await db.execute(sql`select (select count(*)::int from people) as n, (select max(id) from outbox) as max_id`),
  )[0];
  const total = Number(counts?.n ?? 0);
  const outboxMark = counts?.max_id === null || counts?.max_id === undefined ? 0 : Number(counts.max_id);
  let done = 0;
  onProgress?.({ phase: 'creating', done: 0, total });
  await engine.reindex(
    async (onBatch) => {
      // Streamed: one batch of documents in memory at a time, whatever the number of people.
      for await (const docs of streamPersonDocuments(db, { batchSize: BATCH })) {
        await onBatch(docs);
        done += docs.length;
        onProgress?.({ phase: 'indexing', done: Math.min(done, total), total: Math.max(total, done) });
      }
      return done;
    },
    (p) => {
      if (p.phase === 'swapping') onProgress?.({ phase: 'swapping', done, total: Math.max(total, done) });
    },
  );
  // Changes written while the new index was being filled may have gone to the old one only:
  // replay them into the new index through the outbox (writes are idempotent).
  await db.execute(sql`update outbox set processed_at = null, available_at = now() where id > ${outboxMark}`);
  onProgress?.({ phase: 'done', done, total: Math.max(total, done) });
  return { total: done };
}
