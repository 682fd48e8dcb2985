// The web server's embedded database runs on a worker thread (issue 12, item 6): SQL must not take the
// event loop that renders pages, and moving it must not weaken transactions (PGlite has one backend;
// every connection, the server's own pool included, passes the socket's session gate).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, migrateDatabase, rowsOf, type DbHandle } from './client';
import { readLock } from './data-folder';
import { departments } from './schema';

let root: string;
let handle: DbHandle;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'skillproof-worker-'));
  handle = await openDatabase({ dataDir: path.join(root, 'data'), role: 'server', command: 'the worker test' });
  await migrateDatabase(handle);
}, 120_000);

afterAll(async () => {
  // Closing must finish (the worker checkpoints and ends its thread) and free the folder.
  await handle?.close();
  expect(readLock(path.join(root, 'data'))).toBeNull();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('the web server owns PGlite on a worker thread', () => {
  test('a heavy statement leaves this thread free: event-loop utilisation stays low while it runs', async () => {
    const before = performance.eventLoopUtilization();
    const started = performance.now();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    // A few hundred milliseconds of pure SQL work; in-process PGlite would hold this thread throughout.
    const [row] = rowsOf<{ n: string | number }>(await handle.db.execute(sql`select count(distinct md5(g::text)) as n from generate_series(1, 300000) g`));
    clearInterval(timer);
    const elapsed = performance.now() - started;
    const utilisation = performance.eventLoopUtilization(before).utilization;
    expect(Number(row!.n)).toBe(300_000);
    expect(elapsed).toBeGreaterThan(100);
    // Measured: about 0.05 here; with PGlite on this thread it is about 1.0 and no timer fires.
    expect(utilisation).toBeLessThan(0.5);
    expect(ticks).toBeGreaterThan(elapsed / 10 / 4);
    expect(handle.kind).toBe('pglite');
  }, 120_000);

  test("a transaction is never joined by the pool's other connections", async () => {
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const rolledBack = handle.db
      .transaction(async (tx) => {
        await tx.insert(departments).values({ id: 'worker-tx-rolled-back', name: 'Rolled back' });
        entered();
        await holding;
        throw new Error('roll back');
      })
      .catch((err: Error) => err.message);
    await inside;
    // Another request's write while the transaction is open: it must wait for it, not run inside it.
    const outside = handle.db.insert(departments).values({ id: 'worker-tx-outside', name: 'Written outside' });
    await new Promise((r) => setTimeout(r, 200));
    release();
    expect(await rolledBack).toBe('roll back');
    await outside;
    const ids = (await handle.db.select({ id: departments.id }).from(departments).where(like(departments.id, 'worker-tx-%'))).map((r) => r.id);
    expect(ids).toEqual(['worker-tx-outside']);
  }, 60_000);

  test('concurrent statements from many requests all answer (the pool queues at the gate)', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => handle.db.execute(sql`select ${i}::int as i`)));
    expect(results.map((r) => rowsOf<{ i: number }>(r)[0]!.i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  }, 60_000);

  test('a health check answers while every pooled connection is taken (its own connection)', async () => {
    // The web server's process-wide handle, as instrumentation.ts opens it.
    (globalThis as { skillproofDb?: Promise<DbHandle> }).skillproofDb = Promise.resolve(handle);
    const { getSystemHealth } = await import('../data/get-system-health');
    const pool = (handle.db as unknown as { $client: import('pg').Pool }).$client;
    const taken = await Promise.all(Array.from({ length: 10 }, () => pool.connect()));
    try {
      const queued = handle.db.execute(sql`select 1`).then(() => 'answered');
      const health = await Promise.race([getSystemHealth(), new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
      expect(health?.database.ok).toBe(true);
      expect(health?.engine.ok).toBe(true);
      // The request pool is still full: an ordinary query is waiting for a slot.
      expect(await Promise.race([queued, new Promise((r) => setTimeout(() => r('waiting'), 100))])).toBe('waiting');
      taken.splice(0).forEach((c) => c.release());
      expect(await queued).toBe('answered');
    } finally {
      taken.forEach((c) => c.release());
      delete (globalThis as { skillproofDb?: Promise<DbHandle> }).skillproofDb;
    }
  }, 60_000);

  test('a connection the pool drops (Terminate) does not keep the database locked', async () => {
    const { Client } = await import('pg');
    const lock = readLock(path.join(root, 'data'));
    const client = new Client({ host: lock!.socketDir!, port: 5432, user: 'postgres', database: 'postgres' });
    await client.connect();
    await client.query('select 1');
    await client.end();
    await handle.db.insert(departments).values({ id: 'worker-after-terminate', name: 'After a client left' });
    const [row] = await handle.db.select({ id: departments.id }).from(departments).where(eq(departments.id, 'worker-after-terminate'));
    expect(row?.id).toBe('worker-after-terminate');
  }, 60_000);
});

describe('a bulk command asks for the same worker (worker: true)', () => {
  test('it owns the folder as a command, with PGlite off its thread and its socket open to other commands', async () => {
    const dataDir = path.join(root, 'bulk');
    const bulk = await openDatabase({ dataDir, worker: true, command: 'the bulk test' });
    try {
      const lock = readLock(dataDir);
      expect(lock).toMatchObject({ role: 'cli', command: 'the bulk test', pid: process.pid });
      expect(lock?.socketDir).toBeTruthy();
      expect(bulk).toMatchObject({ kind: 'pglite', driver: 'node-postgres' });
      const before = performance.eventLoopUtilization();
      const [row] = rowsOf<{ n: string | number }>(await bulk.db.execute(sql`select count(distinct md5(g::text)) as n from generate_series(1, 300000) g`));
      expect(Number(row!.n)).toBe(300_000);
      // In-process PGlite would hold this thread for the whole statement (utilisation about 1.0).
      expect(performance.eventLoopUtilization(before).utilization).toBeLessThan(0.5);
      // Other commands on the folder (other processes) are served through the owner's socket.
      const { Client } = await import('pg');
      const other = new Client({ host: lock!.socketDir!, port: 5432, user: 'postgres', database: 'postgres' });
      await other.connect();
      try {
        expect((await other.query('select 1 as one')).rows[0]?.one).toBe(1);
      } finally {
        await other.end();
      }
    } finally {
      await bulk.close();
    }
    expect(readLock(dataDir)).toBeNull();
    // Without the option a command keeps PGlite in-process.
    const plain = await openDatabase({ dataDir });
    try {
      expect(plain.driver).toBe('pglite');
    } finally {
      await plain.close();
    }
  }, 120_000);
});
