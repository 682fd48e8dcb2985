// The demo seed end to end on a real database: real signed credentials through verification and
// ingest. Small (40 people) so it runs in seconds; the 2,000-person timing is in docs/data-and-seed.md.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { rowsOf } from '../db/client';
import { createCredentialLoader } from '../credentials/loader';
import { seedDemoOrganisation, type SeedProgress } from './seed-demo-organisation';

const NOW = new Date('2026-06-01T00:00:00Z');

describe.each(testDatabaseKinds)('seedDemoOrganisation on %s', (kind) => {
  let a: TestDatabase;
  let b: TestDatabase;
  let dirA: string;
  let dirB: string;
  beforeAll(async () => {
    a = await createTestDatabase(kind);
    b = await createTestDatabase(kind);
    dirA = mkdtempSync(path.join(tmpdir(), 'skillproof-seed-a-'));
    dirB = mkdtempSync(path.join(tmpdir(), 'skillproof-seed-b-'));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    rmSync(dirA, { recursive: true, force: true });
    rmSync(dirB, { recursive: true, force: true });
  });

  const facts = async (db: TestDatabase) =>
    rowsOf<Record<string, number>>(
      await db.db.execute(sql`select
        (select count(*)::int from people) people,
        (select count(*)::int from people where kind = 'employee') employees,
        (select count(*)::int from users) users,
        (select count(*)::int from credentials) credentials,
        (select count(*)::int from credentials where status = 'verified') verified,
        (select count(*)::int from credentials where status = 'revoked') revoked,
        (select count(*)::int from credentials where status = 'expired') expired,
        (select count(*)::int from credentials where status = 'invalid') invalid,
        (select count(*)::int from person_skills where verified) verified_skills,
        (select count(*)::int from achievements where in_catalog) catalog`),
    )[0]!;

  test('seeds deterministically, through verification, and a second call is a no-op', async () => {
    const phases = new Set<string>();
    const onProgress = (p: SeedProgress) => {
      phases.add(p.phase);
      expect(p.done).toBeLessThanOrEqual(p.total);
    };
    const first = await seedDemoOrganisation(a.db, { people: 40, seed: 42, now: NOW, dataDir: dirA, onProgress });
    expect(first.skipped).toBe(false);
    expect([...phases]).toEqual(expect.arrayContaining(['taxonomy', 'people', 'credentials', 'done']));
    await seedDemoOrganisation(b.db, { people: 40, seed: 42, now: NOW, dataDir: dirB });

    const fa = await facts(a);
    expect(fa).toEqual(await facts(b));
    expect(fa).toMatchObject({ people: 40, employees: 28, users: 4 });
    expect(fa.credentials).toBeGreaterThan(150);
    expect(fa.revoked).toBeGreaterThan(0);
    expect(fa.invalid).toBeGreaterThan(0);
    expect(fa.expired).toBeGreaterThan(0);
    expect(fa.verified! / fa.credentials!).toBeGreaterThan(0.7);

    const again = await seedDemoOrganisation(a.db, { people: 40, seed: 42, now: NOW, dataDir: dirA });
    expect(again.skipped).toBe(true);
    expect(await facts(a)).toEqual(fa);

    // The status lists the verifier resolved are on disk and mapped for the server's loader.
    const map = JSON.parse(readFileSync(path.join(dirA, 'resolver-map.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(map)).toHaveLength(5);
    for (const file of Object.values(map)) expect(existsSync(path.resolve(dirA, file))).toBe(true);
    const loader = createCredentialLoader({ resolverMapFile: path.join(dirA, 'resolver-map.json'), offline: true });
    const loaded = await loader.loadJson(Object.keys(map)[0]!);
    expect(loaded.json).toMatchObject({ type: expect.arrayContaining(['BitstringStatusListCredential']) });
  });

  test('every verified skill level is proved by verified, unexpired credentials of that person', async () => {
    const orphans = rowsOf<{ n: number }>(
      await a.db.execute(sql`
        select count(*)::int n from person_skills ps
        where ps.verified and not exists (
          select 1 from credentials c
          where c.person_id = ps.person_id and c.status = 'verified' and (c.valid_until is null or c.valid_until > now())
            and ps.credential_ids ? c.id)`),
    )[0]!.n;
    expect(orphans).toBe(0);
    const fromBad = rowsOf<{ n: number }>(
      await a.db.execute(sql`
        select count(*)::int n from person_skills ps, credentials c
        where c.status in ('revoked', 'invalid', 'expired') and ps.credential_ids ? c.id`),
    )[0]!.n;
    expect(fromBad).toBe(0);
  });

  test('demo users sign in with the demo password; the manager manages the data department', async () => {
    const bcrypt = (await import('bcryptjs')).default;
    const users = rowsOf<{ email: string; role: string; department_id: string | null; password_hash: string }>(
      await a.db.execute(sql`select email, role, department_id, password_hash from users order by email`),
    );
    expect(users.map((u) => u.email)).toEqual(['admin@skillproof.demo', 'hr@skillproof.demo', 'manager@skillproof.demo', 'recruiter@skillproof.demo']);
    expect(users.find((u) => u.role === 'manager')?.department_id).toBe('data');
    expect(await bcrypt.compare('skillproof-demo', users[0]!.password_hash)).toBe(true);
  });

  test('employees hold DDaT role profiles; role profiles have demand', async () => {
    const row = rowsOf<{ bad: number; demand: number }>(
      await a.db.execute(sql`select
        (select count(*)::int from people p where p.kind = 'employee' and not exists (select 1 from role_profiles r where r.id = p.current_role_profile_id)) bad,
        (select coalesce(sum(planned_headcount), 0)::int from role_profiles) demand`),
    )[0]!;
    expect(row.bad).toBe(0);
    expect(row.demand).toBeGreaterThanOrEqual(28);
  });
});
