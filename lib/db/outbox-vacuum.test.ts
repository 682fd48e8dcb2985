// The web server's PGlite owner vacuums the outbox (PGlite has no autovacuum). Each processed row left
// dead versions whose entries in the partial index of unprocessed rows every bitmap scan still visited:
// the health check's backlog statement and the indexer's claim got slower with every import, for good.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { migrateDatabase, openDatabase, rowsOf, type DbHandle } from './client';

let root: string;
let handle: DbHandle;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'skillproof-outbox-vacuum-'));
  handle = await openDatabase({ dataDir: path.join(root, 'data'), role: 'server', command: 'the outbox vacuum test', outboxVacuumMs: 300 });
  await migrateDatabase(handle);
}, 120_000);

afterAll(async () => {
  await handle?.close();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

/** Index entries a bitmap scan of a partial index of unprocessed rows visits for the backlog (live or dead). */
async function entriesVisited(): Promise<number> {
  const plan = await handle.db.transaction(async (tx) => {
    // The health check's plan on a larger outbox; forced here, where the table is small.
    await tx.execute(sql`set local enable_seqscan = off`);
    await tx.execute(sql`set local enable_indexscan = off`);
    return rowsOf<Record<string, string>>(await tx.execute(sql`explain (analyze, costs off, timing off, summary off) select count(*) from outbox where processed_at is null`))
      .map((r) => Object.values(r)[0])
      .join('\n');
  });
  // Either of the two (outbox_pending_idx, the indexer's; outbox_unprocessed_idx, the health check's).
  const match = /Bitmap Index Scan on outbox_(?:unprocessed|pending)_idx \(actual rows=([\d.]+)/.exec(plan);
  if (!match) throw new Error(`unexpected plan:\n${plan}`);
  return Number(match[1]);
}

test('processed rows stop costing the backlog scans: the owner vacuums the outbox', async () => {
  // 500 imports' worth: queued, leased by the indexer, then marked processed (as drainOutbox does).
  await handle.db.execute(sql`insert into outbox (aggregate_id) select 'p-' || i from generate_series(1, 500) as i`);
  await handle.db.execute(sql`update outbox set available_at = now() + interval '5 minutes'`);
  await handle.db.execute(sql`update outbox set processed_at = now()`);
  await handle.db.execute(sql`insert into outbox (aggregate_id) values ('still-pending')`);
  let visited = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 60 && visited > 1; i++) {
    await new Promise((r) => setTimeout(r, 250));
    visited = await entriesVisited();
  }
  // Only the one pending row's entry is left (without the vacuum: the 1,000 dead ones too, for good).
  expect(visited).toBe(1);
  const pending = rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from outbox where processed_at is null`))[0];
  expect(pending?.n).toBe(1);
}, 60_000);
