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

/** The people of a batch, in id order, one array per column (see buildBatch). */
type PeopleColumns = [string[], PersonDoc['kind'][], string[], string[], string[], string[], (string | null)[], string[], (string | null)[], boolean[], boolean[], (string | null)[]];
/** The batch's skill rows, by person, then skill id, self-reported before verified: one array per column. */
type SkillColumns = [string[], string[], number[], boolean[], string[][], string[][], (string | null)[], (string | null)[], (number | null)[], (string[] | null)[], (string | null)[]];
/** The batch's verified credentials, by person, then issue date and id: [person_id, issuer_id, issued_at, achievement_id]. */
type CredentialColumns = [string[], (string | null)[], (string | null)[], (string | null)[]];
/** [name, aliases] of every skill the batch's rows name. */
type SkillNames = Record<string, [string, string[] | null]>;
/** Names by id of the achievements and issuers the batch's credentials name. */
type Names = Record<string, string | null>;
type BatchValue = [PeopleColumns | null, SkillColumns | null, CredentialColumns | null, SkillNames | null, Names | null, Names | null];
type BatchNames = { skills: SkillNames; achievements: Names; issuers: Names };

/**
 * One statement for a batch: the batch's people (by `where`, up to `limit`, in id order), their skill
 * rows and their verified credentials, each child table read once for the whole batch, all in one
 * JSON value (one row: PGlite decodes one message, not thousands). Each table comes back by column
 * (`json_agg` of one column per array, over rows sorted by person), not as an array per row: every
 * `json_build_array` call looks up each argument's type and output function again, and per skill row
 * that was most of the statement (columns: 81 against 177 ms of CPU per 2,000 people's skill rows on
 * PGlite; 25 against 39 for credentials). All the aggregates of one query read the same rows in the
 * same pass, so the columns line up row by row. Skill names come once per skill, not per row.
 * TypeScript groups the rows per person (`toPersonDocs`).
 */
async function buildBatch(db: DbOrTx, where: SQL, limit: number | null, contiguous: boolean): Promise<PersonDoc[]> {
  // A keyset batch is every person in one id range (the first n ids after the last batch's), so
  // each child table is one index range scan between its first and last id (person_skills' primary
  // key, credentials_person_idx). Scattered ids (the outbox's) would make that range most of the
  // table: they are looked up by id instead.
  const inBatch = (column: SQL) =>
    contiguous ? sql`${column} between (select lo from bounds) and (select hi from bounds)` : sql`${column} in (select id from batch)`;
  const rows = rowsOf<{ docs: BatchValue | string }>(
    await db.execute(sql`with batch as materialized (
        select p.id, p.kind, p.name, p.email, p.headline, p.location, p.department_id, p."current_role", p.current_role_profile_id,
          p.open_to_mobility, p.searchable, ${utc(sql`p.updated_at`)} as updated_at
        from people p where ${where} order by p.id ${limit === null ? sql`` : sql`limit ${limit}`}
      ),
      bounds as (select min(id) as lo, max(id) as hi from batch),
      skill_rows as materialized (
        select ps.person_id, ps.skill_id, ps.level, ps.verified, ps.credential_ids, ps.issuer_ids, ${utc(sql`ps.achieved_at`)} as achieved_at,
          ${utc(sql`ps.expires_at`)} as expires_at, ps.trusted_level, ps.trusted_credential_ids, ${utc(sql`ps.trusted_expires_at`)} as trusted_expires_at
        from person_skills ps
        where ${inBatch(sql`ps.person_id`)}
        order by ps.person_id, ps.skill_id, ps.verified
      ),
      credential_rows as (
        select c.person_id, c.issuer_id, ${utc(sql`c.issued_at`)} as issued_at, c.achievement_id
        from credentials c
        where ${inBatch(sql`c.person_id`)} and c.status = 'verified'
        order by c.person_id, c.issued_at, c.id
      )
      select json_build_array(
        (select json_build_array(json_agg(id), json_agg(kind), json_agg(name), json_agg(email), json_agg(headline), json_agg(location), json_agg(department_id),
            json_agg("current_role"), json_agg(current_role_profile_id), json_agg(open_to_mobility), json_agg(searchable), json_agg(updated_at))
          from (select * from batch order by id) p having count(*) > 0),
        (select json_build_array(json_agg(person_id), json_agg(skill_id), json_agg(level), json_agg(verified), json_agg(credential_ids), json_agg(issuer_ids),
            json_agg(achieved_at), json_agg(expires_at), json_agg(trusted_level), json_agg(trusted_credential_ids), json_agg(trusted_expires_at))
          from skill_rows having count(*) > 0),
        (select json_build_array(json_agg(person_id), json_agg(issuer_id), json_agg(issued_at), json_agg(achievement_id))
          from credential_rows having count(*) > 0),
        (select json_object_agg(s.id, json_build_array(s.name, s.aliases)) from skills s where s.id in (select skill_id from skill_rows)),
        (select json_object_agg(a.id, a.name) from achievements a where a.id in (select achievement_id from credential_rows)),
        (select json_object_agg(i.id, i.name) from issuers i where i.id in (select issuer_id from credential_rows))
      ) as docs`),
  );
  // node-postgres and PGlite both parse json columns; a driver that hands back text is parsed here.
  const value = rows[0]?.docs;
  if (!value) return [];
  return toPersonDocs(typeof value === 'string' ? (JSON.parse(value) as BatchValue) : value);
}

/** Where each person's rows are in a table sorted by person: [first, end) per person id. */
function rangesByPerson(personIds: readonly string[]): Map<string, [number, number]> {
  const ranges = new Map<string, [number, number]>();
  let start = 0;
  for (let i = 1; i <= personIds.length; i++) {
    if (i === personIds.length || personIds[i] !== personIds[start]) {
      ranges.set(personIds[start]!, [start, i]);
      start = i;
    }
  }
  return ranges;
}

/** A name map's entry for an id (own keys only: an id such as "constructor" must not read Object's). */
function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** The batch's documents, in person id order, from its columns. */
function toPersonDocs([people, skills, creds, skillNames, achievementNames, issuerNames]: BatchValue): PersonDoc[] {
  if (!people) return [];
  const skillRanges = skills ? rangesByPerson(skills[0]) : new Map<string, [number, number]>();
  const credentialRanges = creds ? rangesByPerson(creds[0]) : new Map<string, [number, number]>();
  const names: BatchNames = { skills: skillNames ?? {}, achievements: achievementNames ?? {}, issuers: issuerNames ?? {} };
  return people[0].map((id, i) => {
    const person: PersonRow = {
      personId: id,
      kind: people[1][i]!,
      name: people[2][i]!,
      email: people[3][i]!,
      headline: people[4][i]!,
      location: people[5][i]!,
      departmentId: people[6][i] ?? null,
      currentRole: people[7][i]!,
      currentRoleProfileId: people[8][i] ?? null,
      openToMobility: people[9][i]!,
      searchable: people[10][i]!,
      updatedAt: people[11][i] ?? null,
    };
    return toPersonDoc(person, skills, skillRanges.get(id), creds, credentialRanges.get(id), names);
  });
}

/** A person's own columns: the document's fields as they are, and updated_at as the statement's UTC text. */
type PersonRow = Pick<PersonDoc, 'personId' | 'kind' | 'name' | 'email' | 'headline' | 'location' | 'departmentId' | 'currentRole' | 'currentRoleProfileId' | 'openToMobility' | 'searchable'> & {
  updatedAt: string | null;
};

/**
 * The document's definition, on top of the statement's orders:
 * - `skills`: by skill id, then self-reported before verified;
 * - `skillNames`: each skill row's name then its aliases, in skill order, first occurrence kept;
 * - `credentialNames`, `verifiedCredentialDates`: verified credentials by issue date, then id (names:
 *   first occurrence kept, empty ones left out);
 * - `issuerIds`, `issuerNames`: distinct, non-empty, sorted as JS sorts strings;
 * - `lastVerifiedAt`: the latest issue date of a verified credential.
 */
function toPersonDoc(
  person: PersonRow,
  skills: SkillColumns | null,
  skillRange: [number, number] | undefined,
  creds: CredentialColumns | null,
  credentialRange: [number, number] | undefined,
  names: BatchNames,
): PersonDoc {
  const docSkills: PersonDocSkill[] = [];
  const skillNames = new Set<string>();
  if (skills && skillRange) {
    const [, skill, level, verified, credentialIds, issuerIds, achievedAt, expiresAt, trustedLevel, trustedCredentialIds, trustedExpiresAt] = skills;
    for (let r = skillRange[0]; r < skillRange[1]; r++) {
      docSkills.push({
        skill: skill[r]!,
        level: level[r]!,
        verified: verified[r]!,
        credentialIds: credentialIds[r]!,
        issuerIds: issuerIds[r]!,
        achievedAt: isoFromUtc(achievedAt[r] ?? null),
        expiresAt: isoFromUtc(expiresAt[r] ?? null),
        trustedLevel: trustedLevel[r] ?? null,
        trustedCredentialIds: trustedCredentialIds[r] ?? [],
        trustedExpiresAt: isoFromUtc(trustedExpiresAt[r] ?? null),
      });
      const named = own(names.skills, skill[r]!);
      if (named) {
        skillNames.add(named[0]);
        for (const alias of named[1] ?? []) skillNames.add(alias);
      }
    }
  }
  const credentialNames = new Set<string>();
  const issuerIds = new Set<string>();
  const issuerNames = new Set<string>();
  const dates: string[] = [];
  let last: string | null = null;
  let verifiedCredentialCount = 0;
  if (creds && credentialRange) {
    const [, issuerId, issuedAt, achievementId] = creds;
    verifiedCredentialCount = credentialRange[1] - credentialRange[0];
    for (let r = credentialRange[0]; r < credentialRange[1]; r++) {
      const achievementKey = achievementId[r];
      const issuer = issuerId[r];
      // Left joins in effect: a credential whose achievement or issuer has no row has no name.
      const achievement = achievementKey == null ? null : own(names.achievements, achievementKey);
      const named = issuer == null ? null : own(names.issuers, issuer);
      if (achievement) credentialNames.add(achievement);
      if (issuer) issuerIds.add(issuer);
      if (named) issuerNames.add(named);
      const date = isoFromUtc(issuedAt[r] ?? null);
      if (date !== null) {
        dates.push(date);
        // Same-length ISO text (four-digit years) sorts as time does.
        if (last === null || date > last) last = date;
      }
    }
  }
  const { updatedAt, ...fields } = person;
  return {
    ...fields,
    skills: docSkills,
    credentialNames: [...credentialNames],
    skillNames: [...skillNames],
    issuerIds: [...issuerIds].sort(),
    issuerNames: [...issuerNames].sort(),
    verifiedCredentialCount,
    lastVerifiedAt: last,
    verifiedCredentialDates: dates,
    updatedAt: isoFromUtc(updatedAt) ?? new Date(0).toISOString(),
  };
}
