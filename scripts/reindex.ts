// `npm run reindex`: rebuild the search index from the database with a progress bar. On Elasticsearch
// a new versioned index is built and the alias swapped atomically; on the embedded engine the index
// tables are replaced in one transaction. Searches keep working throughout.
import { getDbHandle } from '../lib/db/client';
import { getSearchEngine } from '../lib/search/get-search-engine';
import { reindexAll } from '../lib/search/reindex';

function bar(done: number, total: number): string {
  const width = 30;
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${done}/${total}`;
}

async function main() {
  // PGlite on a worker thread when this command owns the folder (as the web server runs it): the
  // database builds the next batch of documents while this thread decodes and writes the last one.
  const handle = await getDbHandle({ worker: true }).catch((err: unknown) => {
    console.error(`Could not open the database: ${(err as Error).message}`);
    process.exit(1);
  });
  const engine = await getSearchEngine(handle.db);
  console.log(`Reindexing into the ${engine.kind} engine...`);
  const started = Date.now();
  let last = '';
  const { total } = await reindexAll(handle.db, engine, (p) => {
    const line = `${p.phase.padEnd(9)} ${bar(p.done, p.total)}`;
    if (line === last) return;
    last = line;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}   `);
    else if (p.phase !== 'indexing' || p.done === p.total || p.done % 10_000 < 1000) console.log(line);
  });
  if (process.stdout.isTTY) process.stdout.write('\n');
  const seconds = (Date.now() - started) / 1000;
  console.log(`Done: ${total} people in ${seconds.toFixed(1)} s (${Math.round(total / Math.max(seconds, 0.001))} people/s).`);
  await handle.close();
}

main().catch((err: unknown) => {
  console.error(`Reindex failed: ${(err as Error).message}`);
  process.exit(1);
});
