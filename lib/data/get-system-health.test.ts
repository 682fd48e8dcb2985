// The health check under a long-lived outbox (issue 12 item 6): its answer is exact, it costs two
// statements (backlog and engine), and its backlog statement reads the unprocessed rows only. The
// outbox keeps every processed row; the newest failing row used to be looked for by walking the
// primary key backwards through all of them, a cost that grew with every import.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countStatements, createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { rowsOf } from '../db/client';
import { createEmbeddedEngine } from '../search/embedded-engine';
import { backlogStatement, getSystemHealth } from './get-system-health';

const PROCESSED = 3000;

describe.each(testDatabaseKinds)('health check on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await t.db.execute(sql`insert into outbox (aggregate_id, processed_at, created_at)
      select 'p-' || i, now() - interval '1 hour', now() - interval '2 hours' from generate_series(1, ${PROCESSED}) as i`);
    // Three waiting: two failing (the newer one's error is the one shown), one not tried yet.
    await t.db.execute(sql`insert into outbox (aggregate_id, attempts, last_error, created_at) values
      ('w-1', 2, 'older failure', now() - interval '10 minutes'),
      ('w-2', 1, 'newest failure', now() - interval '5 minutes'),
      ('w-3', 0, null, now())`);
  });
  afterAll(async () => {
    await t?.close();
  });

  test('the backlog is exact among thousands of processed rows, in two statements', async () => {
    const engine = createEmbeddedEngine(t.db);
    const counter = countStatements(t);
    const health = await getSystemHealth(t.db, { engine });
    const statements = counter.stop();
    expect(health.database.ok).toBe(true);
    expect(health.backlog).toMatchObject({ pending: 3, failing: 2, lastError: 'newest failure' });
    expect(new Date(health.backlog.oldestPendingAt!).getTime()).toBeLessThan(Date.now() - 9 * 60_000);
    expect(health.engine).toMatchObject({ ok: true, documents: 0 });
    expect(health.status).toBe('degraded');
    // The backlog statement answers for the database too (no `select 1` before it), then the engine's count.
    expect(statements).toBe(2);
  });

  test('its statement reads only unprocessed rows (no scan through the processed ones)', async () => {
    const plan = rowsOf<Record<string, string>>(await t.db.execute(sql`explain (analyze, costs off, timing off, summary off) ${backlogStatement()}`))
      .map((r) => Object.values(r)[0])
      .join('\n');
    expect(plan).not.toMatch(/Seq Scan on outbox/);
    expect(plan).toContain('outbox_unprocessed_idx');
    const removed = [...plan.matchAll(/Rows Removed by Filter: (\d+)/g)].map((m) => Number(m[1]));
    expect(Math.max(0, ...removed)).toBeLessThan(10);
  });
});
