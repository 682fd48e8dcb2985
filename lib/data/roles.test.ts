import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { achievements, auditLog, credentials, issuers, people, personSkills, roleProfiles, roleRequirements } from '../db/schema';
import { AppError } from '../domain/app-error';
import type { Actor } from '../domain/permissions';
import { createEmbeddedEngine } from '../search/embedded-engine';
import { loadPersonDocs } from '../search/person-docs';
import { importTaxonomy } from '../seed/import-taxonomy';
import { getPersonRolePlan } from './pathways';
import { createRole, deleteRole, exportRoleRankingCsv, getRole, importDdatRole, listDdatRoleLevels, listRoles, rankEmployeesForRole, updateRole } from './roles';

const manager: Actor = { id: 'u-manager', role: 'manager', departmentId: 'data' };
const otherManager: Actor = { id: 'u-manager-eng', role: 'manager', departmentId: 'engineering' };
const hr: Actor = { id: 'u-hr', role: 'hr', departmentId: null };
const recruiter: Actor = { id: 'u-recruiter', role: 'recruiter', departmentId: null };

// The real UK DDaT "Data scientist" ladder, as the seed imports it.
const ASSOCIATE = 'ddat-associate-data-scientist';
const DATA_SCIENTIST = 'ddat-data-scientist';
const LEAD = 'ddat-lead-data-scientist';
const DS_SKILLS = [
  'applied-maths-statistics-and-scientific-practices',
  'data-engineering',
  'data-ethics-and-privacy',
  'data-science-innovation',
  'delivering-business-impact',
  'developing-data-science-capability',
  'programming-and-build-data-science',
  'understanding-product-delivery',
].map((s) => `ddat:${s}`);

async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

describe.each(testDatabaseKinds)('roles, ranking and pathways on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await importTaxonomy(t.db);
    await t.db.insert(people).values([
      { id: 'e-strong', kind: 'employee', name: 'Sam Strong', email: 's@x.test', departmentId: 'data', currentRole: 'Associate data scientist', currentRoleProfileId: ASSOCIATE, openToMobility: true },
      { id: 'e-weak', kind: 'employee', name: 'Wes Weak', email: 'w@x.test', departmentId: 'data', currentRole: 'Data analyst' },
      { id: 'e-other', kind: 'employee', name: 'Otto Other', email: 'o@x.test', departmentId: 'engineering', currentRole: 'Developer', openToMobility: true },
      { id: 'c-cand', kind: 'candidate', name: 'Cara Candidate', email: 'c@x.test' },
    ]);
    const level = (personId: string, skillId: string, lvl: number) => ({ personId, skillId, verified: true, level: lvl, credentialIds: [], issuerIds: [] });
    await t.db.insert(personSkills).values([
      // Strong: Working (2) in every data scientist skill, Practitioner in two.
      ...DS_SKILLS.map((s, i) => level('e-strong', s, i < 2 ? 3 : 2)),
      level('e-weak', DS_SKILLS[0]!, 1),
      // Other department: Practitioner everywhere, the best fit of all, but not the data manager's to see.
      ...DS_SKILLS.map((s) => level('e-other', s, 3)),
      ...DS_SKILLS.map((s) => level('c-cand', s, 5)),
    ]);
    // The catalog: a Practitioner certificate made of two badges, and single Practitioner badges.
    await t.db.insert(issuers).values({ id: 'did:key:academy', name: 'Data Academy', trust: 'trusted' });
    const a = (id: string, name: string, skills: string[], lvl: number, partOf: string[] = []) => ({
      id,
      name,
      issuerId: 'did:key:academy',
      inCatalog: true,
      partOf,
      skills: skills.map((skillId) => ({ skillId, level: lvl })),
    });
    await t.db.insert(achievements).values([
      a('urn:cert:ds-practitioner', 'Data Science Practitioner Certificate', [], 3),
      a('urn:badge:ds-p1', 'DS Practitioner part 1', DS_SKILLS.slice(0, 4), 3, ['urn:cert:ds-practitioner']),
      a('urn:badge:ds-p2', 'DS Practitioner part 2', DS_SKILLS.slice(4), 3, ['urn:cert:ds-practitioner']),
      ...DS_SKILLS.map((s, i) => a(`urn:badge:single-${i}`, `Single ${s}`, [s], 3)),
      // Not in the catalog: must never be offered.
      { ...a('urn:badge:secret', 'Internal only', DS_SKILLS, 5), inCatalog: false },
    ]);
    // Sam already holds part 1 of the certificate (a verified credential).
    await t.db.insert(credentials).values({
      personId: 'e-strong',
      format: 'ob3-ldp',
      raw: '{}',
      contentHash: 'h-1',
      achievementId: 'urn:badge:ds-p1',
      issuerId: 'did:key:academy',
      status: 'verified',
      source: 'seed',
    });
    const engine = createEmbeddedEngine(t.db);
    await engine.indexPeople(await loadPersonDocs(t.db, ['e-strong', 'e-weak', 'e-other', 'c-cand']));
  });
  afterAll(async () => {
    await t?.close();
  });

  test('the list groups DDaT roles into families and ordered ladders; managers manage only their department', async () => {
    const list = await listRoles(t.db, manager, { q: 'data scientist' });
    const data = list.groups.find((g) => g.family === 'Data')!;
    const ladder = data.ladders.find((l) => l.track === 'Data scientist')!;
    expect(ladder.roles.map((r) => r.id).slice(0, 3)).toEqual(['ddat-trainee-data-scientist', ASSOCIATE, DATA_SCIENTIST]);
    expect(ladder.roles.every((r) => r.canManage)).toBe(true);
    expect(ladder.roles.find((r) => r.id === ASSOCIATE)!.holders).toBe(1);
    const eng = await listRoles(t.db, otherManager, { q: 'data scientist' });
    expect(eng.groups.flatMap((g) => g.ladders.flatMap((l) => l.roles)).some((r) => r.canManage)).toBe(false);
    expect((await listRoles(t.db, hr, { department: 'engineering' })).groups.flatMap((g) => g.ladders.flatMap((l) => l.roles)).every((r) => r.canManage && r.departmentId === 'engineering')).toBe(true);
  });

  test('the role detail has its requirements with level names and the next role up the ladder', async () => {
    const role = await getRole(t.db, manager, DATA_SCIENTIST);
    expect(role.requirements).toHaveLength(8);
    expect(role.requirements[0]).toMatchObject({ minLevel: 3, minLevelName: 'Practitioner' });
    expect(role.nextRole?.id).toBe(LEAD);
    await expectAppError(getRole(t.db, manager, 'no-such-role'), 'not_found');
  });

  test('create, edit and delete a role in one own department; another department is refused', async () => {
    const { id } = await createRole(t.db, manager, {
      name: 'ML ops lead',
      family: 'Data',
      track: 'ML ops',
      openSeats: 2,
      plannedHeadcount: 3,
      requirements: [{ skillId: DS_SKILLS[1], minLevel: 4, weight: 2, essential: true }],
    });
    const created = await getRole(t.db, manager, id);
    expect(created).toMatchObject({ departmentId: 'data', openSeats: 2, plannedHeadcount: 3, canManage: true });
    expect(created.requirements).toEqual([expect.objectContaining({ skillId: DS_SKILLS[1], minLevel: 4, weight: 2, essential: true, minLevelName: 'Advanced' })]);

    await updateRole(t.db, manager, id, { name: 'ML ops lead', departmentId: 'data', requirements: [{ skillId: DS_SKILLS[2], minLevel: 2 }] });
    expect((await getRole(t.db, manager, id)).requirements.map((r) => r.skillId)).toEqual([DS_SKILLS[2]]);

    await expectAppError(updateRole(t.db, otherManager, id, { name: 'Hijack', departmentId: 'engineering' }), 'forbidden');
    await expectAppError(updateRole(t.db, manager, id, { name: 'Moved', departmentId: 'engineering' }), 'forbidden');
    await expectAppError(createRole(t.db, manager, { name: 'Elsewhere', departmentId: 'engineering' }), 'forbidden');
    await expectAppError(createRole(t.db, recruiter, { name: 'Nope' }), 'forbidden');

    await deleteRole(t.db, manager, id);
    await expectAppError(getRole(t.db, manager, id), 'not_found');
    const audit = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, id));
    expect(audit.map((a) => a.action).sort()).toEqual(['role.create', 'role.delete', 'role.update']);
  });

  test('10,000 requirements, an unknown skill or a duplicate: a clear invalid_input and nothing written', async () => {
    const before = (await t.db.select({ id: roleProfiles.id }).from(roleProfiles)).length;
    const many = Array.from({ length: 10_000 }, (_, i) => ({ skillId: `ddat:skill-${i}`, minLevel: 3 }));
    const tooMany = await expectAppError(createRole(t.db, hr, { name: 'Huge', requirements: many }), 'invalid_input');
    expect(tooMany.fieldErrors.requirements?.[0]).toMatch(/at most 50 skill requirements/);

    const unknown = await expectAppError(createRole(t.db, hr, { name: 'Typo', requirements: [{ skillId: DS_SKILLS[0], minLevel: 2 }, { skillId: 'ddat:no-such-skill', minLevel: 2 }] }), 'invalid_input');
    expect(unknown.fieldErrors['requirements.1.skillId']?.[0]).toMatch(/not a skill/);

    await expectAppError(createRole(t.db, hr, { name: 'Dup', requirements: [{ skillId: DS_SKILLS[0], minLevel: 2 }, { skillId: DS_SKILLS[0], minLevel: 3 }] }), 'invalid_input');
    await expectAppError(createRole(t.db, hr, { name: '', requirements: [] }), 'invalid_input');
    await expectAppError(createRole(t.db, hr, { name: 'Bad level', requirements: [{ skillId: DS_SKILLS[0], minLevel: 9 }] }), 'invalid_input');
    expect((await t.db.select({ id: roleProfiles.id }).from(roleProfiles)).length).toBe(before);
  });

  test('import a DDaT role level as a copy, then re-sync an edited seeded profile back to the framework', async () => {
    const options = await listDdatRoleLevels(t.db, manager, 'lead data scientist');
    expect(options.map((o) => o.profileId)).toContain(LEAD);
    const copy = await importDdatRole(t.db, manager, { profileId: LEAD, mode: 'copy' });
    expect(copy.existing).toBe(false);
    const copied = await getRole(t.db, manager, copy.id);
    // The department's own version, on the department's own ladder: no "(copy)" name, no shared rung.
    expect(copied).toMatchObject({ name: 'Lead data scientist', departmentId: 'data', family: 'Data', track: 'Data scientist · Data', source: 'custom' });
    expect(copied.requirements).toHaveLength(8);
    // Importing the same level again opens that copy; nothing new is written.
    const before = (await t.db.select({ id: roleProfiles.id }).from(roleProfiles)).length;
    expect(await importDdatRole(t.db, manager, { profileId: LEAD, mode: 'copy' })).toEqual({ id: copy.id, mode: 'copy', existing: true });
    expect((await t.db.select({ id: roleProfiles.id }).from(roleProfiles)).length).toBe(before);

    await t.db.delete(roleRequirements).where(eq(roleRequirements.roleId, LEAD));
    expect((await getRole(t.db, manager, LEAD)).requirements).toHaveLength(0);
    await importDdatRole(t.db, manager, { profileId: LEAD, mode: 'resync' });
    expect((await getRole(t.db, manager, LEAD)).requirements).toHaveLength(8);

    await expectAppError(importDdatRole(t.db, otherManager, { profileId: LEAD, mode: 'resync' }), 'forbidden');
    await expectAppError(importDdatRole(t.db, manager, { profileId: 'ddat-nope', mode: 'copy' }), 'not_found');
    await expectAppError(importDdatRole(t.db, manager, { profileId: LEAD, mode: 'merge' }), 'invalid_input');
    await deleteRole(t.db, manager, copy.id);
  });

  test('ranking: a manager sees only their department, best match first, with the breakdown', async () => {
    const ranking = await rankEmployeesForRole(t.db, manager, DATA_SCIENTIST, {});
    expect(ranking.status).toBe('ranked');
    expect(ranking.hits.map((h) => h.personId)).toEqual(['e-strong', 'e-weak']);
    const strong = ranking.hits[0]!;
    // 2 of 8 met at Practitioner (credit 1), delivering-business-impact needs Working (met),
    // the other 5 at Working of Practitioner (credit 0.5 * 2/3): (3 + 5 * 1/3) / 8 = 0.583333.
    expect(strong.score).toBeCloseTo(0.583333, 5);
    expect(strong.matchPercent).toBe(58);
    expect(strong.metCount).toBe(3);
    expect(strong.breakdown).toHaveLength(8);
    // Essentials are flagged, not filtered, by default: Sam misses some and is still ranked.
    expect(strong.missedEssentials.length).toBeGreaterThan(0);

    const hrRanking = await rankEmployeesForRole(t.db, hr, DATA_SCIENTIST, {});
    expect(hrRanking.hits.map((h) => h.personId)).toEqual(['e-other', 'e-strong', 'e-weak']);
    // Candidates are never ranked for internal roles.
    expect(hrRanking.hits.some((h) => h.personId === 'c-cand')).toBe(false);
  });

  test('ranking filters: minimum match, open to mobility, current role, and essentials as a filter', async () => {
    expect((await rankEmployeesForRole(t.db, manager, DATA_SCIENTIST, { minMatch: 50 })).hits.map((h) => h.personId)).toEqual(['e-strong']);
    expect((await rankEmployeesForRole(t.db, manager, DATA_SCIENTIST, { openToMobility: true })).hits.map((h) => h.personId)).toEqual(['e-strong']);
    expect((await rankEmployeesForRole(t.db, manager, DATA_SCIENTIST, { currentRole: ['Data analyst'] })).hits.map((h) => h.personId)).toEqual(['e-weak']);
    expect((await rankEmployeesForRole(t.db, hr, DATA_SCIENTIST, { essentials: 'require' })).hits.map((h) => h.personId)).toEqual(['e-other']);
    await expectAppError(rankEmployeesForRole(t.db, manager, DATA_SCIENTIST, { minMatch: 400 }), 'invalid_input');
  });

  test('a role with no requirements, and a requirement nobody has, are explained', async () => {
    const { id } = await createRole(t.db, manager, { name: 'Empty role', requirements: [] });
    const empty = await rankEmployeesForRole(t.db, manager, id, {});
    expect(empty.status).toBe('no-requirements');
    expect(empty.hits).toEqual([]);

    await updateRole(t.db, manager, id, { name: 'Empty role', departmentId: 'data', requirements: [{ skillId: 'ddat:user-research-methods', minLevel: 3 }, { skillId: DS_SKILLS[0], minLevel: 3 }] });
    const rare = await rankEmployeesForRole(t.db, manager, id, {});
    expect(rare.nobodyHas.map((c) => c.skillId)).toEqual(['ddat:user-research-methods']);
    expect(rare.coverage.find((c) => c.skillId === DS_SKILLS[0])).toMatchObject({ holders: 2, holdersAtLevel: 1 });
    await deleteRole(t.db, manager, id);
  });

  test('pathway: gaps with current and required level, a plan from the catalog reaching 100 %, and the next role up', async () => {
    const plan = await getPersonRolePlan(t.db, manager, DATA_SCIENTIST, 'e-strong');
    expect(plan.person.currentRoleProfile?.id).toBe(ASSOCIATE);
    expect(plan.pathway.gaps).toHaveLength(5);
    expect(plan.met.map((m) => m.skill).sort()).toEqual([DS_SKILLS[0], DS_SKILLS[1], DS_SKILLS[4]].sort());
    expect(plan.pathway.gaps[0]).toMatchObject({ currentName: 'Working', requiredName: 'Practitioner', closable: true });
    expect(plan.pathway.status).toBe('closes-all');
    // Sam holds part 1 already: part 2 completes the certificate and closes every remaining gap with one credential.
    expect(plan.pathway.credentialCount).toBe(1);
    expect(plan.pathway.steps.at(-1)!.projectedScore).toBe(1);
    expect(plan.pathway.steps.flatMap((s) => [s.achievementId, ...s.parts.map((p) => p.achievementId)])).not.toContain('urn:badge:secret');
    expect(plan.nextRole?.role.id).toBe(LEAD);
    expect(plan.nextRole!.pathway.gaps.length).toBeGreaterThan(0);
    // The catalog has nothing at Expert: those gaps are listed as not closable.
    expect(plan.nextRole!.pathway.unclosable.every((g) => !g.closable)).toBe(true);
    const audit = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, 'e-strong'));
    expect(audit.map((a) => a.action)).toContain('pathway.view');
  });

  test('pathway permissions: another department is a 404, a recruiter is refused, HR plans for anyone', async () => {
    await expectAppError(getPersonRolePlan(t.db, manager, DATA_SCIENTIST, 'e-other'), 'not_found');
    await expectAppError(getPersonRolePlan(t.db, manager, DATA_SCIENTIST, 'no-such-person'), 'not_found');
    await expectAppError(getPersonRolePlan(t.db, recruiter, DATA_SCIENTIST, 'e-strong'), 'forbidden');
    const plan = await getPersonRolePlan(t.db, hr, DATA_SCIENTIST, 'e-other');
    expect(plan.pathway.status).toBe('already-meets');
  });

  test('promotion candidates: holders of the rung below (and adjacent tracks), never those at or above; CSV of the ranking', async () => {
    const promo = await rankEmployeesForRole(t.db, hr, DATA_SCIENTIST, { view: 'promotion' });
    expect(promo.status).toBe('ranked');
    expect(promo.feeders[0]).toMatchObject({ id: ASSOCIATE, name: 'Associate data scientist', adjacent: false });
    expect(promo.feeders.slice(1).every((f) => f.adjacent && f.track !== 'Data scientist')).toBe(true);
    expect(promo.hits.map((h) => h.personId)).toContain('e-strong');
    // Otto (a developer) and candidates are never promotion candidates for a data scientist.
    expect(promo.hits.map((h) => h.personId)).not.toContain('e-other');
    expect(promo.hits.map((h) => h.personId)).not.toContain('c-cand');
    // Sam sits two rungs below the lead: not a candidate for it.
    const lead = await rankEmployeesForRole(t.db, hr, LEAD, { view: 'promotion' });
    expect(lead.hits.map((h) => h.personId)).not.toContain('e-strong');
    // The bottom rung has nobody below it.
    expect((await rankEmployeesForRole(t.db, hr, 'ddat-trainee-data-scientist', { view: 'promotion' })).status).toBe('no-feeders');
    await expectAppError(rankEmployeesForRole(t.db, hr, DATA_SCIENTIST, { view: 'sideways' }), 'invalid_input');

    const { filename, csv } = await exportRoleRankingCsv(t.db, hr, DATA_SCIENTIST, { view: 'promotion' });
    expect(filename).toBe('promotion-candidates-data-scientist.csv');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^Rank,Name,Email,Department,Current role,Match %,.*\(needs 3 Practitioner, essential\).*,Missed essentials$/);
    expect(lines.find((l) => l.includes('Sam Strong'))).toMatch(/^\d+,Sam Strong,s@x\.test,Data,Associate data scientist,\d+,/);
    expect(lines).toHaveLength(promo.total + 1);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'role.export'));
    expect(audit?.detail).toMatchObject({ view: 'promotion', people: promo.total });
  });

  test('promotion candidates come from the role profile people hold, not their title', async () => {
    const engine = createEmbeddedEngine(t.db);
    const extra = ['e-title-only', 'e-renamed', 'e-at-role', 'e-adjacent'];
    await t.db.insert(people).values([
      // The feeder's title, but no profile link (and in fact two rungs down): not a candidate.
      { id: 'e-title-only', kind: 'employee', name: 'Tilly Title', email: 'tt@x.test', departmentId: 'data', currentRole: 'Associate data scientist' },
      // A free-form title on the feeder profile: a candidate.
      { id: 'e-renamed', kind: 'employee', name: 'Ray Renamed', email: 'rr@x.test', departmentId: 'data', currentRole: 'DS II (contract)', currentRoleProfileId: ASSOCIATE },
      // Already at the role, whatever the title says: never a candidate.
      { id: 'e-at-role', kind: 'employee', name: 'Ada Already', email: 'aa@x.test', departmentId: 'data', currentRole: 'Associate data scientist', currentRoleProfileId: DATA_SCIENTIST },
    ]);
    const promo0 = await rankEmployeesForRole(t.db, hr, DATA_SCIENTIST, { view: 'promotion' });
    const adjacent = promo0.feeders.find((f) => f.adjacent)!;
    await t.db.insert(people).values({ id: 'e-adjacent', kind: 'employee', name: 'Adam Adjacent', email: 'ad@x.test', departmentId: 'data', currentRole: 'Something else', currentRoleProfileId: adjacent.id });
    await engine.indexPeople(await loadPersonDocs(t.db, extra));
    try {
      const promo = await rankEmployeesForRole(t.db, hr, DATA_SCIENTIST, { view: 'promotion' });
      const got = promo.hits.map((h) => h.personId);
      expect(got).toEqual(expect.arrayContaining(['e-strong', 'e-renamed', 'e-adjacent']));
      expect(got).not.toContain('e-title-only');
      expect(got).not.toContain('e-at-role');
      // Narrowing by a feeder's name keeps only that feeder's holders.
      const own = await rankEmployeesForRole(t.db, hr, DATA_SCIENTIST, { view: 'promotion', currentRole: ['Associate data scientist'] });
      expect(own.hits.map((h) => h.personId).sort()).toEqual(['e-renamed', 'e-strong']);
      // A title that names no feeder narrows to nobody rather than widening past the ladder.
      expect((await rankEmployeesForRole(t.db, hr, DATA_SCIENTIST, { view: 'promotion', currentRole: ['Developer'] })).total).toBe(0);
    } finally {
      await engine.deletePeople(extra);
      await t.db.delete(people).where(inArray(people.id, extra));
    }
  });

  test('no two roles share a rung on one ladder: create and edit are refused with the clash named; the seeded framework has none', async () => {
    const clash = await expectAppError(createRole(t.db, hr, { name: 'Second lead', family: 'Data', track: 'Data scientist', ladderRank: (await getRole(t.db, hr, LEAD)).ladderRank }), 'invalid_input');
    expect(clash.fieldErrors.ladderRank?.[0]).toMatch(/already “Lead data scientist”/);
    // Rank 0 (no rung) and another track are fine; moving onto a taken rung by an edit is not.
    const { id } = await createRole(t.db, hr, { name: 'Floating', family: 'Data', track: 'Data scientist', ladderRank: 0 });
    await createRole(t.db, hr, { name: 'Side ladder lead', family: 'Data', track: 'Research scientist', ladderRank: 5 });
    await expectAppError(updateRole(t.db, hr, id, { name: 'Floating', family: 'Data', track: 'Data scientist', ladderRank: (await getRole(t.db, hr, LEAD)).ladderRank }), 'invalid_input');
    // Editing a role without moving it is not a clash with itself.
    const lead = await getRole(t.db, hr, LEAD);
    await updateRole(t.db, hr, LEAD, { name: lead.name, family: lead.family, track: lead.track, levelName: lead.levelName, ladderRank: lead.ladderRank, departmentId: lead.departmentId, requirements: lead.requirements.map((r) => ({ skillId: r.skillId, minLevel: r.minLevel, weight: r.weight, essential: r.essential })) });
    // The imported framework: the "- management" levels sit on their own ladders.
    const rungs = await t.db
      .select({ family: roleProfiles.family, track: roleProfiles.track, rank: roleProfiles.ladderRank, n: count() })
      .from(roleProfiles)
      .where(eq(roleProfiles.source, 'ddat'))
      .groupBy(roleProfiles.family, roleProfiles.track, roleProfiles.ladderRank);
    expect(rungs.filter((r) => Number(r.n) > 1)).toEqual([]);
    expect((await getRole(t.db, hr, 'ddat-lead-developer-management')).track).toBe('Software developer (management)');
  });
});
