// One database seam: PGlite (embedded, files under DATA_DIR) when DATABASE_URL is unset,
// a Postgres server through node-postgres otherwise. Both speak the same drizzle Postgres dialect.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { env } from '../env.js';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: data functions accept both. */
export type DbOrTx = Db | Tx;

export type DbHandle = {
  db: Db;
  kind: 'pglite' | 'postgres';
  close: () => Promise<void>;
};

const MIGRATIONS_FOLDER = path.join(process.cwd(), 'drizzle');

/**
 * Open a database. `url` undefined -> PGlite at `dataDir` (or in memory with `memory: true`).
 * Callers own the handle; the app uses `getDb()` which keeps one per process.
 */
export async function openDatabase(options: { url?: string; dataDir?: string; memory?: boolean }): Promise<DbHandle> {
  if (options.url) {
    const { Pool } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new Pool({ connectionString: options.url, max: 10, connectionTimeoutMillis: 5000 });
    // A pool error on an idle client would otherwise crash the process.
    pool.on('error', (err) => console.error('[db] idle client error:', err.message));
    const db = drizzle(pool, { schema }) as unknown as Db;
    return { db, kind: 'postgres', close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let client;
  if (options.memory) {
    client = new PGlite();
  } else {
    const dir = path.resolve(options.dataDir ?? env.DATA_DIR, 'pglite');
    mkdirSync(dir, { recursive: true });
    client = new PGlite(dir);
  }
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: 'pglite', close: () => client.close() };
}

/** Apply the committed migrations in drizzle/ (idempotent). */
export async function migrateDatabase(handle: DbHandle): Promise<void> {
  if (handle.kind === 'postgres') {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

const globalForDb = globalThis as unknown as { skillproofDb?: Promise<DbHandle> };

/** The process-wide database, opened (and migrated) on first use. */
export function getDbHandle(): Promise<DbHandle> {
  globalForDb.skillproofDb ??= (async () => {
    const handle = await openDatabase({ url: env.DATABASE_URL });
    await migrateDatabase(handle);
    return handle;
  })().catch((err: unknown) => {
    globalForDb.skillproofDb = undefined;
    throw err;
  });
  return globalForDb.skillproofDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Rows of a raw `db.execute(sql...)`, the same shape for PGlite and node-postgres. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export { schema };
