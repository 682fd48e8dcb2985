// API keys for machines: shown once at creation, stored only as a sha256 hash.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { apiKeys } from '../db/schema';
import type { Actor, Role } from '../domain/permissions';

const KEY_PREFIX = 'sk_';
/**
 * lastUsedAt is for people ("used today?"), not an audit trail: writing it on every request turned
 * each API read into a write. It is refreshed at most once a minute per key.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function createApiKey(db: DbOrTx, options: { name: string; role: Role; createdBy?: string | null }) {
  const key = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  const [row] = await db
    .insert(apiKeys)
    .values({ name: options.name, role: options.role, prefix: key.slice(0, 10), keyHash: hashApiKey(key), createdBy: options.createdBy ?? null })
    .returning({ id: apiKeys.id, prefix: apiKeys.prefix, role: apiKeys.role, name: apiKeys.name });
  return { ...row!, key };
}

/** The actor behind a key, or null when the key is unknown or revoked. */
export async function actorFromApiKey(db: DbOrTx, key: string): Promise<Actor | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const [row] = await db
    .select({ id: apiKeys.id, role: apiKeys.role, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return null;
  const now = new Date();
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    // The condition is repeated in the update so that concurrent requests write it once between them.
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore))));
  }
  return { id: `apikey:${row.id}`, role: row.role, departmentId: null };
}

export async function revokeApiKey(db: DbOrTx, id: string) {
  await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));
}
