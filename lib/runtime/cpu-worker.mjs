// The one worker-thread entry for CPU-heavy work (lib/runtime/cpu-pool.ts): bcrypt for sign-ins and
// credential verification for imports. On the web server's own thread, 20 parallel sign-ins took a
// search from 18 ms to 1.7 s, and a burst of imports kept a health check waiting 13.7 s (issue 12, 3e).
// Plain JavaScript so the worker loads as is under `next start`, vitest and tsx alike. The verifier
// is TypeScript that Next bundles for the server but not for a worker, so it is loaded here through
// tsx's loader (a runtime dependency already: `npm start` runs on it), once per thread.
import bcrypt from 'bcryptjs';
import { tsImport } from 'tsx/esm/api';

/** @type {Promise<typeof import('../credentials/verify-task')> | undefined} */
let verifier;

function loadVerifier() {
  verifier ??= tsImport('../credentials/verify-task.ts', import.meta.url);
  return verifier;
}

/**
 * @param {{ op: 'password.compare', password: string, hash: string }
 *   | { op: 'password.hash', password: string, rounds: number }
 *   | { op: 'credentials.verify', task: import('../credentials/verify-task').VerifyTask }
 *   | { op: 'credentials.warm' }} message
 */
export default async function cpuTask(message) {
  switch (message.op) {
    case 'password.compare':
      return bcrypt.compareSync(message.password, message.hash);
    case 'password.hash':
      return bcrypt.hashSync(message.password, message.rounds);
    case 'credentials.verify':
      return (await loadVerifier()).runVerifyTask(message.task);
    case 'credentials.warm':
      await loadVerifier();
      return true;
    default:
      throw new Error(`Unknown CPU task ${String(/** @type {{ op?: unknown }} */ (message).op)}`);
  }
}
