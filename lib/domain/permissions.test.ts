import { describe, expect, test } from 'vitest';
import { canSeePerson, scopeAllows, visibilityScope, type Actor, type VisiblePerson } from './permissions';

const person = (over: Partial<VisiblePerson>): VisiblePerson => ({ kind: 'employee', departmentId: 'data', openToMobility: false, searchable: true, ...over });
const candidate = person({ kind: 'candidate', departmentId: null });
const hiddenCandidate = person({ kind: 'candidate', departmentId: null, searchable: false });
const dataStaying = person({});
const dataMobile = person({ openToMobility: true });
const designStaying = person({ departmentId: 'design' });
const hiddenDataMobile = person({ openToMobility: true, searchable: false });

describe('who may see whom (canSeePerson, through scopeAllows)', () => {
  const cases: [string, Actor, Record<string, boolean>][] = [
    ['recruiter', { id: 'r', role: 'recruiter', departmentId: null }, { candidate: true, hiddenCandidate: false, dataStaying: false, dataMobile: true, designStaying: false, hiddenDataMobile: false }],
    ['manager of data', { id: 'm', role: 'manager', departmentId: 'data' }, { candidate: false, hiddenCandidate: false, dataStaying: true, dataMobile: true, designStaying: false, hiddenDataMobile: false }],
    ['manager without a department', { id: 'm0', role: 'manager', departmentId: null }, { candidate: false, hiddenCandidate: false, dataStaying: false, dataMobile: false, designStaying: false, hiddenDataMobile: false }],
    ['hr', { id: 'h', role: 'hr', departmentId: null }, { candidate: true, hiddenCandidate: true, dataStaying: true, dataMobile: true, designStaying: true, hiddenDataMobile: true }],
    ['admin', { id: 'a', role: 'admin', departmentId: null }, { candidate: true, hiddenCandidate: true, dataStaying: true, dataMobile: true, designStaying: true, hiddenDataMobile: true }],
  ];
  const people: Record<string, VisiblePerson> = { candidate, hiddenCandidate, dataStaying, dataMobile, designStaying, hiddenDataMobile };

  test.each(cases)('%s', (_, actor, expected) => {
    for (const [name, p] of Object.entries(people)) {
      expect(canSeePerson(actor, p), name).toBe(expected[name]);
      expect(scopeAllows(visibilityScope(actor), p), name).toBe(expected[name]);
    }
  });

  test('nobody signed in sees no one', () => {
    expect(canSeePerson(null, candidate)).toBe(false);
  });
});
