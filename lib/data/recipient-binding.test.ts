// Credentials bound to the right person (issue 11 item 6), on real databases with real signed badges:
// an import attaches a credential only when its recipient is one of the person's identities (email,
// salted hash of any of their emails, DID, URL, profile identifier); otherwise it is refused with the
// reason, unless HR overrides that item with a reason (audited, never counted). Course CSV rows and
// zip entries for other people are refused the same way.
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { catalogBadge, signBadgeJwt, type Recipient } from '../../test/credentials/sign-badge';
import { auditLog, credentials, people, personSkills } from '../db/schema';
import type { Actor } from '../domain/permissions';
import { demoIssuerKeys, importCatalog, type DemoIssuerWithKey } from '../seed/import-catalog';
import { importTaxonomy } from '../seed/import-taxonomy';
import { importCredentialFile } from './import-credentials';
import { addPersonIdentity, listPersonIdentities, removePersonIdentity } from './person-identities';
import { getPersonProfile } from './people';

const hr: Actor = { id: 'user-hr', role: 'hr', departmentId: null };
const recruiter: Actor = { id: 'user-rec', role: 'recruiter', departmentId: null };
const PYTHON = 'onet:python';
const SQL_SKILL = 'onet:structured-query-language-sql';

let academy: DemoIssuerWithKey;
beforeAll(async () => {
  academy = (await demoIssuerKeys()).get('academy')!;
});

const badge = (recipient: Recipient, level = 3, skill = PYTHON) => signBadgeJwt(academy, catalogBadge(skill, level), recipient);

describe.each(testDatabaseKinds)('recipient binding on %s', (kind) => {
  let db: TestDatabase;
  let ada: string;
  let bob: string;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await importTaxonomy(db.db);
    await importCatalog(db.db);
    const rows = await db.db
      .insert(people)
      .values([
        { kind: 'candidate', name: 'Ada Lovelace', email: 'ada@example.com' },
        { kind: 'candidate', name: 'Bob Other', email: 'bob@example.com' },
      ])
      .returning({ id: people.id, email: people.email });
    ada = rows.find((r) => r.email === 'ada@example.com')!.id;
    bob = rows.find((r) => r.email === 'bob@example.com')!.id;
  });
  afterAll(async () => {
    await db?.close();
  });

  const credentialsOf = (personId: string) => db.db.select().from(credentials).where(eq(credentials.personId, personId));

  test('someone else’s credential is refused with the reason and an override key; nothing is written', async () => {
    const before = (await credentialsOf(ada)).length;
    const [item] = await importCredentialFile(db.db, hr, { target: { personId: ada }, file: await badge({ id: 'mailto:bob@example.com' }) });
    expect(item).toMatchObject({ outcome: 'rejected', refusal: 'recipient', personId: null, credentialId: null });
    expect(item!.message).toMatch(/issued to mailto:bob@example.com, not to Ada Lovelace/);
    expect(item!.overrideKey).toMatch(/^[0-9a-f]{64}$/);
    const [anonymous] = await importCredentialFile(db.db, hr, { target: { personId: ada }, file: await signBadgeJwt(academy, catalogBadge(PYTHON, 2), { id: '' }) });
    expect(anonymous).toMatchObject({ outcome: 'rejected', refusal: 'recipient' });
    expect(anonymous!.message).toMatch(/does not say who earned it/);
    expect((await credentialsOf(ada)).length).toBe(before);
  });

  test('HR overrides one item with a reason: attached, marked, audited, and never counted toward any level', async () => {
    const file = await badge({ id: 'mailto:ada.old-employer@example.net' }, 5);
    const [refused] = await importCredentialFile(db.db, hr, { target: { personId: ada }, file });
    const overrides = [{ item: refused!.overrideKey!, reason: 'Issued to her previous employer address; checked by phone' }];
    // Recruiters may import but not override; an override needs a chosen person and a real reason.
    await expect(importCredentialFile(db.db, recruiter, { target: { personId: ada }, file, overrides })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(importCredentialFile(db.db, hr, { target: { matchByRecipient: true }, file, overrides })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(importCredentialFile(db.db, hr, { target: { personId: ada }, file, overrides: [{ item: refused!.overrideKey!, reason: 'ok' }] })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(importCredentialFile(db.db, hr, { target: { personId: ada }, file, overrides: [{ item: 'not-a-key', reason: 'a good reason' }] })).rejects.toMatchObject({
      code: 'invalid_input',
    });

    const [item] = await importCredentialFile(db.db, hr, { target: { personId: ada }, file, overrides });
    expect(item).toMatchObject({ outcome: 'created', recipientBinding: 'overridden', personId: ada });
    expect(item!.message).toMatch(/never counts toward verified levels/);
    const [row] = await db.db.select().from(credentials).where(eq(credentials.id, item!.credentialId!));
    expect(row).toMatchObject({ recipientBinding: 'overridden', overrideReason: overrides[0]!.reason, overriddenBy: hr.id });
    const audits = await db.db.select().from(auditLog).where(and(eq(auditLog.action, 'credential.override'), eq(auditLog.subjectId, item!.credentialId!)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: hr.id, detail: expect.objectContaining({ personId: ada, reason: overrides[0]!.reason, recipient: 'mailto:ada.old-employer@example.net' }) });
    // Not a verified level, not a self-reported one: shown on the profile as not counted, with why.
    expect(await db.db.select().from(personSkills).where(eq(personSkills.personId, ada))).toEqual([]);
    const profile = await getPersonProfile(db.db, hr, ada);
    expect(profile.credentials.find((c) => c.id === item!.credentialId)).toMatchObject({ counts: false, recipientBinding: 'overridden', overrideReason: overrides[0]!.reason });
    expect(profile.skills.filter((s) => s.skillId === PYTHON)).toEqual([expect.objectContaining({ level: 0, notCounted: [expect.objectContaining({ credentialId: item!.credentialId })] })]);
    expect(profile.selfReported).toEqual([]);
    // An override key for one item does not carry another (another credential to someone else is still refused).
    const [other] = await importCredentialFile(db.db, hr, { target: { personId: ada }, file: await badge({ id: 'mailto:stranger@example.com' }), overrides });
    expect(other).toMatchObject({ outcome: 'rejected', refusal: 'recipient' });
  });

  test('a person’s other identities bind too: a DID, a second email (also hashed with salt), a URL; by choice and by recipient', async () => {
    await addPersonIdentity(db.db, hr, ada, { kind: 'did', value: 'did:web:ada.example' });
    await addPersonIdentity(db.db, hr, ada, { kind: 'email', value: 'Ada.Lovelace@University.example' });
    const url = await addPersonIdentity(db.db, hr, ada, { kind: 'url', value: 'https://ada.example/me' });
    expect((await listPersonIdentities(db.db, hr, ada)).map((i) => i.kind).sort()).toEqual(['did', 'email', 'url']);

    const [byDid] = await importCredentialFile(db.db, hr, { target: { personId: ada }, file: await badge({ id: 'did:web:ada.example' }, 2) });
    expect(byDid).toMatchObject({ outcome: 'created', recipientBinding: 'matched', status: 'verified' });
    const [byHash] = await importCredentialFile(db.db, hr, { target: { matchByRecipient: true }, file: await badge({ hashedEmail: 'ada.lovelace@university.example', salt: 'NaCl' }, 2, SQL_SKILL) });
    expect(byHash).toMatchObject({ outcome: 'created', personId: ada, status: 'verified' });
    const [byUrl] = await importCredentialFile(db.db, hr, { target: { matchByRecipient: true }, file: await badge({ id: 'https://ada.example/me' }, 5) });
    expect(byUrl).toMatchObject({ outcome: 'created', personId: ada });
    const levels = await db.db.select().from(personSkills).where(and(eq(personSkills.personId, ada), eq(personSkills.verified, true)));
    expect(levels.map((l) => [l.skillId, l.level]).sort()).toEqual([
      [PYTHON, 5],
      [SQL_SKILL, 2],
    ]);

    // One identity, one person: Bob cannot take Ada's DID or her email; Ada cannot add Bob's email.
    await expect(addPersonIdentity(db.db, hr, bob, { kind: 'did', value: 'did:web:ada.example' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(addPersonIdentity(db.db, hr, bob, { kind: 'email', value: 'ADA@example.com' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(addPersonIdentity(db.db, hr, ada, { kind: 'did', value: 'not a did' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(addPersonIdentity(db.db, recruiter, ada, { kind: 'did', value: 'did:web:x.example' })).rejects.toMatchObject({ code: 'forbidden' });
    await removePersonIdentity(db.db, hr, ada, url.id);
    const [afterRemoval] = await importCredentialFile(db.db, hr, { target: { personId: ada }, file: await badge({ id: 'https://ada.example/me' }, 2) });
    expect(afterRemoval).toMatchObject({ outcome: 'rejected', refusal: 'recipient' });
  });

  test('course CSV rows for other people are refused, not attached; the person’s own rows are kept as self-reported', async () => {
    const csv = ['name,email,course,provider,completed', 'Ada,ada@example.com,Intro to Rust,Coursera,2025-03-01', 'Bob,bob@example.com,Advanced Go,Udemy,2025-04-01', 'Someone,,Kotlin basics,Udemy,2025-04-02'].join('\n');
    const items = await importCredentialFile(db.db, hr, { target: { personId: ada }, file: { name: 'courses.csv', bytes: new TextEncoder().encode(csv) } });
    expect(items.map((i) => [i.outcome, i.refusal])).toEqual([
      ['created', null],
      ['rejected', 'recipient'],
      ['rejected', 'recipient'],
    ]);
    expect(items[1]!.message).toMatch(/bob@example.com/);
    const rows = await credentialsOf(ada);
    expect(rows.filter((r) => r.format === 'course-csv')).toHaveLength(1);
    expect((await credentialsOf(bob)).length).toBe(0);
  });

  test('an achievement that is not a skill (a degree with no alignment) proves no skill and is listed nowhere as one; a skill stated twice is listed once', async () => {
    const degree = {
      id: 'https://academy.example/achievements/bsc-computing',
      type: ['Achievement'],
      achievementType: 'BachelorDegree',
      name: 'Bachelor of Science in Computing',
      description: 'Three-year honours degree.',
      criteria: { narrative: 'Completed all modules.' },
    };
    const [item] = await importCredentialFile(db.db, hr, { target: { personId: bob }, file: await signBadgeJwt(academy, catalogBadge(PYTHON, 2), { id: 'mailto:bob@example.com' }, { achievement: degree }) });
    expect(item).toMatchObject({ outcome: 'created', status: 'verified', skills: [] });
    const twice = {
      id: 'https://academy.example/achievements/python-twice',
      type: ['Achievement'],
      name: 'Python for analysts',
      description: 'Aligned to Python twice, by name and by code.',
      criteria: { narrative: 'Assessed.' },
      alignment: [
        { type: ['Alignment'], targetName: 'Python', targetFramework: 'O*NET', targetCode: 'python', targetUrl: 'https://www.onetonline.org/search/tech/example?e=Python' },
        { type: ['Alignment'], targetName: 'Python', targetUrl: 'https://example.org/skills/python' },
      ],
    };
    const [dup] = await importCredentialFile(db.db, hr, { target: { personId: bob }, file: await signBadgeJwt(academy, catalogBadge(PYTHON, 2), { id: 'mailto:bob@example.com' }, { achievement: twice }) });
    expect(dup!.skills.map((s) => s.skillId)).toEqual([PYTHON]);
    const profile = await getPersonProfile(db.db, hr, bob);
    expect(profile.skills.map((s) => s.skillId)).toEqual([PYTHON]);
    expect(profile.skills.map((s) => s.name)).not.toContain(degree.name);
    expect(profile.selfReported).toEqual([]);
    expect(profile.credentials.find((c) => c.achievementName === degree.name)).toMatchObject({ counts: true, skills: [] });
  });

  test('a zip with one credential each for two people attaches only the chosen person’s', async () => {
    const mine = await badge({ id: 'mailto:ada@example.com' }, 3, SQL_SKILL);
    const theirs = await badge({ id: 'mailto:bob@example.com' }, 3, SQL_SKILL);
    const zip = zipSync({ 'a.jwt': mine.bytes, 'b.jwt': theirs.bytes });
    const bobBefore = (await credentialsOf(bob)).length;
    const items = await importCredentialFile(db.db, hr, { target: { personId: ada }, file: { name: 'badges.zip', bytes: zip } });
    expect(items.map((i) => [i.outcome, i.refusal])).toEqual([
      ['created', null],
      ['rejected', 'recipient'],
    ]);
    expect((await credentialsOf(bob)).length).toBe(bobBefore);
  });
});
