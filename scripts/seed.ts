// `npm run seed [-- --people N --seed S]`: migrate and seed the demo organisation into the configured
// database (PGlite under DATA_DIR, or DATABASE_URL). A database that was already seeded is left as is.
import { parseArgs } from 'node:util';

async function main() {
  const { env } = await import('../lib/env.js');
  const { values } = parseArgs({ options: { people: { type: 'string' }, seed: { type: 'string' } } });
  const people = values.people !== undefined ? Number(values.people) : env.SEED_PEOPLE;
  const seed = values.seed !== undefined ? Number(values.seed) : env.SEED;
  if (!Number.isInteger(people) || people < 0 || !Number.isInteger(seed)) {
    console.error('Usage: npm run seed -- [--people <whole number>] [--seed <integer>]');
    process.exit(2);
  }
  const { openDatabase, migrateDatabase } = await import('../lib/db/client');
  const { seedDemoOrganisation } = await import('../lib/seed/seed-demo-organisation');
  const handle = await openDatabase({ url: env.DATABASE_URL });
  try {
    await migrateDatabase(handle);
    let last = '';
    const summary = await seedDemoOrganisation(handle.db, {
      people,
      seed,
      onProgress: ({ phase, done, total }) => {
        const line = `Seeding: ${phase} ${total > 0 ? Math.floor((done / total) * 100) : 100}%`;
        if (line !== last) {
          last = line;
          process.stdout.write(process.stdout.isTTY ? `\r${line}   ` : `${line}\n`);
        }
      },
    });
    if (process.stdout.isTTY) process.stdout.write('\n');
    if (summary.skipped) {
      console.log(`Already seeded (version ${summary.version}, ${summary.people} people, ${summary.credentials} credentials); nothing to do.`);
    } else {
      console.log(`Seeded ${summary.people} people and ${summary.credentials} credentials in ${(summary.ms / 1000).toFixed(1)} s: ${JSON.stringify(summary.byStatus)}`);
      // As `npm start` does after its seed, when this process owns the embedded folder itself (not when
      // it talks to a running server's socket: the server's indexer may be writing meanwhile).
      if (handle.driver === 'pglite' && !env.DATABASE_URL) {
        const { settleSeededDatabase } = await import('../lib/seed/settle-seeded-database');
        const { configuredEngineKind } = await import('../lib/search/get-search-engine');
        const started = Date.now();
        const settled = await settleSeededDatabase(handle.db, { indexEmbedded: configuredEngineKind() === 'embedded' });
        console.log(`Indexed ${settled.indexed} people, vacuumed and analysed the database in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      }
    }
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  console.error(`Seeding failed: ${(err as Error).message}`);
  process.exit(1);
});
