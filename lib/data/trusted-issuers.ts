import 'server-only';
// The trusted-issuer list (admin): add, remove, import a registry. A trust change is one transaction:
// the issuer row, an audit row, the issuer-trust check of every stored credential of that issuer
// (so reports say what is true now), the trusted levels of every person holding one (recomputed) and
// an outbox row per such person, so the search index follows.
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type DbOrTx } from '../db/client';
import { auditLog, credentials, issuers, outbox } from '../db/schema';
import { AppError } from '../domain/app-error';
import { issuerIdSchema, parseIssuerRegistry, RegistryError } from '../domain/issuer-registry';
import { can, type Actor } from '../domain/permissions';
import { recomputePeopleSkills } from './ingest-credentials';

export type IssuerRow = {
  id: string;
  name: string;
  url: string | null;
  trust: 'trusted' | 'unknown' | 'blocked';
  trustSource: string | null;
  trustChangedAt: Date | null;
  credentialCount: number;
};

/** People recomputed per statement batch (a registry import can touch thousands). */
const RECOMPUTE_BATCH = 500;

function assertManage(actor: Actor) {
  if (!can(actor, 'issuers.manage')) throw new AppError('forbidden', 'Only administrators can change the trusted-issuer list.');
}

/** Every known issuer, trusted first, with how many stored credentials name it. */
export async function listIssuers(actor: Actor, db?: DbOrTx): Promise<IssuerRow[]> {
  if (!can(actor, 'admin.view')) throw new AppError('forbidden', 'Only administrators can see the issuer list.');
  const conn = db ?? (await getDb());
  const rows = await conn
    .select({
      id: issuers.id,
      name: issuers.name,
      url: issuers.url,
      trust: issuers.trust,
      trustSource: issuers.trustSource,
      trustChangedAt: issuers.trustChangedAt,
      credentialCount: sql<number>`(select count(*)::int from ${credentials} c where c.issuer_id = "issuers"."id")`,
    })
    .from(issuers)
    .orderBy(sql`${issuers.trust} = 'trusted' desc`, asc(issuers.name));
  return rows.map((r) => ({ ...r, credentialCount: Number(r.credentialCount) }));
}

export const setIssuerTrustSchema = z.object({
  issuerId: issuerIdSchema,
  name: z.string().trim().max(300).optional(),
  trusted: z.boolean(),
});

/** Add an issuer to the trusted list (creating it if no credential named it yet) or take it off. */
export async function setIssuerTrust(actor: Actor, input: z.input<typeof setIssuerTrustSchema>, db?: DbOrTx): Promise<{ peopleUpdated: number }> {
  assertManage(actor);
  const parsed = setIssuerTrustSchema.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', 'Check the issuer.', parsed.error.flatten().fieldErrors as Record<string, string[]>);
  const { issuerId, name, trusted } = parsed.data;
  const conn = db ?? (await getDb());
  return conn.transaction(async (tx) => {
    const [existing] = await tx.select({ trust: issuers.trust }).from(issuers).where(eq(issuers.id, issuerId)).limit(1);
    if (!existing && !trusted) throw new AppError('not_found', 'That issuer is not known.', { issuerId: ['Unknown issuer.'] });
    const trust = trusted ? 'trusted' : 'unknown';
    const changed = await writeTrust(tx, [{ id: issuerId, name: name || null, url: null }], trust, 'admin');
    await tx.insert(auditLog).values({
      actorId: actor.id,
      action: trusted ? 'issuer.trust' : 'issuer.untrust',
      subjectType: 'issuer',
      subjectId: issuerId,
      detail: { from: existing?.trust ?? null, to: trust, peopleUpdated: changed },
    });
    return { peopleUpdated: changed };
  });
}

/**
 * Import a DCC-style issuer registry or a plain list of DIDs / URLs: every entry becomes trusted
 * (names from the registry fill in unknown issuers; a name already known is kept). Nothing is taken
 * off the list by an import. One transaction, one audit row naming every issuer.
 */
export async function importTrustedIssuers(
  actor: Actor,
  input: { text: string; sourceName?: string },
  db?: DbOrTx,
): Promise<{ format: string; trusted: number; skipped: { line: string; reason: string }[]; peopleUpdated: number }> {
  assertManage(actor);
  let registry;
  try {
    registry = parseIssuerRegistry(input.text);
  } catch (err) {
    if (err instanceof RegistryError) throw new AppError('invalid_input', err.message, { registry: [err.message] });
    throw err;
  }
  const source = `registry: ${(input.sourceName || registry.name || (registry.format === 'dcc-registry' ? 'DCC issuer registry' : 'list')).slice(0, 200)}`;
  const conn = db ?? (await getDb());
  return conn.transaction(async (tx) => {
    const changed = await writeTrust(tx, registry.entries, 'trusted', source);
    await tx.insert(auditLog).values({
      actorId: actor.id,
      action: 'issuer.import',
      subjectType: 'issuer',
      subjectId: source,
      detail: { format: registry.format, issuerIds: registry.entries.map((e) => e.id), skipped: registry.skipped.length, peopleUpdated: changed },
    });
    return { format: registry.format, trusted: registry.entries.length, skipped: registry.skipped, peopleUpdated: changed };
  });
}

/**
 * Sets the trust of these issuers, refreshes the issuer-trust check of their stored credentials,
 * recomputes their holders' levels and queues them for the index. Returns the people touched.
 */
async function writeTrust(
  tx: DbOrTx,
  entries: { id: string; name: string | null; url: string | null }[],
  trust: 'trusted' | 'unknown',
  source: string,
): Promise<number> {
  const now = new Date();
  const ids = entries.map((e) => e.id);
  for (let i = 0; i < entries.length; i += 500) {
    await tx
      .insert(issuers)
      .values(entries.slice(i, i + 500).map((e) => ({ id: e.id, name: e.name ?? e.id, url: e.url, trust, trustSource: source, trustChangedAt: now })))
      .onConflictDoUpdate({
        target: issuers.id,
        set: {
          trust: sql`excluded.trust`,
          trustSource: sql`excluded.trust_source`,
          trustChangedAt: sql`excluded.trust_changed_at`,
          // A name an import learnt from the credential itself stays; a registry fills only a bare id.
          name: sql`case when ${issuers.name} = ${issuers.id} then excluded.name else ${issuers.name} end`,
          url: sql`coalesce(${issuers.url}, excluded.url)`,
        },
      });
  }
  // The stored reports' issuer-trust check, rewritten in place to what verification would now say
  // (the same sentences as lib/credentials checkIssuerTrust), so no report contradicts the list.
  const pass = trust === 'trusted';
  for (let i = 0; i < ids.length; i += 500) {
    await tx.execute(sql`update credentials c set checks = (
        select coalesce(jsonb_agg(case when e->>'id' = 'issuer-trust'
          then jsonb_build_object('id', 'issuer-trust', 'result', ${pass ? 'pass' : 'warn'}::text,
            'message', s.name || ${pass ? ' is a trusted issuer' : ' is not on the trusted issuers list'}::text)
          else e end order by n), '[]'::jsonb)
        from jsonb_array_elements(c.checks) with ordinality as t(e, n))
      from issuers s where s.id = c.issuer_id and c.issuer_id in (${sql.join(
        ids.slice(i, i + 500).map((id) => sql`${id}`),
        sql`, `,
      )})`);
  }
  const holders = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await tx.selectDistinct({ personId: credentials.personId }).from(credentials).where(inArray(credentials.issuerId, ids.slice(i, i + 500)));
    for (const r of rows) holders.add(r.personId);
  }
  const people = [...holders].sort();
  for (let i = 0; i < people.length; i += RECOMPUTE_BATCH) {
    const batch = people.slice(i, i + RECOMPUTE_BATCH);
    await recomputePeopleSkills(tx, batch);
    await tx.insert(outbox).values(batch.map((id) => ({ aggregate: 'person', aggregateId: id, op: 'upsert' as const })));
  }
  return people.length;
}
