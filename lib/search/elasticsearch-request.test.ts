// What the Elasticsearch engine sends, checked without a cluster (the contract suite checks results
// against a real one when ELASTICSEARCH_URL is set): user text only ever becomes exact `term` values,
// never a query-string parser; requirements are one nested clause each; scopes mirror canSeePerson.
import { describe, expect, test } from 'vitest';
import { visibilityScope } from '../domain/permissions';
import { searchQuerySchema } from '../domain/search-query';
import { refusalOf } from './elasticsearch-bulk';
import { buildSearchRequest, buildSkillHoldersRequest, scopeQuery } from './elasticsearch-engine';

const at = new Date('2026-06-01T00:00:00Z');
const all = { all: true } as const;

describe('elasticsearch request', () => {
  test.each(['name:* OR _exists_:email', '{"query_string":{"query":"*"}}', '" OR 1=1 --"', '\\*?~^', 'a AND NOT b', '/py.*n/ pyth* python~2 ^3', 'headline:"data engineer" -name:smith'])(
    'hostile text %j becomes term, prefix, fuzzy and match_phrase queries on normalised words only',
    (text) => {
      const request = buildSearchRequest('x-people', searchQuerySchema.parse({ text }), all, at);
      const json = JSON.stringify(request);
      expect(json).not.toMatch(/query_string|simple_query_string|"match"|regexp|wildcard|script/);
      const values = [...JSON.stringify(request.query).matchAll(/"text(?:Tokens|Phrases)\.[a-z]+":(\{[^}]*\}|"[^"]*")/g)].map((m) => m[1]!);
      for (const v of values) {
        const value = v.startsWith('"') ? (JSON.parse(v) as string) : ((JSON.parse(v) as { value?: string; query?: string }).value ?? (JSON.parse(v) as { query: string }).query);
        expect(value).toMatch(/^[\p{L}\p{N}]+( [\p{L}\p{N}]+)*$/u);
      }
    },
  );

  test('the query language becomes bool DSL: OR is should, NOT is must_not with exact terms, fields pick their keyword field', () => {
    const request = buildSearchRequest('x-people', searchQuerySchema.parse({ text: '(analyst OR engineer) -senior name:pyhton' }), all, at);
    const text = (request.query.bool!.filter as object[])[1] as { bool: { filter: object[] } };
    const [or, not, name] = text.bool.filter as [{ bool: { should: object[]; minimum_should_match: number } }, { bool: { must_not: object[] } }, { bool: { should: object[] } }];
    expect(or.bool.should).toHaveLength(2);
    expect(or.bool.minimum_should_match).toBe(1);
    // Excluded words match exactly: only term queries, one per default field.
    expect(JSON.stringify(not.bool.must_not)).not.toMatch(/fuzzy|prefix/);
    expect(JSON.stringify(not.bool.must_not)).toContain('"textTokens.headline":"senior"');
    expect(name.bool.should).toEqual([
      { term: { 'textTokens.name': 'pyhton' } },
      { prefix: { 'textTokens.name': { value: 'pyhton' } } },
      { fuzzy: { 'textTokens.name': { value: 'pyhton', fuzziness: 1, transpositions: true, prefix_length: 0, max_expansions: 50 } } },
    ]);
  });

  test('one nested clause per requirement; essentials are nested filters with their minimum', () => {
    const query = searchQuerySchema.parse({
      requirements: [
        { skill: 'onet:python', minLevel: 4, essential: true },
        { skill: 'ddat:data-visualisation', minLevel: 2, essential: false, weight: 3 },
      ],
    });
    const request = buildSearchRequest('x-people', query, all, at);
    const bool = request.query.bool!;
    const should = bool.should as { nested: { path: string; score_mode: string } }[];
    expect(should).toHaveLength(2);
    expect(should.every((c) => c.nested.path === 'skills' && c.nested.score_mode === 'max')).toBe(true);
    const nestedFilters = (bool.filter as object[]).filter((f) => 'nested' in f);
    expect(nestedFilters).toHaveLength(1);
    expect(JSON.stringify(nestedFilters[0])).toContain('"gte":4');
    expect(JSON.stringify(nestedFilters[0])).toContain('"skills.verified":true');
    // Integer keys (elasticsearch-scoring.ts): k = (1, 3), L = lcm(8, 4) = 8, D = 32, S = 1 + 9 = 10,
    // E = 62, so one unit of N is worth 11 x 63 = 693 and one unit of surplus 63. Python (minimum 4):
    // levels 1-3 earn 1-3 units of N, level 4 all 8 (5,544), level 5 the same plus one surplus unit;
    // then the five evidence bits.
    const boosts = JSON.stringify(should[0]).match(/"boost":[0-9.e-]+/g);
    expect(boosts).toEqual(['"boost":693', '"boost":1386', '"boost":2079', '"boost":5544', '"boost":5607', '"boost":1', '"boost":2', '"boost":4', '"boost":8', '"boost":16']);
    // The page itself: Elasticsearch's order is the domain's.
    expect(request.from).toBe(0);
    expect(request.size).toBe(20);
  });

  test('including self-reported drops the verified condition; expiry is checked against the clock', () => {
    const query = searchQuerySchema.parse({ requirements: [{ skill: 'onet:python', minLevel: 2 }], filters: { verifiedOnly: false } });
    const json = JSON.stringify(buildSearchRequest('x-people', query, all, at).query);
    expect(json).not.toContain('"skills.verified"');
    expect(json).toContain(`"gt":"${at.toISOString()}"`);
  });

  test('sorting by name or recency pages in Elasticsearch directly', () => {
    const request = buildSearchRequest('x-people', searchQuerySchema.parse({ sort: 'name', page: 3, pageSize: 10 }), all, at);
    expect(request).toMatchObject({ from: 20, size: 10, sort: [{ name: 'asc' }, { personId: 'asc' }] });
  });

  test('a minimum score of 0 is no minimum (every score is at least 0)', () => {
    const req = (minScore: number) =>
      buildSearchRequest('x-people', searchQuerySchema.parse({ requirements: [{ skill: 'onet:python', minLevel: 2 }], filters: { minScore } }), all, at);
    expect(req(0).min_score).toBeUndefined();
    // D = 4, one unit of N = (3 + 1) x (31 + 1): a score of 0.5 is N = 2.
    expect(req(0.5).min_score).toBe(2 * 128);
  });

  test('bulk: every refused item is a failure except a delete of a document already gone', () => {
    const notFound = { type: 'index_not_found_exception', reason: 'no such index [x-people]' };
    const drop = (operation: object, status: number, error: { type: string; reason: string } | null) =>
      refusalOf({ operation: operation as never, status, error, document: null, retried: false });
    expect(drop({ delete: { _index: 'x', _id: 'gone' } }, 404, null)).toBeNull();
    expect(drop({ delete: { _index: 'x', _id: 'b' } }, 404, notFound)).toMatchObject({ id: 'b', status: 404, type: 'index_not_found_exception' });
    expect(drop({ index: { _index: 'x', _id: 'c' } }, 404, notFound)).toMatchObject({ id: 'c', status: 404 });
    expect(drop({ index: { _index: 'x', _id: 'd' } }, 400, { type: 'strict_dynamic_mapping_exception', reason: 'r' })).toMatchObject({ id: 'd', type: 'strict_dynamic_mapping_exception' });
    expect(drop({ index: { _index: 'x', _id: 'e' } }, 429, null)).toMatchObject({ id: 'e', status: 429, reason: 'still rejected after retries' });
  });

  test('scopes', () => {
    expect(scopeQuery({ all: true })).toEqual({ match_all: {} });
    expect(scopeQuery({ all: false, candidates: false, mobileEmployees: false, departmentId: null })).toEqual({ match_none: {} });
    const recruiter = JSON.stringify(scopeQuery(visibilityScope({ id: 'r', role: 'recruiter', departmentId: null })));
    expect(recruiter).toContain('"searchable":true');
    expect(recruiter).toContain('"kind":"candidate"');
    expect(recruiter).toContain('"openToMobility":true');
    const manager = JSON.stringify(scopeQuery(visibilityScope({ id: 'm', role: 'manager', departmentId: 'data' })));
    expect(manager).toContain('"departmentId":"data"');
    expect(manager).not.toContain('"kind":"candidate"');
  });

  test('at least N verified credentials: the essential filter reads the verified row and its credential count (trusted count under trusted only)', () => {
    const query = searchQuerySchema.parse({ requirements: [{ skill: 'onet:python', minLevel: 3, minCredentials: 2 }], filters: { verifiedOnly: false } });
    const nested = (buildSearchRequest('x-people', query, all, at).query.bool!.filter as object[]).filter((f) => 'nested' in f);
    expect(nested).toHaveLength(1);
    const json = JSON.stringify(nested[0]);
    expect(json).toContain('{"term":{"skills.verified":true}}');
    expect(json).toContain('{"range":{"skills.credentialCount":{"gte":2}}}');
    const trusted = searchQuerySchema.parse({ requirements: [{ skill: 'onet:python', minLevel: 3, minCredentials: 2 }], filters: { trustedOnly: true } });
    expect(JSON.stringify(buildSearchRequest('x-people', trusted, all, at).query)).toContain('{"range":{"skills.trustedCredentialCount":{"gte":2}}}');
  });

  test('related skills: the better of own and related credit (dis_max), related clause on the related skills only, no scripts', () => {
    const query = searchQuerySchema.parse({ requirements: [{ skill: 'onet:python', minLevel: 4, essential: false, related: ['onet:r', 'onet:sql'] }] });
    const request = buildSearchRequest('x-people', query, all, at);
    const should = request.query.bool!.should as { dis_max: { queries: { nested: { query: { bool: { filter: object[] } } } }[]; tie_breaker: number } }[];
    expect(should).toHaveLength(1);
    const [own, related] = should[0]!.dis_max.queries;
    expect(should[0]!.dis_max.tie_breaker).toBe(0);
    expect(own!.nested.query.bool.filter[0]).toEqual({ term: { 'skills.skill': 'onet:python' } });
    expect(related!.nested.query.bool.filter[0]).toEqual({ terms: { 'skills.skill': ['onet:r', 'onet:sql'] } });
    // Related Expert toward a minimum of 4: 0.25 x min(5, 4) / 4 = a quarter of what meeting it earns.
    // Integer keys (elasticsearch-scoring.ts): L = 4 x 4 = 16 = D, one unit of N worth (1+1) x (31+1) = 64;
    // met = 16 units (1,024), related Expert = 4 units (256).
    expect(JSON.stringify(related)).toContain('"boost":256');
    expect(JSON.stringify(own)).toContain('"boost":1024');
    expect(JSON.stringify(request)).not.toMatch(/script|query_string/);
  });

  test('skill picker counts: one size-0 request, scope as the query, verified unexpired rows of the asked skills, people via reverse_nested', () => {
    const scope = visibilityScope({ id: 'r', role: 'recruiter', departmentId: null });
    const request = buildSkillHoldersRequest('x-people', ['onet:python', 'onet:r'], scope, at);
    expect(request.size).toBe(0);
    expect(request.query).toEqual({ bool: { filter: [scopeQuery(scope)] } });
    const json = JSON.stringify(request.aggs);
    expect(json).toContain('{"terms":{"skills.skill":["onet:python","onet:r"]}}');
    expect(json).toContain('{"term":{"skills.verified":true}}');
    expect(json).toContain('"reverse_nested":{}');
    expect(json).toContain('"size":2');
  });
});
