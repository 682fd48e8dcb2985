// PersonDoc from the database: the one place that decides what an engine indexes about a person.
// Every engine indexes these same documents, so whatever they disagree on is a bug in an engine.
import { asc, gt, sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client';
import { people } from '../db/schema';
import type { PersonDoc, PersonDocSkill } from './engine';
import { isoOrNull } from './scoring';

/** Ids per query: keeps IN lists (bind parameters) small on both PGlite and Postgres. */
const LOAD_CHUNK = 1000;

/**
 * Documents for these people. Ids with no person (deleted) are simply absent from the result, which
 * the indexer turns into a delete. Only verified credentials feed names, issuers, counts and dates;
 * skills carry both verified and self-reported rows, marked, with their expiry for query-time checks.
 */
export async function loadPersonDocs(db: DbOrTx, personIds: string[]): Promise<PersonDoc[]> {
  const unique = [...new Set(personIds)];
  const out: PersonDoc[] = [];
  for (let i = 0; i < unique.length; i += LOAD_CHUNK) {
    out.push(...(await loadChunk(db, unique.slice(i, i + LOAD_CHUNK))));
  }
  return out;
}

type DocRow = {
  id: string;
  kind: 'employee' | 'candidate';
  name: string;
  email: string;
  headline: string;
  location: string;
  department_id: string | null;
  current_role: string;
  current_role_profile_id: string | null;
  open_to_mobility: boolean;
  searchable: boolean;
  updated_at: string | Date;
  /** [skill_id, skill name, verified, level, credential_ids, issuer_ids, achieved_at, expires_at, trusted_level, trusted_credential_ids, trusted_expires_at, aliases] */
  skills: [string, string, boolean, number, string[], string[], string | null, string | null, number | null, string[], string | null, string[]][];
  /** [issuer_id, issued_at, achievement name, issuer name] of verified credentials, oldest first */
  creds: [string | null, string | null, string | null, string | null][];
};

/**
 * One statement per chunk: Postgres assembles each person's skills and verified credentials as JSON,
 * which is several times faster than three row sets mapped by the ORM (reindex throughput).
 */
async function loadChunk(db: DbOrTx, ids: string[]): Promise<PersonDoc[]> {
  if (ids.length === 0) return [];
  const rows = rowsOf<DocRow>(
    await db.execute(sql`select p.id, p.kind, p.name, p.email, p.headline, p.location, p.department_id, p."current_role",
        p.current_role_profile_id, p.open_to_mobility, p.searchable, p.updated_at,
        coalesce((select jsonb_agg(jsonb_build_array(ps.skill_id, s.name, ps.verified, ps.level, ps.credential_ids, ps.issuer_ids, ps.achieved_at, ps.expires_at,
                   ps.trusted_level, ps.trusted_credential_ids, ps.trusted_expires_at, s.aliases)
                   order by ps.skill_id, ps.verified)
                 from person_skills ps join skills s on s.id = ps.skill_id where ps.person_id = p.id), '[]'::jsonb) as skills,
        coalesce((select jsonb_agg(jsonb_build_array(c.issuer_id, c.issued_at, a.name, i.name) order by c.issued_at, c.id)
                 from credentials c left join achievements a on a.id = c.achievement_id left join issuers i on i.id = c.issuer_id
                 where c.person_id = p.id and c.status = 'verified'), '[]'::jsonb) as creds
      from people p where p.id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))
      order by p.id`),
  );
  return rows.map((p): PersonDoc => {
    const dates = p.creds.flatMap(([, issuedAt]) => (issuedAt ? [isoOrNull(issuedAt)!] : []));
    return {
      personId: p.id,
      kind: p.kind,
      name: p.name,
      email: p.email,
      headline: p.headline,
      location: p.location,
      departmentId: p.department_id,
      currentRole: p.current_role,
      currentRoleProfileId: p.current_role_profile_id,
      openToMobility: p.open_to_mobility,
      searchable: p.searchable,
      skills: p.skills.map(
        ([skill, , verified, level, credentialIds, issuerIds, achievedAt, expiresAt, trustedLevel, trustedCredentialIds, trustedExpiresAt]): PersonDocSkill => ({
          skill,
          level,
          verified,
          credentialIds,
          issuerIds,
          achievedAt: isoOrNull(achievedAt),
          expiresAt: isoOrNull(expiresAt),
          trustedLevel: trustedLevel ?? null,
          trustedCredentialIds: trustedCredentialIds ?? [],
          trustedExpiresAt: isoOrNull(trustedExpiresAt),
        }),
      ),
      credentialNames: distinct(p.creds.flatMap(([, , name]) => (name ? [name] : []))),
      skillNames: distinct(p.skills.flatMap(([, name, , , , , , , , , , aliases]) => [name, ...(aliases ?? [])])),
      issuerIds: distinct(p.creds.flatMap(([issuer]) => (issuer ? [issuer] : []))).sort(),
      issuerNames: distinct(p.creds.flatMap(([, , , issuerName]) => (issuerName ? [issuerName] : []))).sort(),
      verifiedCredentialCount: p.creds.length,
      lastVerifiedAt: dates.length > 0 ? dates.reduce((a, b) => (a > b ? a : b)) : null,
      verifiedCredentialDates: dates,
      updatedAt: isoOrNull(p.updated_at) ?? new Date(0).toISOString(),
    };
  });
}

/** Every person id in pages, for reindexing without holding 100,000 documents in memory. */
export async function forEachPersonIdBatch(db: DbOrTx, batchSize: number, onBatch: (ids: string[]) => Promise<void>): Promise<number> {
  let after = '';
  let total = 0;
  for (;;) {
    const rows = await db.select({ id: people.id }).from(people).where(gt(people.id, after)).orderBy(asc(people.id)).limit(batchSize);
    if (rows.length === 0) return total;
    await onBatch(rows.map((r) => r.id));
    total += rows.length;
    after = rows[rows.length - 1]!.id;
  }
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}
