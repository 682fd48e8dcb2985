// Server-side sessions behind the JWT cookie: the token carries a session id, and a session is only
// as good as its row. Signing out revokes the row, so a copied cookie stops working at once.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { userSessions, users } from '../db/schema';
import type { Role } from '../domain/permissions';

export async function createUserSession(db: DbOrTx, userId: string, maxAgeSeconds: number): Promise<string> {
  const [row] = await db
    .insert(userSessions)
    .values({ userId, expiresAt: new Date(Date.now() + maxAgeSeconds * 1000) })
    .returning({ id: userSessions.id });
  return row!.id;
}

export type SessionAccount = { role: Role; departmentId: string | null; name: string; email: string };

/**
 * The account behind a session, or null: the session must exist, belong to the user, be neither revoked
 * nor expired, and the account must not be deactivated. One statement for what every signed-in request
 * needs (it was two lookups a request, the session's and then the account's): role and department are
 * read fresh each time, so a change or a deactivation applies to the next request.
 */
export async function readSessionAccount(db: DbOrTx, sessionId: string, userId: string): Promise<SessionAccount | null> {
  if (sessionId.length > 100) return null;
  const [row] = await db
    .select({ role: users.role, departmentId: users.departmentId, name: users.name, email: users.email })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, new Date()), isNull(users.deactivatedAt)))
    .limit(1);
  return row ? { role: row.role, departmentId: row.departmentId ?? null, name: row.name, email: row.email } : null;
}

export async function revokeUserSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.update(userSessions).set({ revokedAt: new Date() }).where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)));
}
