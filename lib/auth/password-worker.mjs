// Runs in a worker thread (lib/auth/passwords.ts): bcrypt is deliberately slow CPU work, and on the
// web server's own thread 20 parallel sign-ins stalled every other request for seconds.
// Plain JavaScript so that the worker loads as is in `next start`, vitest and tsx alike.
import bcrypt from 'bcryptjs';

/** @param {{ op: 'compare', password: string, hash: string } | { op: 'hash', password: string, rounds: number }} task */
export default function passwordTask(task) {
  if (task.op === 'compare') return bcrypt.compareSync(task.password, task.hash);
  return bcrypt.hashSync(task.password, task.rounds);
}
