import 'server-only';
// Admin reads and writes: users and API keys. Keys are listed by prefix only; the key itself is shown
// once at creation and stored as a hash (lib/auth/api-keys.ts).
import { asc, desc, eq } from 'drizzle-orm';
import { createApiKey, revokeApiKey } from '../auth/api-keys';
import { getDb, type DbOrTx } from '../db/client';
import { apiKeys, auditLog, users } from '../db/schema';
import { AppError } from '../domain/app-error';
import { can, type Actor, type Role } from '../domain/permissions';

function assertAdmin(actor: Actor, permission: 'admin.view' | 'admin.manage') {
  if (!can(actor, permission)) throw new AppError('forbidden', 'Only administrators can do this.');
}

export async function listUsers(actor: Actor, db?: DbOrTx) {
  assertAdmin(actor, 'admin.view');
  const conn = db ?? (await getDb());
  return conn
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, departmentId: users.departmentId, createdAt: users.createdAt })
    .from(users)
    .orderBy(asc(users.role), asc(users.email));
}

export async function listApiKeys(actor: Actor, db?: DbOrTx) {
  assertAdmin(actor, 'admin.view');
  const conn = db ?? (await getDb());
  return conn
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      role: apiKeys.role,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt));
}

export async function createApiKeyAsAdmin(actor: Actor, input: { name: string; role: Role }, db?: DbOrTx) {
  assertAdmin(actor, 'admin.manage');
  const conn = db ?? (await getDb());
  return conn.transaction(async (tx) => {
    const created = await createApiKey(tx, { name: input.name, role: input.role, createdBy: actor.id });
    await tx.insert(auditLog).values({ actorId: actor.id, action: 'apikey.create', subjectType: 'api_key', subjectId: created.id, detail: { role: input.role, name: input.name } });
    return created;
  });
}

export async function revokeApiKeyAsAdmin(actor: Actor, id: string, db?: DbOrTx) {
  assertAdmin(actor, 'admin.manage');
  const conn = db ?? (await getDb());
  await conn.transaction(async (tx) => {
    const [row] = await tx.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, id)).limit(1);
    if (!row) throw new AppError('not_found', 'That API key does not exist.');
    await revokeApiKey(tx, id);
    await tx.insert(auditLog).values({ actorId: actor.id, action: 'apikey.revoke', subjectType: 'api_key', subjectId: id, detail: {} });
  });
}
