// Password hashing off the event loop: bcrypt runs in a worker thread pool (piscina) sized to leave
// one core to the web server's event loop, so sign-ins queue behind each other instead of stalling
// searches and page views (issue 12, item 3e).
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';

const WORKER_FILE = pathToFileURL(path.join(process.cwd(), 'lib/auth/password-worker.mjs')).href;

const globalForPool = globalThis as unknown as { skillproofPasswordPool?: Piscina };

function pool(): Piscina {
  globalForPool.skillproofPasswordPool ??= new Piscina({
    filename: WORKER_FILE,
    minThreads: 0,
    maxThreads: Math.max(1, availableParallelism() - 1),
    idleTimeout: 60_000,
    // Sign-in throttling bounds failures; this bounds a flood of attempts that are not yet failures.
    maxQueue: 1_000,
  });
  return globalForPool.skillproofPasswordPool;
}

export async function comparePassword(password: string, hash: string): Promise<boolean> {
  return (await pool().run({ op: 'compare', password, hash })) as boolean;
}

export async function hashPassword(password: string, rounds = 10): Promise<string> {
  return (await pool().run({ op: 'hash', password, rounds })) as string;
}
