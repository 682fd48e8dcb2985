// PersonDoc from the database: the one place that decides what an engine indexes about a person.
// Every engine indexes these same documents, so whatever they disagree on is a bug in an engine.
//
// Documents are built set-wise: one statement per batch of people returns finished documents as
// JSON (Postgres groups the batch's skill rows and credentials once, instead of one lookup per
// person), and `streamPersonDocuments` yields them batch by batch, so a reindex of any size holds
// one batch in memory. The indexer (outbox), the reindex and Elasticsearch bulk writes all read it.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client';
import type { PersonDoc } from './engine';

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
  if (options.personIds) {
    const ids = [...new Set(options.personIds)].sort();
    for (let i = 0; i < ids.length; i += batchSize) {
      const chunk = ids.slice(i, i + batchSize);
      const docs = await buildBatch(db, sql`p.id in (select jsonb_array_elements_text(${JSON.stringify(chunk)}::jsonb))`, null, false);
      if (docs.length > 0) yield docs;
    }
    return;
  }
  let after: string | null = null;
  for (;;) {
    const docs = await buildBatch(db, after === null ? sql`true` : sql`p.id > ${after}`, batchSize, true);
    if (docs.length === 0) return;
    yield docs;
    if (docs.length < batchSize) return;
    after = docs[docs.length - 1]!.personId;
  }
}

/** The documents of these people (any number; deleted ids are absent). */
export async function loadPersonDocs(db: DbOrTx, personIds: readonly string[]): Promise<PersonDoc[]> {
  const out: PersonDoc[] = [];
  for await (const batch of streamPersonDocuments(db, { personIds })) out.push(...batch);
  return out;
}

/**
 * A timestamp as `Date#toISOString()` writes it (UTC, milliseconds, truncated as JS truncates
 * microseconds), whatever the session's time zone. Years outside 1-9999 have no four-digit ISO
 * form (JS would write "+012000-..."): they are null, as the per-person builder this replaced made
 * them (its `new Date()` could not parse Postgres' output for them). Credentials that old or that
 * far ahead do not occur; null leaves them undated / never expiring rather than failing the batch.
 */
function iso(column: SQL): SQL {
  return sql`(case when ${column} >= '0001-01-01T00:00:00Z'::timestamptz and ${column} < '10000-01-01T00:00:00Z'::timestamptz
    then to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end)`;
}

/**
 * One statement for a batch: the batch's people (by `where`, up to `limit`, in id order), then their
 * skill rows, skill names and verified credentials each grouped by person in one pass over the
 * batch's range, joined back and assembled with json_build_object. Orders and de-duplication are
 * the document's definition:
 * - `skills`: by skill id, then self-reported before verified;
 * - `skillNames`: each skill row's name then its aliases, in skill order, first occurrence kept;
 * - `credentialNames`, `verifiedCredentialDates`: verified credentials by issue date, then id
 *   (names: first occurrence kept, empty ones left out);
 * - `issuerIds`, `issuerNames`: distinct, sorted by code point (JS's default sort on these ASCII
 *   ids and names).
 */
async function buildBatch(db: DbOrTx, where: SQL, limit: number | null, contiguous: boolean): Promise<PersonDoc[]> {
  // A keyset batch is every person in one id range: each child table is read by one index range
  // scan (person_skills' primary key, credentials_person_idx). Scattered ids (the outbox's) would
  // make that range most of the table: they are looked up by id instead.
  const inBatch = (column: SQL) =>
    contiguous ? sql`${column} between (select lo from bounds) and (select hi from bounds) and ${column} in (select id from batch)` : sql`${column} in (select id from batch)`;
  const rows = rowsOf<{ doc: PersonDoc | string }>(
    await db.execute(sql`with batch as materialized (
        select p.id, p.kind, p.name, p.email, p.headline, p.location, p.department_id, p."current_role", p.current_role_profile_id,
          p.open_to_mobility, p.searchable, p.updated_at
        from people p where ${where} order by p.id ${limit === null ? sql`` : sql`limit ${limit}`}
      ),
      bounds as (select min(id) as lo, max(id) as hi from batch),
      batch_skills as materialized (
        select ps.* from person_skills ps
        where ${inBatch(sql`ps.person_id`)}
      ),
      skill_docs as (
        select ps.person_id,
          json_agg(json_build_object('skill', ps.skill_id, 'level', ps.level, 'verified', ps.verified,
              'credentialIds', ps.credential_ids, 'issuerIds', ps.issuer_ids,
              'achievedAt', ${iso(sql`ps.achieved_at`)}, 'expiresAt', ${iso(sql`ps.expires_at`)},
              'trustedLevel', ps.trusted_level, 'trustedCredentialIds', ps.trusted_credential_ids,
              'trustedExpiresAt', ${iso(sql`ps.trusted_expires_at`)})
            order by ps.skill_id, ps.verified) as skills
        from batch_skills ps group by ps.person_id
      ),
      skill_names as (
        select person_id, json_agg(n order by skill_id, verified, k) as names
        from (
          select ps.person_id, ps.skill_id, ps.verified, x.k, x.n,
            row_number() over (partition by ps.person_id, x.n order by ps.skill_id, ps.verified, x.k) as occurrence
          from batch_skills ps join skills s on s.id = ps.skill_id
          cross join lateral (select s.name, 0::bigint union all select a.n, a.k from jsonb_array_elements_text(s.aliases) with ordinality as a(n, k)) as x(n, k)
        ) named
        where occurrence = 1
        group by person_id
      ),
      batch_credentials as materialized (
        select c.person_id, c.id, c.issued_at, c.issuer_id, a.name as achievement_name, i.name as issuer_name,
          row_number() over (partition by c.person_id, a.name order by c.issued_at, c.id) as name_occurrence
        from credentials c left join achievements a on a.id = c.achievement_id left join issuers i on i.id = c.issuer_id
        where ${inBatch(sql`c.person_id`)}
          and c.status = 'verified'
      ),
      credential_docs as (
        select person_id, count(*)::int as n,
          json_agg(achievement_name order by issued_at, id) filter (where name_occurrence = 1 and achievement_name <> '') as names,
          json_agg(${iso(sql`issued_at`)} order by issued_at, id) filter (where ${iso(sql`issued_at`)} is not null) as dates,
          max(issued_at) filter (where ${iso(sql`issued_at`)} is not null) as last_at,
          json_agg(distinct issuer_id collate "C" order by issuer_id collate "C") filter (where issuer_id <> '') as issuer_ids,
          json_agg(distinct issuer_name collate "C" order by issuer_name collate "C") filter (where issuer_name <> '') as issuer_names
        from batch_credentials group by person_id
      )
      select json_build_object(
          'personId', p.id, 'kind', p.kind, 'name', p.name, 'email', p.email, 'headline', p.headline, 'location', p.location,
          'departmentId', p.department_id, 'currentRole', p."current_role", 'currentRoleProfileId', p.current_role_profile_id,
          'openToMobility', p.open_to_mobility, 'searchable', p.searchable,
          'skills', coalesce(sd.skills, '[]'::json),
          'credentialNames', coalesce(cd.names, '[]'::json),
          'skillNames', coalesce(sn.names, '[]'::json),
          'issuerIds', coalesce(cd.issuer_ids, '[]'::json),
          'issuerNames', coalesce(cd.issuer_names, '[]'::json),
          'verifiedCredentialCount', coalesce(cd.n, 0),
          'lastVerifiedAt', ${iso(sql`cd.last_at`)},
          'verifiedCredentialDates', coalesce(cd.dates, '[]'::json),
          'updatedAt', coalesce(${iso(sql`p.updated_at`)}, '1970-01-01T00:00:00.000Z')
        ) as doc
      from batch p
      left join skill_docs sd on sd.person_id = p.id
      left join skill_names sn on sn.person_id = p.id
      left join credential_docs cd on cd.person_id = p.id
      order by p.id`),
  );
  // node-postgres and PGlite both parse json columns; a driver that hands back text is parsed here.
  return rows.map((r) => (typeof r.doc === 'string' ? (JSON.parse(r.doc) as PersonDoc) : r.doc));
}
