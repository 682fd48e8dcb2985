import 'server-only';
// A person's recipient identities beyond their email (which always counts): more emails, DIDs, URLs,
// profile identifiers. Imports attach a credential only when its recipient is one of these, so one
// identity belongs to one person at most (unique canonical form, and never another person's email).
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client';
import { auditLog, people, personIdentities } from '../db/schema';
import { canonicalIdentity } from '../credentials/verify';
import { AppError } from '../domain/app-error';
import { can, canSeePerson, type Actor } from '../domain/permissions';

export const personIdentitySchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('email'), value: z.string().trim().toLowerCase().email('enter an email address').max(320) }),
    z.object({ kind: z.literal('did'), value: z.string().trim().max(2000).regex(/^did:[a-z0-9]+:\S+$/, 'a DID looks like did:method:identifier') }),
    z.object({ kind: z.literal('url'), value: z.string().trim().max(2000).url('enter a full https:// address').refine((v) => /^https?:\/\//i.test(v), 'http(s) only') }),
    z.object({ kind: z.literal('profile'), value: z.string().trim().min(1, 'enter the identifier').max(500) }),
  ]);
export type PersonIdentityInput = z.input<typeof personIdentitySchema>;
export type PersonIdentity = { id: string; kind: 'email' | 'did' | 'url' | 'profile'; value: string };

async function visiblePerson(db: DbOrTx, actor: Actor, personId: string) {
  const [row] = await db
    .select({ id: people.id, email: people.email, kind: people.kind, departmentId: people.departmentId, openToMobility: people.openToMobility, searchable: people.searchable })
    .from(people)
    .where(eq(people.id, personId))
    .limit(1);
  if (!row || !canSeePerson(actor, row)) throw new AppError('not_found', 'This person does not exist or is not visible to you.');
  return row;
}

export async function listPersonIdentities(db: DbOrTx, actor: Actor, personId: string): Promise<PersonIdentity[]> {
  await visiblePerson(db, actor, personId);
  return db
    .select({ id: personIdentities.id, kind: personIdentities.kind, value: personIdentities.value })
    .from(personIdentities)
    .where(eq(personIdentities.personId, personId))
    .orderBy(asc(personIdentities.kind), asc(personIdentities.value));
}

export async function addPersonIdentity(db: DbOrTx, actor: Actor, personId: string, input: PersonIdentityInput): Promise<PersonIdentity> {
  if (!can(actor, 'people.manageIdentities')) throw new AppError('forbidden', 'Only HR can change the identities credentials are matched against.');
  const parsed = personIdentitySchema.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', 'Check the identity.', { value: parsed.error.issues.map((i) => i.message) });
  const { kind, value } = parsed.data;
  const canonical = canonicalIdentity(value);
  return db.transaction(async (tx) => {
    const person = await visiblePerson(tx, actor, personId);
    const [emailOwner] = await tx.select({ id: people.id }).from(people).where(eq(sql`lower(${people.email})`, canonical)).limit(1);
    if (emailOwner?.id === person.id) throw new AppError('conflict', 'That is already their email.', { value: ['Already their email.'] });
    if (emailOwner) throw new AppError('conflict', 'That identity is another person’s email.', { value: ['Belongs to someone else.'] });
    const [row] = await tx
      .insert(personIdentities)
      .values({ personId: person.id, kind, value, canonical })
      .onConflictDoNothing({ target: personIdentities.canonical })
      .returning({ id: personIdentities.id, kind: personIdentities.kind, value: personIdentities.value });
    if (!row) throw new AppError('conflict', 'That identity is already recorded for a person.', { value: ['Already recorded.'] });
    await tx.insert(auditLog).values({ actorId: actor.id, action: 'person.identity.add', subjectType: 'person', subjectId: person.id, detail: { kind, value } });
    return row;
  });
}

export async function removePersonIdentity(db: DbOrTx, actor: Actor, personId: string, identityId: string): Promise<void> {
  if (!can(actor, 'people.manageIdentities')) throw new AppError('forbidden', 'Only HR can change the identities credentials are matched against.');
  await db.transaction(async (tx) => {
    await visiblePerson(tx, actor, personId);
    const [row] = await tx
      .delete(personIdentities)
      .where(and(eq(personIdentities.id, identityId), eq(personIdentities.personId, personId)))
      .returning({ kind: personIdentities.kind, value: personIdentities.value });
    if (!row) throw new AppError('not_found', 'That identity is not recorded for this person.');
    await tx.insert(auditLog).values({ actorId: actor.id, action: 'person.identity.remove', subjectType: 'person', subjectId: personId, detail: row });
  });
}
