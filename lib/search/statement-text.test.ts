// flatStatement must give exactly drizzle's text and parameters for every search statement shape:
// the statement is prepared by its text, so a wrong piece would run a different query (or share a
// prepared name with another shape). Compared here over the shapes searchStatement builds (paths,
// requirements, filters, sorts, facets, complement, text), and over chunks it must leave to drizzle.
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, test } from 'vitest';
import { visibilityScope } from '../domain/permissions';
import { searchQuerySchema, type SearchQueryInput } from '../domain/search-query';
import { compareCodePoints, searchStatement } from './embedded-engine';
import { searchDocuments } from '../db/schema';
import { flatStatement } from './statement-text';

const dialect = new PgDialect();
const at = new Date('2026-12-03T12:00:00Z');
const keys = new Map([
  ['s1', 11],
  ['s2', 12],
  ['s3', 13],
  ['r1', 21],
]);
const R = (skill: string, more: Partial<NonNullable<SearchQueryInput['requirements']>[number]> = {}) => ({ skill, minLevel: 3, ...more });

const inputs: SearchQueryInput[] = [
  {},
  { facets: ['skill', 'department', 'kind', 'location', 'issuer', 'level'] },
  { requirements: [R('s1', { essential: false })], facets: ['skill', 'department'] },
  { requirements: [R('s1'), R('s2', { essential: false, weight: 2 })], facets: ['skill', 'level'] },
  { requirements: [R('s1'), R('s2'), R('missing')], sort: 'name', page: 3, pageSize: 7 },
  { requirements: [R('s1', { essential: false, related: ['r1', 'missing'] }), R('s3', { essential: false, minCredentials: 2 })], sort: 'recent' },
  { requirements: [R('s1', { minCredentials: 1 })], filters: { trustedOnly: true }, facets: ['skill', 'issuer'] },
  {
    requirements: [R('s2', { essential: false }), R('s3', { essential: false })],
    filters: { kind: ['employee', 'candidate'], department: ['d1', 'd2'], location: ['Oslo'], issuer: ['i1'], currentRole: ['Engineer'], currentRoleProfile: ['rp1'], openToMobility: true, verifiedOnly: false, minScore: 0.5 },
    facets: ['skill', 'kind', 'location'],
  },
  { text: 'python "data science" -java', requirements: [R('s1', { essential: false })], facets: ['skill'] },
];
const scopes = [
  visibilityScope({ id: 'u', role: 'recruiter', departmentId: null }),
  visibilityScope({ id: 'u', role: 'manager', departmentId: 'd1' }),
  { all: false, candidates: false, mobileEmployees: false, departmentId: null },
];

describe('flatStatement', () => {
  test.each(inputs.map((input, i) => [i, input] as const))('renders search shape %i as drizzle does, on every path', (_, input) => {
    const query = searchQuerySchema.parse(input);
    for (const scope of scopes) {
      for (const [complement, holdersOnly] of [
        [undefined, false],
        [{ visible: 1234, version: 7 }, false],
        [undefined, true],
      ] as const) {
        const tree = searchStatement(query, scope, at, keys, complement, holdersOnly, undefined, { skillIds: ['s1', 'r1'], knownSkills: holdersOnly });
        const flat = flatStatement(tree);
        expect(flat).not.toBe(tree);
        const before = dialect.sqlToQuery(tree);
        const after = dialect.sqlToQuery(flat);
        expect(after.sql).toBe(before.sql);
        expect(after.params).toEqual(before.params);
        // Still a statement drizzle can nest (explainSearch wraps it).
        expect(dialect.sqlToQuery(sql`explain ${flat}`).sql).toBe(`explain ${before.sql}`);
      }
    }
  });

  test('value lists, nulls and nested pieces as drizzle renders them', () => {
    const tree = sql`select ${[1, 'a', null, sql`now()`, [true, 2n]]} where x = ${null} and y in (${sql.join([sql`${'p'}`, sql.raw('q')], sql`, `)})${undefined}`;
    const flat = flatStatement(tree);
    expect(flat).not.toBe(tree);
    expect(dialect.sqlToQuery(flat)).toEqual(dialect.sqlToQuery(tree));
  });

  test('chunks it does not know are left to drizzle', () => {
    for (const tree of [
      sql`select ${searchDocuments.name} from ${searchDocuments}`,
      sql`select ${sql.identifier('x')}`,
      sql`select ${sql.placeholder('p')}`,
      sql`select ${new Date(0)}`,
      sql`select ${sql`${1}`.inlineParams()}`,
    ]) {
      expect(flatStatement(tree)).toBe(tree);
    }
  });
});

describe('compareCodePoints', () => {
  test("is the byte order of the strings' UTF-8, surrogate pairs included", () => {
    const alphabet = ['a', 'B', 'é', 'ß', '\u00ff', '\u0800', '\ud7ff', '\ue000', '\uffee', '\u{1f600}', '\u{10000}', '\u{10ffff}', '中', ''];
    const strings = alphabet.flatMap((x) => alphabet.map((y) => x + y));
    const sign = (n: number) => Math.sign(n);
    for (const a of strings) {
      for (const b of strings) expect(sign(compareCodePoints(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
    }
  });
});
