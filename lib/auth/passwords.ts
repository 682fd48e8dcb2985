// Password hashing off the event loop: bcrypt runs in the shared CPU worker pool (lib/runtime/cpu-pool.ts),
// sized to leave one core to the web server's event loop, so sign-ins queue behind each other instead
// of stalling searches and page views (issue 12, item 3e).
import { comparePasswordInPool, hashPasswordInPool } from '../runtime/cpu-pool';

export async function comparePassword(password: string, hash: string): Promise<boolean> {
  return comparePasswordInPool(password, hash);
}

export async function hashPassword(password: string, rounds = 10): Promise<string> {
  return hashPasswordInPool(password, rounds);
}
