// PersonDoc from the database: the one place that decides what an engine indexes about a person.
// Every engine indexes these same documents, so whatever they disagree on is a bug in an engine.
//
// Documents are built set-wise: one statement per batch of people returns the batch's rows by column
// (the database reads the batch's skill rows and credentials once, instead of one lookup per person),
// and `streamPersonDocuments` yields them batch by batch, so a reindex of any size holds
// a few batches in memory. The indexer (outbox), the reindex and Elasticsearch bulk writes all read it.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client';
import type { PersonDoc } from './engine';

/**
 * People per statement. Large enough that the per-statement cost (planning, a round trip) is small
 * against the rows, small enough that a batch's result (~1.2 KB a person) stays about a MB: with PGlite
 * on a worker thread a result waits in the worker's socket until the worker next polls (docs/search.md,
 * "Where the worker and main threads wait"), so smaller results let the two threads alternate in
 * shorter turns, and each batch's temporaries die young. 1,000 with three statements ahead took
 * 5.7-5.8 CPU-s per 100,000 people against 7.5-7.6 with 2,000 and two ahead (docs/search.md).
 */
export const DEFAULT_DOC_BATCH = 1000;

export type StreamPersonDocumentsOptions = {
  batchSize?: number;
  /**
   * Only these people (the outbox's changed ids), in id order. Ids with no person (deleted) are
   * simply absent from the result, which the indexer turns into a delete. Without it: everyone,
   * in ranges of the person id (no OFFSET, so the 500th batch costs what the first does).
   */
  personIds?: readonly string[];
};

/**
 * Statements sent ahead of the batch being handed over. The database then always has the next batch
 * to build while this thread decodes and the caller writes this one: PGlite on a worker thread (the web
 * server, `npm run reindex`) or a Postgres server builds on one core while Node decodes on the other.
 * In-process PGlite runs them one after another on this thread, which costs nothing. At most
 * 1 + DOCS_AHEAD batches are held.
 */
export const DOCS_AHEAD = 3;

/**
 * Every person's document (or those of `personIds`), in person id order, one array per batch.
 * Only verified credentials feed credential names, issuers, counts and dates; skills carry both
 * verified and self-reported rows, marked, with their expiry for query-time checks.
 */
export async function* streamPersonDocuments(db: DbOrTx, options: StreamPersonDocumentsOptions = {}): AsyncGenerator<PersonDoc[], void, undefined> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_DOC_BATCH));
  const statements = options.personIds ? chosenBatches(db, options.personIds, batchSize) : await rangeBatches(db, batchSize);
  const pending: Promise<PersonDoc[]>[] = [];
  const fill = () => {
    while (pending.length <= DOCS_AHEAD) {
      const next = statements.next();
      if (next.done) return;
      const batch = next.value();
      // Handled now, thrown when its turn comes: a later batch failing while an earlier one is still
      // awaited (or with the caller) must not count as an unhandled rejection, which ends the process.
      batch.catch(() => undefined);
      pending.push(batch);
    }
  };
  try {
    fill();
    while (pending.length > 0) {
      const docs = await pending.shift()!;
      fill();
      if (docs.length > 0) yield docs;
    }
  } finally {
    // A caller that stops early (break, an engine error) leaves no statement running behind it.
    await Promise.all(pending.map((p) => p.catch(() => undefined)));
  }
}

/** The chosen people (the outbox's changed ids), deduplicated, in id order, `batchSize` per statement. */
function* chosenBatches(db: DbOrTx, personIds: readonly string[], batchSize: number): Generator<() => Promise<PersonDoc[]>> {
  const ids = [...new Set(personIds)].sort();
  for (let offset = 0; offset < ids.length; offset += batchSize) {
    const chunk = ids.slice(offset, offset + batchSize);
    yield () => buildBatch(db, { ids: chunk });
  }
}

/**
 * Everyone, in id ranges of `batchSize` people: the ids where the ranges start are read up front (every
 * `batchSize`-th id of the primary key, one index-only scan), so every batch's statement can be sent
 * without waiting for the previous batch's last id, as a keyset (`id > last limit n`) would. Each range
 * runs to the next one's start and the first and last are open, so everyone who exists when their
 * range is read is in exactly one batch; people added meanwhile are in it or not, as with a keyset
 * (a reindex replays the outbox for them), and a range can then hold a few more than `batchSize`.
 */
async function rangeBatches(db: DbOrTx, batchSize: number): Promise<Generator<() => Promise<PersonDoc[]>>> {
  const starts = rowsOf<{ id: string }>(
    await db.execute(sql`select id from (select id, row_number() over (order by id) - 1 as n from people) p where n % ${batchSize} = 0 order by id`),
  ).map((r) => r.id);
  return (function* () {
    for (let i = 0; i < starts.length; i++) {
      const range = { from: i === 0 ? null : starts[i]!, to: starts[i + 1] ?? null };
      yield () => buildBatch(db, range);
    }
  })();
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
  // JSON writes "2023-05-01T12:34:56.123456", the text output (DateStyle ISO) "2023-05-01 12:34:56.123456".
  if (text[10] === 'T') return text.length === 19 ? `${text}.000Z` : `${text.slice(0, 23).padEnd(23, '0')}Z`;
  return text.length === 19 ? `${text.slice(0, 10)}T${text.slice(11)}.000Z` : `${text.slice(0, 10)}T${text.slice(11, 23).padEnd(12, '0')}Z`;
}

/** The people of a batch, in id order, one array per column (see buildBatch). */
type PeopleColumns = [string[], PersonDoc['kind'][], string[], string[], string[], string[], (string | null)[], string[], (string | null)[], boolean[], boolean[], (string | null)[]];
/**
 * The batch's skill rows, by person, then skill id, self-reported before verified: one array per column,
 * each value as JSON gives it or as the text statement sends it (see `fromTextColumns`): `addSkills`
 * converts each value as it builds the document, so no converted copy of a column is made.
 */
type SkillColumns = [
  string[],
  string[],
  (number | string)[],
  (boolean | string)[],
  (string[] | string)[],
  (string[] | string)[],
  (string | null)[],
  (string | null)[],
  (number | string | null)[],
  (string[] | string | null)[],
  (string | null)[],
];
/** The batch's verified credentials, by person, then issue date and id: [person_id, issuer_id, issued_at, achievement_id]. */
type CredentialColumns = [string[], (string | null)[], (string | null)[], (string | null)[]];
/** [name, aliases] of every skill the batch's rows name. */
type SkillNames = Record<string, [string, string[] | null]>;
/** Names by id of the achievements and issuers the batch's credentials name. */
type Names = Record<string, string | null>;
type BatchValue = [PeopleColumns | null, SkillColumns | null, CredentialColumns | null, SkillNames | null, Names | null, Names | null];
type BatchNames = { skills: Map<string, SkillNames[string]>; achievements: Map<string, string | null>; issuers: Map<string, string | null> };

/** A batch: the chosen ids (distinct), or everyone in an id range [from, to) (null: open). */
export type BatchScope = { ids: readonly string[] } | { from: string | null; to: string | null };

/** A batch's documents: its statement, decoded (the all-JSON statement when the text one cannot be read). */
async function buildBatch(db: DbOrTx, scope: BatchScope): Promise<PersonDoc[]> {
  const [row] = rowsOf<TextBatchRow>(await db.execute(batchStatement(scope)));
  if (!row) return [];
  const value = fromTextColumns(row);
  if (value) return toPersonDocs(value);
  const rows = rowsOf<{ docs: BatchValue | string }>(await db.execute(jsonBatchStatement(scope)));
  const json = rows[0]?.docs;
  if (!json) return [];
  return toPersonDocs(parsedJson(json));
}

/** node-postgres and PGlite both parse json columns; a driver that hands back text is parsed here. */
function parsedJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

/**
 * The separator of the text columns (ASCII unit separator). A value may hold it (text is text): each
 * column then splits into more pieces than the table has rows, which the decoder checks, and that
 * batch is read again with the all-JSON statement.
 */
const SEP = '\x1f';

/** The row of `batchStatement`: people and names as JSON, the skill rows and credentials as text columns. */
type TextBatchRow = {
  people: PeopleColumns | string | null;
  names: [SkillNames | null, Names | null, Names | null] | string;
  date_style: string;
  skill_count: number | string;
  skill_person: string | null;
  skill_id: string | null;
  skill_level: string | null;
  skill_verified: string | null;
  skill_credential_ids: string | null;
  skill_issuer_ids: string | null;
  skill_achieved_at: string | null;
  skill_expires_at: string | null;
  skill_trusted_level: string | null;
  skill_trusted_credential_ids: string | null;
  skill_trusted_expires_at: string | null;
  credential_count: number | string;
  credential_person: string | null;
  credential_issuer: string | null;
  credential_issued_at: string | null;
  credential_achievement: string | null;
  credential_nulls: string | null;
};

/**
 * The text row as the columns the JSON statement returns (so one `toPersonDocs` serves both), or null
 * when it cannot be read exactly: a value holding the separator, or dates not in ISO text (another
 * DateStyle). Empty text is null for dates (a timestamp's text is never empty) and for the trusted
 * level, and `[]` for the jsonb id arrays; the credentials' nullable ids carry a null mask.
 */
function fromTextColumns(row: TextBatchRow): BatchValue | null {
  if (!row.date_style.startsWith('ISO')) return null;
  const people = row.people === null ? null : parsedJson(row.people);
  const [skillNames, achievementNames, issuerNames] = parsedJson(row.names);
  const skillRows = Number(row.skill_count);
  const credentialRows = Number(row.credential_count);
  const split = (column: string | null, rows: number): string[] | null => {
    const pieces = column === null ? [] : column.split(SEP);
    return pieces.length === rows ? pieces : null;
  };
  let skills: SkillColumns | null = null;
  if (skillRows > 0) {
    const person = split(row.skill_person, skillRows);
    const skill = split(row.skill_id, skillRows);
    const level = split(row.skill_level, skillRows);
    const verified = split(row.skill_verified, skillRows);
    const credentialIds = split(row.skill_credential_ids, skillRows);
    const issuerIds = split(row.skill_issuer_ids, skillRows);
    const achievedAt = split(row.skill_achieved_at, skillRows);
    const expiresAt = split(row.skill_expires_at, skillRows);
    const trustedLevel = split(row.skill_trusted_level, skillRows);
    const trustedCredentialIds = split(row.skill_trusted_credential_ids, skillRows);
    const trustedExpiresAt = split(row.skill_trusted_expires_at, skillRows);
    if (!person || !skill || !level || !verified || !credentialIds || !issuerIds || !achievedAt || !expiresAt || !trustedLevel || !trustedCredentialIds || !trustedExpiresAt) return null;
    skills = [person, skill, level, verified, credentialIds, issuerIds, achievedAt, expiresAt, trustedLevel, trustedCredentialIds, trustedExpiresAt];
  }
  let creds: CredentialColumns | null = null;
  if (credentialRows > 0) {
    const person = split(row.credential_person, credentialRows);
    const issuer = split(row.credential_issuer, credentialRows);
    const issuedAt = split(row.credential_issued_at, credentialRows);
    const achievement = split(row.credential_achievement, credentialRows);
    const nulls = row.credential_nulls ?? '';
    if (!person || !issuer || !issuedAt || !achievement || nulls.length !== credentialRows) return null;
    for (let r = 0; r < credentialRows; r++) {
      const mask = nulls.charCodeAt(r) - 48;
      if (mask & 1) (issuer as (string | null)[])[r] = null;
      if (mask & 2) (achievement as (string | null)[])[r] = null;
    }
    creds = [person, issuer, issuedAt, achievement];
  }
  return [people, skills, creds, skillNames, achievementNames, issuerNames];
}

/** A jsonb id array: as JSON gave it, or its text (empty: `[]`, sent as nothing) parsed as the driver parses json. */
function idArray(value: string[] | string | null | undefined): string[] {
  if (typeof value !== 'string') return value ?? [];
  return value === '' ? [] : (JSON.parse(value) as string[]);
}

/** An integer column's value: as JSON gave it, or its text (empty: null). */
function integerOf(value: number | string | null | undefined): number | null {
  if (typeof value !== 'string') return value ?? null;
  return value === '' ? null : Number(value);
}

/**
 * The batch's rows of a table, by its person id column.
 */
function batchFilter(scope: BatchScope): (column: SQL) => SQL {
  // A range is read from each child table by one index range scan (person_skills' primary key,
  // credentials_person_idx). Scattered ids (the outbox's) would make their range most of the table:
  // each table is looked up by those ids instead, as one array parameter compared with `= any`, so the
  // planner sees the values themselves (how many, and that they are primary keys) and probes each
  // index once per id. It used to be `in (select jsonb_array_elements_text(...))`: a set-returning
  // function the planner guesses at 100 rows, so for the web server's outbox batches (a handful of
  // people) it hashed the ids and read every person, skill row and credential of a small organisation
  // (2,000-20,000 people; at 100,000 it probed indexes again): 35 ms a batch under the load mix,
  // 1 ms of execution now (person-docs.test.ts checks the rows each table reads).
  return (column: SQL) => {
    if ('ids' in scope) return sql`${column} = any(${sql.param(scope.ids)}::text[])`;
    const bounds = [scope.from === null ? null : sql`${column} >= ${scope.from}`, scope.to === null ? null : sql`${column} < ${scope.to}`].filter((b) => b !== null);
    return bounds.length === 0 ? sql`true` : sql.join(bounds, sql` and `);
  };
}

/**
 * The batch's rows, as common table expressions: its people (an id range, or the chosen ids; in id
 * order), their skill rows (by person, skill id, self-reported first) and their verified credentials
 * (by person, issue date, id), each child table read once for the whole batch. Dates are UTC wall-clock
 * timestamps (`utc`).
 */
function batchRows(scope: BatchScope): SQL {
  const inBatch = batchFilter(scope);
  return sql`with batch as materialized (
        select p.id, p.kind, p.name, p.email, p.headline, p.location, p.department_id, p."current_role", p.current_role_profile_id,
          p.open_to_mobility, p.searchable, ${utc(sql`p.updated_at`)} as updated_at
        from people p where ${inBatch(sql`p.id`)} order by p.id
      ),
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
      )`;
}

/** The people of a batch, one JSON array per column; the names of the skills, achievements and issuers its rows name. */
const peopleColumns = sql`(select json_build_array(json_agg(id), json_agg(kind), json_agg(name), json_agg(email), json_agg(headline), json_agg(location), json_agg(department_id),
            json_agg("current_role"), json_agg(current_role_profile_id), json_agg(open_to_mobility), json_agg(searchable), json_agg(updated_at))
          from (select * from batch order by id) p having count(*) > 0)`;
const skillNames = sql`(select json_object_agg(s.id, json_build_array(s.name, s.aliases)) from skills s where s.id in (select skill_id from skill_rows))`;
const achievementNames = sql`(select json_object_agg(a.id, a.name) from achievements a where a.id in (select achievement_id from credential_rows))`;
const issuerNames = sql`(select json_object_agg(i.id, i.name) from issuers i where i.id in (select issuer_id from credential_rows))`;

/**
 * One statement for a batch (`batchRows`), all in one row (PGlite decodes one message, not thousands).
 * The skill rows and credentials come back by column, each column one text of its values joined by
 * SEP (`string_agg`); the people (free text) and the names as JSON. Text because the output is most of
 * the statement: per 20,000 people of the bench database on PGlite, the skill rows cost 599 ms of CPU
 * as one `json_agg` per column (every value through the JSON output and escaping, then `JSON.parse`)
 * against 406 as text (scan and sort alone: 193); docs/search.md has the figures. Dates are the
 * timestamps' text in the session's DateStyle (ISO everywhere unless configured otherwise; the
 * decoder checks), cheaper than their JSON. A `jsonb` id array is sent as its text, an empty one as
 * nothing. All the aggregates of one query read the same rows in the same pass, so the columns line
 * up row by row. TypeScript groups the rows per person (`toPersonDocs`). Exported for the plan tests
 * (rows each table reads for a few chosen ids).
 */
export function batchStatement(scope: BatchScope): SQL {
  const sep = sql.raw(`E'\\x1f'`);
  const ids = (column: SQL) => sql`string_agg(case when ${column} = '[]'::jsonb then '' else ${column}::text end, ${sep})`;
  return sql`${batchRows(scope)}
      select ${peopleColumns} as people,
        json_build_array(${skillNames}, ${achievementNames}, ${issuerNames}) as names,
        current_setting('DateStyle') as date_style, s.*, c.*
      from (select count(*)::int as skill_count, string_agg(person_id, ${sep}) as skill_person, string_agg(skill_id, ${sep}) as skill_id,
          string_agg(level::text, ${sep}) as skill_level, string_agg(case when verified then 't' else 'f' end, ${sep}) as skill_verified,
          ${ids(sql`credential_ids`)} as skill_credential_ids, ${ids(sql`issuer_ids`)} as skill_issuer_ids,
          string_agg(coalesce(achieved_at::text, ''), ${sep}) as skill_achieved_at, string_agg(coalesce(expires_at::text, ''), ${sep}) as skill_expires_at,
          string_agg(coalesce(trusted_level::text, ''), ${sep}) as skill_trusted_level, ${ids(sql`trusted_credential_ids`)} as skill_trusted_credential_ids,
          string_agg(coalesce(trusted_expires_at::text, ''), ${sep}) as skill_trusted_expires_at
        from skill_rows) s,
        (select count(*)::int as credential_count, string_agg(person_id, ${sep}) as credential_person, string_agg(coalesce(issuer_id, ''), ${sep}) as credential_issuer,
          string_agg(coalesce(issued_at::text, ''), ${sep}) as credential_issued_at, string_agg(coalesce(achievement_id, ''), ${sep}) as credential_achievement,
          string_agg(((issuer_id is null)::int + 2 * (achievement_id is null)::int)::text, '') as credential_nulls
        from credential_rows) c`;
}

/**
 * The same batch all in JSON, one `json_agg` per column (TypeScript reads the same columns): what the
 * text statement falls back to when its text cannot be read exactly (a value holding SEP, another
 * DateStyle). It was the only statement before the text one.
 */
function jsonBatchStatement(scope: BatchScope): SQL {
  return sql`${batchRows(scope)}
      select json_build_array(
        ${peopleColumns},
        (select json_build_array(json_agg(person_id), json_agg(skill_id), json_agg(level), json_agg(verified), json_agg(credential_ids), json_agg(issuer_ids),
            json_agg(achieved_at), json_agg(expires_at), json_agg(trusted_level), json_agg(trusted_credential_ids), json_agg(trusted_expires_at))
          from skill_rows having count(*) > 0),
        (select json_build_array(json_agg(person_id), json_agg(issuer_id), json_agg(issued_at), json_agg(achievement_id))
          from credential_rows having count(*) > 0),
        ${skillNames}, ${achievementNames}, ${issuerNames}
      ) as docs`;
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

/** A name map as a Map (own keys only: an id such as "constructor" must not read Object's). */
function namesOf<T>(map: Record<string, T> | null): Map<string, T> {
  return new Map(map ? Object.entries(map) : []);
}

/** Lists up to this long de-duplicate by scanning (a person's names are a handful: cheaper than a Set). */
const SHORT_LIST = 32;

/**
 * Appends each value to `list` once, in first-occurrence order. Short lists are scanned; one that grows
 * past SHORT_LIST (someone with hundreds of skills or credentials) switches to a Set, so no document
 * costs quadratic time.
 */
function onceInto(list: string[]): (value: string) => void {
  let seen: Set<string> | null = null;
  return (value) => {
    if (seen ? seen.has(value) : list.includes(value)) return;
    list.push(value);
    seen?.add(value);
    if (!seen && list.length > SHORT_LIST) seen = new Set(list);
  };
}

/** The batch's documents, in person id order, from its columns. */
function toPersonDocs([people, skills, creds, skillNames, achievementNames, issuerNames]: BatchValue): PersonDoc[] {
  if (!people) return [];
  const skillRanges = skills ? rangesByPerson(skills[0]) : new Map<string, [number, number]>();
  const credentialRanges = creds ? rangesByPerson(creds[0]) : new Map<string, [number, number]>();
  const names: BatchNames = { skills: namesOf(skillNames), achievements: namesOf(achievementNames), issuers: namesOf(issuerNames) };
  const [ids, kind, name, email, headline, location, departmentId, currentRole, currentRoleProfileId, openToMobility, searchable, updatedAt] = people;
  const docs: PersonDoc[] = new Array<PersonDoc>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const doc: PersonDoc = {
      personId: id,
      kind: kind[i]!,
      name: name[i]!,
      email: email[i]!,
      headline: headline[i]!,
      location: location[i]!,
      departmentId: departmentId[i] ?? null,
      currentRole: currentRole[i]!,
      currentRoleProfileId: currentRoleProfileId[i] ?? null,
      openToMobility: openToMobility[i]!,
      searchable: searchable[i]!,
      skills: [],
      credentialNames: [],
      skillNames: [],
      issuerIds: [],
      issuerNames: [],
      verifiedCredentialCount: 0,
      lastVerifiedAt: null,
      verifiedCredentialDates: [],
      updatedAt: isoFromUtc(updatedAt[i] ?? null) ?? EPOCH,
    };
    const skillRange = skillRanges.get(id);
    if (skills && skillRange !== undefined) addSkills(doc, skills, skillRange, names);
    const credentialRange = credentialRanges.get(id);
    if (creds && credentialRange !== undefined) addCredentials(doc, creds, credentialRange, names);
    docs[i] = doc;
  }
  return docs;
}

const EPOCH = new Date(0).toISOString();

/*
 * The document's definition, on top of the statement's orders:
 * - `skills`: by skill id, then self-reported before verified;
 * - `skillNames`: each skill row's name then its aliases, in skill order, first occurrence kept;
 * - `credentialNames`, `verifiedCredentialDates`: verified credentials by issue date, then id (names:
 *   first occurrence kept, empty ones left out);
 * - `issuerIds`, `issuerNames`: distinct, non-empty, sorted as JS sorts strings;
 * - `lastVerifiedAt`: the latest issue date of a verified credential.
 */

/** A boolean column's value: as JSON gave it, or its text ('t' or 'f'). */
function isTrue(value: boolean | string): boolean {
  return value === true || value === 't';
}

/** A person's skill rows ([first, end) of its table) into their document. */
function addSkills(doc: PersonDoc, skills: SkillColumns, [first, end]: [number, number], names: BatchNames): void {
  const [, skill, level, verified, credentialIds, issuerIds, achievedAt, expiresAt, trustedLevel, trustedCredentialIds, trustedExpiresAt] = skills;
  const addName = onceInto(doc.skillNames);
  for (let r = first; r < end; r++) {
    const id = skill[r]!;
    doc.skills.push({
      skill: id,
      level: integerOf(level[r])!,
      verified: isTrue(verified[r]!),
      credentialIds: idArray(credentialIds[r]),
      issuerIds: idArray(issuerIds[r]),
      achievedAt: isoFromUtc(achievedAt[r] ?? null),
      expiresAt: isoFromUtc(expiresAt[r] ?? null),
      trustedLevel: integerOf(trustedLevel[r]),
      trustedCredentialIds: idArray(trustedCredentialIds[r]),
      trustedExpiresAt: isoFromUtc(trustedExpiresAt[r] ?? null),
    });
    const named = names.skills.get(id);
    if (named) {
      addName(named[0]);
      for (const alias of named[1] ?? []) addName(alias);
    }
  }
}

/** A person's verified credentials ([first, end) of its table) into their document. */
function addCredentials(doc: PersonDoc, creds: CredentialColumns, [first, end]: [number, number], names: BatchNames): void {
  const [, issuerId, issuedAt, achievementId] = creds;
  doc.verifiedCredentialCount = end - first;
  const addCredentialName = onceInto(doc.credentialNames);
  const addIssuerId = onceInto(doc.issuerIds);
  const addIssuerName = onceInto(doc.issuerNames);
  let last: string | null = null;
  for (let r = first; r < end; r++) {
    const achievementKey = achievementId[r];
    const issuer = issuerId[r];
    // Left joins in effect: a credential whose achievement or issuer has no row has no name.
    const achievement = achievementKey == null ? null : names.achievements.get(achievementKey);
    const named = issuer == null ? null : names.issuers.get(issuer);
    if (achievement) addCredentialName(achievement);
    if (issuer) addIssuerId(issuer);
    if (named) addIssuerName(named);
    const date = isoFromUtc(issuedAt[r] ?? null);
    if (date !== null) {
      doc.verifiedCredentialDates.push(date);
      // Same-length ISO text (four-digit years) sorts as time does.
      if (last === null || date > last) last = date;
    }
  }
  doc.issuerIds.sort();
  doc.issuerNames.sort();
  doc.lastVerifiedAt = last;
}
