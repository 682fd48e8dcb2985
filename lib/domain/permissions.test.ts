import { describe, expect, test } from 'vitest';
import { canSeePerson, ROLES, scopeAllows, visibilityScope, type Actor, type VisiblePerson } from './permissions';

describe('scopeAllows', () => {
  // Every combination of the attributes the rule reads, for every role, in and out of a department.
  const people: VisiblePerson[] = [];
  for (const kind of ['employee', 'candidate'] as const) {
    for (const departmentId of [null, 'data', 'design']) {
      for (const openToMobility of [false, true]) {
        for (const searchable of [false, true]) people.push({ kind, departmentId, openToMobility, searchable });
      }
    }
  }
  const actors: Actor[] = ROLES.flatMap((role) => [null, 'data'].map((departmentId) => ({ id: `${role}-${departmentId}`, role, departmentId })));

  test.each(actors)('agrees with canSeePerson for $role in $departmentId', (actor) => {
    const scope = visibilityScope(actor);
    for (const person of people) expect(scopeAllows(scope, person), JSON.stringify(person)).toBe(canSeePerson(actor, person));
  });

  test('a recruiter sees candidates and mobile employees, not the rest', () => {
    const scope = visibilityScope({ id: 'r', role: 'recruiter', departmentId: null });
    expect(scopeAllows(scope, { kind: 'candidate', departmentId: null, openToMobility: false, searchable: true })).toBe(true);
    expect(scopeAllows(scope, { kind: 'employee', departmentId: 'data', openToMobility: false, searchable: true })).toBe(false);
    expect(scopeAllows(scope, { kind: 'candidate', departmentId: null, openToMobility: false, searchable: false })).toBe(false);
  });
});
