// The match score as Elasticsearch computes it from the requests this engine builds (no cluster can run
// here): the integer key orders people exactly as the domain does, and the engine's search, answered by
// an evaluator of the documented query DSL semantics over the contract corpus, returns the oracle's
// people, order, scores and totals, in one request when the key carries the tie-breaks.
import type { Client, estypes } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/databases';
import { computeMatch, MAX_EVIDENCE_PER_REQUIREMENT, type Requirement } from '../domain/match-score';
import { visibilityScope } from '../domain/permissions';
import { searchQuerySchema, type SearchQueryInput } from '../domain/search-query';
import { CORPUS_NOW, DEV, generatedPeople, insertCorpus, ML, NAMED, PY, referenceSearch, SQLS, UR, VIZ } from './contract-corpus';
import { evaluateSearch } from './elasticsearch-dsl-evaluator';
import { buildSearchRequest, IndexedWordGuesses, rankingOf, searchEs, toEsDoc, type EsDoc } from './elasticsearch-engine';
import { bandScore, countBits, FLOAT_EXACT_LIMIT, minScoreKey, planScore, weightUnits } from './elasticsearch-scoring';
import type { PersonDoc } from './engine';
import { loadPersonDocs } from './person-docs';

/** A deterministic generator (the tests must fail the same way every run). */
function lcg(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SKILLS = [PY, VIZ, UR, SQLS, ML, DEV];
const WEIGHTS = [1, 1, 1, 2, 3, 5, 0.5, 0.3, 0.1, 1.5, 10];

describe('score plan', () => {
  test('weights become the smallest integers with the same ratios; more than three decimals cannot', () => {
    expect(weightUnits([1, 2, 3])).toEqual([1, 2, 3]);
    expect(weightUnits([2, 4])).toEqual([1, 2]);
    expect(weightUnits([0.5, 1, 0.3])).toEqual([5, 10, 3]);
    expect(weightUnits([0.1, 10])).toEqual([1, 100]);
    expect(weightUnits([1.2345])).toBeNull();
  });

  test('typical queries are exact; a 25-skill role keeps the exact score only; odd weights fall back to floats', () => {
    expect(planScore([{ minLevel: 3, weight: 1 }]).kind).toBe('exact');
    expect(planScore(Array.from({ length: 7 }, (_, i) => ({ minLevel: 1 + (i % 4), weight: i === 0 ? 2 : 1 }))).kind).toBe('exact');
    expect(planScore(Array.from({ length: 25 }, (_, i) => ({ minLevel: 1 + (i % 4), weight: 1 }))).kind).toBe('score');
    expect(planScore([{ minLevel: 3, weight: 1.2345 }]).kind).toBe('float');
    // D = lcm(8) x 16 = 128: some N / D would sit on a rounding boundary of roundScore.
    expect(planScore(Array.from({ length: 16 }, () => ({ minLevel: 4, weight: 1 }))).kind).toBe('float');
  });

  test('the largest key of an exact plan stays within the integers a 32-bit float holds', () => {
    const rand = lcg(11);
    for (let n = 0; n < 500; n++) {
      const reqs = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => ({ minLevel: 1 + Math.floor(rand() * 5), weight: WEIGHTS[Math.floor(rand() * WEIGHTS.length)]! }));
      const plan = planScore(reqs);
      if (plan.kind !== 'exact') continue;
      const max = reqs.reduce((s, _, i) => s + bandScore(plan, reqs, i, 5), 0) + MAX_EVIDENCE_PER_REQUIREMENT * reqs.length;
      expect(Number.isInteger(max) && max < FLOAT_EXACT_LIMIT).toBe(true);
      expect(Math.fround(max)).toBe(max);
    }
  });

  test('the key orders any two people exactly as (score, surplus, evidence) does', () => {
    const rand = lcg(5);
    let exactPlans = 0;
    for (let n = 0; n < 400; n++) {
      const reqs: Requirement[] = Array.from({ length: 1 + Math.floor(rand() * 6) }, (_, i) => ({
        skill: SKILLS[i]!,
        minLevel: 1 + Math.floor(rand() * 5),
        weight: WEIGHTS[Math.floor(rand() * WEIGHTS.length)]!,
        essential: false,
      }));
      const plan = planScore(reqs);
      if (plan.kind !== 'exact') continue;
      exactPlans += 1;
      // People as (level, credential count) per requirement's skill, level 0 = no counted row.
      const people = Array.from({ length: 40 }, () => reqs.map(() => ({ level: Math.floor(rand() * 6), count: Math.floor(rand() * 40) })));
      const scored = people.map((p) => {
        const match = computeMatch(
          reqs,
          p.flatMap((s, i) => (s.level > 0 ? [{ skill: reqs[i]!.skill, level: s.level, credentialIds: Array.from({ length: s.count }, (_, c) => `c${c}`) }] : [])),
        );
        // What Elasticsearch adds: each requirement's band and, when met, its count's bits (float sums).
        let key = 0;
        p.forEach((s, i) => {
          if (s.level === 0) return;
          const bits = s.level >= reqs[i]!.minLevel ? countBits(s.count).reduce((a, b) => a + b, 0) : 0;
          key = Math.fround(key + Math.fround(bandScore(plan, reqs, i, s.level)) + bits);
        });
        return { match, key };
      });
      for (const a of scored) {
        for (const b of scored) {
          const domain = Math.sign(a.match.score - b.match.score) || Math.sign(a.match.surplus - b.match.surplus) || Math.sign(a.match.evidence - b.match.evidence);
          expect(Math.sign(a.key - b.key)).toBe(domain);
        }
      }
    }
    expect(exactPlans).toBeGreaterThan(100);
  });

  test('min_score is the key of the smallest score reaching the minimum', () => {
    const reqs = [{ minLevel: 2, weight: 1 }];
    const plan = planScore(reqs);
    if (plan.kind !== 'exact') throw new Error('expected an exact plan');
    // D = 4: scores 0, 0.25, 0.5, 0.75, 1; one N unit is worth (S+1)(E+1) = 4 x 32.
    expect(minScoreKey(plan, 0.5)).toBe(2 * 128);
    expect(minScoreKey(plan, 0.5000001)).toBe(3 * 128);
    expect(minScoreKey(plan, 1)).toBe(4 * 128);
  });
});

describe('requests', () => {
  const all = { all: true } as const;
  const at = new Date('2026-06-01T00:00:00Z');

  test('a search is one request: filters in filter context, aggregations, exact total, no script, no re-rank window', () => {
    const query = searchQuerySchema.parse({
      requirements: [
        { skill: PY, minLevel: 3, essential: true },
        { skill: VIZ, minLevel: 2, essential: false, weight: 2 },
      ],
      filters: { location: ['London'], minScore: 0.5 },
      page: 3,
      pageSize: 20,
      facets: ['skill', 'level', 'location'],
    });
    const request = buildSearchRequest('x-people', query, all, at);
    expect(rankingOf(query)).toMatchObject({ plan: { kind: 'exact' }, rerank: false });
    expect(JSON.stringify(request)).not.toMatch(/script|function_score|rescore/);
    expect(request).toMatchObject({ from: 40, size: 20, track_total_hits: true });
    expect(Object.keys(request.aggs ?? {})).toEqual(['skill', 'level', 'location']);
    const bool = request.query.bool!;
    // Scope, location, and the essential requirement: all filters; the two scoring clauses are `should`.
    expect((bool.filter as object[]).length).toBe(3);
    expect(bool.must).toBeUndefined();
    expect((bool.should as object[]).length).toBe(2);
    expect(request.sort).toEqual([{ _score: { order: 'desc' } }, { lastVerifiedAt: { order: 'desc', missing: '_last' } }, { personId: 'asc' }]);
    expect(Number.isInteger(request.min_score)).toBe(true);
  });

  test('sorting by name or recency sends no scoring clauses unless a minimum score needs them', () => {
    const byName = buildSearchRequest('x-people', searchQuerySchema.parse({ requirements: [{ skill: PY, minLevel: 3, essential: false }], sort: 'name' }), all, at);
    expect(byName.query.bool!.should).toBeUndefined();
    const withMinimum = buildSearchRequest('x-people', searchQuerySchema.parse({ requirements: [{ skill: PY, minLevel: 3, essential: false }], sort: 'recent', filters: { minScore: 0.5 } }), all, at);
    expect((withMinimum.query.bool!.should as object[]).length).toBe(1);
  });
});

/**
 * A client answering `search` and `count` from the evaluator over `docs` (as stored), counting requests.
 * Aggregations are not modelled: the queries below ask for no facets (the contract suite checks facets).
 */
function evaluatingClient(docs: EsDoc[]) {
  let requests = 0;
  const respond = (req: estypes.SearchRequest): estypes.SearchResponse<EsDoc> => {
    const r = evaluateSearch(req, docs);
    return {
      took: 0,
      timed_out: false,
      _shards: { total: 1, successful: 1, failed: 0 },
      hits: { total: { value: r.total, relation: 'eq' }, hits: r.hits.map((h) => ({ _index: 'x', _id: h.doc.personId, _score: h.score, _source: h.doc, sort: h.sort as estypes.SortResults })) },
    };
  };
  const client = {
    search: async (req: estypes.SearchRequest) => {
      requests += 1;
      if (req.aggs && Object.keys(req.aggs).length > 0) throw new Error('aggregations are not modelled');
      return respond(req);
    },
    count: async (req: estypes.CountRequest & { min_score?: number }) => {
      requests += 1;
      return { count: evaluateSearch({ query: req.query, min_score: req.min_score, size: 0 }, docs).total };
    },
  };
  return { client: client as unknown as Client, requests: () => requests };
}

describe('Elasticsearch scoring against the domain oracle (evaluated DSL, contract corpus)', () => {
  let t: TestDatabase;
  let docs: PersonDoc[];
  let stored: EsDoc[];
  beforeAll(async () => {
    t = await createTestDatabase('pglite');
    const specs = [...NAMED, ...generatedPeople(160)];
    await insertCorpus(t.db, specs);
    docs = await loadPersonDocs(t.db, specs.map((p) => p.id));
    // As Elasticsearch stores them: JSON.
    stored = docs.map((d) => JSON.parse(JSON.stringify(toEsDoc(d))) as EsDoc);
  });
  afterAll(async () => {
    await t?.close();
  });

  const scopes = [visibilityScope({ id: 'h', role: 'hr', departmentId: null }), visibilityScope({ id: 'r', role: 'recruiter', departmentId: null }), visibilityScope({ id: 'm', role: 'manager', departmentId: 'data' })];
  const req = (skill: string, minLevel: number, extra: { weight?: number; essential?: boolean; minCredentials?: number; related?: string[] } = {}) => ({ skill, minLevel, ...extra });
  const NAMED_QUERIES: [string, SearchQueryInput, 'exact' | 'score' | 'float'][] = [
    ['one requirement', { requirements: [req(PY, 3)], pageSize: 100 }, 'exact'],
    ['surplus and evidence order', { requirements: [req(PY, 2)], pageSize: 100 }, 'exact'],
    ['surplus with weights', { requirements: [req(PY, 2, { essential: false, weight: 2 }), req(ML, 1, { essential: false })], pageSize: 100 }, 'exact'],
    ['all optional, weighted', { requirements: [req(SQLS, 4, { essential: false, weight: 0.3 }), req(ML, 2, { essential: false, weight: 3 }), req(UR, 5, { essential: false })], pageSize: 100 }, 'exact'],
    ['self-reported optional', { requirements: [req(PY, 5, { essential: false }), req(DEV, 3, { essential: false })], filters: { verifiedOnly: false }, pageSize: 100 }, 'exact'],
    ['including self-reported', { requirements: [req(PY, 4)], filters: { verifiedOnly: false } }, 'exact'],
    ['self-reported levels with their own credentials (n-vouch)', { requirements: [req(DEV, 2)], filters: { verifiedOnly: false }, pageSize: 100 }, 'exact'],
    ['minimum score', { requirements: [req(PY, 4, { essential: false }), req(VIZ, 3, { essential: false })], filters: { minScore: 0.6 }, pageSize: 100 }, 'exact'],
    ['pagination, page 3', { requirements: [req(UR, 1, { essential: false })], pageSize: 7, page: 3 }, 'exact'],
    ['trusted issuers only', { requirements: [req(PY, 4, { essential: false }), req(VIZ, 2, { essential: false })], filters: { trustedOnly: true }, pageSize: 100 }, 'exact'],
    ['no requirements', { pageSize: 100 }, 'exact'],
    ['sort by name with a minimum', { requirements: [req(DEV, 2, { essential: false })], sort: 'name', filters: { minScore: 0.3 }, pageSize: 100 }, 'exact'],
    ['at least 2 credentials, essential', { requirements: [req(PY, 2, { minCredentials: 2 })], pageSize: 100 }, 'exact'],
    ['at least N credentials, essential and optional', { requirements: [req(SQLS, 1), req(VIZ, 3, { essential: false, minCredentials: 2 }), req(ML, 2, { essential: false })], pageSize: 100 }, 'exact'],
    ['at least N credentials with self-reported levels', { requirements: [req(PY, 2, { essential: false, minCredentials: 1 }), req(DEV, 3, { essential: false, minCredentials: 2 })], filters: { verifiedOnly: false }, pageSize: 100 }, 'exact'],
    ['at least N credentials, trusted issuers only', { requirements: [req(PY, 2, { minCredentials: 2 }), req(VIZ, 1, { essential: false, minCredentials: 1 })], filters: { trustedOnly: true }, pageSize: 100 }, 'exact'],
    ['related skills, all optional', { requirements: [req(PY, 4, { essential: false, related: [VIZ, ML] }), req(SQLS, 2, { essential: false })], pageSize: 100 }, 'exact'],
    ['related skills with credentials asked and self-reported', { requirements: [req(VIZ, 3, { essential: false, related: [UR], minCredentials: 2 })], filters: { verifiedOnly: false }, pageSize: 100 }, 'exact'],
    ['related skill that is also a requirement, minimum score', { requirements: [req(PY, 5, { essential: false, related: [SQLS] }), req(SQLS, 4, { essential: false })], filters: { minScore: 0.3 }, pageSize: 100 }, 'exact'],
    ['fine weights: exact score, tie-breaks over a window', { requirements: [req(PY, 3, { essential: false, weight: 0.1 }), req(VIZ, 4, { essential: false, weight: 5 }), req(ML, 2, { essential: false, weight: 3 }), req(SQLS, 5, { essential: false, weight: 0.3 }), req(UR, 3, { essential: false, weight: 7 }), req(DEV, 4, { essential: false, weight: 9.9 })], pageSize: 10, page: 2 }, 'score'],
    ['float weights', { requirements: [req(PY, 3, { essential: false, weight: 1.2345 }), req(VIZ, 2, { essential: false })], filters: { minScore: 0.4 }, pageSize: 50 }, 'float'],
  ];

  test.each(NAMED_QUERIES)('%s', async (_label, input, kind) => {
    const query = searchQuerySchema.parse(input);
    const ranking = rankingOf(query);
    if (query.requirements.length > 0) expect(ranking.plan?.kind).toBe(kind);
    for (const scope of scopes) {
      const { client, requests } = evaluatingClient(stored);
      const got = await searchEs(client, 'x', query, scope, CORPUS_NOW, new IndexedWordGuesses());
      expect(got).toEqual(referenceSearch(docs, query, scope));
      // One request unless the plan is not exact (a window, and for floats the minimum's borderline check).
      if (kind === 'exact') expect(requests()).toBe(1);
    }
  });

  test('random queries: the same people, order, scores and totals as the oracle', async () => {
    const rand = lcg(2026);
    const kinds = new Map<string, number>();
    let extraRequests = 0;
    for (let n = 0; n < 200; n++) {
      const skills = [...SKILLS].sort(() => rand() - 0.5).slice(0, 1 + Math.floor(rand() * 5));
      const input: SearchQueryInput = {
        requirements: skills.map((skill) => {
          const essential = rand() < 0.3;
          const minCredentials = rand() < 0.2 ? 1 + Math.floor(rand() * 3) : undefined;
          const related = !essential && rand() < 0.25 ? SKILLS.filter((s) => s !== skill && rand() < 0.3) : [];
          return req(skill, 1 + Math.floor(rand() * 5), {
            essential,
            weight: WEIGHTS[Math.floor(rand() * WEIGHTS.length)]!,
            ...(minCredentials !== undefined ? { minCredentials } : {}),
            ...(related.length > 0 ? { related } : {}),
          });
        }),
        filters: { verifiedOnly: rand() < 0.7, trustedOnly: rand() < 0.15, ...(rand() < 0.25 ? { minScore: Math.round(rand() * 100) / 100 } : {}) },
        sort: rand() < 0.8 ? 'match' : rand() < 0.5 ? 'name' : 'recent',
        page: 1 + Math.floor(rand() * 3),
        pageSize: [5, 7, 20, 50][Math.floor(rand() * 4)]!,
      };
      const query = searchQuerySchema.parse(input);
      const kind = rankingOf(query).plan?.kind ?? 'none';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const scope = scopes[n % scopes.length]!;
      const { client, requests } = evaluatingClient(stored);
      const got = await searchEs(client, 'x', query, scope, CORPUS_NOW, new IndexedWordGuesses());
      expect(got, JSON.stringify(input)).toEqual(referenceSearch(docs, query, scope));
      if (kind === 'exact') expect(requests()).toBe(1);
      else extraRequests += requests() - 1;
    }
    // Most random queries are exact; some exercise the fallbacks.
    expect(kinds.get('exact')).toBeGreaterThan(110);
    expect((kinds.get('score') ?? 0) + (kinds.get('float') ?? 0)).toBeGreaterThan(0);
    expect(extraRequests).toBeGreaterThanOrEqual(0);
  });

  test('self-reported rows: the verified row at the same level supplies the evidence until it expires', async () => {
    const person = (personId: string, skills: Partial<PersonDoc['skills'][number]>[]): PersonDoc => ({
      ...docs.find((d) => d.personId === 'n-working')!,
      personId,
      name: personId,
      lastVerifiedAt: '2025-01-01T00:00:00.000Z',
      skills: skills.map((s) => ({ skill: PY, level: 3, verified: true, credentialIds: [], issuerIds: [], achievedAt: null, expiresAt: null, trustedLevel: null, trustedCredentialIds: [], trustedExpiresAt: null, ...s })),
    });
    const ids = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);
    const people = [
      // Verified Python 3 with one credential, self-reported Python 3 backed by five unverified ones.
      person('a-shadowed', [{ credentialIds: ids(1, 'v') }, { verified: false, credentialIds: ids(5, 's') }]),
      person('b-verified', [{ credentialIds: ids(2, 'v') }]),
      // The verified row expired: the self-reported one counts, with its own evidence.
      person('c-expired', [{ credentialIds: ids(1, 'v'), expiresAt: '2026-01-01T00:00:00.000Z' }, { verified: false, credentialIds: ids(4, 's') }]),
      // Self-reported above the verified level: the self-reported row is the one counted.
      person('d-above', [{ level: 2, credentialIds: ids(1, 'v') }, { level: 4, verified: false, credentialIds: ids(3, 's') }]),
    ];
    const query = searchQuerySchema.parse({ requirements: [{ skill: PY, minLevel: 2 }], filters: { verifiedOnly: false } });
    const scope = { all: true } as const;
    const expected = referenceSearch(people, query, scope);
    expect(expected.hits.map((h) => [h.personId, h.surplus, h.evidence])).toEqual([
      ['d-above', 2, 3],
      ['c-expired', 1, 4],
      ['b-verified', 1, 2],
      ['a-shadowed', 1, 1],
    ]);
    const { client } = evaluatingClient(people.map((d) => JSON.parse(JSON.stringify(toEsDoc(d))) as EsDoc));
    expect(await searchEs(client, 'x', query, scope, CORPUS_NOW, new IndexedWordGuesses())).toEqual(expected);
  });

  test("plan 'score': a tie running past the window is fetched whole (min_score + search_after), so the page is exact", async () => {
    // 130 people with the same match score; their evidence grows as their last credential gets older,
    // so Elasticsearch's order (recency, id) is the reverse of the domain's (evidence first).
    const base = docs.find((d) => d.personId === 'n-working')!;
    const people: PersonDoc[] = Array.from({ length: 130 }, (_, i) => ({
      ...base,
      personId: `t${String(i).padStart(3, '0')}`,
      name: `T ${i}`,
      lastVerifiedAt: new Date(Date.UTC(2025, 0, 1) + (130 - i) * 86_400_000).toISOString(),
      skills: [{ skill: PY, level: 3, verified: true, credentialIds: Array.from({ length: 1 + (i % 31) }, (_, c) => `c${i}-${c}`), issuerIds: [], achievedAt: null, expiresAt: null, trustedLevel: null, trustedCredentialIds: [], trustedExpiresAt: null }],
    }));
    const query = searchQuerySchema.parse({
      requirements: [
        req(PY, 3, { essential: false, weight: 0.1 }),
        req(VIZ, 4, { essential: false, weight: 5 }),
        req(ML, 2, { essential: false, weight: 3 }),
        req(SQLS, 5, { essential: false, weight: 0.3 }),
        req(UR, 3, { essential: false, weight: 7 }),
        req(DEV, 4, { essential: false, weight: 9.9 }),
      ],
      pageSize: 20,
    });
    expect(rankingOf(query)).toMatchObject({ plan: { kind: 'score' }, rerank: true });
    const scope = { all: true } as const;
    const { client, requests } = evaluatingClient(people.map((d) => JSON.parse(JSON.stringify(toEsDoc(d))) as EsDoc));
    const got = await searchEs(client, 'x', query, scope, CORPUS_NOW, new IndexedWordGuesses());
    expect(got).toEqual(referenceSearch(people, query, scope));
    // The window (page end + 100 = 120 of 130) and the rest of the tie.
    expect(requests()).toBe(2);
  });
});
