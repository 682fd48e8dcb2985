// The web server takes its embedded data folder at start (called from instrumentation.ts): it must
// own the folder (one process per PGlite folder), and other local commands then reach the database
// through its socket. When another process holds the folder, serving pages would only answer
// errors, so the server stops with the holder's name and what to do.
import { env, isEmbeddedDatabase } from '../env.js';
import { getDbHandle } from './client';

export async function openServerDatabase(): Promise<void> {
  if (!isEmbeddedDatabase()) return;
  const url = env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
  try {
    await getDbHandle({ role: 'server', command: `the Skillproof server at ${url}` });
  } catch (err) {
    console.error(`\n${(err as Error).message}\n`);
    process.exit(1);
  }
}
