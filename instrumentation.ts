// Next.js instrumentation hook: runs once when a server process starts. With the embedded database the
// web server opens it here, before serving anything, so that it owns the data folder (one process per
// PGlite folder; local commands reach the database through this process's socket). It then starts the
// outbox indexer inside the web server (INDEXER_IN_PROCESS=on, the default) so the embedded mode needs
// no second process.
// NEXT_RUNTIME is set by Next itself and inlined per bundle: the Node-only code must not be pulled
// into the edge bundle, which is why this one check reads it here rather than through lib/env.js.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // `next build` may load server code too; it must never open the database the start script is seeding.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { openServerDatabase } = await import('./lib/db/open-server-database');
  await openServerDatabase();
  // Load the credential verifier into the CPU worker pool now, not on the first import (seconds).
  const { warmCpuPool } = await import('./lib/runtime/cpu-pool');
  warmCpuPool().catch((err: unknown) => console.error('[cpu-pool] could not load the credential verifier into the worker pool', err));
  const { env } = await import('./lib/env.js');
  if (env.INDEXER_IN_PROCESS !== 'on') return;
  const { startInProcessIndexer } = await import('./lib/search/indexer');
  startInProcessIndexer();
}
