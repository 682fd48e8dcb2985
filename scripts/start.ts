// `npm start`: the whole set-up for a fresh clone. Validates the environment, migrates the database,
// seeds the demo organisation on first start (demo mode), builds the app when the build is missing or
// stale, then serves it. Demo sign-ins are printed at the end.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.cwd();

async function main() {
  // Importing env validates it: a bad variable stops here, named, before anything runs.
  let envModule: typeof import('../lib/env.js');
  try {
    envModule = await import('../lib/env.js');
  } catch (err) {
    console.error(`\n${(err as Error).message}\n`);
    process.exit(1);
  }
  const { env, demoUsersEnabled, isEmbeddedDatabase } = envModule;

  const dataDir = path.resolve(root, env.DATA_DIR);
  // Owner-only from the first file on (the auth secret, PGlite's files): see lib/db/data-folder.ts.
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = env.NEXTAUTH_SECRET ?? loadOrCreateSecret(path.join(dataDir, 'auth-secret'));
  const url = env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;

  const buildTask = ensureBuild();
  const dbTask = prepareDatabase({ seedDemo: demoUsersEnabled(), embedded: isEmbeddedDatabase() });
  const [, seeded] = await Promise.all([buildTask, dbTask]);

  console.log(`\nSkillproof is starting on ${url}`);
  if (seeded) {
    console.log('Demo sign-ins (password: skillproof-demo):');
    for (const line of ['recruiter@skillproof.demo  recruiter', 'manager@skillproof.demo    manager', 'hr@skillproof.demo         hr', 'admin@skillproof.demo      admin']) {
      console.log(`  ${line}`);
    }
  }
  // early-refusals.mjs answers TRACE (405) and API paths whose %-escapes do not decode (400) before
  // Next, which cannot route them (a 500 or an HTML page).
  // A larger young generation (V8's default semi-space is 16 MB on 64-bit): every request allocates
  // short-lived objects (Request/Response, React trees, rows, JSON), and under load the main thread
  // spent about a tenth of its time in scavenges, each promoting what was still in flight. Measured
  // in docs/foundation.md ("The Node main thread's fixed cost", issue 12 item 6).
  // admit-requests.mjs lets at most MAX_CONCURRENT_REQUESTS requests into the app at once, the rest
  // waiting in arrival order (lib/runtime/request-admission.js).
  const preload = (file: string) => ['--import', pathToFileURL(path.join(root, 'scripts', file)).href];
  const next = spawn(process.execPath, ['--max-semi-space-size=64', ...preload('admit-requests.mjs'), ...preload('early-refusals.mjs'), path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(env.PORT)], {
    stdio: 'inherit',
    env: { ...process.env, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: url, NODE_ENV: 'production' },
  });
  const stop = (signal: NodeJS.Signals) => next.kill(signal);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  next.on('exit', (code) => process.exit(code ?? 0));
}

function loadOrCreateSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Migrate, and seed the demo organisation when demo mode is on. Returns whether demo users exist. */
async function prepareDatabase(options: { seedDemo: boolean; embedded: boolean }): Promise<boolean> {
  const { openDatabase, migrateDatabase } = await import('../lib/db/client');
  const { DataFolderBusyError } = await import('../lib/db/data-folder');
  const { env } = await import('../lib/env.js');
  let handle;
  try {
    handle = await openDatabase({ url: env.DATABASE_URL, role: 'server', command: 'npm start (preparing the database)' });
    await migrateDatabase(handle);
  } catch (err) {
    const where = options.embedded ? `the embedded database in ${env.DATA_DIR}/pglite` : 'the database at DATABASE_URL';
    // A busy data folder already says who holds it and what to do.
    console.error(`\n${err instanceof DataFolderBusyError ? err.message : `Could not open ${where}: ${(err as Error).message}`}\n`);
    process.exit(1);
  }
  try {
    if (!options.seedDemo) return false;
    const seedModule = path.join(root, 'lib/seed/seed-demo-organisation.ts');
    if (!existsSync(seedModule)) return false;
    const { seedDemoOrganisation } = (await import('../lib/seed/seed-demo-organisation')) as {
      seedDemoOrganisation: (db: unknown, options: { people: number; seed: number; onProgress?: (p: { phase: string; done: number; total: number }) => void }) => Promise<{ skipped: boolean }>;
    };
    let lastLine = '';
    const summary = await seedDemoOrganisation(handle.db, {
      people: env.SEED_PEOPLE,
      seed: env.SEED,
      onProgress: ({ phase, done, total }) => {
        const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
        const line = `Seeding demo organisation: ${phase} ${pct}%`;
        if (line !== lastLine) {
          lastLine = line;
          process.stdout.write(process.stdout.isTTY ? `\r${line}   ` : `${line}\n`);
        }
      },
    });
    if (process.stdout.isTTY) process.stdout.write('\n');
    // A folder this start has just seeded is indexed, vacuumed and analysed before the server takes it
    // (lib/seed/settle-seeded-database.ts); this process holds the folder's lock, so nothing else writes.
    if (options.embedded && !summary.skipped) await settleSeededFolder(handle.db);
    return true;
  } finally {
    // One process per data folder: release it (and its lock) before the web server takes it over.
    await handle.close();
  }
}

/** Index, vacuum and analyse a just-seeded embedded folder; on failure the server's indexer builds the index instead. */
async function settleSeededFolder(db: unknown): Promise<void> {
  const { settleSeededDatabase } = await import('../lib/seed/settle-seeded-database');
  const { configuredEngineKind } = await import('../lib/search/get-search-engine');
  let lastLine = '';
  try {
    await settleSeededDatabase(db as Parameters<typeof settleSeededDatabase>[0], {
      indexEmbedded: configuredEngineKind() === 'embedded',
      onProgress: ({ phase, done, total }) => {
        const line = phase === 'indexing' ? `Indexing demo organisation: ${total > 0 ? Math.floor((done / total) * 100) : 100}%` : phase === 'vacuum' ? 'Vacuuming and analysing the database' : '';
        if (line && line !== lastLine) {
          lastLine = line;
          process.stdout.write(process.stdout.isTTY ? `\r${line}   ` : `${line}\n`);
        }
      },
    });
    if (process.stdout.isTTY) process.stdout.write('\n');
  } catch (err) {
    // Not fatal: the server's indexer builds the index from the outbox on its first ticks, as before.
    console.error(`\nCould not index the seeded folder before starting (${(err as Error).message}); the server will.`);
  }
}

/** A fingerprint of everything that goes into the build, so a changed tree is rebuilt. */
function sourceFingerprint(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.endsWith('.test.ts')) hash.update(`${full}:${statSync(full).size}:${statSync(full).mtimeMs}`);
    }
  };
  for (const dir of ['app', 'components', 'lib', 'data', 'drizzle']) walk(path.join(root, dir));
  for (const file of ['package-lock.json', 'next.config.js', 'proxy.ts', 'instrumentation.ts', 'postcss.config.mjs', 'tsconfig.json']) {
    const full = path.join(root, file);
    if (existsSync(full)) hash.update(`${file}:${readFileSync(full)}`);
  }
  return hash.digest('hex');
}

async function ensureBuild(): Promise<void> {
  const distDir = process.env.NEXT_DIST_DIR || '.next';
  const stampFile = path.join(root, distDir, 'skillproof-build-stamp');
  const fingerprint = sourceFingerprint();
  if (existsSync(path.join(root, distDir, 'BUILD_ID')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === fingerprint) {
    return;
  }
  console.log('Building Skillproof (first start or changed sources; this takes a few minutes)...');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => {
      if (code === 0) return resolve();
      console.error(output);
      reject(new Error(`next build failed with exit code ${code}`));
    });
  });
  writeFileSync(stampFile, fingerprint);
  console.log('Build complete.');
}

main().catch((err: unknown) => {
  console.error(`\nSkillproof could not start: ${(err as Error).message}`);
  process.exit(1);
});
