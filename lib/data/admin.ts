import 'server-only';
// Admin reads and writes: users and API keys. Keys are listed by prefix only; the key itself is shown
// once at creation and stored as a hash (lib/auth/api-keys.ts).
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { and, asc, count, desc, eq, gte, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { createApiKey, revokeApiKey } from '../auth/api-keys';
import { getDb, type DbOrTx } from '../db/client';
import { apiKeys, auditLog, departments, users } from '../db/schema';
import { AppError } from '../domain/app-error';
import { can, ROLES, type Actor, type Role } from '../domain/permissions';

function assertAdmin(actor: Actor, permission: 'admin.view' | 'admin.manage') {
  if (!can(actor, permission)) throw new AppError('forbidden', 'Only administrators can do this.');
}

export async function listUsers(actor: Actor, db?: DbOrTx) {
  assertAdmin(actor, 'admin.view');
  const conn = db ?? (await getDb());
  return conn
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, departmentId: users.departmentId, createdAt: users.createdAt, deactivatedAt: users.deactivatedAt })
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

// ---- Users: invite, change role, deactivate / reactivate ----------------------------------------

const emailSchema = z.string().trim().toLowerCase().email('Enter an email address, e.g. name@example.org.').max(320);
const departmentSchema = z.string().trim().max(100).nullish().transform((v) => v || null);

export const inviteUserSchema = z
  .object({
    email: emailSchema,
    name: z.string().trim().min(1, 'Give the person a name.').max(150, 'At most 150 characters.'),
    role: z.enum(ROLES, { message: 'Choose a role.' }),
    departmentId: departmentSchema,
  })
  .refine((u) => u.role !== 'manager' || u.departmentId, { message: 'A manager plans for one department: choose it.', path: ['departmentId'] });

export const changeUserRoleSchema = z
  .object({ userId: z.string().min(1).max(100), role: z.enum(ROLES, { message: 'Choose a role.' }), departmentId: departmentSchema })
  .refine((u) => u.role !== 'manager' || u.departmentId, { message: 'A manager plans for one department: choose it.', path: ['departmentId'] });

async function assertDepartmentExists(conn: DbOrTx, departmentId: string | null) {
  if (!departmentId) return;
  const [row] = await conn.select({ id: departments.id }).from(departments).where(eq(departments.id, departmentId)).limit(1);
  if (!row) throw new AppError('invalid_input', 'That department does not exist.', { departmentId: ['That department does not exist.'] });
}

/** Another active admin must remain: otherwise nobody could manage users or keys any more. */
async function assertAnotherActiveAdmin(conn: DbOrTx, userId: string) {
  const [row] = await conn
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'admin'), isNull(users.deactivatedAt), ne(users.id, userId)));
  if (!row || row.n === 0) throw new AppError('conflict', 'This is the last active administrator: make someone else an administrator first.');
}

/**
 * Creates the account an invited person signs in with. With password sign-in on (demo mode) it gets
 * a one-time initial password, returned once for the admin to hand over (no e-mail server is needed);
 * with OIDC the person signs in through the provider, which only works for existing users.
 */
export async function inviteUser(actor: Actor, rawInput: unknown, options: { withPassword: boolean }, db?: DbOrTx): Promise<{ id: string; email: string; initialPassword: string | null }> {
  assertAdmin(actor, 'admin.manage');
  const parsed = inviteUserSchema.safeParse(rawInput);
  if (!parsed.success) throw new AppError('invalid_input', 'Check the highlighted fields.', z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  const input = parsed.data;
  const conn = db ?? (await getDb());
  const initialPassword = options.withPassword ? randomBytes(12).toString('base64url') : null;
  const passwordHash = initialPassword ? await bcrypt.hash(initialPassword, 10) : null;
  return conn.transaction(async (tx) => {
    await assertDepartmentExists(tx, input.departmentId);
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
    if (existing) throw new AppError('conflict', 'Someone with this email already has an account.', { email: ['Someone with this email already has an account.'] });
    const [row] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, role: input.role, departmentId: input.departmentId, passwordHash })
      .returning({ id: users.id, email: users.email });
    await tx.insert(auditLog).values({ actorId: actor.id, action: 'user.invite', subjectType: 'user', subjectId: row!.id, detail: { email: input.email, role: input.role, departmentId: input.departmentId } });
    return { id: row!.id, email: row!.email, initialPassword };
  });
}

export async function changeUserRole(actor: Actor, rawInput: unknown, db?: DbOrTx): Promise<void> {
  assertAdmin(actor, 'admin.manage');
  const parsed = changeUserRoleSchema.safeParse(rawInput);
  if (!parsed.success) throw new AppError('invalid_input', 'Check the highlighted fields.', z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
  const input = parsed.data;
  const conn = db ?? (await getDb());
  await conn.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, role: users.role, departmentId: users.departmentId }).from(users).where(eq(users.id, input.userId)).limit(1);
    if (!user) throw new AppError('not_found', 'That user does not exist.');
    await assertDepartmentExists(tx, input.departmentId);
    if (user.role === 'admin' && input.role !== 'admin') await assertAnotherActiveAdmin(tx, user.id);
    if (user.role === input.role && user.departmentId === input.departmentId) return;
    await tx.update(users).set({ role: input.role, departmentId: input.departmentId }).where(eq(users.id, user.id));
    await tx.insert(auditLog).values({
      actorId: actor.id,
      action: 'user.role',
      subjectType: 'user',
      subjectId: user.id,
      detail: { from: { role: user.role, departmentId: user.departmentId }, to: { role: input.role, departmentId: input.departmentId } },
    });
  });
}

export async function setUserActive(actor: Actor, rawUserId: unknown, active: boolean, db?: DbOrTx): Promise<void> {
  assertAdmin(actor, 'admin.manage');
  const userId = z.string().min(1).max(100).safeParse(rawUserId);
  if (!userId.success) throw new AppError('not_found', 'That user does not exist.');
  if (!active && userId.data === actor.id) throw new AppError('conflict', 'You cannot deactivate your own account.');
  const conn = db ?? (await getDb());
  await conn.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id, role: users.role, deactivatedAt: users.deactivatedAt }).from(users).where(eq(users.id, userId.data)).limit(1);
    if (!user) throw new AppError('not_found', 'That user does not exist.');
    if (active === (user.deactivatedAt === null)) return;
    if (!active && user.role === 'admin') await assertAnotherActiveAdmin(tx, user.id);
    await tx.update(users).set({ deactivatedAt: active ? null : new Date() }).where(eq(users.id, user.id));
    await tx.insert(auditLog).values({ actorId: actor.id, action: active ? 'user.reactivate' : 'user.deactivate', subjectType: 'user', subjectId: user.id, detail: {} });
  });
}

// ---- Audit log viewer ----------------------------------------------------------------------------

export const AUDIT_PAGE_SIZE = 50;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);
const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
  .pipe(z.iso.date({ message: 'Use a date like 2026-01-31.' }).optional());

/** The viewer's filters, read from the URL (so a filtered view can be shared); bad values are dropped with a notice. */
export const auditFiltersSchema = z.object({
  action: optionalText(100),
  actor: optionalText(320),
  subjectType: optionalText(100),
  subject: optionalText(200),
  from: optionalDate,
  to: optionalDate,
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type AuditFilters = z.output<typeof auditFiltersSchema>;

export function parseAuditFilters(params: Record<string, string | string[] | undefined>): { filters: AuditFilters; notices: string[] } {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const one = Array.isArray(v) ? v[0] : v;
    if (one !== undefined) flat[k] = one;
  }
  const notices: string[] = [];
  const filters: AuditFilters = { action: undefined, actor: undefined, subjectType: undefined, subject: undefined, page: 1 };
  // Field by field, so one bad value does not throw away the others.
  for (const key of ['action', 'actor', 'subjectType', 'subject', 'from', 'to', 'page'] as const) {
    const one = auditFiltersSchema.shape[key].safeParse(flat[key]);
    if (one.success) (filters as Record<string, unknown>)[key] = one.data;
    else notices.push(`"${String(flat[key]).slice(0, 50)}" is not a valid ${key === 'from' || key === 'to' ? `"${key}" date (use YYYY-MM-DD)` : key}; it was ignored.`);
  }
  return { filters, notices };
}

export type AuditEntry = {
  id: number;
  at: string;
  action: string;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  subjectType: string;
  subjectId: string;
  detail: Record<string, unknown>;
};

export async function listAuditLog(
  actor: Actor,
  filters: AuditFilters,
  db?: DbOrTx,
): Promise<{ entries: AuditEntry[]; total: number; page: number; pageSize: number; actions: string[]; subjectTypes: string[] }> {
  assertAdmin(actor, 'admin.view');
  const conn = db ?? (await getDb());
  const where: SQL[] = [];
  if (filters.action) where.push(eq(auditLog.action, filters.action));
  if (filters.subjectType) where.push(eq(auditLog.subjectType, filters.subjectType));
  if (filters.subject) where.push(eq(auditLog.subjectId, filters.subject));
  // "actor" is an email (what an admin knows) or an id (API keys act as apikey:<id>).
  if (filters.actor) where.push(sql`(${auditLog.actorId} = ${filters.actor} or ${auditLog.actorId} in (select ${users.id} from ${users} where ${users.email} = ${filters.actor.toLowerCase()}))`);
  if (filters.from) where.push(gte(auditLog.at, new Date(`${filters.from}T00:00:00Z`)));
  // "to" is inclusive: everything before the next day.
  if (filters.to) where.push(lt(auditLog.at, new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000)));
  const condition = where.length ? and(...where) : undefined;
  const [totalRow] = await conn.select({ n: count() }).from(auditLog).where(condition);
  const total = totalRow?.n ?? 0;
  const lastPage = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(filters.page, lastPage);
  const rows = await conn
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      actorId: auditLog.actorId,
      actorName: users.name,
      actorEmail: users.email,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(condition)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE);
  const [actions, subjectTypes] = await Promise.all([
    conn.selectDistinct({ v: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action)),
    conn.selectDistinct({ v: auditLog.subjectType }).from(auditLog).orderBy(asc(auditLog.subjectType)),
  ]);
  return {
    entries: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
    total,
    page,
    pageSize: AUDIT_PAGE_SIZE,
    actions: actions.map((a) => a.v),
    subjectTypes: subjectTypes.map((a) => a.v),
  };
}
