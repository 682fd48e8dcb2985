// Uploads on a real database: whose credential it becomes (chosen person, or recipient email, plain
// or salted hash), who may import for whom, and the size cap.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { credentials, people } from '../db/schema';
import { signVcJwt } from '../credentials/issue';
import type { Actor } from '../domain/permissions';
import { achievementDocument, buildCatalog, rubricLevelId } from '../seed/catalog';
import { demoIssuerKeys, importCatalog } from '../seed/import-catalog';
import { importTaxonomy } from '../seed/import-taxonomy';
import { createFetchBudget } from '../credentials/loader';
import { MAX_FILE_BYTES, findImportTargets, importCredentialFile, importCredentialUrl } from './import-credentials';

const hr: Actor = { id: 'user-hr', role: 'hr', departmentId: null };
const recruiter: Actor = { id: 'user-rec', role: 'recruiter', departmentId: null };
const manager: Actor = { id: 'user-man', role: 'manager', departmentId: 'data' };

const python = buildCatalog().find((b) => b.skillId === 'onet:python' && b.level === 3)!;
let n = 0;

async function badgeFor(recipient: { email: string } | { hashedEmail: string; salt: string }) {
  const issuer = (await demoIssuerKeys()).get(python.issuerKey)!;
  const key = issuer.issuerKey;
  const subject: Record<string, unknown> = {
    type: ['AchievementSubject'],
    achievement: achievementDocument(python, { did: key.did, name: issuer.name, url: issuer.url }),
    result: [{ type: ['Result'], resultDescription: `${python.id}#result`, achievedLevel: rubricLevelId(python.id, 3) }],
  };
  if ('email' in recipient) subject.id = `mailto:${recipient.email}`;
  else {
    const hash = createHash('sha256').update(recipient.hashedEmail + recipient.salt).digest('hex');
    subject.identifier = [{ type: 'IdentityObject', identityHash: `sha256$${hash}`, identityType: 'emailAddress', hashed: true, salt: recipient.salt }];
  }
  const jwt = await signVcJwt(
    {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: `urn:uuid:10000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: key.did, type: ['Profile'], name: issuer.name, url: issuer.url },
      validFrom: '2025-02-01T00:00:00Z',
      name: python.name,
      credentialSubject: subject,
    },
    key,
  );
  return { name: 'python.jwt', bytes: new TextEncoder().encode(jwt) };
}

describe.each(testDatabaseKinds)('importCredentialFile on %s', (kind) => {
  let db: TestDatabase;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await importTaxonomy(db.db);
    await importCatalog(db.db);
    const rows = await db.db
      .insert(people)
      .values([
        { kind: 'candidate', name: 'Cara Candidate', email: 'cara@example.com' },
        { kind: 'employee', name: 'Erin Employee', email: 'erin@org.example', departmentId: 'data', openToMobility: false },
        { kind: 'employee', name: 'Hana Hashed', email: 'hana@org.example', departmentId: 'design', openToMobility: true },
      ])
      .returning({ id: people.id, email: people.email });
    for (const r of rows) ids[r.email] = r.id;
  });
  afterAll(async () => {
    await db?.close();
  });

  test('a URL import is verified in the worker pool with the same guards: loopback refused, the request budget charged there and spent', async () => {
    const budget = createFetchBudget({ maxFetches: 1 });
    const target = { personId: ids['cara@example.com']! };
    const [first] = await importCredentialUrl(db.db, recruiter, { target, url: 'http://127.0.0.1:9/badge.json', fetchBudget: budget });
    expect(first).toMatchObject({ outcome: 'rejected', credentialId: null });
    expect(JSON.stringify(first!.checks)).toMatch(/loopback/);
    // The worker charged its copy of the budget; the request's own budget shows it.
    expect(budget.fetchesLeft).toBe(0);
    const [second] = await importCredentialUrl(db.db, recruiter, { target, url: 'http://127.0.0.1:9/other.json', fetchBudget: budget });
    expect(JSON.stringify(second!.checks)).toMatch(/already used its 1 network reads/);
  });

  test('for a chosen person: verified, with skills named, and a re-upload is "already imported"', async () => {
    const file = await badgeFor({ email: 'cara@example.com' });
    const [item] = await importCredentialFile(db.db, recruiter, { target: { personId: ids['cara@example.com']! }, file });
    expect(item).toMatchObject({ outcome: 'created', status: 'verified', personName: 'Cara Candidate', issuerName: 'Northern Tech College' });
    expect(item!.skills).toEqual([expect.objectContaining({ skillId: 'onet:python', skillName: 'Python', level: 3, levelName: 'Practitioner' })]);
    expect(item!.checks.find((c) => c.id === 'recipient')?.result).toBe('pass');
    const [again] = await importCredentialFile(db.db, recruiter, { target: { personId: ids['cara@example.com']! }, file });
    expect(again).toMatchObject({ outcome: 'duplicate', credentialId: item!.credentialId });
  });

  test('a credential issued to someone else is not attached to the chosen person', async () => {
    const file = await badgeFor({ email: 'someone-else@example.com' });
    const [item] = await importCredentialFile(db.db, hr, { target: { personId: ids['cara@example.com']! }, file });
    expect(item).toMatchObject({ outcome: 'rejected', refusal: 'recipient', credentialId: null, personId: null });
    expect(item!.checks.find((c) => c.id === 'recipient')?.result).toBe('fail');
  });

  test('match by recipient email, plain and salted hash', async () => {
    const [plain] = await importCredentialFile(db.db, hr, { target: { matchByRecipient: true }, file: await badgeFor({ email: 'erin@org.example' }) });
    expect(plain).toMatchObject({ outcome: 'created', personId: ids['erin@org.example'] });
    const [hashed] = await importCredentialFile(db.db, hr, { target: { matchByRecipient: true }, file: await badgeFor({ hashedEmail: 'hana@org.example', salt: 'pepper' }) });
    expect(hashed).toMatchObject({ outcome: 'created', personId: ids['hana@org.example'] });
    const [nobody] = await importCredentialFile(db.db, hr, { target: { matchByRecipient: true }, file: await badgeFor({ email: 'ghost@example.com' }) });
    expect(nobody).toMatchObject({ outcome: 'rejected', credentialId: null });
    expect(nobody!.message).toMatch(/recipient identity/);
  });

  test('only people the actor may see: a recruiter cannot import for a non-mobile employee, not even by recipient', async () => {
    const erin = ids['erin@org.example']!;
    await expect(importCredentialFile(db.db, recruiter, { target: { personId: erin }, file: await badgeFor({ email: 'erin@org.example' }) })).rejects.toMatchObject({ code: 'not_found' });
    const [item] = await importCredentialFile(db.db, recruiter, { target: { matchByRecipient: true }, file: await badgeFor({ email: 'erin@org.example' }) });
    expect(item!.outcome).toBe('rejected');
    expect(await findImportTargets(db.db, recruiter, 'erin')).toEqual([]);
    expect((await findImportTargets(db.db, hr, 'erin')).map((p) => p.id)).toEqual([erin]);
  });

  test('permission, size cap and empty files are refused before anything is written', async () => {
    const before = (await db.db.select({ id: credentials.id }).from(credentials)).length;
    const file = await badgeFor({ email: 'cara@example.com' });
    await expect(importCredentialFile(db.db, manager, { target: { personId: ids['cara@example.com']! }, file })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      importCredentialFile(db.db, hr, { target: { personId: ids['cara@example.com']! }, file: { name: 'big.json', bytes: new Uint8Array(MAX_FILE_BYTES + 1) } }),
    ).rejects.toMatchObject({ code: 'payload_too_large' });
    await expect(importCredentialFile(db.db, hr, { target: { personId: ids['cara@example.com']! }, file: { name: 'empty.json', bytes: new Uint8Array(0) } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(importCredentialFile(db.db, hr, { target: { personId: 'nobody' }, file })).rejects.toMatchObject({ code: 'not_found' });
    expect((await db.db.select({ id: credentials.id }).from(credentials)).length).toBe(before);
  });

  test('garbage is reported per item with the parser’s reason', async () => {
    const [item] = await importCredentialFile(db.db, hr, { target: { personId: ids['cara@example.com']! }, file: { name: 'junk.png', bytes: new Uint8Array([1, 2, 3, 4, 5]) } });
    expect(item).toMatchObject({ outcome: 'rejected', credentialId: null });
    expect(item!.checks[0]).toMatchObject({ id: 'parse', result: 'fail' });
    const rows = await db.db.select().from(credentials).where(eq(credentials.personId, ids['cara@example.com']!));
    expect(rows.every((r) => r.contentHash !== '')).toBe(true);
  });
});
