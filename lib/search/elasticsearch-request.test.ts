// What the Elasticsearch engine sends, checked without a cluster (the contract suite checks results
// against a real one when ELASTICSEARCH_URL is set): user text only ever becomes exact `term` values,
// never a query-string parser; requirements are one nested clause each; scopes mirror canSeePerson.
import { describe, expect, test } from 'vitest';
import { visibilityScope } from '../domain/permissions';
import { searchQuerySchema } from '../domain/search-query';
import { buildSearchRequest, bulkFailures, scopeQuery } from './elasticsearch-engine';

const at = new Date('2026-06-01T00:00:00Z');
const all = { all: true } as const;

describe('elasticsearch request', () => {
  test.each(['name:* OR _exists_:email', '{"query_string":{"query":"*"}}', '" OR 1=1 --', '\\*?~^', 'a AND NOT b'])('hostile text %j becomes term filters only', (text) => {
    const request = buildSearchRequest('x-people', searchQuerySchema.parse({ text }), all, at);
    const json = JSON.stringify(request);
    expect(json).not.toMatch(/query_string|simple_query_string|"match"|regexp|wildcard|script/);
    const terms = JSON.stringify(request.query).match(/"tokens":"[^"]*"/g) ?? [];
    for (const t of terms) expect(t).toMatch(/^"tokens":"[\p{L}\p{N}]+"$/u);
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
    // Boosts: weight x credit / total weight for levels below the minimum, weight / total at or above it.
    const boosts = JSON.stringify(should[0]).match(/"boost":[0-9.e-]+/g);
    expect(boosts).toEqual(['"boost":0.25', '"boost":0.03125', '"boost":0.0625', '"boost":0.09375']);
    expect(request.from).toBe(0);
    expect(request.size).toBe(20 + 50);
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
    expect(req(0.5).min_score).toBeCloseTo(0.5 - 1e-5, 10);
  });

  test('bulk: per-item errors in an HTTP 200 response fail the batch; only a delete may 404', () => {
    const notFound = { type: 'index_not_found_exception', reason: 'no such index [x-people]' };
    const res = {
      took: 1,
      errors: true,
      items: [
        { index: { _index: 'x', _id: 'a', status: 201 } },
        { delete: { _index: 'x', _id: 'gone', status: 404, result: 'not_found' } },
        { delete: { _index: 'x', _id: 'b', status: 404, error: notFound } },
        { index: { _index: 'x', _id: 'c', status: 404, error: notFound } },
        { index: { _index: 'x', _id: 'd', status: 400, error: { type: 'strict_dynamic_mapping_exception', reason: 'r' } } },
      ],
    };
    expect(bulkFailures(res).map((r) => r._id)).toEqual(['c', 'd']);
    expect(bulkFailures({ ...res, errors: false })).toEqual([]);
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
});
