// Documents built set-wise (one statement per batch) must equal what the per-person builder they
// replaced produced, on the demo seed (real signed credentials through verification and ingest),
// on the contract corpus and on rows chosen to break the SQL (microseconds, far-off years, empty
// and duplicate names, aliases that repeat a skill name, people with nothing), whatever the
// session's time zone, across batch boundaries, for everyone (id ranges) and for chosen ids; and the
// next statements go out before a batch is handed over, so the database builds while Node decodes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countStatements, createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { rowsOf, type DbOrTx } from '../db/client';
import { seedDemoOrganisation } from '../seed/seed-demo-organisation';
import { generatedPeople, insertCorpus, NAMED } from './contract-corpus';
import type { PersonDoc, PersonDocSkill } from './engine';
import { batchStatement, DOCS_AHEAD, loadPersonDocs, streamPersonDocuments } from './person-docs';
import { isoOrNull } from './scoring';

/**
 * The per-person builder this module replaced (commit 7564e85), kept as the oracle: each person's
 * skills and verified credentials as JSON arrays from correlated subqueries, finished in TypeScript.
 */
async function referencePersonDocs(db: DbOrTx, ids: string[]): Promise<PersonDoc[]> {
  type Row = {
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
    skills: [string, string, boolean, number, string[], string[], string | null, string | null, number | null, string[], string | null, string[]][];
    creds: [string | null, string | null, string | null, string | null][];
  };
  const rows = rowsOf<Row>(
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
  const distinct = (values: string[]) => [...new Set(values)];
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

async function allIds(db: DbOrTx): Promise<string[]> {
  return rowsOf<{ id: string }>(await db.execute(sql`select id from people order by id`)).map((r) => r.id);
}

async function collect(db: DbOrTx, options: Parameters<typeof streamPersonDocuments>[1]): Promise<{ docs: PersonDoc[]; batches: number[] }> {
  const docs: PersonDoc[] = [];
  const batches: number[] = [];
  for await (const batch of streamPersonDocuments(db, options)) {
    batches.push(batch.length);
    docs.push(...batch);
  }
  return { docs, batches };
}

/** Rows the corpus and the seed do not have: each one a way the SQL could differ from the old builder. */
async function insertAwkwardRows(db: DbOrTx): Promise<void> {
  await db.execute(sql`insert into skills (id, name, framework, aliases) values
    ('x:alias-clash', 'Python', 'custom', '["SQL", "Python", "py", "py"]'),
    ('x:empty-aliases', 'Plain skill', 'custom', '[]'),
    ('x:unicode', 'Données', 'custom', '["Ångström", "données"]')
    on conflict do nothing`);
  await db.execute(sql`insert into issuers (id, name) values ('did:key:x-nameless', ''), ('https://x.example/Zed', 'zed issuer'), ('https://x.example/alpha', 'Zed issuer')
    on conflict do nothing`);
  await db.execute(sql`insert into achievements (id, name, issuer_id) values ('x:a1', 'Same name', 'did:key:x-nameless'), ('x:a2', 'Same name', 'https://x.example/Zed'),
    ('x:a3', '', 'https://x.example/alpha'), ('x:a4', 'Ünïcode badge', 'https://x.example/alpha') on conflict do nothing`);
  await db.execute(sql`insert into people (id, kind, name, email, headline, location, updated_at) values
    ('x-awkward', 'candidate', 'Ann Awkward', 'x-awkward@example.test', '', '', '2026-03-04T05:06:07.891234Z'),
    ('x-empty', 'employee', 'Nobody Nothing', 'x-empty@example.test', 'No skills, no credentials', 'Leeds', '2026-01-01T00:00:00Z'),
    ('x-revoked-only', 'candidate', 'Rae Revoked', 'x-revoked-only@example.test', '', '', '2026-01-01T00:00:00Z')`);
  await db.execute(sql`insert into credentials (id, person_id, format, raw, content_hash, achievement_id, issuer_id, issued_at, status, source) values
    ('x-c1', 'x-awkward', 'ob3-ldp', '{}', 'x-c1', 'x:a1', 'did:key:x-nameless', '2025-05-05T10:00:00.123999Z', 'verified', 'seed'),
    ('x-c2', 'x-awkward', 'ob3-ldp', '{}', 'x-c2', 'x:a2', 'https://x.example/Zed', '2025-05-05T10:00:00.123999Z', 'verified', 'seed'),
    ('x-c0', 'x-awkward', 'ob3-ldp', '{}', 'x-c0', 'x:a3', 'https://x.example/alpha', '2024-01-01T00:00:00Z', 'verified', 'seed'),
    ('x-c3', 'x-awkward', 'ob3-ldp', '{}', 'x-c3', null, null, null, 'verified', 'seed'),
    ('x-c4', 'x-awkward', 'ob3-ldp', '{}', 'x-c4', 'x:a4', 'https://x.example/alpha', '0999-12-31T23:59:59.999999Z', 'verified', 'seed'),
    ('x-c5', 'x-awkward', 'ob3-ldp', '{}', 'x-c5', 'x:a4', 'https://x.example/alpha', '2025-12-31T23:59:59.9995Z', 'revoked', 'seed'),
    ('x-c6', 'x-revoked-only', 'ob3-ldp', '{}', 'x-c6', 'x:a1', 'did:key:x-nameless', '2025-01-01T00:00:00Z', 'revoked', 'seed')`);
  await db.execute(sql`insert into person_skills (person_id, skill_id, verified, level, credential_ids, issuer_ids, achieved_at, expires_at, trusted_level, trusted_credential_ids, trusted_expires_at) values
    ('x-awkward', 'x:alias-clash', true, 4, '["x-c1", "x-c2"]', '["did:key:x-nameless", "https://x.example/Zed"]', '2025-05-05T10:00:00.000999Z', '9999-12-31T23:59:59.999Z', 2, '["x-c1"]', '2027-02-28T23:59:59.5Z'),
    ('x-awkward', 'x:alias-clash', false, 5, '[]', '[]', null, null, null, '[]', null),
    ('x-awkward', 'x:empty-aliases', true, 1, '["x-c3"]', '[]', '1999-06-30T22:00:00-05:00', '10000-01-01T00:00:00Z', null, '[]', '12000-06-01T00:00:00Z'),
    ('x-awkward', 'x:unicode', false, 2, '[]', '[]', '2024-02-29T12:00:00.000001Z', null, null, '[]', null)`);
  // Ids that are empty text, not null: the text statement sends both as nothing and tells them apart by
  // its null mask ('' has a name to look up; null has none).
  await db.execute(sql`insert into issuers (id, name) values ('', 'Empty-id issuer') on conflict do nothing`);
  await db.execute(sql`insert into achievements (id, name, issuer_id) values ('', 'Empty-id badge', '') on conflict do nothing`);
  await db.execute(sql`insert into people (id, kind, name, email, headline, location, updated_at) values
    ('x-empty-ids', 'candidate', 'Edie Empty', 'x-empty-ids@example.test', '', '', '2026-01-01T00:00:00Z')`);
  await db.execute(sql`insert into credentials (id, person_id, format, raw, content_hash, achievement_id, issuer_id, issued_at, status, source) values
    ('x-c7', 'x-empty-ids', 'ob3-ldp', '{}', 'x-c7', '', '', '2025-02-02T00:00:00Z', 'verified', 'seed'),
    ('x-c8', 'x-empty-ids', 'ob3-ldp', '{}', 'x-c8', '', null, '2025-02-03T00:00:00Z', 'verified', 'seed'),
    ('x-c9', 'x-empty-ids', 'ob3-ldp', '{}', 'x-c9', null, '', null, 'verified', 'seed')`);
  // Someone with more names than a short list holds (the builder switches to a Set past 32): 40 skills
  // whose aliases repeat across rows (one shared by all, others by pairs of rows after the switch),
  // 40 verified credentials naming 4 achievements (and none) and 3 issuers.
  await db.execute(sql`insert into skills (id, name, framework, aliases)
    select 'x:many-' || lpad(g::text, 2, '0'), 'Many ' || g, 'custom', jsonb_build_array('shared alias', 'Many ' || (g % 7), 'pair ' || (g / 2)) from generate_series(1, 40) g`);
  await db.execute(sql`insert into people (id, kind, name, email, headline, location, updated_at) values
    ('x-many', 'employee', 'Max Many', 'x-many@example.test', '', '', '2026-01-01T00:00:00Z')`);
  await db.execute(sql`insert into person_skills (person_id, skill_id, verified, level, credential_ids, issuer_ids, achieved_at)
    select 'x-many', 'x:many-' || lpad(g::text, 2, '0'), g % 3 > 0, 1 + g % 5, '[]', '[]', timestamptz '2024-01-01' + g * interval '1 day' from generate_series(1, 40) g`);
  await db.execute(sql`insert into credentials (id, person_id, format, raw, content_hash, achievement_id, issuer_id, issued_at, status, source)
    select 'x-many-c' || g, 'x-many', 'ob3-ldp', '{}', 'x-many-c' || g, (array['x:a1', 'x:a2', 'x:a3', 'x:a4', null])[1 + g % 5],
      (array['did:key:x-nameless', 'https://x.example/Zed', 'https://x.example/alpha'])[1 + g % 3], timestamptz '2025-01-01' + g * interval '1 hour', 'verified', 'seed'
    from generate_series(1, 40) g`);
}

describe.each(testDatabaseKinds)('streamPersonDocuments on %s', (kind) => {
  let seeded: TestDatabase;
  let corpus: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    seeded = await createTestDatabase(kind);
    corpus = await createTestDatabase(kind);
    dataDir = mkdtempSync(path.join(tmpdir(), 'skillproof-docs-'));
    await seedDemoOrganisation(seeded.db, { people: 60, seed: 42, now: new Date('2026-06-01T00:00:00Z'), dataDir });
    await insertCorpus(corpus.db, [...NAMED, ...generatedPeople(160)]);
    await insertAwkwardRows(corpus.db);
  }, 120_000);
  afterAll(async () => {
    await seeded?.close();
    await corpus?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('on the demo seed: every document equals the per-person builder, across batch boundaries', async () => {
    const ids = await allIds(seeded.db);
    expect(ids.length).toBeGreaterThanOrEqual(60);
    const reference = await referencePersonDocs(seeded.db, ids);
    // The seed gives people several skills with aliases and verified credentials: the comparison is not vacuous.
    expect(reference.filter((d) => d.skills.length > 1 && d.verifiedCredentialCount > 1).length).toBeGreaterThan(20);
    const { docs, batches } = await collect(seeded.db, { batchSize: 7 });
    expect(batches.every((n) => n === 7 || n === batches.at(-1))).toBe(true);
    expect(docs).toEqual(reference);
  });

  test('on the contract corpus and awkward rows: equal in one batch or many, and the same whatever the session time zone', async () => {
    const ids = await allIds(corpus.db);
    const reference = await referencePersonDocs(corpus.db, ids);
    expect(reference.map((d) => d.personId)).toEqual(expect.arrayContaining(['x-awkward', 'x-empty', 'x-revoked-only', 'x-many', 'n-junior']));
    // x-many's names run past the short lists' length, so the Set path is compared too.
    expect(reference.find((d) => d.personId === 'x-many')!.skillNames.length).toBeGreaterThan(40);
    for (const batchSize of [1, 13, 10_000]) {
      expect((await collect(corpus.db, { batchSize })).docs).toEqual(reference);
    }
    // Chatham is UTC+13:45 in its summer: the old builder read Postgres' text in the session's zone, so
    // a 9999-12-31T23:59Z expiry became year 10000 there and was dropped. Dates are now formatted in UTC.
    await corpus.db.transaction(async (tx) => {
      await tx.execute(sql`set local timezone = 'Pacific/Chatham'`);
      expect((await collect(tx, { batchSize: 50 })).docs).toEqual(reference);
      const [old] = await referencePersonDocs(tx, ['x-awkward']);
      expect(old!.skills.find((s) => s.verified && s.skill === 'x:alias-clash')?.expiresAt).toBeNull();
    });
  });

  test('a value holding the text separator, or dates in another DateStyle: that batch is read again as JSON, same documents', async () => {
    const ids = await allIds(corpus.db);
    const reference = await referencePersonDocs(corpus.db, ids);
    // Empty-text ids are not nulls: the issuer and badge named '' keep their names.
    expect(reference.find((d) => d.personId === 'x-empty-ids')).toMatchObject({ issuerIds: [], issuerNames: ['Empty-id issuer'], credentialNames: ['Empty-id badge'], verifiedCredentialCount: 3 });
    // Read as text: one statement per batch.
    let counter = countStatements(corpus);
    expect((await collect(corpus.db, { personIds: ids })).docs).toEqual(reference);
    expect(counter.stop()).toBe(1);
    // Another DateStyle writes dates the decoder does not read: every batch again as JSON.
    await corpus.db.transaction(async (tx) => {
      await tx.execute(sql`set local datestyle = 'SQL, DMY'`);
      let sent = 0;
      const counted = new Proxy(tx, {
        get: (target, key, receiver) => (key === 'execute' ? (query: SQL) => (sent++, target.execute(query)) : Reflect.get(target, key, receiver)),
      }) as DbOrTx;
      expect((await collect(counted, { personIds: ids })).docs).toEqual(reference);
      expect(sent).toBe(2);
    });
    // A skill id and a credential's issuer id holding the separator: their batch only is read again.
    await corpus.db.execute(sql`insert into skills (id, name, framework) values (${'x:unit\x1fseparator'}, 'Separated', 'custom')`);
    await corpus.db.execute(sql`insert into issuers (id, name) values (${'https://x.example/\x1f'}, 'Separated issuer')`);
    await corpus.db.execute(sql`insert into people (id, kind, name, email, headline, location, updated_at) values
      ('x-separator', 'candidate', 'Sep Arator', 'x-separator@example.test', '', '', '2026-01-01T00:00:00Z')`);
    try {
      await corpus.db.execute(sql`insert into person_skills (person_id, skill_id, verified, level, credential_ids, issuer_ids, achieved_at)
        values ('x-separator', ${'x:unit\x1fseparator'}, true, 3, '["x-c10"]', ${JSON.stringify(['https://x.example/\x1f'])}, '2025-03-03T00:00:00Z')`);
      await corpus.db.execute(sql`insert into credentials (id, person_id, format, raw, content_hash, achievement_id, issuer_id, issued_at, status, source) values
        ('x-c10', 'x-separator', 'ob3-ldp', '{}', 'x-c10', 'x:a1', ${'https://x.example/\x1f'}, '2025-03-03T00:00:00Z', 'verified', 'seed')`);
      const [separated] = await referencePersonDocs(corpus.db, ['x-separator']);
      expect(separated!.skills.map((s) => s.skill)).toEqual(['x:unit\x1fseparator']);
      expect(separated!.issuerIds).toEqual(['https://x.example/\x1f']);
      counter = countStatements(corpus);
      expect(await loadPersonDocs(corpus.db, ['x-separator'])).toEqual([separated]);
      expect(counter.stop()).toBe(2);
      const all = await referencePersonDocs(corpus.db, await allIds(corpus.db));
      expect((await collect(corpus.db, { batchSize: 13 })).docs).toEqual(all);
    } finally {
      await corpus.db.execute(sql`delete from credentials where person_id = 'x-separator'`);
      await corpus.db.execute(sql`delete from people where id = 'x-separator'`);
      await corpus.db.execute(sql`delete from skills where id = ${'x:unit\x1fseparator'}`);
      await corpus.db.execute(sql`delete from issuers where id = ${'https://x.example/\x1f'}`);
    }
  });

  test('awkward rows come out as the document definition says', async () => {
    const [doc] = await loadPersonDocs(corpus.db, ['x-awkward']);
    expect(doc).toMatchObject({
      // Names: first occurrence in skill order, name then aliases ("Python" once, "py" once).
      skillNames: ['Python', 'SQL', 'py', 'Plain skill', 'Données', 'Ångström', 'données'],
      // Verified credentials by issue date then id; "Same name" once; the empty name left out.
      credentialNames: ['Ünïcode badge', 'Same name'],
      issuerIds: ['did:key:x-nameless', 'https://x.example/Zed', 'https://x.example/alpha'],
      issuerNames: ['Zed issuer', 'zed issuer'],
      verifiedCredentialCount: 5,
      // Microseconds are truncated as JS truncates them; the undated credential has no date.
      verifiedCredentialDates: ['0999-12-31T23:59:59.999Z', '2024-01-01T00:00:00.000Z', '2025-05-05T10:00:00.123Z', '2025-05-05T10:00:00.123Z'],
      lastVerifiedAt: '2025-05-05T10:00:00.123Z',
      updatedAt: '2026-03-04T05:06:07.891Z',
    });
    expect(doc!.skills.map((s) => [s.skill, s.verified, s.achievedAt, s.expiresAt, s.trustedExpiresAt])).toEqual([
      ['x:alias-clash', false, null, null, null],
      ['x:alias-clash', true, '2025-05-05T10:00:00.000Z', '9999-12-31T23:59:59.999Z', '2027-02-28T23:59:59.500Z'],
      // Years past 9999 have no four-digit ISO form: never expiring, as before.
      ['x:empty-aliases', true, '1999-07-01T03:00:00.000Z', null, null],
      ['x:unicode', false, '2024-02-29T12:00:00.000Z', null, null],
    ]);
    const [empty] = await loadPersonDocs(corpus.db, ['x-empty']);
    expect(empty).toMatchObject({ skills: [], skillNames: [], credentialNames: [], issuerIds: [], issuerNames: [], verifiedCredentialCount: 0, lastVerifiedAt: null, verifiedCredentialDates: [] });
    const [revoked] = await loadPersonDocs(corpus.db, ['x-revoked-only']);
    expect(revoked).toMatchObject({ credentialNames: [], issuerIds: [], verifiedCredentialCount: 0, lastVerifiedAt: null });
  });

  test('chosen ids: scattered, repeated and missing ids, in id order and batches, deleted people absent', async () => {
    const ids = await allIds(corpus.db);
    const chosen = [ids.at(-1)!, 'no-such-person', ids[3]!, ids[3]!, 'x-awkward', ids[40]!, ids[100]!, ids[0]!];
    const { docs, batches } = await collect(corpus.db, { personIds: chosen, batchSize: 2 });
    const expected = [...new Set(chosen.filter((id) => id !== 'no-such-person'))].sort();
    expect(docs.map((d) => d.personId)).toEqual(expected);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(expected.length);
    expect(batches.every((n) => n <= 2)).toBe(true);
    expect(docs).toEqual(await referencePersonDocs(corpus.db, expected));
    expect(await collect(corpus.db, { personIds: [] })).toEqual({ docs: [], batches: [] });
    expect(await loadPersonDocs(corpus.db, ['gone-1', 'gone-2'])).toEqual([]);
  });

  test('id-range batches on an empty database and on an exact multiple of the batch size', async () => {
    const empty = await createTestDatabase(kind);
    try {
      expect(await collect(empty.db, {})).toEqual({ docs: [], batches: [] });
    } finally {
      await empty.close();
    }
    const n = (await allIds(seeded.db)).length;
    const { docs, batches } = await collect(seeded.db, { batchSize: n / 2 === Math.floor(n / 2) ? n / 2 : n });
    expect(docs).toHaveLength(n);
    expect(batches.length).toBeLessThanOrEqual(2);
  });

  test('statements go out ahead of the batch handed over; a later one that fails ends the stream at its turn', async () => {
    const reference = await referencePersonDocs(seeded.db, await allIds(seeded.db));
    const traffic = { sent: 0, running: 0, most: 0 };
    let failing = -1;
    // The real database; only execute is watched (and one chosen statement swapped for a failing one).
    const watched = new Proxy(seeded.db, {
      get(target, key, receiver) {
        if (key !== 'execute') return Reflect.get(target, key, receiver);
        return (query: SQL) => {
          const n = traffic.sent++;
          traffic.running++;
          traffic.most = Math.max(traffic.most, traffic.running);
          return Promise.resolve(target.execute(n === failing ? sql`select 1 / 0` : query)).finally(() => traffic.running--);
        };
      },
    }) as DbOrTx;

    const docs: PersonDoc[] = [];
    let sentByFirst = 0;
    for await (const batch of streamPersonDocuments(watched, { batchSize: 7 })) {
      if (docs.length === 0) sentByFirst = traffic.sent;
      docs.push(...batch);
    }
    expect(docs).toEqual(reference);
    // The range starts, then this batch and DOCS_AHEAD more before this one was handed over (a keyset
    // could only ask for one batch at a time); never more than that at once.
    expect(sentByFirst).toBeGreaterThanOrEqual(1 + 1 + DOCS_AHEAD);
    expect(traffic.most).toBe(1 + DOCS_AHEAD);

    // The third batch's statement fails while the first is still being handed over: the first two
    // arrive whole, then the error (never an unhandled rejection, which would end the process).
    traffic.sent = 0;
    failing = 3;
    const arrived: number[] = [];
    const stream = (async () => {
      for await (const batch of streamPersonDocuments(watched, { batchSize: 7 })) {
        arrived.push(batch.length);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await expect(stream).rejects.toThrow(/Failed query: select 1 \/ 0/);
    expect(arrived).toEqual([7, 7]);
  });
});

/**
 * An organisation large enough that reading a whole table costs something a planner will notice:
 * `people` people with ~8 skill rows (of 400 skills) and 3 credentials each (one in four revoked) of
 * 2,000 achievements by 200 issuers.
 * Made inside the database, then analysed, as a real one would be by autovacuum.
 */
async function insertOrganisation(db: DbOrTx, people: number): Promise<void> {
  await db.execute(sql`insert into skills (id, name, framework) select 'g:skill-' || lpad(g::text, 3, '0'), 'Skill ' || g, 'custom' from generate_series(1, 400) g`);
  await db.execute(sql`insert into issuers (id, name) select 'did:key:g-issuer-' || g, 'Issuer ' || g from generate_series(1, 200) g`);
  await db.execute(sql`insert into achievements (id, name, issuer_id) select 'g:ach-' || g, 'Badge ' || g, 'did:key:g-issuer-' || (1 + g % 200) from generate_series(1, 2000) g`);
  await db.execute(sql`insert into people (id, kind, name, email, headline, location)
    select 'g-' || lpad(g::text, 6, '0'), 'employee', 'Person ' || g, 'g' || g || '@example.test', '', '' from generate_series(1, ${people}::int) g`);
  await db.execute(sql`insert into person_skills (person_id, skill_id, verified, level, credential_ids, issuer_ids, achieved_at)
    select 'g-' || lpad(g::text, 6, '0'), 'g:skill-' || lpad((1 + (g * 37 + k * 53) % 400)::text, 3, '0'), k % 5 > 0, 1 + (g + k) % 5, '[]', '[]', timestamptz '2024-01-01' + k * interval '1 day'
    from generate_series(1, ${people}::int) g, generate_series(1, 8) k on conflict do nothing`);
  await db.execute(sql`insert into credentials (id, person_id, format, raw, content_hash, achievement_id, issuer_id, issued_at, status, source)
    select 'g-' || g || '-c' || k, 'g-' || lpad(g::text, 6, '0'), 'ob3-ldp', '{}', 'g-' || g || '-c' || k, 'g:ach-' || (1 + (g * 7 + k) % 2000), 'did:key:g-issuer-' || (1 + (g * 7 + k) % 200),
      timestamptz '2025-01-01' + (g % 500) * interval '1 hour', (case when (g + k) % 4 = 0 then 'revoked' else 'verified' end)::credential_status, 'seed'
    from generate_series(1, ${people}::int) g, generate_series(1, 3) k`);
  await db.execute(sql`analyze`);
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Actual Rows': number; 'Actual Loops': number; 'Rows Removed by Filter'?: number; 'Rows Removed by Index Recheck'?: number; Plans?: PlanNode[] };

/** Rows each table's scans read (returned or filtered away, over all loops), from EXPLAIN ANALYZE. */
async function rowsReadPerTable(db: DbOrTx, statement: SQL): Promise<Map<string, number>> {
  const [row] = rowsOf<{ 'QUERY PLAN': [{ Plan: PlanNode }] | string }>(await db.execute(sql`explain (analyze, format json) ${statement}`));
  const plan = row!['QUERY PLAN'];
  const root = (typeof plan === 'string' ? (JSON.parse(plan) as [{ Plan: PlanNode }]) : plan)[0].Plan;
  const read = new Map<string, number>();
  const visit = (node: PlanNode) => {
    const table = node['Relation Name'];
    if (table) {
      const rows = (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * node['Actual Loops'];
      read.set(table, (read.get(table) ?? 0) + Math.round(rows));
    }
    node.Plans?.forEach(visit);
  };
  visit(root);
  return read;
}

// The web server's indexer drains the outbox a few changed people at a time, on the one database
// thread every request waits for: the statement for a handful of ids must read those people's rows
// and nothing else, however large the organisation (it used to hash the ids and read every person,
// skill row and credential: 35 ms a batch under the load mix, on PGlite, for one person).
describe.each(testDatabaseKinds)('documents of a few chosen people on %s', (kind) => {
  let org: TestDatabase;
  beforeAll(async () => {
    org = await createTestDatabase(kind);
    await insertOrganisation(org.db, 3000);
  }, 120_000);
  afterAll(async () => {
    await org?.close();
  });

  test.each([1, 3, 20])('%i scattered ids: one statement that reads only their people, skill rows and credentials', async (n) => {
    const ids = Array.from({ length: n }, (_, i) => `g-${String(1 + ((i * 977 + 311) % 3000)).padStart(6, '0')}`).sort();
    const own = rowsOf<{ people: number; skills: number; credentials: number }>(
      await org.db.execute(sql`select (select count(*)::int from people where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})) as people,
        (select count(*)::int from person_skills where person_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})) as skills,
        (select count(*)::int from credentials where person_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})) as credentials`),
    )[0]!;
    expect(own.people).toBe(n);
    const read = await rowsReadPerTable(org.db, batchStatement({ ids }));
    expect({ people: read.get('people') ?? 0, person_skills: read.get('person_skills') ?? 0, credentials: read.get('credentials') ?? 0 }).toEqual({
      people: own.people,
      person_skills: own.skills,
      credentials: own.credentials,
    });
    // The name tables (skills, achievements, issuers) grow with the taxonomy and the badges imported,
    // not with the people: a small one may be read whole, but once, never once per row of the batch.
    const sizes = rowsOf<{ skills: number; achievements: number; issuers: number }>(
      await org.db.execute(sql`select (select count(*)::int from skills) as skills, (select count(*)::int from achievements) as achievements, (select count(*)::int from issuers) as issuers`),
    )[0]!;
    for (const table of ['skills', 'achievements', 'issuers'] as const) expect(read.get(table) ?? 0, table).toBeLessThanOrEqual(sizes[table]);

    const counter = countStatements(org);
    const docs = await loadPersonDocs(org.db, ids);
    expect(counter.stop()).toBe(1);
    expect(docs.map((d) => d.personId)).toEqual(ids);
    expect(docs).toEqual(await referencePersonDocs(org.db, ids));
  });
});
