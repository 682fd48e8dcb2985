// CPU-heavy work off the web server's event loop: one worker-thread pool (piscina) for bcrypt and for
// credential verification (canonicalisation, signature checks), at most cores - 1 threads so one core
// stays with the event loop that serves searches, pages and health checks. Work beyond the threads
// queues here, in arrival order (issue 12, item 3e).
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import type { VerifyTask, VerifyTaskResult } from '../credentials/verify-task';

const WORKER_FILE = pathToFileURL(path.join(process.cwd(), 'lib/runtime/cpu-worker.mjs')).href;

type CpuTask =
  | { op: 'password.compare'; password: string; hash: string }
  | { op: 'password.hash'; password: string; rounds: number }
  | { op: 'credentials.verify'; task: VerifyTask }
  | { op: 'credentials.warm' };

const globalForPool = globalThis as unknown as { skillproofCpuPool?: Piscina };

/** Threads the pool may run: every core but one, and at least one. */
export const CPU_POOL_THREADS = Math.max(1, availableParallelism() - 1);

function pool(): Piscina {
  globalForPool.skillproofCpuPool ??= new Piscina({
    filename: WORKER_FILE,
    // One thread stays up: loading the verifier into a fresh thread takes seconds.
    minThreads: 1,
    maxThreads: CPU_POOL_THREADS,
    idleTimeout: 60_000,
    // A flood of sign-ins or uploads waits here, bounded; beyond it the caller answers 503.
    maxQueue: 1_000,
  });
  return globalForPool.skillproofCpuPool;
}

export class CpuPoolFullError extends Error {
  constructor() {
    super('The server is busy verifying and signing in; try again in a moment.');
    this.name = 'CpuPoolFullError';
  }
}

async function run<T>(task: CpuTask): Promise<T> {
  const p = pool();
  if (p.queueSize >= p.options.maxQueue) throw new CpuPoolFullError();
  return (await p.run(task)) as T;
}

export function comparePasswordInPool(password: string, hash: string): Promise<boolean> {
  return run({ op: 'password.compare', password, hash });
}

export function hashPasswordInPool(password: string, rounds: number): Promise<string> {
  return run({ op: 'password.hash', password, rounds });
}

export function verifyInPool(task: VerifyTask): Promise<VerifyTaskResult> {
  return run({ op: 'credentials.verify', task });
}

/** Load the verifier into the pool's thread ahead of the first import (called at server start). */
export async function warmCpuPool(): Promise<void> {
  await run({ op: 'credentials.warm' });
}
