// Ingest and recompute on real databases with real signed credentials (did:key issuers, VC-JWT and
// Data Integrity, a real BitstringStatusList), verified by the real verifier.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { rowsOf } from '../db/client';
import { achievements, auditLog, credentials, outbox, people, personSkills, skills } from '../db/schema';
import { createStatusListCredential, signDataIntegrity, signVcJwt } from '../credentials/issue';
import { createCredentialLoader } from '../credentials/loader';
import { verifyCredentialFile } from '../credentials/verify';
import type { VerificationReport } from '../credentials/types';
import type { Actor } from '../domain/permissions';
import { achievementDocument, buildCatalog, rubricLevelId, type CatalogBadge } from '../seed/catalog';
import { demoIssuerKeys, importCatalog, type DemoIssuerWithKey } from '../seed/import-catalog';
import { importTaxonomy } from '../seed/import-taxonomy';
import { ingestReports, ingestReportsForPeople, loadSkillIndex, recomputePersonSkills } from './ingest-credentials';
import { reverifyCredential } from './reverify-credential';

const NOW = new Date('2026-06-01T12:00:00Z');
const STATUS_URL = 'https://tech-college.skillproof.demo/status/test';
const hr: Actor = { id: 'user-hr', role: 'hr', departmentId: null };

const catalog = buildCatalog();
const badge = (skillId: string, level: number): CatalogBadge => {
  const b = catalog.find((x) => x.skillId === skillId && x.level === level);
  if (!b) throw new Error(`no badge ${skillId} ${level}`);
  return b;
};

let issuers: Map<string, DemoIssuerWithKey>;
let dir: string;
let counter = 0;

// The list is signed by the issuer of the credentials that point at it (a list from anyone else is not trusted).
async function writeStatusList(revoked: number[]) {
  const issuer = issuers.get('tech-college')!;
  const list = await createStatusListCredential({ id: STATUS_URL, key: issuer.issuerKey, revokedIndexes: revoked, length: 1024 });
  const file = path.join(dir, `status-${revoked.join('-') || 'none'}.json`);
  writeFileSync(file, JSON.stringify(list));
  return createCredentialLoader({ resolverMap: { [STATUS_URL]: file }, offline: true });
}

type Make = { b: CatalogBadge; email?: string; issuedAt?: string; validUntil?: string; statusIndex?: number; proof?: 'jwt' | 'di'; tamper?: boolean };

async function signed(opts: Make): Promise<{ name: string; bytes: Uint8Array }> {
  const issuer = issuers.get(opts.b.issuerKey)!;
  const key = issuer.issuerKey;
  const unsigned: Record<string, unknown> = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: key.did, type: ['Profile'], name: issuer.name, url: issuer.url },
    validFrom: opts.issuedAt ?? '2025-01-10T00:00:00Z',
    name: opts.b.name,
    credentialSubject: {
      id: `mailto:${opts.email ?? 'ada@example.com'}`,
      type: ['AchievementSubject'],
      achievement: achievementDocument(opts.b, { did: key.did, name: issuer.name, url: issuer.url }),
      result: [{ type: ['Result'], resultDescription: `${opts.b.id}#result`, achievedLevel: rubricLevelId(opts.b.id, opts.b.level!) }],
    },
  };
  if (opts.validUntil) unsigned.validUntil = opts.validUntil;
  if (opts.statusIndex !== undefined) {
    unsigned.credentialStatus = {
      id: `${STATUS_URL}#${opts.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(opts.statusIndex),
      statusListCredential: STATUS_URL,
    };
  }
  if (opts.proof === 'di') {
    const doc = await signDataIntegrity(unsigned, key);
    if (opts.tamper) (doc.credentialSubject as { achievement: { name: string } }).achievement.name += ' (Distinction)';
    return { name: 'badge.json', bytes: new TextEncoder().encode(JSON.stringify(doc)) };
  }
  let jwt = await signVcJwt(unsigned, key);
  if (opts.tamper) {
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { vc: { name: string } };
    claims.vc.name += ' (Distinction)';
    jwt = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
  }
  return { name: 'badge.jwt', bytes: new TextEncoder().encode(jwt) };
}

async function reportsFor(items: Make[], loader = createCredentialLoader({ offline: true })): Promise<VerificationReport[]> {
  const out: VerificationReport[] = [];
  for (const item of items) {
    const email = item.email ?? 'ada@example.com';
    out.push(...(await verifyCredentialFile(await signed(item), { now: NOW, loader, recipientIdentities: [email, `mailto:${email}`] })));
  }
  return out;
}

beforeAll(async () => {
  issuers = await demoIssuerKeys();
  dir = mkdtempSync(path.join(tmpdir(), 'skillproof-ingest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PYTHON = 'onet:python';
const DATA_MODELLING = 'ddat:data-modelling';

describe.each(testDatabaseKinds)('ingestReports on %s', (kind) => {
  let db: TestDatabase;
  let personId: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await importTaxonomy(db.db);
    await importCatalog(db.db);
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    const [p] = await db.db
      .insert(people)
      .values({ kind: 'candidate', name: 'Ada Lovelace', email: `ada-${++counter}@example.com` })
      .returning({ id: people.id });
    personId = p!.id;
  });

  const skillsOf = async (verified = true) =>
    (await db.db.select().from(personSkills).where(and(eq(personSkills.personId, personId), eq(personSkills.verified, verified)))).sort((a, b) => a.skillId.localeCompare(b.skillId));
  const count = async (table: 'credentials' | 'outbox' | 'audit_log' | 'person_skills') =>
    rowsOf<{ n: number }>(
      await db.db.execute(
        table === 'outbox'
          ? sql`select count(*)::int n from outbox where aggregate_id = ${personId}`
          : table === 'audit_log'
            ? sql`select count(*)::int n from audit_log where subject_id = ${personId}`
            : sql`select count(*)::int n from ${sql.identifier(table)} where person_id = ${personId}`,
      ),
    )[0]!.n;

  test('a verified credential becomes a credential row, a verified skill level with provenance, an audit row and an outbox row', async () => {
    const reports = await reportsFor([{ b: badge(PYTHON, 3) }, { b: badge(DATA_MODELLING, 2), proof: 'di' }]);
    expect(reports.map((r) => r.status)).toEqual(['verified', 'verified']);
    const results = await ingestReports(db.db, { personId, reports, source: 'upload', actorId: hr.id, now: NOW });
    expect(results.map((r) => r.outcome)).toEqual(['created', 'created']);
    expect(results[0]!.skills).toEqual([expect.objectContaining({ skillId: PYTHON, level: 3 })]);

    const rows = await skillsOf();
    expect(rows.map((r) => [r.skillId, r.level])).toEqual([
      [DATA_MODELLING, 2],
      [PYTHON, 3],
    ]);
    const python = rows.find((r) => r.skillId === PYTHON)!;
    expect(python.credentialIds).toEqual([results[0]!.credentialId]);
    expect(python.issuerIds).toEqual([issuers.get('tech-college')!.issuerKey.did]);
    expect(python.achievedAt?.toISOString()).toBe('2025-01-10T00:00:00.000Z');
    const [stored] = await db.db.select().from(credentials).where(eq(credentials.id, results[0]!.credentialId!));
    expect(stored).toMatchObject({ status: 'verified', format: 'ob3-jwt', source: 'upload', achievementId: badge(PYTHON, 3).id });
    expect(stored!.checks.find((c) => c.id === 'signature')?.result).toBe('pass');
    expect(await count('outbox')).toBe(1);
    expect(await count('audit_log')).toBe(1);
    // The catalog row keeps its curated skills and stays in the catalog.
    const [ach] = await db.db.select().from(achievements).where(eq(achievements.id, badge(PYTHON, 3).id));
    expect(ach).toMatchObject({ inCatalog: true, skills: badge(PYTHON, 3).skills });
  });

  test('an issuer and achievement restated unchanged are not rewritten (no row lock for concurrent imports); a changed one is', async () => {
    const version = async (table: 'issuers' | 'achievements', id: string) =>
      rowsOf<{ v: string; name: string }>(await db.db.execute(sql`select xmin::text as v, name from ${sql.identifier(table)} where id = ${id}`))[0];
    const b = badge(PYTHON, 3);
    const [first] = await reportsFor([{ b }]);
    await ingestReports(db.db, { personId, reports: [first!], source: 'upload', now: NOW });
    const issuerId = first!.credential!.issuer!.id;
    const achievementId = first!.credential!.achievement.id!;
    const before = { issuer: await version('issuers', issuerId), achievement: await version('achievements', achievementId) };
    expect(before.issuer && before.achievement).toBeTruthy();
    // Another person's credential for the same badge from the same issuer (what the load mix imports).
    const [other] = await db.db.insert(people).values({ kind: 'candidate', name: 'Bob', email: `bob-${++counter}@example.com` }).returning({ id: people.id });
    const [second] = await reportsFor([{ b, email: 'bob@example.com' }]);
    const [result] = await ingestReports(db.db, { personId: other!.id, reports: [second!], source: 'upload', now: NOW });
    expect(result!.outcome).toBe('created');
    // Same row versions: an upsert would have locked and rewritten both (xmin changes).
    expect(await version('issuers', issuerId)).toEqual(before.issuer);
    expect(await version('achievements', achievementId)).toEqual(before.achievement);
    // A changed name is still written.
    await db.db.execute(sql`update issuers set name = 'Old name' where id = ${issuerId}`);
    const [cleo] = await db.db.insert(people).values({ kind: 'candidate', name: 'Cleo', email: `cleo-${++counter}@example.com` }).returning({ id: people.id });
    const [third] = await reportsFor([{ b, email: 'cleo@example.com' }]);
    await ingestReports(db.db, { personId: cleo!.id, reports: [third!], source: 'upload', now: NOW });
    expect((await version('issuers', issuerId))?.name).toBe(before.issuer!.name);
  });

  test('re-uploading the same credential is idempotent and says so', async () => {
    const reports = await reportsFor([{ b: badge(PYTHON, 3) }]);
    const first = await ingestReports(db.db, { personId, reports, source: 'upload', now: NOW });
    const before = { c: await count('credentials'), s: await count('person_skills'), o: await count('outbox') };
    const again = await ingestReports(db.db, { personId, reports, source: 'upload', now: NOW });
    expect(again[0]).toMatchObject({ outcome: 'duplicate', credentialId: first[0]!.credentialId });
    expect(again[0]!.message).toMatch(/already imported/i);
    expect({ c: await count('credentials'), s: await count('person_skills'), o: await count('outbox') }).toEqual(before);
  });

  test('two uploads of the same credential at the same moment: one imported, one "already imported", one row, no error', async () => {
    // Both transactions plan the insert before either commits; the loser must meet the unique
    // index (person, content hash) as a duplicate, not as a 500. Three rounds, so the two calls
    // really do overlap on Postgres at least once whatever the scheduling.
    const index = await loadSkillIndex(db.db);
    for (const b of [badge(PYTHON, 3), badge(DATA_MODELLING, 2), badge('onet:r', 3)]) {
      const reports = await reportsFor([{ b }]);
      const both = await Promise.all([
        ingestReports(db.db, { personId, reports, source: 'upload', skillIndex: index, now: NOW }),
        ingestReports(db.db, { personId, reports, source: 'api', skillIndex: index, now: NOW }),
      ]);
      const [created, duplicate] = both.map((r) => r[0]!).sort((x, y) => x.outcome.localeCompare(y.outcome));
      expect([created!.outcome, duplicate!.outcome]).toEqual(['created', 'duplicate']);
      expect(duplicate!.credentialId).toBe(created!.credentialId);
      expect(duplicate!.message).toMatch(/^Already imported on \d{4}-\d{2}-\d{2}; nothing changed\.$/);
      expect(duplicate!.skills).toEqual([expect.objectContaining({ skillId: b.skillId, level: b.level })]);
      const rows = await db.db.select({ id: credentials.id }).from(credentials).where(and(eq(credentials.personId, personId), eq(credentials.achievementId, b.id)));
      expect(rows.map((r) => r.id)).toEqual([created!.credentialId]);
    }
    expect(await count('credentials')).toBe(3);
    expect((await skillsOf()).map((r) => [r.skillId, r.level])).toEqual([
      [DATA_MODELLING, 2],
      [PYTHON, 3],
      ['onet:r', 3],
    ]);
    // Only the winner changed anything: one outbox row per round; both calls are audited.
    expect(await count('outbox')).toBe(3);
    const audits = await db.db.select({ detail: auditLog.detail }).from(auditLog).where(eq(auditLog.subjectId, personId));
    expect(audits.map((a) => [(a.detail as { created: number }).created, (a.detail as { duplicates: number }).duplicates]).sort()).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
  });

  test('the highest verified level wins; its credentials are the provenance', async () => {
    const reports = await reportsFor([
      { b: badge(PYTHON, 2), issuedAt: '2024-02-01T00:00:00Z' },
      { b: badge(PYTHON, 3), issuedAt: '2025-03-01T00:00:00Z' },
    ]);
    const results = await ingestReports(db.db, { personId, reports, source: 'upload', now: NOW });
    const [python] = await skillsOf();
    expect(python).toMatchObject({ skillId: PYTHON, level: 3, credentialIds: [results[1]!.credentialId] });
  });

  test('revoked, expired and tampered credentials are stored with their status and never count', async () => {
    const loader = await writeStatusList([7]);
    const reports = await reportsFor(
      [
        { b: badge(PYTHON, 5), statusIndex: 7 },
        { b: badge(DATA_MODELLING, 5), validUntil: '2026-01-01T00:00:00Z' },
        { b: badge('onet:r', 3), tamper: true },
        { b: badge('onet:tableau', 3), proof: 'di', tamper: true },
        { b: badge('onet:sas', 2), statusIndex: 8 },
      ],
      loader,
    );
    expect(reports.map((r) => r.status)).toEqual(['revoked', 'expired', 'invalid', 'invalid', 'verified']);
    const results = await ingestReports(db.db, { personId, reports, source: 'upload', now: NOW });
    expect(results.every((r) => r.outcome === 'created')).toBe(true);
    expect(results[0]!.message).toMatch(/revoked/);
    expect(await count('credentials')).toBe(5);
    expect((await skillsOf()).map((r) => r.skillId)).toEqual(['onet:sas']);
    expect(await skillsOf(false)).toEqual([]);
  });

  test('revoking a credential and re-verifying drops the level in the same transaction, with an outbox row', async () => {
    const clean = await writeStatusList([]);
    const reports = await reportsFor([{ b: badge(PYTHON, 3), statusIndex: 21 }, { b: badge(PYTHON, 2), statusIndex: 22 }], clean);
    const [top] = await ingestReports(db.db, { personId, reports, source: 'upload', now: NOW });
    expect((await skillsOf())[0]).toMatchObject({ level: 3 });
    const outboxBefore = await count('outbox');

    const revokedList = await writeStatusList([21]);
    const result = await reverifyCredential(db.db, hr, top!.credentialId!, { now: NOW, loader: revokedList });
    expect(result).toMatchObject({ previousStatus: 'verified', status: 'revoked', changed: true });
    expect((await skillsOf())[0]).toMatchObject({ skillId: PYTHON, level: 2 });
    expect(await count('outbox')).toBe(outboxBefore + 1);
    const [audit] = await db.db.select().from(auditLog).where(and(eq(auditLog.action, 'credential.reverify'), eq(auditLog.subjectId, top!.credentialId!)));
    expect(audit?.detail).toMatchObject({ previousStatus: 'verified', status: 'revoked' });
  });

  test('revoked after the fact: the bit flips in the status list file the resolver map points to; re-verify lowers the level and writes an outbox row', async () => {
    // As on the server: one long-lived loader reading a resolver map file, and the issuer's list
    // changed in place on disk (the same file, the same URL), not a new loader pointed elsewhere.
    const folder = mkdtempSync(path.join(dir, 'flip-'));
    const listFile = path.join(folder, 'tech-college.json');
    const key = issuers.get('tech-college')!.issuerKey;
    const writeList = async (revoked: number[]) =>
      writeFileSync(listFile, JSON.stringify(await createStatusListCredential({ id: STATUS_URL, key, revokedIndexes: revoked, length: 1024 })));
    await writeList([]);
    writeFileSync(path.join(folder, 'resolver-map.json'), JSON.stringify({ [STATUS_URL]: 'tech-college.json' }));
    const loader = createCredentialLoader({ resolverMapFile: path.join(folder, 'resolver-map.json'), offline: true });

    const reports = await reportsFor([{ b: badge(PYTHON, 3), statusIndex: 31 }, { b: badge(PYTHON, 2), statusIndex: 32 }], loader);
    expect(reports.map((r) => r.status)).toEqual(['verified', 'verified']);
    const [top, lower] = await ingestReports(db.db, { personId, reports, source: 'upload', now: NOW });
    expect((await skillsOf()).map((r) => [r.skillId, r.level, r.credentialIds])).toEqual([[PYTHON, 3, [top!.credentialId]]]);
    const outboxBefore = await count('outbox');

    await writeList([31]);
    const result = await reverifyCredential(db.db, hr, top!.credentialId!, { now: NOW, loader });
    expect(result).toMatchObject({ previousStatus: 'verified', status: 'revoked', changed: true });
    expect(result.checks.find((c) => c.id === 'revocation')?.result).toBe('fail');
    const [stored] = await db.db.select({ status: credentials.status }).from(credentials).where(eq(credentials.id, top!.credentialId!));
    expect(stored?.status).toBe('revoked');
    expect((await skillsOf()).map((r) => [r.skillId, r.level, r.credentialIds])).toEqual([[PYTHON, 2, [lower!.credentialId]]]);
    const rows = await db.db.select().from(outbox).where(eq(outbox.aggregateId, personId));
    expect(rows).toHaveLength(outboxBefore + 1);
    expect(rows.at(-1)).toMatchObject({ aggregate: 'person', op: 'upsert' });

    // Reinstated (the issuer clears the bit): re-verify brings the level back.
    await writeList([]);
    expect(await reverifyCredential(db.db, hr, top!.credentialId!, { now: NOW, loader })).toMatchObject({ previousStatus: 'revoked', status: 'verified', changed: true });
    expect((await skillsOf()).map((r) => [r.skillId, r.level])).toEqual([[PYTHON, 3]]);
    expect(await count('outbox')).toBe(outboxBefore + 2);
  });

  test('could not check, then could: a credential whose status list was unreachable is unverified, and re-verify turns it verified', async () => {
    // The resolver map names the issuer's list, but the file is not there yet (the issuer's server
    // was down): revocation cannot be ruled out, so the level does not count.
    const folder = mkdtempSync(path.join(dir, 'late-'));
    const listFile = path.join(folder, 'tech-college.json');
    writeFileSync(path.join(folder, 'resolver-map.json'), JSON.stringify({ [STATUS_URL]: 'tech-college.json' }));
    const loader = createCredentialLoader({ resolverMapFile: path.join(folder, 'resolver-map.json'), offline: true });
    const reports = await reportsFor([{ b: badge(PYTHON, 3), statusIndex: 41 }], loader);
    expect(reports[0]!.status).toBe('unverified');
    expect(reports[0]!.checks.find((c) => c.id === 'revocation')?.message).toMatch(/^Could not be checked: .*could not be checked$/);
    const [stored] = await ingestReports(db.db, { personId, reports, source: 'upload', now: NOW });
    expect(await skillsOf()).toEqual([]);

    // The list is reachable again: re-verify gets today's answer and the level counts.
    const key = issuers.get('tech-college')!.issuerKey;
    writeFileSync(listFile, JSON.stringify(await createStatusListCredential({ id: STATUS_URL, key, revokedIndexes: [], length: 131_072 })));
    const result = await reverifyCredential(db.db, hr, stored!.credentialId!, { now: NOW, loader });
    expect(result).toMatchObject({ previousStatus: 'unverified', status: 'verified', changed: true });
    expect((await skillsOf()).map((r) => [r.skillId, r.level])).toEqual([[PYTHON, 3]]);
  });

  test('re-verify needs the permission and a visible person', async () => {
    const reports = await reportsFor([{ b: badge(PYTHON, 3) }]);
    const [r] = await ingestReports(db.db, { personId, reports, source: 'upload', now: NOW });
    await expect(reverifyCredential(db.db, { id: 'm', role: 'manager', departmentId: 'data' }, r!.credentialId!)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(reverifyCredential(db.db, hr, 'no-such-credential')).rejects.toMatchObject({ code: 'not_found' });
  });

  test('a verified credential stops counting once it is past validUntil', async () => {
    const reports = await reportsFor([{ b: badge(PYTHON, 3), validUntil: '2026-09-01T00:00:00Z' }, { b: badge(PYTHON, 2) }, { b: badge(DATA_MODELLING, 2), validUntil: '2027-09-01T00:00:00Z' }]);
    const [expiring, lasting] = await ingestReports(db.db, { personId, reports, source: 'upload', now: NOW });
    const levels = async () => (await skillsOf()).map((r) => [r.skillId, r.level, r.expiresAt?.toISOString() ?? null]);
    expect(await levels()).toEqual([
      [DATA_MODELLING, 2, '2027-09-01T00:00:00.000Z'],
      [PYTHON, 3, '2026-09-01T00:00:00.000Z'],
    ]);
    // A second before valid_until it still counts.
    await recomputePersonSkills(db.db, personId, { now: new Date('2026-08-31T23:59:59Z') });
    expect((await skillsOf()).find((r) => r.skillId === PYTHON)).toMatchObject({ level: 3, credentialIds: [expiring!.credentialId] });
    // Past it, no re-verify: the level falls back to the credential without an expiry; the other skill stays.
    await recomputePersonSkills(db.db, personId, { now: new Date('2026-10-01T00:00:00Z') });
    expect(await levels()).toEqual([
      [DATA_MODELLING, 2, '2027-09-01T00:00:00.000Z'],
      [PYTHON, 2, null],
    ]);
    expect((await skillsOf()).find((r) => r.skillId === PYTHON)?.credentialIds).toEqual([lasting!.credentialId]);
    // The stored status is untouched: expiry is applied when counting, not by a sweep.
    const statuses = await db.db.select({ status: credentials.status }).from(credentials).where(eq(credentials.personId, personId));
    expect(statuses.map((r) => r.status)).toEqual(['verified', 'verified', 'verified']);
  });

  test('a stack counts when every part is held verified, not before', async () => {
    const stackId = `urn:test:stack:${counter}`;
    const parts = [badge('onet:docker', 3), badge('onet:kubernetes', 3)];
    await db.db.insert(achievements).values({ id: stackId, name: 'Container platform certificate', type: 'Certificate', inCatalog: true, skills: [{ skillId: 'ddat:systems-design', level: 3, sourceLevel: 'Practitioner', sourceFramework: 'UK DDaT' }] });
    for (const p of parts) await db.db.execute(sql`update achievements set part_of = part_of || ${JSON.stringify([stackId])}::jsonb where id = ${p.id}`);
    try {
      await ingestReports(db.db, { personId, reports: await reportsFor([{ b: parts[0]! }]), source: 'upload', now: NOW });
      expect((await skillsOf()).map((r) => r.skillId)).not.toContain('ddat:systems-design');
      const second = await ingestReports(db.db, { personId, reports: await reportsFor([{ b: parts[1]! }]), source: 'upload', now: NOW });
      const stacked = (await skillsOf()).find((r) => r.skillId === 'ddat:systems-design');
      expect(stacked).toMatchObject({ level: 3, sourceFramework: 'stack: Container platform certificate' });
      expect(stacked!.credentialIds).toContain(second[0]!.credentialId);
      expect(stacked!.credentialIds).toHaveLength(2);
    } finally {
      for (const p of parts) await db.db.execute(sql`update achievements set part_of = part_of - ${stackId} where id = ${p.id}`);
    }
  });

  test('self-reported course completions are kept apart and never verified', async () => {
    const csv = 'name,email,course,provider,completed_at\nAda Lovelace,ada@example.com,Python for Data Analysis,LinkedIn Learning,2025-04-01\n';
    const reports = await verifyCredentialFile({ name: 'courses.csv', bytes: new TextEncoder().encode(csv) }, { now: NOW, loader: createCredentialLoader({ offline: true }) });
    expect(reports.map((r) => r.status)).toEqual(['unverified']);
    const results = await ingestReports(db.db, { personId, reports, source: 'csv', now: NOW });
    expect(results[0]).toMatchObject({ outcome: 'created', status: 'unverified' });
    expect(results[0]!.message).toMatch(/self-reported/);
    expect(await skillsOf(true)).toEqual([]);
    const self = await skillsOf(false);
    for (const row of self) expect(row.verified).toBe(false);
  });

  test('nothing is half-written when something throws mid-way', async () => {
    const reports = await reportsFor([{ b: badge(PYTHON, 3) }, { b: badge('onet:r', 3) }]);
    // A value the database driver cannot serialise, in the second credential: the first one is
    // already inserted inside the transaction when this throws.
    (reports[1]!.credential!.evidence as unknown[]).push({ id: 'x', narrative: BigInt(1) as unknown as string });
    await expect(ingestReports(db.db, { personId, reports, source: 'upload', now: NOW })).rejects.toThrow();
    expect(await count('credentials')).toBe(0);
    expect(await count('person_skills')).toBe(0);
    expect(await count('outbox')).toBe(0);
    expect(await count('audit_log')).toBe(0);
  });

  test('a batch of several people: each gets their own credentials and levels; one unknown person writes nothing', async () => {
    const [other] = await db.db.insert(people).values({ kind: 'candidate', name: 'Grace Hopper', email: `grace-${++counter}@example.com` }).returning({ id: people.id });
    const mine = await reportsFor([{ b: badge(PYTHON, 3) }]);
    const theirs = await reportsFor([{ b: badge(PYTHON, 5), email: 'grace@example.com' }, { b: badge(DATA_MODELLING, 2), email: 'grace@example.com' }]);
    await expect(
      ingestReportsForPeople(db.db, [{ personId, reports: mine }, { personId: 'nobody', reports: theirs }], { source: 'seed', now: NOW }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await count('credentials')).toBe(0);

    const results = await ingestReportsForPeople(db.db, [{ personId, reports: mine }, { personId: other!.id, reports: theirs }], { source: 'seed', now: NOW });
    expect(results.map((r) => r.map((x) => x.outcome))).toEqual([['created'], ['created', 'created']]);
    expect((await skillsOf()).map((r) => [r.skillId, r.level])).toEqual([[PYTHON, 3]]);
    const theirSkills = await db.db.select().from(personSkills).where(eq(personSkills.personId, other!.id));
    expect(theirSkills.map((r) => [r.skillId, r.level]).sort()).toEqual([[DATA_MODELLING, 2], [PYTHON, 5]].sort());
    const outboxRows = await db.db.select().from(outbox).where(eq(outbox.aggregateId, other!.id));
    expect(outboxRows).toHaveLength(1);
  });

  test('the skill index is reused between imports only while the skills table is unchanged: a skill added or given an alias meanwhile is matched by the next import', async () => {
    // A credential aligned (besides its own skill) to `name`, a skill name no taxonomy row has yet.
    const alignedTo = async (name: string) => {
      const reports = await reportsFor([{ b: badge(PYTHON, 3) }]);
      reports[0]!.credential!.achievement.alignments.push({ targetName: name, targetFramework: 'Nonesuch' });
      return reports;
    };
    // The first import builds (and keeps) the index.
    await ingestReports(db.db, { personId, reports: await reportsFor([{ b: badge(PYTHON, 2) }]), source: 'api', now: NOW });
    const alias = `Zeta Widgetry ${++counter}`;
    await db.db
      .update(skills)
      .set({ aliases: sql`${skills.aliases} || ${JSON.stringify([alias])}::jsonb` })
      .where(eq(skills.id, DATA_MODELLING));
    const [viaAlias] = await ingestReports(db.db, { personId, reports: await alignedTo(alias), source: 'api', now: NOW });
    expect(viaAlias!.skills.map((s) => s.skillId)).toContain(DATA_MODELLING);

    const added = `custom:test-${++counter}`;
    const addedName = `Omega Gadgetry ${counter}`;
    await db.db.insert(skills).values({ id: added, name: addedName, framework: 'custom', aliases: [] });
    const [viaNew] = await ingestReports(db.db, { personId, reports: await alignedTo(addedName), source: 'api', now: NOW });
    expect(viaNew!.skills.map((s) => s.skillId)).toContain(added);

    // And the other way: a skill gone from the table is no longer matched (a custom skill is made instead).
    await db.db.update(skills).set({ aliases: sql`${skills.aliases} - ${alias}` }).where(eq(skills.id, DATA_MODELLING));
    const [afterRemoval] = await ingestReports(db.db, { personId, reports: await alignedTo(alias), source: 'api', now: NOW });
    expect(afterRemoval!.skills.map((s) => s.skillId)).not.toContain(DATA_MODELLING);
  });

  test('a skill a stored credential names but the taxonomy lacks is skipped when levels are recomputed, not a foreign-key failure', async () => {
    await ingestReports(db.db, { personId, reports: await reportsFor([{ b: badge(PYTHON, 3), validUntil: '2027-09-01T00:00:00Z' }]), source: 'api', now: NOW });
    const before = await skillsOf();
    expect(before.map((r) => [r.skillId, r.level, r.expiresAt?.toISOString()])).toEqual([[PYTHON, 3, '2027-09-01T00:00:00.000Z']]);
    await db.db.execute(sql`update credentials set skills = skills || '[{"skillId": "gone:skill", "level": 4}]'::jsonb where person_id = ${personId}`);
    await recomputePersonSkills(db.db, personId, { now: NOW });
    expect(await skillsOf()).toEqual(before);
  });

  test('an unknown person is a clear not-found error', async () => {
    const reports = await reportsFor([{ b: badge(PYTHON, 3) }]);
    await expect(ingestReports(db.db, { personId: 'nobody', reports, source: 'api' })).rejects.toMatchObject({ code: 'not_found' });
  });

  test('unreadable input is reported as rejected, not stored', async () => {
    const reports = await verifyCredentialFile({ name: 'garbage.json', bytes: new TextEncoder().encode('{"truncated": ') }, { now: NOW });
    const [r] = await ingestReports(db.db, { personId, reports, source: 'upload', now: NOW });
    expect(r).toMatchObject({ outcome: 'rejected', credentialId: null });
    expect(r!.message).toMatch(/^Not imported: /);
    expect(await count('credentials')).toBe(0);
  });
});
