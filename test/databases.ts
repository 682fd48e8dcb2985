// Database tests run against PGlite always, and against a real PostgreSQL server when
// DATABASE_URL_TEST is set. Each call gets a fresh, migrated, empty database of its own.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { env } from '../lib/env.js';
import { migrateDatabase, openDatabase, type DbHandle } from '../lib/db/client';

export type TestDatabase = DbHandle & { label: string };

/** The database kinds this run covers: ['pglite'] or ['pglite', 'postgres']. */
export const testDatabaseKinds: ('pglite' | 'postgres')[] = env.DATABASE_URL_TEST ? ['pglite', 'postgres'] : ['pglite'];

if (!env.DATABASE_URL_TEST && !process.env.VITEST_QUIET_DB_SKIP) {
  process.env.VITEST_QUIET_DB_SKIP = '1';
  console.info('[test] DATABASE_URL_TEST is unset: database tests run on PGlite only.');
}

export async function createTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const handle = await openDatabase({ memory: true });
    await migrateDatabase(handle);
    return { ...handle, label: 'pglite' };
  }
  const adminUrl = env.DATABASE_URL_TEST;
  if (!adminUrl) throw new Error('DATABASE_URL_TEST is not set');
  const { Client } = await import('pg');
  const name = `skillproof_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  await migrateDatabase(handle);
  return {
    ...handle,
    label: 'postgres',
    close: async () => {
      await handle.close();
      const dropper = new Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/**
 * Counts the statements a piece of code sends through `handle.db` (outside transactions): the query
 * method of the driver's client (PGlite or the node-postgres pool) is wrapped until `stop()`, which
 * restores it and answers the count. For statement-count tests of read paths (no N+1). With a pool,
 * statements run on a connection checked out with `connect()` (queryPrepared's named statements)
 * count too, unless the checkout opens a transaction.
 */
export function countStatements(handle: Pick<DbHandle, 'db'>): { stop: () => number; texts: string[] } {
  const client = (handle.db as unknown as { $client: { query: (...args: unknown[]) => unknown } }).$client;
  const original = client.query;
  const texts: string[] = [];
  const textOf = (first: unknown) => (typeof first === 'string' ? first : String((first as { text?: string } | undefined)?.text ?? ''));
  client.query = function (this: unknown, ...args: unknown[]) {
    texts.push(textOf(args[0]));
    return original.apply(this, args);
  };
  // pool.query checks out with a callback (counted above); code that checks out itself uses the promise.
  const pool = client instanceof pg.Pool ? client : null;
  const originalConnect = pool?.connect;
  if (pool && originalConnect) {
    pool.connect = async function (this: pg.Pool, ...args: unknown[]) {
      if (args.length > 0) return (originalConnect as (...a: unknown[]) => unknown).apply(this, args);
      const checkedOut = await (originalConnect as () => Promise<pg.PoolClient>).call(this);
      const clientQuery = checkedOut.query;
      let inTransaction: boolean | null = null;
      checkedOut.query = function (this: unknown, ...queryArgs: unknown[]) {
        const text = textOf(queryArgs[0]);
        inTransaction ??= /^\s*begin\b/i.test(text);
        if (!inTransaction) texts.push(text);
        return (clientQuery as (...a: unknown[]) => unknown).apply(this, queryArgs);
      } as typeof clientQuery;
      const release = checkedOut.release;
      checkedOut.release = function (this: unknown, ...releaseArgs: unknown[]) {
        checkedOut.query = clientQuery;
        checkedOut.release = release;
        return (release as (...a: unknown[]) => unknown).apply(this, releaseArgs);
      } as typeof release;
      return checkedOut;
    } as typeof pool.connect;
  }
  return {
    texts,
    stop: () => {
      client.query = original;
      if (pool && originalConnect) pool.connect = originalConnect;
      return texts.length;
    },
  };
}

/**
 * Round trips to the database while `fn` runs: node-postgres Client#query calls (the pools of a
 * Postgres handle and of the server's PGlite worker; a pipelined exchange is one call).
 */
export async function countRoundTrips<T>(fn: () => Promise<T>): Promise<{ value: T; trips: number }> {
  const original = pg.Client.prototype.query;
  let trips = 0;
  pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
    trips++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    return { value: await fn(), trips };
  } finally {
    pg.Client.prototype.query = original;
  }
}
