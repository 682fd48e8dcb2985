import { describe, expect, test } from 'vitest';
import { countByStage, normaliseTags, roleLabel, shortlistAllows, shortlistTagsSchema, type ShortlistAccess, type ShortlistOperation } from './shortlist-pipeline';

describe('shortlistAllows: who may do what on a shared list', () => {
  test.each<[ShortlistAccess, ShortlistOperation, boolean]>([
    ['owner', 'read', true],
    ['owner', 'export', true],
    ['owner', 'editMembers', true],
    ['owner', 'manage', true],
    ['edit', 'read', true],
    ['edit', 'export', true],
    ['edit', 'editMembers', true],
    ['edit', 'manage', false],
    ['view', 'read', true],
    ['view', 'export', true],
    ['view', 'editMembers', false],
    ['view', 'manage', false],
  ])('%s may %s: %s', (access, op, expected) => {
    expect(shortlistAllows(access, op)).toBe(expected);
  });
});

describe('tags', () => {
  test.each([
    ['Python, remote ,  python', ['python', 'remote']],
    ['', []],
    [' , ,', []],
    ['Senior   Engineer', ['senior engineer']],
  ])('%j -> %j', (input, expected) => {
    expect(normaliseTags(input)).toEqual(expected);
  });
  test('arrays are split on commas too, and limits are checked after normalising', () => {
    expect(normaliseTags(['a,b', 'B'])).toEqual(['a', 'b']);
    expect(shortlistTagsSchema.safeParse(Array.from({ length: 12 }, () => 'same')).success).toBe(true);
    expect(shortlistTagsSchema.safeParse(Array.from({ length: 11 }, (_, i) => `t${i}`)).success).toBe(false);
    expect(shortlistTagsSchema.safeParse('x'.repeat(41)).success).toBe(false);
    expect(shortlistTagsSchema.safeParse(42).success).toBe(false);
  });
});

test('countByStage lists every stage in pipeline order', () => {
  expect(countByStage([{ stage: 'hired' }, { stage: 'sourced' }, { stage: 'hired' }])).toEqual([
    { stage: 'sourced', count: 1 },
    { stage: 'contacted', count: 0 },
    { stage: 'interviewing', count: 0 },
    { stage: 'offered', count: 0 },
    { stage: 'hired', count: 2 },
    { stage: 'rejected', count: 0 },
  ]);
});

test("a candidate's role is the role they seek; an employee's is their current one", () => {
  expect(roleLabel({ kind: 'candidate', currentRole: 'Lead data scientist' })).toEqual({ label: 'Target role', value: 'Lead data scientist' });
  expect(roleLabel({ kind: 'employee', currentRole: 'Data analyst' })).toEqual({ label: 'Current role', value: 'Data analyst' });
});
