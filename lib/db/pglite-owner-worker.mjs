// The web server's embedded database, on a thread of its own (issue 12, item 6). PGlite runs Postgres
// compiled to WebAssembly on whichever thread calls it; on the server's main thread every statement
// competed with page rendering and JSON for the one event loop (a CPU profile under load put SQL at
// ~40 % of that thread's time). Here the worker owns PGlite and serves it on the data folder's Unix
// socket (lib/db/pglite-socket-server.ts, the same gate the local commands go through), and the main
// thread talks to it as a Postgres client, so SQL and rendering use both cores.
// Plain JavaScript so the worker loads as is under `next start`, vitest and tsx alike; the gate and the
// permission helper are TypeScript, loaded through tsx's loader (a runtime dependency already).
import { parentPort, workerData } from 'node:worker_threads';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';

/**
 * How often the owner vacuums the outbox. PGlite runs no autovacuum, and every import rewrites its
 * outbox row twice (the indexer's lease, then the processed mark): the dead versions and their entries
 * in the partial indexes of unprocessed rows stayed for good, and the health check's and the indexer's
 * bitmap scans of those indexes visited every one of them (8,000 entries for no pending row after the
 * demo's first indexing). A vacuum of a few minutes' rows takes milliseconds.
 */
const OUTBOX_VACUUM_MS = 5 * 60_000;

/** @type {{ dataDir: string, outboxVacuumMs?: number }} */
const { dataDir, outboxVacuumMs = OUTBOX_VACUUM_MS } = workerData;

/** @param {unknown} err */
const describe = (err) => String(/** @type {{ stack?: string }} */ (err)?.stack ?? err);

try {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { fuzzystrmatch } = await import('@electric-sql/pglite/contrib/fuzzystrmatch');
  const { startPgliteSocketServer } = await tsImport('./pglite-socket-server.ts', import.meta.url);
  const { tightenPermissions } = await tsImport('./data-folder.ts', import.meta.url);
  const pg = new PGlite(path.join(dataDir, 'pglite'), { extensions: { pg_trgm, fuzzystrmatch } });
  await pg.waitReady;
  // PGlite unpacks a new cluster with explicit 0666 chmods (see data-folder.ts).
  tightenPermissions(dataDir);
  const socket = await startPgliteSocketServer(pg, dataDir);
  // exec takes PGlite's transaction lock, so the vacuum waits for the socket clients' open exchanges.
  const maintenance = setInterval(() => {
    pg.exec('vacuum outbox').catch((err) => console.error('[db] vacuum of the outbox failed:', describe(err)));
  }, outboxVacuumMs);
  maintenance.unref();
  parentPort?.on('message', async (message) => {
    if (message?.type !== 'close') return;
    clearInterval(maintenance);
    // Stop taking clients first, then close PGlite (its final checkpoint), then say so.
    let error;
    try {
      await socket.stop();
      await pg.close();
    } catch (err) {
      error = describe(err);
    }
    parentPort?.postMessage({ type: 'closed', error });
    // Nothing is left to serve: closing the port lets the thread end on its own.
    parentPort?.close();
  });
  parentPort?.postMessage({ type: 'ready', socketDir: socket.socketDir });
} catch (err) {
  parentPort?.postMessage({ type: 'failed', error: describe(err) });
}
