// One database seam: PGlite (embedded, files under DATA_DIR) when DATABASE_URL is unset,
// a Postgres server through node-postgres otherwise. Both speak the same drizzle Postgres dialect.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PoolConfig } from 'pg';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { env } from '../env.js';
import { acquireDataFolderLock, DataFolderBusyError, describeBusyFolder, prepareDataFolder, tightenPermissions, type HeldLock, type LockInfo } from './data-folder';
import { SOCKET_PORT, startPgliteSocketServer, type SocketServerHandle } from './pglite-socket-server';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: data functions accept both. */
export type DbOrTx = Db | Tx;

export type DbHandle = {
  db: Db;
  /** The database engine: PGlite (embedded) or a Postgres server. */
  kind: 'pglite' | 'postgres';
  /** How this process reaches it: PGlite in-process, or node-postgres (a server, or the socket of the process owning PGlite). */
  driver: 'pglite' | 'node-postgres';
  /**
   * For health checks: with node-postgres, a connection of its own, so a probe never queues for a slot
   * behind every request waiting for the pool (under load it waited seconds); it still meets the
   * statements already running. In-process PGlite has no pool to queue for: the same `db`.
   */
  probeDb: Db;
  close: () => Promise<void>;
};

const MIGRATIONS_FOLDER = path.join(process.cwd(), 'drizzle');
/** How long a command waits for a just-started owner to open the database and serve its socket. */
const OWNER_SOCKET_WAIT_MS = 60_000;

export type OpenOptions = {
  url?: string;
  dataDir?: string;
  memory?: boolean;
  /**
   * Embedded only. `server` (the web server) must own the data folder and is refused when another
   * process holds it; `cli` (the default) owns it when it is free and otherwise talks to its owner.
   */
  role?: LockInfo['role'];
  /** How the lock names this process to a refused opener, e.g. "npm start (http://localhost:3000)". */
  command?: string;
  /**
   * Embedded folder, when this process becomes its owner: run PGlite on a worker thread and talk to it
   * over the folder's socket, as the web server always does. For commands that read in bulk
   * (`npm run reindex`, the search benchmark's build phase): the database builds the next batch on one
   * core while this thread decodes and writes the last. Each statement then pays a socket round trip
   * and node-postgres' decoding, so other commands keep PGlite in-process (the default).
   */
  worker?: boolean;
  /** Embedded owner on the worker: how often it vacuums the outbox (tests shorten it; default 5 minutes). */
  outboxVacuumMs?: number;
};

/**
 * Open a database. `url` undefined -> PGlite at `dataDir` (or in memory with `memory: true`).
 * Callers own the handle; the app uses `getDbHandle()` which keeps one per process.
 */
export async function openDatabase(options: OpenOptions): Promise<DbHandle> {
  if (options.url) return openPostgres(options.url, { max: 10 }, 'postgres');
  if (options.memory) {
    const { PGlite } = await import('@electric-sql/pglite');
    const client = new PGlite({ extensions: await pgliteExtensions() });
    await client.waitReady;
    return pgliteHandle(client, () => client.close());
  }
  const role = options.role ?? 'cli';
  return openEmbeddedFolder(path.resolve(options.dataDir ?? env.DATA_DIR), role, options.command ?? describeThisProcess(), role === 'server' || options.worker === true, options.outboxVacuumMs);
}

/** A symbol (shared by every bundled copy of this module) naming what a node-postgres pool reaches. */
const POOL_KIND = Symbol.for('skillproof.poolKind');

/**
 * True when `db` is a pool on a Postgres server (not PGlite, in-process or through the web server's
 * worker socket, and not a transaction).
 */
export function isPostgresServer(db: DbOrTx): boolean {
  const client = (db as unknown as { $client?: Record<symbol, unknown> }).$client;
  return client?.[POOL_KIND] === 'postgres';
}

async function openPostgres(connection: string | PoolConfig, pool: { max: number }, kind: DbHandle['kind']): Promise<DbHandle> {
  const { Pool } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const config: PoolConfig = typeof connection === 'string' ? { connectionString: connection } : connection;
  const client = new Pool({ ...config, max: pool.max, connectionTimeoutMillis: 5000 });
  // Connects on first use only: commands that never check health never open it.
  const probe = new Pool({ ...config, max: 1, connectionTimeoutMillis: 5000 });
  // A pool error on an idle client would otherwise crash the process.
  for (const p of [client, probe]) p.on('error', (err) => console.error('[db] idle client error:', err.message));
  // What the pool reaches, for statements whose best settings differ between the two (isPostgresServer).
  Object.defineProperty(client, POOL_KIND, { value: kind });
  const db = drizzle(client, { schema }) as unknown as Db;
  const probeDb = drizzle(probe, { schema }) as unknown as Db;
  return { db, probeDb, kind, driver: 'node-postgres', close: () => Promise.all([client.end(), probe.end()]).then(() => undefined) };
}

/** Contrib extensions the embedded search engine's text matching uses (migration 0013 creates them). */
async function pgliteExtensions() {
  const [{ pg_trgm }, { fuzzystrmatch }] = await Promise.all([import('@electric-sql/pglite/contrib/pg_trgm'), import('@electric-sql/pglite/contrib/fuzzystrmatch')]);
  return { pg_trgm, fuzzystrmatch };
}

async function pgliteHandle(client: PGlite, close: () => Promise<void>): Promise<DbHandle> {
  const { drizzle } = await import('drizzle-orm/pglite');
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, probeDb: db, kind: 'pglite', driver: 'pglite', close };
}

/**
 * One process per data folder: take the lock and open PGlite (serving it to other local commands on a
 * Unix socket), or, when a live process already holds the folder, use that process's socket. The web
 * server never becomes a client: a second server on one folder is refused with the holder's name.
 */
async function openEmbeddedFolder(dataDir: string, role: LockInfo['role'], command: string, inWorker: boolean, outboxVacuumMs?: number): Promise<DbHandle> {
  prepareDataFolder(dataDir);
  const deadline = Date.now() + OWNER_SOCKET_WAIT_MS;
  for (;;) {
    const attempt = acquireDataFolderLock(dataDir, { role, command });
    // The web server keeps PGlite off its event loop (a worker thread); a command owns it in-process
    // unless it asked for the worker (bulk reads).
    if ('held' in attempt) return inWorker ? ownDataFolderInWorker(dataDir, attempt.held, outboxVacuumMs) : ownDataFolder(dataDir, attempt.held);
    const holder = attempt.busy;
    if (role === 'server') throw new DataFolderBusyError(describeBusyFolder(dataDir, holder, role), holder);
    if (holder.socketDir) {
      // The owner's socket: the same database, through the owner's single PGlite.
      return openPostgres({ host: holder.socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' }, { max: 4 }, 'pglite');
    }
    // The owner is still opening the database (or is an older process without a socket): wait a little.
    if (Date.now() > deadline) throw new DataFolderBusyError(describeBusyFolder(dataDir, holder, role), holder);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function ownDataFolder(dataDir: string, lock: HeldLock): Promise<DbHandle> {
  let client: PGlite | undefined;
  let socket: SocketServerHandle | undefined;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const dir = path.join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    client = new PGlite(dir, { extensions: await pgliteExtensions() });
    await client.waitReady;
    tightenPermissions(dataDir);
    socket = await startPgliteSocketServer(client, dataDir);
    lock.setSocketDir(socket.socketDir);
  } catch (err) {
    await socket?.stop().catch(() => undefined);
    await client?.close().catch(() => undefined);
    lock.release();
    throw err;
  }
  const pg = client;
  const server = socket;
  return pgliteHandle(pg, async () => {
    // Stop taking commands first, then close PGlite, and only then free the folder for the next owner.
    lock.setSocketDir(null);
    await server.stop();
    await pg.close();
    lock.release();
  });
}

// A URL computed at run time (as cpu-pool.ts does), so the bundler leaves the worker and what it loads alone.
const OWNER_WORKER_FILE = pathToFileURL(path.join(process.cwd(), 'lib/db/pglite-owner-worker.mjs')).href;

/** Connections the web server opens to its own PGlite worker (one backend: they queue at the gate). */
const SERVER_POOL_SIZE = 10;

/**
 * The web server's way to own the folder (and a bulk command's, `worker: true`): PGlite runs in a
 * worker thread (lib/db/pglite-owner-worker.mjs) that serves the folder's socket, and this thread is
 * one more client of that socket. SQL then runs on
 * the second core while this thread renders pages and answers JSON; transactions stay whole because
 * every client, this one included, goes through the same gate (pglite-socket-server.ts).
 */
async function ownDataFolderInWorker(dataDir: string, lock: HeldLock, outboxVacuumMs?: number): Promise<DbHandle> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(new URL(OWNER_WORKER_FILE), { workerData: { dataDir, outboxVacuumMs }, execArgv: [] });
  let socketDir: string;
  try {
    socketDir = await new Promise<string>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The database worker exited (code ${code}) before it opened ${dataDir}.`)));
      worker.once('message', (message: { type: string; socketDir?: string; error?: string }) => {
        if (message.type === 'ready' && message.socketDir) resolve(message.socketDir);
        else reject(new Error(`The database worker could not open ${dataDir}: ${message.error ?? message.type}`));
      });
    });
  } catch (err) {
    await worker.terminate().catch(() => undefined);
    lock.release();
    throw err;
  }
  worker.removeAllListeners();
  worker.on('error', (err) => console.error('[db] the database worker failed:', err));
  lock.setSocketDir(socketDir);
  const handle = await openPostgres({ host: socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' }, { max: SERVER_POOL_SIZE }, 'pglite');
  // Every connection reaches PGlite's one backend, where prepared statements outlive their connection.
  const { deallocateWhenRemoved } = await import('./local-settings');
  deallocateWhenRemoved(handle.db);
  return {
    ...handle,
    close: async () => {
      // Stop taking commands first, then close PGlite, and only then free the folder for the next owner.
      lock.setSocketDir(null);
      await handle.close();
      await new Promise<void>((resolve) => {
        worker.on('message', (message: { type: string; error?: string }) => {
          if (message.type === 'closed' && message.error) console.error('[db] closing the database worker:', message.error);
        });
        // The worker ends its thread once PGlite is closed (its final checkpoint written).
        worker.once('exit', () => resolve());
        worker.postMessage({ type: 'close' });
      });
      lock.release();
    },
  };
}

function describeThisProcess(): string {
  const script = process.argv[1] ? path.relative(process.cwd(), process.argv[1]) : 'node';
  return `${script}${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`.slice(0, 200);
}

/** Apply the committed migrations in drizzle/ (idempotent). */
export async function migrateDatabase(handle: DbHandle): Promise<void> {
  if (handle.driver === 'node-postgres') {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

const globalForDb = globalThis as unknown as { skillproofDb?: Promise<DbHandle> };

/**
 * The process-wide database, opened (and migrated) on first use. The web server opens it at start
 * with `role: 'server'` (instrumentation.ts) so it owns the embedded data folder; options of later
 * calls are ignored.
 */
export function getDbHandle(options: Pick<OpenOptions, 'role' | 'command' | 'worker'> = {}): Promise<DbHandle> {
  globalForDb.skillproofDb ??= (async () => {
    const handle = await openDatabase({ url: env.DATABASE_URL, ...options });
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
