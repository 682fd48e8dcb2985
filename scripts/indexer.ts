// `npm run indexer`: the outbox indexer as its own process (for Postgres deployments where the web
// tier runs with INDEXER_IN_PROCESS=off). Loops until stopped; `--once` drains what is due and exits.
// Several copies may run at once: rows are claimed with FOR UPDATE SKIP LOCKED and a lease.
import { getDbHandle } from '../lib/db/client';
import { getSearchEngine } from '../lib/search/get-search-engine';
import { bootstrapIndex, drainOutbox } from '../lib/search/indexer';
import { refreshSkillCooccurrenceIfDue } from '../lib/search/skill-cooccurrence';

const once = process.argv.includes('--once');
const intervalArg = process.argv.find((a) => a.startsWith('--interval='));
const intervalMs = intervalArg ? Math.max(100, Number(intervalArg.split('=')[1]) || 2000) : 2000;

async function main() {
  const handle = await getDbHandle().catch((err: unknown) => {
    console.error(`Could not open the database: ${(err as Error).message}`);
    process.exit(1);
  });
  const engine = await getSearchEngine(handle.db);
  let stopping = false;
  const stop = () => {
    stopping = true;
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await bootstrapIndex(handle.db, engine).catch((err: unknown) => console.error(`[indexer] bootstrap skipped: ${(err as Error).message}`));
  console.log(`[indexer] draining the outbox into the ${engine.kind} engine${once ? ' (once)' : ''}`);
  let lastError = '';
  do {
    try {
      const r = await drainOutbox(handle.db, engine);
      // Related skills by co-occurrence: this process owns their schedule when the web tier does not index.
      if (await refreshSkillCooccurrenceIfDue(handle.db)) console.log('[indexer] related skills recomputed');
      if (r.processed > 0) console.log(`[indexer] indexed ${r.processed} outbox rows in ${r.batches} batches`);
      if (r.lastError && r.lastError !== lastError) console.error(`[indexer] batch failed, backing off: ${r.lastError}`);
      lastError = r.lastError ?? '';
      if (once && r.failed > 0) process.exitCode = 1;
    } catch (err) {
      console.error(`[indexer] ${(err as Error).message}`);
      if (once) process.exitCode = 1;
    }
    if (!once && !stopping) await new Promise((r) => setTimeout(r, intervalMs));
  } while (!once && !stopping);
  await handle.close();
}

void main();
