// `npm run apikey -- create --role <role> [--name <name>]` | `list` | `revoke <id>`
// Keys are shown once; only their hash is stored.
import { parseArgs } from 'node:util';
import { desc } from 'drizzle-orm';
import { z } from 'zod';
import { createApiKey, revokeApiKey } from '../lib/auth/api-keys';
import { migrateDatabase, openDatabase } from '../lib/db/client';
import { apiKeys } from '../lib/db/schema';
import { ROLES } from '../lib/domain/permissions';
import { env } from '../lib/env.js';

const usage = 'usage: npm run apikey -- create --role <recruiter|manager|hr|admin> [--name <name>] | list | revoke <id>';

async function main() {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' } },
  });
  const [command, id] = positionals;
  if (!command || !['create', 'list', 'revoke'].includes(command)) throw new Error(usage);
  const handle = await openDatabase({ url: env.DATABASE_URL });
  try {
    await migrateDatabase(handle);
    if (command === 'create') {
      const role = z.enum(ROLES, { error: `--role must be one of ${ROLES.join(', ')}` }).parse(values.role);
      const name = z.string().trim().min(1).max(100).parse(values.name ?? `${role} key`);
      const key = await createApiKey(handle.db, { name, role, createdBy: 'cli' });
      console.log(JSON.stringify({ id: key.id, name: key.name, role: key.role, key: key.key }, null, 2));
      console.error('Store this key now: it is not shown again. Send it as "Authorization: Bearer <key>".');
    } else if (command === 'list') {
      const rows = await handle.db
        .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, role: apiKeys.role, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt, lastUsedAt: apiKeys.lastUsedAt })
        .from(apiKeys)
        .orderBy(desc(apiKeys.createdAt));
      console.log(JSON.stringify(rows, null, 2));
    } else {
      if (!id) throw new Error(usage);
      await revokeApiKey(handle.db, id);
      console.log(`revoked ${id}`);
    }
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  const message = err instanceof z.ZodError ? err.issues.map((i) => i.message).join('; ') : (err as Error).message;
  console.error(message);
  process.exit(1);
});
