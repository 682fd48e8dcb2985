// PersonDoc from the database: the one place that decides what an engine indexes about a person.
// Every engine indexes these same documents, so whatever they disagree on is a bug in an engine.
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { achievements, credentials, people, personSkills, skills } from '../db/schema';
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

async function loadChunk(db: DbOrTx, ids: string[]): Promise<PersonDoc[]> {
  if (ids.length === 0) return [];
  const [personRows, skillRows, credentialRows] = await Promise.all([
    db.select().from(people).where(inArray(people.id, ids)),
    db
      .select({
        personId: personSkills.personId,
        skillId: personSkills.skillId,
        skillName: skills.name,
        verified: personSkills.verified,
        level: personSkills.level,
        credentialIds: personSkills.credentialIds,
        issuerIds: personSkills.issuerIds,
        achievedAt: personSkills.achievedAt,
        expiresAt: personSkills.expiresAt,
      })
      .from(personSkills)
      .innerJoin(skills, eq(skills.id, personSkills.skillId))
      .where(inArray(personSkills.personId, ids))
      .orderBy(asc(personSkills.personId), asc(personSkills.skillId), asc(personSkills.verified)),
    db
      .select({
        personId: credentials.personId,
        issuerId: credentials.issuerId,
        issuedAt: credentials.issuedAt,
        achievementName: achievements.name,
      })
      .from(credentials)
      .leftJoin(achievements, eq(achievements.id, credentials.achievementId))
      .where(and(inArray(credentials.personId, ids), eq(credentials.status, 'verified')))
      .orderBy(asc(credentials.personId), asc(credentials.issuedAt), asc(credentials.id)),
  ]);

  const skillsBy = groupBy(skillRows, (r) => r.personId);
  const credsBy = groupBy(credentialRows, (r) => r.personId);
  return personRows.map((p): PersonDoc => {
    const ps = skillsBy.get(p.id) ?? [];
    const cs = credsBy.get(p.id) ?? [];
    const dates = cs.flatMap((c) => (c.issuedAt ? [c.issuedAt.toISOString()] : []));
    return {
      personId: p.id,
      kind: p.kind,
      name: p.name,
      email: p.email,
      headline: p.headline,
      location: p.location,
      departmentId: p.departmentId,
      currentRole: p.currentRole,
      currentRoleProfileId: p.currentRoleProfileId,
      openToMobility: p.openToMobility,
      searchable: p.searchable,
      skills: ps.map(
        (s): PersonDocSkill => ({
          skill: s.skillId,
          level: s.level,
          verified: s.verified,
          credentialIds: s.credentialIds,
          issuerIds: s.issuerIds,
          achievedAt: isoOrNull(s.achievedAt),
          expiresAt: isoOrNull(s.expiresAt),
        }),
      ),
      credentialNames: distinct(cs.flatMap((c) => (c.achievementName ? [c.achievementName] : []))),
      skillNames: distinct(ps.map((s) => s.skillName)),
      issuerIds: distinct(cs.flatMap((c) => (c.issuerId ? [c.issuerId] : []))).sort(),
      verifiedCredentialCount: cs.length,
      lastVerifiedAt: dates.length > 0 ? dates.reduce((a, b) => (a > b ? a : b)) : null,
      verifiedCredentialDates: dates,
      updatedAt: p.updatedAt.toISOString(),
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

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const arr = out.get(k);
    if (arr) arr.push(r);
    else out.set(k, [r]);
  }
  return out;
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}
