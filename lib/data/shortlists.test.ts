import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countStatements, createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { auditLog, people, personSkills, savedSearches, shortlistMembers, shortlists } from '../db/schema';
import type { AppError } from '../domain/app-error';
import { ACTORS, P, seedRecruiterFixtures } from './recruiter-test-fixtures';
import { createEmbeddedEngine } from '../search/embedded-engine';
import { loadPersonDocs } from '../search/person-docs';
import {
  deleteSavedSearch,
  getSavedSearch,
  listSavedSearches,
  listSavedSearchesWithNews,
  markSavedSearchSeen,
  MAX_NOTIFY_MATCHES,
  saveSearch,
  setSavedSearchNotify,
} from './saved-searches';
import {
  addToShortlist,
  createShortlist,
  deleteShortlist,
  exportShortlistCsv,
  getShortlist,
  getProfileShortlists,
  listShareableColleagues,
  listShortlists,
  removeFromShortlist,
  removeHiddenMembers,
  renameShortlist,
  setShortlistNote,
  setShortlistRole,
  shareShortlist,
  unshareShortlist,
  updateShortlistMember,
} from './shortlists';

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: AppError) => e.code ?? String(e));

describe.each(testDatabaseKinds)('shortlists and saved searches on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedRecruiterFixtures(t.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  test('create, add, note, rename, remove, delete', async () => {
    const { id } = await createShortlist(t.db, ACTORS.recruiter, { name: '  Data roles  ', personIds: [P.cand] });
    expect((await addToShortlist(t.db, ACTORS.recruiter, id, [P.cand, P.cand2, P.mobile])).added).toBe(2);
    // idempotent
    expect((await addToShortlist(t.db, ACTORS.recruiter, id, [P.cand2])).added).toBe(0);
    await setShortlistNote(t.db, ACTORS.recruiter, id, P.cand2, 'Strong researcher; call Tuesday');
    await renameShortlist(t.db, ACTORS.recruiter, id, 'Data roles Q3');
    let detail = await getShortlist(t.db, ACTORS.recruiter, id);
    expect(detail.name).toBe('Data roles Q3');
    expect(detail.members.map((m) => m.personId)).toEqual([P.cand, P.cand2, P.mobile]);
    expect(detail.members.find((m) => m.personId === P.cand2)?.note).toBe('Strong researcher; call Tuesday');
    expect((await getProfileShortlists(t.db, ACTORS.recruiter, P.cand2)).containing).toEqual([id]);
    await removeFromShortlist(t.db, ACTORS.recruiter, id, P.cand);
    detail = await getShortlist(t.db, ACTORS.recruiter, id);
    expect(detail.members.map((m) => m.personId)).toEqual([P.cand2, P.mobile]);
    const lists = await listShortlists(t.db, ACTORS.recruiter);
    expect(lists.find((l) => l.id === id)?.memberCount).toBe(2);
    await deleteShortlist(t.db, ACTORS.recruiter, id);
    expect(await t.db.select().from(shortlistMembers).where(eq(shortlistMembers.shortlistId, id))).toHaveLength(0);
    expect(await codeOf(getShortlist(t.db, ACTORS.recruiter, id))).toBe('not_found');
  });

  test('a profile reads its shortlists in one statement: lists the actor may add to, and every readable list holding the person', async () => {
    const own = await createShortlist(t.db, ACTORS.recruiter2, { name: 'Own list', personIds: [P.mobile] });
    const viewOnly = await createShortlist(t.db, ACTORS.recruiter, { name: 'Shared to view', personIds: [P.mobile, P.cand] });
    const editable = await createShortlist(t.db, ACTORS.hr, { name: 'Shared to edit', personIds: [] });
    const notShared = await createShortlist(t.db, ACTORS.hr, { name: 'Not shared', personIds: [P.mobile] });
    await shareShortlist(t.db, ACTORS.recruiter, viewOnly.id, { email: 'r2@x.test', access: 'view' });
    await shareShortlist(t.db, ACTORS.hr, editable.id, { email: 'r2@x.test', access: 'edit' });
    const statements = countStatements(t);
    const result = await getProfileShortlists(t.db, ACTORS.recruiter2, P.mobile);
    expect(statements.stop()).toBe(1);
    // Adding needs ownership or edit access; "on N of your shortlists" counts every list the actor can read.
    expect(result.editable.map((l) => [l.id, l.access, l.memberCount])).toEqual(
      expect.arrayContaining([
        [own.id, 'owner', 1],
        [editable.id, 'edit', 0],
      ]),
    );
    expect(result.editable.map((l) => l.id)).not.toContain(viewOnly.id);
    expect(result.containing.sort()).toEqual([own.id, viewOnly.id].sort());
    expect(result.containing).not.toContain(notShared.id);
    // The same lists and counts as listShortlists says.
    const listed = await listShortlists(t.db, ACTORS.recruiter2, { editableOnly: true });
    expect(result.editable).toEqual(listed);
    for (const id of [own.id, viewOnly.id, editable.id, notShared.id]) await t.db.delete(shortlists).where(eq(shortlists.id, id));
  });

  test("someone else's shortlist is not_found for every operation, and the CSV export too", async () => {
    const { id } = await createShortlist(t.db, ACTORS.recruiter, { name: 'Mine', personIds: [P.cand] });
    const other = ACTORS.recruiter2;
    expect(await codeOf(getShortlist(t.db, other, id))).toBe('not_found');
    expect(await codeOf(renameShortlist(t.db, other, id, 'Stolen'))).toBe('not_found');
    expect(await codeOf(addToShortlist(t.db, other, id, [P.cand2]))).toBe('not_found');
    expect(await codeOf(setShortlistNote(t.db, other, id, P.cand, 'x'))).toBe('not_found');
    expect(await codeOf(removeFromShortlist(t.db, other, id, P.cand))).toBe('not_found');
    expect(await codeOf(exportShortlistCsv(t.db, other, id))).toBe('not_found');
    expect(await codeOf(deleteShortlist(t.db, other, id))).toBe('not_found');
    expect(await listShortlists(t.db, other)).toEqual([]);
    expect((await getShortlist(t.db, ACTORS.recruiter, id)).name).toBe('Mine');
    expect(await t.db.select().from(auditLog).where(eq(auditLog.subjectId, id))).toHaveLength(0);
  });

  test('bad input is a clear invalid_input and writes nothing', async () => {
    expect(await codeOf(createShortlist(t.db, ACTORS.recruiter, { name: '   ' }))).toBe('invalid_input');
    expect(await codeOf(createShortlist(t.db, ACTORS.recruiter, { name: 'x'.repeat(121) }))).toBe('invalid_input');
    expect(await codeOf(createShortlist(t.db, ACTORS.recruiter, { name: 42 }))).toBe('invalid_input');
    const before = (await listShortlists(t.db, ACTORS.recruiter)).length;
    // one hidden person among visible ones: the whole create is refused, no empty list left behind
    expect(await codeOf(createShortlist(t.db, ACTORS.recruiter, { name: 'Half', personIds: [P.cand, P.dataEmp] }))).toBe('not_found');
    expect((await listShortlists(t.db, ACTORS.recruiter)).length).toBe(before);
    const { id } = await createShortlist(t.db, ACTORS.recruiter, { name: 'Strict' });
    expect(await codeOf(addToShortlist(t.db, ACTORS.recruiter, id, [P.cand, P.hidden]))).toBe('not_found');
    expect(await codeOf(addToShortlist(t.db, ACTORS.recruiter, id, []))).toBe('invalid_input');
    expect((await getShortlist(t.db, ACTORS.recruiter, id)).members).toEqual([]);
    expect(await codeOf(setShortlistNote(t.db, ACTORS.recruiter, id, P.cand, 'not on the list'))).toBe('not_found');
    expect(await codeOf(setShortlistNote(t.db, ACTORS.recruiter, id, P.cand, 'x'.repeat(2001)))).toBe('invalid_input');
  });

  test('a person who becomes hidden is counted but not named, and can be cleared', async () => {
    const { id } = await createShortlist(t.db, ACTORS.recruiter, { name: 'Consent', personIds: [P.cand, P.cand2] });
    await t.db.update(people).set({ searchable: false }).where(eq(people.id, P.cand2));
    try {
      const detail = await getShortlist(t.db, ACTORS.recruiter, id);
      expect(detail.members.map((m) => m.personId)).toEqual([P.cand]);
      expect(detail.hiddenCount).toBe(1);
      const { csv } = await exportShortlistCsv(t.db, ACTORS.recruiter, id);
      expect(csv).not.toContain('Bea');
      expect(await removeHiddenMembers(t.db, ACTORS.recruiter, id)).toBe(1);
      expect((await getShortlist(t.db, ACTORS.recruiter, id)).hiddenCount).toBe(0);
    } finally {
      await t.db.update(people).set({ searchable: true }).where(eq(people.id, P.cand2));
    }
  });

  test('CSV export: email, role labelled current or target, stage, tags, match %, each requirement, evidence; formulas neutralised; audited', async () => {
    const { id } = await createShortlist(t.db, ACTORS.recruiter, {
      name: 'Export me!',
      personIds: [P.cand, P.mobile],
      requirements: [{ skill: 'onet:python', minLevel: 4, weight: 2, essential: true }, { skill: 'ddat:user-research', minLevel: 2, weight: 1, essential: false }],
      requirementsLabel: 'the search',
    });
    await t.db.update(people).set({ currentRole: 'Senior data scientist' }).where(eq(people.id, P.cand));
    await t.db.update(people).set({ currentRole: 'Developer' }).where(eq(people.id, P.mobile));
    await setShortlistNote(t.db, ACTORS.recruiter, id, P.cand, '=HYPERLINK("http://evil")');
    await updateShortlistMember(t.db, ACTORS.recruiter, id, P.mobile, { stage: 'interviewing', tags: 'Python, remote, python' });
    const { filename, csv } = await exportShortlistCsv(t.db, ACTORS.recruiter, id, { baseUrl: 'https://app.test' });
    expect(filename).toBe('shortlist-export-me.csv');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'Name,Email,Kind,Current role,Target role,Headline,Location,Department,Stage,Tags,Match %,"Python (needs 4 Advanced, essential)",User research (needs 2 Working),Evidence (verified credentials),Note,Added,Profile',
    );
    expect(lines).toHaveLength(3);
    // Ada is a candidate: her role is the one she seeks, under "Target role"; Python 3 of 4 -> credit 0.375 x2, research 0 -> 0.75/3 = 25 %.
    expect(lines[1]).toMatch(/^Ada Candidate,ada@x\.test,candidate,,Senior data scientist,Data scientist,London,,Sourced,,25,3 Practitioner,0 none,1,/);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines[1]).toContain(`https://app.test/people/${P.cand}`);
    // Cal is an employee: "Current role"; Python 5 meets 4 -> (2 + 0) / 3 = 67 %.
    expect(lines[2]).toMatch(/^Cal Mobile,cal@x\.test,employee,Developer,,,Leeds,Digital,Interviewing,"python, remote",67,5 Expert,0 none,1,/);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, id));
    expect(audit.map((a) => a.action)).toEqual(['shortlist.export']);
  });

  test('stages and tags: validated, normalised, nothing written on bad input', async () => {
    const { id } = await createShortlist(t.db, ACTORS.recruiter, { name: 'Pipeline', personIds: [P.cand] });
    expect((await getShortlist(t.db, ACTORS.recruiter, id)).members[0]).toMatchObject({ stage: 'sourced', tags: [] });
    await updateShortlistMember(t.db, ACTORS.recruiter, id, P.cand, { stage: 'offered', tags: ['  Senior ', 'SENIOR', 'london'] });
    expect((await getShortlist(t.db, ACTORS.recruiter, id)).members[0]).toMatchObject({ stage: 'offered', tags: ['senior', 'london'] });
    // A bad stage with a good note: neither is written.
    expect(await codeOf(updateShortlistMember(t.db, ACTORS.recruiter, id, P.cand, { stage: 'ghosted', note: 'keep?' }))).toBe('invalid_input');
    expect(await codeOf(updateShortlistMember(t.db, ACTORS.recruiter, id, P.cand, { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }))).toBe('invalid_input');
    expect(await codeOf(updateShortlistMember(t.db, ACTORS.recruiter, id, P.cand, { tags: 'x'.repeat(41) }))).toBe('invalid_input');
    expect(await codeOf(updateShortlistMember(t.db, ACTORS.recruiter, id, P.cand, {}))).toBe('invalid_input');
    expect((await getShortlist(t.db, ACTORS.recruiter, id)).members[0]).toMatchObject({ stage: 'offered', tags: ['senior', 'london'], note: '' });
  });

  test('sharing with named colleagues: view reads and exports, edit changes members, only the owner manages', async () => {
    const { id } = await createShortlist(t.db, ACTORS.recruiter, { name: 'Team list', personIds: [P.cand, P.mobile] });
    const colleague = ACTORS.recruiter2;
    expect(await codeOf(getShortlist(t.db, colleague, id))).toBe('not_found');
    expect((await listShareableColleagues(t.db, ACTORS.recruiter)).map((c) => c.email)).toEqual(['h@x.test', 'm@x.test', 'r2@x.test']);

    await shareShortlist(t.db, ACTORS.recruiter, id, { email: ' R2@X.test ', access: 'view' });
    const shared = (await listShortlists(t.db, colleague)).find((l) => l.id === id);
    expect(shared).toMatchObject({ access: 'view', ownerName: 'Rec', memberCount: 2 });
    expect(await listShortlists(t.db, colleague, { editableOnly: true })).toEqual([]);
    expect((await getShortlist(t.db, colleague, id)).members).toHaveLength(2);
    expect((await exportShortlistCsv(t.db, colleague, id)).csv).toContain('Ada Candidate');
    expect(await codeOf(setShortlistNote(t.db, colleague, id, P.cand, 'mine now'))).toBe('forbidden');
    expect(await codeOf(addToShortlist(t.db, colleague, id, [P.cand2]))).toBe('forbidden');

    await shareShortlist(t.db, ACTORS.recruiter, id, { email: 'r2@x.test', access: 'edit' });
    expect((await getShortlist(t.db, ACTORS.recruiter, id)).shares).toEqual([{ userId: colleague.id, name: 'Rec Two', email: 'r2@x.test', access: 'edit' }]);
    await updateShortlistMember(t.db, colleague, id, P.cand, { note: 'Called; keen', stage: 'contacted' });
    expect((await addToShortlist(t.db, colleague, id, [P.cand2])).added).toBe(1);
    expect((await getShortlist(t.db, ACTORS.recruiter, id)).members.find((m) => m.personId === P.cand)).toMatchObject({ note: 'Called; keen', stage: 'contacted' });
    // Managing stays with the owner.
    expect(await codeOf(renameShortlist(t.db, colleague, id, 'Taken'))).toBe('forbidden');
    expect(await codeOf(deleteShortlist(t.db, colleague, id))).toBe('forbidden');
    expect(await codeOf(shareShortlist(t.db, colleague, id, { email: 'h@x.test', access: 'edit' }))).toBe('forbidden');
    expect(await codeOf(setShortlistRole(t.db, colleague, id, 'role-ds'))).toBe('forbidden');
    expect(await codeOf(removeHiddenMembers(t.db, colleague, id))).toBe('forbidden');
    // Bad shares: unknown e-mail, oneself, a bad access value; none written.
    expect(await codeOf(shareShortlist(t.db, ACTORS.recruiter, id, { email: 'nobody@x.test', access: 'view' }))).toBe('invalid_input');
    expect(await codeOf(shareShortlist(t.db, ACTORS.recruiter, id, { email: 'r@x.test', access: 'view' }))).toBe('invalid_input');
    expect(await codeOf(shareShortlist(t.db, ACTORS.recruiter, id, { email: 'h@x.test', access: 'owner' }))).toBe('invalid_input');
    expect((await getShortlist(t.db, ACTORS.recruiter, id)).shares).toHaveLength(1);

    await unshareShortlist(t.db, ACTORS.recruiter, id, colleague.id);
    expect(await codeOf(getShortlist(t.db, colleague, id))).toBe('not_found');
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, id)).orderBy(auditLog.id);
    expect(audit.map((a) => a.action)).toEqual(['shortlist.share', 'shortlist.export', 'shortlist.share', 'shortlist.unshare']);
  });

  test("a colleague sees only the members their own role may see, and cannot act on the others", async () => {
    // The manager sees their department only: the recruiter's candidates are hidden from them.
    const { id } = await createShortlist(t.db, ACTORS.hr, { name: 'HR list', personIds: [P.cand, P.dataEmp] });
    await shareShortlist(t.db, ACTORS.hr, id, { email: 'm@x.test', access: 'edit' });
    const detail = await getShortlist(t.db, ACTORS.manager, id);
    expect(detail.members.map((m) => m.personId)).toEqual([P.dataEmp]);
    expect(detail.hiddenCount).toBe(1);
    expect(await codeOf(updateShortlistMember(t.db, ACTORS.manager, id, P.cand, { stage: 'rejected' }))).toBe('not_found');
    expect(await codeOf(removeFromShortlist(t.db, ACTORS.manager, id, P.cand))).toBe('not_found');
    expect((await getShortlist(t.db, ACTORS.hr, id)).members.map((m) => m.personId)).toEqual([P.cand, P.dataEmp]);
  });

  test('score against a role profile: match % and breakdown per member; cleared with an empty role', async () => {
    const { id } = await createShortlist(t.db, ACTORS.recruiter, { name: 'Scored', personIds: [P.cand, P.mobile] });
    expect((await getShortlist(t.db, ACTORS.recruiter, id)).members[0]?.match).toMatchObject({ score: null, evidenceCount: 1 });
    await setShortlistRole(t.db, ACTORS.recruiter, id, 'role-ds');
    const detail = await getShortlist(t.db, ACTORS.recruiter, id);
    expect(detail.requirementsLabel).toBe('the role profile “Senior data scientist”');
    expect(detail.requirements.map((r) => r.name)).toEqual(['Python', 'User research']);
    expect(detail.members.map((m) => Math.round((m.match?.score ?? -1) * 100))).toEqual([25, 67]);
    expect(detail.members[1]?.match?.eligible).toBe(true);
    expect(await codeOf(setShortlistRole(t.db, ACTORS.recruiter, id, 'no-such-role'))).toBe('not_found');
    await setShortlistRole(t.db, ACTORS.recruiter, id, '');
    expect((await getShortlist(t.db, ACTORS.recruiter, id)).requirements).toEqual([]);
  });

  test('a manager cannot shortlist someone outside their department', async () => {
    const { id } = await createShortlist(t.db, ACTORS.manager, { name: 'Team', personIds: [P.dataEmp] });
    expect(await codeOf(addToShortlist(t.db, ACTORS.manager, id, [P.cand]))).toBe('not_found');
    expect((await t.db.select().from(shortlists).where(eq(shortlists.ownerId, ACTORS.manager.id))).length).toBe(1);
  });

  test('saved searches: save, list, open, delete; owner only; invalid queries refused', async () => {
    const query = { requirements: [{ skill: 'onet:python', minLevel: 3 }], text: 'london', page: 4 };
    const saved = await saveSearch(t.db, ACTORS.recruiter, { name: 'Pythonistas', query });
    expect(saved.query.page).toBe(1);
    expect(saved.href).toBe('/search?r=onet%3Apython%7E3&q=london');
    expect((await listSavedSearches(t.db, ACTORS.recruiter)).map((s) => s.name)).toContain('Pythonistas');
    expect((await getSavedSearch(t.db, ACTORS.recruiter, saved.id)).query.requirements[0]?.minLevel).toBe(3);
    expect(await codeOf(getSavedSearch(t.db, ACTORS.recruiter2, saved.id))).toBe('not_found');
    expect(await codeOf(deleteSavedSearch(t.db, ACTORS.recruiter2, saved.id))).toBe('not_found');
    expect(await codeOf(saveSearch(t.db, ACTORS.recruiter, { name: '', query }))).toBe('invalid_input');
    expect(await codeOf(saveSearch(t.db, ACTORS.recruiter, { name: 'Bad', query: { requirements: [{ skill: 'onet:python', minLevel: 9 }] } }))).toBe('invalid_input');
    expect(await codeOf(saveSearch(t.db, ACTORS.recruiter, { name: 'Bad', query: 'not an object' }))).toBe('invalid_input');
    await deleteSavedSearch(t.db, ACTORS.recruiter, saved.id);
    expect(await listSavedSearches(t.db, ACTORS.recruiter)).toEqual([]);
  });

  test('saved search names are unique per owner, whatever the case', async () => {
    await saveSearch(t.db, ACTORS.recruiter, { name: 'Python seniors', query: {} });
    const clash = saveSearch(t.db, ACTORS.recruiter, { name: '  python SENIORS ', query: { text: 'x' } });
    await expect(clash).rejects.toMatchObject({ code: 'conflict', fieldErrors: { name: [expect.stringContaining('already have')] } });
    // Another user may use the same name.
    await saveSearch(t.db, ACTORS.recruiter2, { name: 'Python seniors', query: {} });
    // The database refuses a duplicate written around the check (two saves at once).
    await expect(t.db.insert(savedSearches).values({ ownerId: ACTORS.recruiter.id, name: 'PYTHON seniors', query: {} })).rejects.toThrow();
    expect((await listSavedSearches(t.db, ACTORS.recruiter)).filter((s) => s.name.toLowerCase() === 'python seniors')).toHaveLength(1);
  });

  test('notify me: lists exactly the people newly matching since the last visit, in-app', async () => {
    const engine = createEmbeddedEngine(t.db);
    const index = async () => engine.indexPeople(await loadPersonDocs(t.db, Object.values(P)));
    await index();
    const saved = await saveSearch(t.db, ACTORS.recruiter, { name: 'Researchers', query: { requirements: [{ skill: 'ddat:user-research', minLevel: 3 }] } });
    expect(await codeOf(markSavedSearchSeen(t.db, ACTORS.recruiter, saved.id, { engine }))).toBe('invalid_input');
    await setSavedSearchNotify(t.db, ACTORS.recruiter, saved.id, true, { engine });
    let news = (await listSavedSearchesWithNews(t.db, ACTORS.recruiter, { engine })).find((s) => s.id === saved.id)!;
    expect(news).toMatchObject({ notify: true, newMatches: [], newMatchesProblem: null });

    // Cal earns a verified User research level: he matches now and did not before.
    await t.db.insert(personSkills).values({ personId: P.mobile, skillId: 'ddat:user-research', verified: true, level: 3, credentialIds: ['c-mob'], issuerIds: ['did:key:issuer'] });
    await index();
    news = (await listSavedSearchesWithNews(t.db, ACTORS.recruiter, { engine })).find((s) => s.id === saved.id)!;
    expect(news.newMatches?.map((m) => m.name)).toEqual(['Cal Mobile']);
    // Another user's view of their own searches is unaffected; the owner marks it seen and the list empties.
    expect(await codeOf(markSavedSearchSeen(t.db, ACTORS.recruiter2, saved.id, { engine }))).toBe('not_found');
    await markSavedSearchSeen(t.db, ACTORS.recruiter, saved.id, { engine });
    news = (await listSavedSearchesWithNews(t.db, ACTORS.recruiter, { engine })).find((s) => s.id === saved.id)!;
    expect(news.newMatches).toEqual([]);
    expect(news.lastSeenAt).not.toBeNull();

    // Off: no baseline kept, nothing listed.
    await setSavedSearchNotify(t.db, ACTORS.recruiter, saved.id, false, { engine });
    news = (await listSavedSearchesWithNews(t.db, ACTORS.recruiter, { engine })).find((s) => s.id === saved.id)!;
    expect(news).toMatchObject({ notify: false, newMatches: null, lastSeenAt: null });
    expect(await codeOf(setSavedSearchNotify(t.db, ACTORS.recruiter, saved.id, 'yes', { engine }))).toBe('invalid_input');
    await t.db.delete(personSkills).where(and(eq(personSkills.personId, P.mobile), eq(personSkills.skillId, 'ddat:user-research')));
    await index();
  });

  test('notify me refuses a search broader than it can follow, with the count', async () => {
    const engine = createEmbeddedEngine(t.db);
    await engine.indexPeople(await loadPersonDocs(t.db, Object.values(P)));
    const saved = await saveSearch(t.db, ACTORS.recruiter, { name: 'Everyone', query: {} });
    // Pretend the cap is below the fixtures' size by asking about a search over everyone with a tiny fake engine total.
    const bigEngine = { ...engine, search: async (...args: Parameters<typeof engine.search>) => ({ ...(await engine.search(...args)), total: MAX_NOTIFY_MATCHES + 5 }) };
    const err = await setSavedSearchNotify(t.db, ACTORS.recruiter, saved.id, true, { engine: bigEngine }).catch((e: AppError) => e);
    expect(err).toMatchObject({ code: 'conflict', message: expect.stringContaining('1,005 people') });
    expect((await getSavedSearch(t.db, ACTORS.recruiter, saved.id)).notify).toBe(false);
  });
});
