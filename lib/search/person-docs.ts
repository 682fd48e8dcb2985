// PersonDoc from the database: the one place that decides what an engine indexes about a person.
// Every engine indexes these same documents, so whatever they disagree on is a bug in an engine.
//
// Documents are built set-wise: one statement per batch of people returns finished documents as
// JSON (Postgres groups the batch's skill rows and credentials once, instead of one lookup per
// person), and `streamPersonDocuments` yields them batch by batch, so a reindex of any size holds
// one batch in memory. The indexer (outbox), the reindex and Elasticsearch bulk writes all read it.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client';
import type { PersonDoc, PersonDocSkill } from './engine';

/**
 * People per statement. Large enough that the per-statement cost (planning, a round trip) is small
 * against the rows, small enough that a batch's JSON (~1.5 KB a person) stays a few MB.
 */
export const DEFAULT_DOC_BATCH = 2000;

export type StreamPersonDocumentsOptions = {
  batchSize?: number;
  /**
   * Only these people (the outbox's changed ids), in id order. Ids with no person (deleted) are
   * simply absent from the result, which the indexer turns into a delete. Without it: everyone,
   * by keyset on the person id (no OFFSET, so the 500th batch costs what the first does).
   */
  personIds?: readonly string[];
};

/**
 * Every person's document (or those of `personIds`), in person id order, one array per batch.
 * Only verified credentials feed credential names, issuers, counts and dates; skills carry both
 * verified and self-reported rows, marked, with their expiry for query-time checks.
 */
export async function* streamPersonDocuments(db: DbOrTx, options: StreamPersonDocumentsOptions = {}): AsyncGenerator<PersonDoc[], void, undefined> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_DOC_BATCH));
  const ids = options.personIds ? [...new Set(options.personIds)].sort() : null;
  /** The statement for the batch after `previous` (null: the first), or null when there is none. */
  const next = (previous: PersonDoc[] | null, offset: number): Promise<PersonDoc[]> | null => {
    if (ids) {
      if (offset >= ids.length) return null;
      const chunk = JSON.stringify(ids.slice(offset, offset + batchSize));
      return buildBatch(db, sql`p.id in (select jsonb_array_elements_text(${chunk}::jsonb))`, null, false);
    }
    if (previous !== null && previous.length < batchSize) return null;
    const after = previous?.at(-1)?.personId;
    return buildBatch(db, after === undefined ? sql`true` : sql`p.id > ${after}`, batchSize, true);
  };
  // The next batch is asked for before this one is handed over, so the database builds it while the
  // caller writes this one (on a Postgres server they run side by side; one PGlite connection queues
  // them, which costs nothing). At most two batches are held.
  let pending = next(null, 0);
  let offset = 0;
  try {
    while (pending) {
      const docs = await pending;
      offset += batchSize;
      pending = docs.length === 0 && !ids ? null : next(docs, offset);
      if (docs.length > 0) yield docs;
    }
  } finally {
    // A caller that stops early (break, an engine error) leaves no statement running behind it.
    await pending?.catch(() => undefined);
  }
}

/** The documents of these people (any number; deleted ids are absent). */
export async function loadPersonDocs(db: DbOrTx, personIds: readonly string[]): Promise<PersonDoc[]> {
  const out: PersonDoc[] = [];
  for await (const batch of streamPersonDocuments(db, { personIds })) out.push(...batch);
  return out;
}

/**
 * A timestamp as UTC wall-clock text: JSON writes a `timestamp` as ISO 8601 without a zone
 * ("2023-05-01T12:34:56.123456", fraction trimmed), whatever the session's time zone or DateStyle.
 * Formatting with to_char in the statement cost more database time than the rest of a skill row, and
 * epoch numbers cost more in `Date#toISOString` than these string slices (both measured).
 */
function utc(column: SQL): SQL {
  return sql`(${column} at time zone 'UTC')`;
}

/**
 * ISO text as `Date#toISOString()` writes it: milliseconds, truncated as JS truncates microseconds.
 * Years outside 1-9999 (five digits, or " BC") and infinities have no four-digit ISO form: they are
 * null, as the per-person builder this replaced made them (its `new Date()` could not parse them).
 * Credentials that old or that far ahead do not occur in practice; null leaves them undated / never
 * expiring rather than failing the batch.
 */
function isoFromUtc(text: string | null): string | null {
  if (text === null || text.length < 19 || text.length > 26 || text[4] !== '-' || text.endsWith('BC')) return null;
  return text.length === 19 ? `${text}.000Z` : `${text.slice(0, 23).padEnd(23, '0')}Z`;
}

/** [skill_id, level, verified, credential_ids, issuer_ids, achieved_at, expires_at, trusted_level, trusted_credential_ids, trusted_expires_at, skill name, aliases] */
type SkillTuple = [string, number, boolean, string[], string[], string | null, string | null, number | null, string[], string | null, string, string[]];
/** [issuer_id, issued_at, achievement name, issuer name] of a verified credential */
type CredentialTuple = [string | null, string | null, string | null, string | null];
/** [id, kind, name, email, headline, location, department_id, current_role, current_role_profile_id, open_to_mobility, searchable, updated_at, skills, credentials] */
type PersonTuple = [string, PersonDoc['kind'], string, string, string, string, string | null, string, string | null, boolean, boolean, string | null, SkillTuple[] | null, CredentialTuple[] | null];

/**
 * One statement for a batch: the batch's people (by `where`, up to `limit`, in id order), their skill
 * rows and their verified credentials, each child table read once for the whole batch and grouped by
 * person, joined back: one JSON array per person, all of them in one JSON value (one row per batch:
 * PGlite decodes one message instead of thousands; about a tenth less CPU). Postgres does the reading, joining, grouping and
 * ordering; TypeScript only names the fields, de-duplicates and formats dates (`toPersonDoc`).
 * Building each skill as a JSON object with to_char dates in SQL measured about twice the database
 * time of these arrays (and the JSON is twice as long), so the statement sends arrays.
 */
async function buildBatch(db: DbOrTx, where: SQL, limit: number | null, contiguous: boolean): Promise<PersonDoc[]> {
  // A keyset batch is every person in one id range: each child table is read by one index range
  // scan (person_skills' primary key, credentials_person_idx). Scattered ids (the outbox's) would
  // make that range most of the table: they are looked up by id instead.
  const inBatch = (column: SQL) =>
    contiguous ? sql`${column} between (select lo from bounds) and (select hi from bounds) and ${column} in (select id from batch)` : sql`${column} in (select id from batch)`;
  const rows = rowsOf<{ docs: PersonTuple[] | string }>(
    await db.execute(sql`with batch as materialized (
        select p.id, p.kind, p.name, p.email, p.headline, p.location, p.department_id, p."current_role", p.current_role_profile_id,
          p.open_to_mobility, p.searchable, p.updated_at
        from people p where ${where} order by p.id ${limit === null ? sql`` : sql`limit ${limit}`}
      ),
      bounds as (select min(id) as lo, max(id) as hi from batch),
      skill_rows as (
        select ps.person_id,
          json_agg(json_build_array(ps.skill_id, ps.level, ps.verified, ps.credential_ids, ps.issuer_ids, ${utc(sql`ps.achieved_at`)},
              ${utc(sql`ps.expires_at`)}, ps.trusted_level, ps.trusted_credential_ids, ${utc(sql`ps.trusted_expires_at`)}, s.name, s.aliases)
            order by ps.skill_id, ps.verified) as skills
        from person_skills ps join skills s on s.id = ps.skill_id
        where ${inBatch(sql`ps.person_id`)}
        group by ps.person_id
      ),
      credential_rows as (
        select c.person_id, json_agg(json_build_array(c.issuer_id, ${utc(sql`c.issued_at`)}, a.name, i.name) order by c.issued_at, c.id) as creds
        from credentials c left join achievements a on a.id = c.achievement_id left join issuers i on i.id = c.issuer_id
        where ${inBatch(sql`c.person_id`)} and c.status = 'verified'
        group by c.person_id
      )
      select coalesce(json_agg(json_build_array(p.id, p.kind, p.name, p.email, p.headline, p.location, p.department_id, p."current_role", p.current_role_profile_id,
          p.open_to_mobility, p.searchable, ${utc(sql`p.updated_at`)}, sr.skills, cr.creds) order by p.id), '[]'::json) as docs
      from batch p left join skill_rows sr on sr.person_id = p.id left join credential_rows cr on cr.person_id = p.id`),
  );
  // node-postgres and PGlite both parse json columns; a driver that hands back text is parsed here.
  const docs = rows[0]?.docs ?? [];
  return (typeof docs === 'string' ? (JSON.parse(docs) as PersonTuple[]) : docs).map(toPersonDoc);
}

/**
 * The document's definition, on top of the statement's orders:
 * - `skills`: by skill id, then self-reported before verified;
 * - `skillNames`: each skill row's name then its aliases, in skill order, first occurrence kept;
 * - `credentialNames`, `verifiedCredentialDates`: verified credentials by issue date, then id (names:
 *   first occurrence kept, empty ones left out);
 * - `issuerIds`, `issuerNames`: distinct, non-empty, sorted as JS sorts strings;
 * - `lastVerifiedAt`: the latest issue date of a verified credential.
 */
function toPersonDoc(t: PersonTuple): PersonDoc {
  const [id, kind, name, email, headline, location, departmentId, currentRole, currentRoleProfileId, openToMobility, searchable, updatedAt] = t;
  const skillRows = t[12] ?? [];
  const creds = t[13] ?? [];
  const skills: PersonDocSkill[] = [];
  const skillNames = new Set<string>();
  for (const [skill, level, verified, credentialIds, issuerIds, achievedAt, expiresAt, trustedLevel, trustedCredentialIds, trustedExpiresAt, skillName, aliases] of skillRows) {
    skills.push({
      skill,
      level,
      verified,
      credentialIds,
      issuerIds,
      achievedAt: isoFromUtc(achievedAt),
      expiresAt: isoFromUtc(expiresAt),
      trustedLevel: trustedLevel ?? null,
      trustedCredentialIds: trustedCredentialIds ?? [],
      trustedExpiresAt: isoFromUtc(trustedExpiresAt),
    });
    skillNames.add(skillName);
    for (const alias of aliases ?? []) skillNames.add(alias);
  }
  const credentialNames = new Set<string>();
  const issuerIds = new Set<string>();
  const issuerNames = new Set<string>();
  const dates: string[] = [];
  let last: string | null = null;
  for (const [issuerId, issuedAt, achievementName, issuerName] of creds) {
    if (achievementName) credentialNames.add(achievementName);
    if (issuerId) issuerIds.add(issuerId);
    if (issuerName) issuerNames.add(issuerName);
    const date = isoFromUtc(issuedAt);
    if (date !== null) {
      dates.push(date);
      // Same-length ISO text (four-digit years) sorts as time does.
      if (last === null || date > last) last = date;
    }
  }
  return {
    personId: id,
    kind,
    name,
    email,
    headline,
    location,
    departmentId,
    currentRole,
    currentRoleProfileId,
    openToMobility,
    searchable,
    skills,
    credentialNames: [...credentialNames],
    skillNames: [...skillNames],
    issuerIds: [...issuerIds].sort(),
    issuerNames: [...issuerNames].sort(),
    verifiedCredentialCount: creds.length,
    lastVerifiedAt: last,
    verifiedCredentialDates: dates,
    updatedAt: isoFromUtc(updatedAt) ?? new Date(0).toISOString(),
  };
}
