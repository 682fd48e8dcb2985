import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { auditLog, people, shortlistMembers, shortlists } from '../db/schema';
import type { AppError } from '../domain/app-error';
import { ACTORS, P, seedRecruiterFixtures } from './recruiter-test-fixtures';
import { deleteSavedSearch, getSavedSearch, listSavedSearches, saveSearch } from './saved-searches';
import {
  addToShortlist,
  createShortlist,
  deleteShortlist,
  exportShortlistCsv,
  getShortlist,
  listShortlistIdsForPerson,
  listShortlists,
  removeFromShortlist,
  removeHiddenMembers,
  renameShortlist,
  setShortlistNote,
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
    expect(await listShortlistIdsForPerson(t.db, ACTORS.recruiter, P.cand2)).toEqual([id]);
    await removeFromShortlist(t.db, ACTORS.recruiter, id, P.cand);
    detail = await getShortlist(t.db, ACTORS.recruiter, id);
    expect(detail.members.map((m) => m.personId)).toEqual([P.cand2, P.mobile]);
    const lists = await listShortlists(t.db, ACTORS.recruiter);
    expect(lists.find((l) => l.id === id)?.memberCount).toBe(2);
    await deleteShortlist(t.db, ACTORS.recruiter, id);
    expect(await t.db.select().from(shortlistMembers).where(eq(shortlistMembers.shortlistId, id))).toHaveLength(0);
    expect(await codeOf(getShortlist(t.db, ACTORS.recruiter, id))).toBe('not_found');
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

  test('CSV export: owner only, one row per person, formulas neutralised, audited', async () => {
    const { id } = await createShortlist(t.db, ACTORS.recruiter, { name: 'Export me!', personIds: [P.cand, P.mobile] });
    await setShortlistNote(t.db, ACTORS.recruiter, id, P.cand, '=HYPERLINK("http://evil")');
    const { filename, csv } = await exportShortlistCsv(t.db, ACTORS.recruiter, id, { baseUrl: 'https://app.test' });
    expect(filename).toBe('shortlist-export-me.csv');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('Name,Kind,Headline,Current role,Location,Department,Note,Added,Profile');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines[1]).toContain(`https://app.test/people/${P.cand}`);
    expect(lines[2]).toContain('Digital');
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, id));
    expect(audit.map((a) => a.action)).toEqual(['shortlist.export']);
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
});
