// The trusted-issuer list on real databases, with real signed badges from two demo issuers: levels
// from trusted issuers alone, a trust change reaching stored reports, levels, the audit log and the
// outbox, and registry / plain-list imports.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { catalogBadge, signBadgeJwt } from '../../test/credentials/sign-badge';
import { rowsOf } from '../db/client';
import { auditLog, credentials, issuers as issuersTable, people, personSkills } from '../db/schema';
import { createCredentialLoader } from '../credentials/loader';
import { verifyCredentialFile } from '../credentials/verify';
import { AppError } from '../domain/app-error';
import type { Actor } from '../domain/permissions';
import { demoIssuerKeys, importCatalog, type DemoIssuerWithKey } from '../seed/import-catalog';
import { importTaxonomy } from '../seed/import-taxonomy';
import { ingestReports } from './ingest-credentials';
import { getPersonProfile } from './people';
import { importTrustedIssuers, listIssuers, setIssuerTrust } from './trusted-issuers';

const NOW = new Date('2026-06-01T12:00:00Z');
const admin: Actor = { id: 'user-admin', role: 'admin', departmentId: null };
const hr: Actor = { id: 'user-hr', role: 'hr', departmentId: null };
const PYTHON = 'onet:python';

let keys: Map<string, DemoIssuerWithKey>;
beforeAll(async () => {
  keys = await demoIssuerKeys();
});

describe.each(testDatabaseKinds)('trusted issuers on %s', (kind) => {
  let db: TestDatabase;
  let personId: string;
  let college: DemoIssuerWithKey;
  let academy: DemoIssuerWithKey;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await importTaxonomy(db.db);
    await importCatalog(db.db);
    college = keys.get('tech-college')!; // unknown in the demo
    academy = keys.get('academy')!; // trusted in the demo
    const [p] = await db.db.insert(people).values({ kind: 'candidate', name: 'Ada', email: 'ada@example.com' }).returning({ id: people.id });
    personId = p!.id;
    // Python at Expert (4 in the catalog's ladder below) from the untrusted college, Working from the trusted academy.
    const loader = createCredentialLoader({ offline: true });
    const trustOf = async () => {
      const rows = await db.db.select({ id: issuersTable.id, trust: issuersTable.trust }).from(issuersTable);
      const m = new Map(rows.map((r) => [r.id, r.trust]));
      return (id: string) => m.get(id) ?? 'unknown';
    };
    const issuerTrust = await trustOf();
    const reports = [
      ...(await verifyCredentialFile(await signBadgeJwt(college, catalogBadge(PYTHON, 5), { id: 'mailto:ada@example.com' }), { now: NOW, loader, issuerTrust })),
      ...(await verifyCredentialFile(await signBadgeJwt(academy, catalogBadge(PYTHON, 2), { id: 'mailto:ada@example.com' }), { now: NOW, loader, issuerTrust })),
    ];
    expect(reports.map((r) => r.status)).toEqual(['verified', 'verified']);
    expect(reports.map((r) => r.checks.find((c) => c.id === 'issuer-trust')?.result)).toEqual(['warn', 'pass']);
    await ingestReports(db.db, { personId, reports, source: 'upload', actorId: hr.id, now: NOW });
  });
  afterAll(async () => {
    await db?.close();
  });

  const pythonRow = async () =>
    (await db.db.select().from(personSkills).where(and(eq(personSkills.personId, personId), eq(personSkills.skillId, PYTHON), eq(personSkills.verified, true))))[0]!;
  const collegeTrustCheck = async () => {
    const [c] = await db.db.select({ checks: credentials.checks }).from(credentials).where(and(eq(credentials.personId, personId), eq(credentials.issuerId, college.issuerKey.did)));
    return c!.checks.find((x) => x.id === 'issuer-trust');
  };
  const outboxRows = async () => rowsOf<{ n: number }>(await db.db.execute(sql`select count(*)::int n from outbox where aggregate_id = ${personId}`))[0]!.n;

  test('a verified level keeps its highest level and carries the level trusted issuers alone prove', async () => {
    const row = await pythonRow();
    expect(row.level).toBe(5);
    expect(row.trustedLevel).toBe(2);
    expect(row.trustedCredentialIds).toHaveLength(1);
    expect(row.trustedCredentialIds).not.toEqual(row.credentialIds);
    // The profile marks the level (shown level above what trusted issuers prove) and the credential.
    const profile = await getPersonProfile(db.db, hr, personId);
    expect(profile.skills.find((s) => s.skillId === PYTHON)).toMatchObject({ level: 5, trustedLevel: 2, untrusted: true });
    expect(profile.credentials.map((c) => [c.issuerId, c.issuerTrust, c.counts]).sort()).toEqual(
      [
        [academy.issuerKey.did, 'trusted', true],
        [college.issuerKey.did, 'unknown', true],
      ].sort(),
    );
  });

  test('trusting an issuer updates its stored reports, the levels, the audit log and the outbox in one go; untrusting undoes it', async () => {
    const before = await outboxRows();
    const result = await setIssuerTrust(admin, { issuerId: college.issuerKey.did, trusted: true }, db.db);
    expect(result.peopleUpdated).toBe(1);
    expect((await pythonRow()).trustedLevel).toBe(5);
    expect((await getPersonProfile(db.db, hr, personId)).skills.find((s) => s.skillId === PYTHON)).toMatchObject({ untrusted: false });
    expect(await collegeTrustCheck()).toEqual({ id: 'issuer-trust', result: 'pass', message: `${college.name} is a trusted issuer` });
    expect(await outboxRows()).toBe(before + 1);
    const audits = await db.db.select().from(auditLog).where(and(eq(auditLog.subjectId, college.issuerKey.did), eq(auditLog.action, 'issuer.trust')));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.detail).toMatchObject({ from: 'unknown', to: 'trusted', peopleUpdated: 1 });

    await setIssuerTrust(admin, { issuerId: college.issuerKey.did, trusted: false }, db.db);
    expect((await pythonRow()).trustedLevel).toBe(2);
    expect(await collegeTrustCheck()).toMatchObject({ result: 'warn', message: `${college.name} is not on the trusted issuers list` });
    expect(await outboxRows()).toBe(before + 2);
    const list = await listIssuers(admin, db.db);
    expect(list.find((i) => i.id === college.issuerKey.did)).toMatchObject({ trust: 'unknown', trustSource: 'admin', credentialCount: 1 });
  });

  test('a DCC issuer registry makes every listed DID trusted, names unknown ones, and is audited once', async () => {
    const registry = JSON.stringify({
      meta: { created: '2020-12-02T02:32:16+0000', updated: '2021-12-15T18:41:36+0000' },
      registry: {
        [college.issuerKey.did]: { name: 'Renamed College', url: 'https://college.example', location: 'Leeds' },
        'did:web:registrar.example.edu': { name: 'Example University', url: 'https://example.edu' },
        'not an id': { name: 'junk' },
      },
    });
    const result = await importTrustedIssuers(admin, { text: registry, sourceName: 'DCC Community Registry' }, db.db);
    expect(result).toMatchObject({ format: 'dcc-registry', trusted: 2, peopleUpdated: 1 });
    expect(result.skipped).toEqual([{ line: 'not an id', reason: 'not a DID or an http(s) URL' }]);
    expect((await pythonRow()).trustedLevel).toBe(5);
    const list = await listIssuers(admin, db.db);
    // A name the credential taught us is kept; a DID seen only in the registry takes the registry's name.
    expect(list.find((i) => i.id === college.issuerKey.did)).toMatchObject({ name: college.name, trust: 'trusted', trustSource: 'registry: DCC Community Registry' });
    expect(list.find((i) => i.id === 'did:web:registrar.example.edu')).toMatchObject({ name: 'Example University', trust: 'trusted', credentialCount: 0 });
    expect(await db.db.select().from(auditLog).where(eq(auditLog.action, 'issuer.import'))).toHaveLength(1);
    await setIssuerTrust(admin, { issuerId: college.issuerKey.did, trusted: false }, db.db);
  });

  test('a plain list of DIDs and URLs, comments and junk lines reported as skipped', async () => {
    const result = await importTrustedIssuers(admin, { text: '# our partners\nhttps://badges.example.org/issuer\n\ndid:key:z6MkExample\nftp://nope\n' }, db.db);
    expect(result).toMatchObject({ format: 'plain-list', trusted: 2, peopleUpdated: 0 });
    expect(result.skipped.map((s) => s.line)).toEqual(['ftp://nope']);
  });

  test.each([
    ['empty', ''],
    ['not JSON', '{"registry": '],
    ['JSON without a registry', '{"meta": {}}'],
    ['only junk', 'hello world\nfoo'],
  ])('a bad list (%s) is a 422 that writes nothing', async (_name, text) => {
    const before = (await db.db.select().from(auditLog)).length;
    await expect(importTrustedIssuers(admin, { text }, db.db)).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await db.db.select().from(auditLog)).length).toBe(before);
  });

  test('only administrators change the list; a bad id is a 422; untrusting an unknown issuer is a 404', async () => {
    await expect(setIssuerTrust(hr, { issuerId: college.issuerKey.did, trusted: true }, db.db)).rejects.toBeInstanceOf(AppError);
    await expect(importTrustedIssuers(hr, { text: 'did:web:x.example' }, db.db)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(setIssuerTrust(admin, { issuerId: 'javascript:alert(1)', trusted: true }, db.db)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(setIssuerTrust(admin, { issuerId: 'did:web:never.example', trusted: false }, db.db)).rejects.toMatchObject({ code: 'not_found' });
  });
});
