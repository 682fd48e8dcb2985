// The search contract: one corpus, every engine, the same people in the same order with the same
// scores and facet counts, and all of it equal to what lib/domain computes (the oracle).
// Runs on the embedded engine always (on PGlite, and on Postgres when DATABASE_URL_TEST is set) and on
// Elasticsearch when ELASTICSEARCH_URL is set, with a throwaway index prefix deleted afterwards.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { rowsOf } from '../db/client';
import { isAppError } from '../domain/app-error';
import { visibilityScope, type Actor, type VisibilityScope } from '../domain/permissions';
import { searchQuerySchema, type SearchQueryInput } from '../domain/search-query';
import { env } from '../env.js';
import { searchPeople } from '../data/search-people';
import {
  CORPUS_NOW,
  DEV,
  generatedPeople,
  insertCorpus,
  ML,
  NAMED,
  PY,
  referenceAggregate,
  referenceSearch,
  referenceSkillHolders,
  SQLS,
  UR,
  VIZ,
} from './contract-corpus';
import { createEmbeddedEngine } from './embedded-engine';
import type { PersonDoc, SearchEngine } from './engine';
import { loadPersonDocs } from './person-docs';

const recruiter: Actor = { id: 'u-rec', role: 'recruiter', departmentId: null };
const manager: Actor = { id: 'u-man', role: 'manager', departmentId: 'data' };
const hr: Actor = { id: 'u-hr', role: 'hr', departmentId: null };
const SCOPES: [string, VisibilityScope][] = [
  ['hr (all)', visibilityScope(hr)],
  ['recruiter', visibilityScope(recruiter)],
  ['manager of data', visibilityScope(manager)],
];

type EngineCase = { name: string; make: (t: TestDatabase) => Promise<{ engine: SearchEngine; cleanup: () => Promise<void> }> };
const engineCases: EngineCase[] = [
  { name: 'embedded', make: async (t) => ({ engine: createEmbeddedEngine(t.db, { now: () => CORPUS_NOW }), cleanup: async () => {} }) },
];
if (env.ELASTICSEARCH_URL) {
  const url = env.ELASTICSEARCH_URL;
  engineCases.push({
    name: 'elasticsearch',
    make: async () => {
      const { createElasticsearchEngine } = await import('./elasticsearch-engine');
      const prefix = `skillproof-contract-${randomBytes(4).toString('hex')}`;
      const engine = createElasticsearchEngine({
        node: url,
        apiKey: env.ELASTICSEARCH_API_KEY,
        username: env.ELASTICSEARCH_USERNAME,
        password: env.ELASTICSEARCH_PASSWORD,
        indexPrefix: prefix,
        now: () => CORPUS_NOW,
        refresh: true,
      });
      return { engine, cleanup: () => engine.dropAll() };
    },
  });
} else {
  console.info('[contract] ELASTICSEARCH_URL is unset: the contract suite runs on the embedded engine only (set it to run the same cases against Elasticsearch).');
}

const q = (input: SearchQueryInput) => searchQuerySchema.parse(input);
const req = (skill: string, minLevel: number, extra: { weight?: number; essential?: boolean; minCredentials?: number; related?: string[] } = {}) => ({ skill, minLevel, ...extra });
const ids = (r: { hits: { personId: string }[] }) => r.hits.map((h) => h.personId);

/** Queries compared engine vs oracle under every scope. */
const BATTERY: [string, SearchQueryInput][] = [
  ['no requirements, default', { facets: ['skill', 'level', 'issuer', 'department', 'location', 'kind'] }],
  ['one requirement at a level', { requirements: [req(PY, 3)], facets: ['skill', 'level', 'kind'] }],
  ['two essential requirements', { requirements: [req(PY, 2), req(VIZ, 4)], facets: ['level', 'location'] }],
  ['essential and optional', { requirements: [req(PY, 3), req(VIZ, 4, { essential: false, weight: 2 })], pageSize: 50 }],
  ['all optional, weighted', { requirements: [req(SQLS, 4, { essential: false, weight: 0.3 }), req(ML, 2, { essential: false, weight: 3 }), req(UR, 5, { essential: false })], pageSize: 100, facets: ['skill', 'level'] }],
  ['including self-reported', { requirements: [req(PY, 4)], filters: { verifiedOnly: false }, facets: ['skill', 'level'] }],
  ['self-reported optional', { requirements: [req(PY, 5, { essential: false }), req(DEV, 3, { essential: false })], filters: { verifiedOnly: false }, pageSize: 100 }],
  ['text plus filters', { text: 'data', filters: { location: ['London', 'Leeds'], kind: ['candidate'] }, facets: ['location'] }],
  ['text over credential names', { text: 'python practitioner', facets: ['issuer'] }],
  ['issuer filter', { requirements: [req(SQLS, 1, { essential: false })], filters: { issuer: ['did:key:issuer-beta'] }, facets: ['issuer', 'skill'] }],
  ['department and current role', { filters: { department: ['data'], currentRole: ['Data analyst', 'Data scientist'] }, sort: 'name' }],
  // By the role profile held, not the title: Stan Stay's title says "Data scientist" but he holds the senior profile.
  ['current role profile', { filters: { currentRoleProfile: ['role-data-analyst', 'role-senior-data-scientist'] }, sort: 'name' }],
  ['current role profile and title disagree', { filters: { currentRoleProfile: ['role-data-scientist'] }, sort: 'name' }],
  ['open to mobility only', { filters: { openToMobility: true }, sort: 'recent', pageSize: 30, page: 2 }],
  ['minimum score', { requirements: [req(PY, 4, { essential: false }), req(VIZ, 3, { essential: false })], filters: { minScore: 0.6 }, pageSize: 100 }],
  ['pagination, page 3', { requirements: [req(UR, 1, { essential: false })], pageSize: 7, page: 3, facets: ['kind'] }],
  ['sort by name', { requirements: [req(DEV, 2)], sort: 'name', pageSize: 100 }],
  ['sort by recent', { requirements: [req(ML, 1)], sort: 'recent', pageSize: 100 }],
  ['trusted issuers only, one requirement', { requirements: [req(PY, 3)], filters: { trustedOnly: true }, pageSize: 100, facets: ['skill', 'level', 'issuer', 'kind'] }],
  ['trusted issuers only, optional and no requirement facets', { requirements: [req(PY, 4, { essential: false }), req(VIZ, 2, { essential: false })], filters: { trustedOnly: true }, pageSize: 100, facets: ['skill', 'level'] }],
  ['trusted issuers only ignores self-reported', { requirements: [req(PY, 5, { essential: false })], filters: { trustedOnly: true, verifiedOnly: false }, pageSize: 50, facets: ['skill'] }],
  ['trusted issuers only, all essential', { requirements: [req(PY, 2), req(SQLS, 1)], filters: { trustedOnly: true }, pageSize: 100, facets: ['skill', 'location'] }],
  ['no results', { requirements: [req(PY, 5), req(UR, 5), req(SQLS, 5), req(ML, 5)], text: 'zebra', facets: ['skill', 'kind'] }],
  // The query language (issue 13): operators, phrases, fields, typos, prefixes, accents, spelling, aliases.
  ['text: a word minus a word', { text: 'analyst -senior', pageSize: 100, facets: ['kind'] }],
  ['text: OR', { text: 'analyst OR engineer', pageSize: 100 }],
  ['text: NOT alone', { text: 'NOT senior', pageSize: 100, facets: ['location'] }],
  ['text: groups and fields', { text: '(headline:engineer OR headline:analyst) -location:leeds', pageSize: 100 }],
  ['text: a phrase', { text: '"data analyst" OR "junior data"', pageSize: 100 }],
  ['text: typo in a skill', { text: 'pyhton', pageSize: 100 }],
  ['text: typo in a name', { text: 'nadai', pageSize: 100 }],
  ['text: prefix', { text: 'resea', pageSize: 100 }],
  ['text: accents', { text: 'zoe angstrom', pageSize: 100 }],
  ['text: location word', { text: 'london', pageSize: 100, facets: ['location'] }],
  ['text: a known word gets no typo tolerance, an unknown one does', { text: 'lndon OR hale', pageSize: 100 }],
  ['text: location field', { text: 'location:london', pageSize: 100 }],
  ['text: name field', { text: 'name:london', pageSize: 100 }],
  ['text: UK spelling finds US', { text: 'credential:visualisation', pageSize: 100 }],
  ['text: skill aliases', { text: 'skill:ml OR skill:dataviz', pageSize: 100 }],
  ['text: issuer names', { text: 'issuer:"beta institute" OR issuer:universite', pageSize: 100, facets: ['issuer'] }],
  ['text with requirements', { text: 'data -junior', requirements: [req(PY, 2, { essential: false })], pageSize: 100 }],
  // Ranking among equal match % (issue 13 item 5): surplus, evidence, recency.
  ['surplus and evidence order', { requirements: [req(PY, 2)], pageSize: 100 }],
  ['surplus with weights', { requirements: [req(PY, 2, { essential: false, weight: 2 }), req(ML, 1, { essential: false })], pageSize: 100 }],
  // A self-reported row with more (unverified) credentials than the verified row at the same level: the verified row is counted (issue 15).
  ['self-reported levels with their own credentials, evidence order', { requirements: [req(DEV, 2)], filters: { verifiedOnly: false }, pageSize: 100, facets: ['level'] }],
  // At least N verified credentials for a requirement (issue 13 item 6).
  ['at least 2 credentials, essential', { requirements: [req(PY, 2, { minCredentials: 2 })], pageSize: 100, facets: ['level', 'skill'] }],
  ['at least N credentials, every requirement essential', { requirements: [req(PY, 1, { minCredentials: 3 }), req(SQLS, 2, { minCredentials: 2 })], pageSize: 100, facets: ['level'] }],
  ['at least N credentials, essential and optional', { requirements: [req(SQLS, 1), req(VIZ, 3, { essential: false, minCredentials: 2 }), req(ML, 2, { essential: false })], pageSize: 100, facets: ['level', 'kind'] }],
  ['at least N credentials with self-reported levels (the verified level is read)', { requirements: [req(PY, 2, { essential: false, minCredentials: 1 }), req(DEV, 3, { essential: false, minCredentials: 2 })], filters: { verifiedOnly: false }, pageSize: 100, facets: ['level', 'skill'] }],
  ['at least N credentials, trusted issuers only', { requirements: [req(PY, 2, { minCredentials: 2 }), req(VIZ, 1, { essential: false, minCredentials: 1 })], filters: { trustedOnly: true }, pageSize: 100, facets: ['level'] }],
  ['at least N credentials, minimum score', { requirements: [req(UR, 2, { essential: false, minCredentials: 2 }), req(ML, 2, { essential: false })], filters: { minScore: 0.5 }, pageSize: 100 }],
  // Related skills as partial evidence for optional requirements (issue 13 item 4).
  ['related skills, all optional', { requirements: [req(PY, 4, { essential: false, related: [VIZ, ML] }), req(SQLS, 2, { essential: false })], pageSize: 100, facets: ['level', 'skill'] }],
  ['related skills beside an essential requirement', { requirements: [req(UR, 1), req(PY, 3, { essential: false, related: [SQLS, DEV] })], pageSize: 100, facets: ['level'] }],
  ['related skills, page 2 of a broad query', { requirements: [req(ML, 5, { essential: false, related: [PY] })], pageSize: 20, page: 2, facets: ['kind', 'skill'] }],
  ['related skills with credentials asked and self-reported', { requirements: [req(VIZ, 3, { essential: false, related: [UR], minCredentials: 2 })], filters: { verifiedOnly: false }, pageSize: 100 }],
  ['related skills, trusted issuers only, minimum score', { requirements: [req(PY, 3, { essential: false, related: [VIZ] })], filters: { trustedOnly: true, minScore: 0.2 }, pageSize: 100 }],
  ['related skill that is also a requirement', { requirements: [req(PY, 5, { essential: false, related: [SQLS] }), req(SQLS, 4, { essential: false })], pageSize: 100, sort: 'match' }],
];

describe.each(testDatabaseKinds)('search contract on %s', (dbKind) => {
  let t: TestDatabase;
  let docs: PersonDoc[];
  beforeAll(async () => {
    t = await createTestDatabase(dbKind);
    await insertCorpus(t.db, [...NAMED, ...generatedPeople(160)]);
    docs = await loadPersonDocs(t.db, [...NAMED.map((p) => p.id), ...generatedPeople(160).map((p) => p.id)]);
  });
  afterAll(async () => {
    await t?.close();
  });

  test('person docs: only verified credentials feed names, issuers, counts and dates', () => {
    const revoked = docs.find((d) => d.personId === 'n-revoked')!;
    expect(revoked.credentialNames).toEqual(['Research Basics']);
    expect(revoked.issuerIds).toEqual(['did:key:issuer-alpha']);
    expect(revoked.verifiedCredentialCount).toBe(1);
    expect(revoked.lastVerifiedAt).toBe('2024-06-01T00:00:00.000Z');
    const self = docs.find((d) => d.personId === 'n-self')!;
    expect(self.skills.map((s) => [s.skill, s.level, s.verified])).toEqual([
      [PY, 5, false],
      [PY, 2, true],
    ]);
  });

  describe.each(engineCases)('$name engine', (engineCase) => {
    let engine: SearchEngine;
    let cleanup: () => Promise<void> = async () => {};
    beforeAll(async () => {
      ({ engine, cleanup } = await engineCase.make(t));
      await engine.indexPeople(docs);
    });
    afterAll(async () => {
      await cleanup();
    });

    const all = visibilityScope(hr);

    test.each(BATTERY)('agrees with the domain oracle: %s', async (_label, input) => {
      const query = q(input);
      for (const [, scope] of SCOPES) {
        const got = await engine.search(query, scope);
        expect(got).toEqual(referenceSearch(docs, query, scope));
      }
    });

    test('one requirement at a level: everyone at or above it, nobody below', async () => {
      const r = await engine.search(q({ requirements: [req(PY, 4)], pageSize: 100 }), all);
      expect(r.total).toBeGreaterThan(0);
      for (const h of r.hits) {
        expect(h.breakdown[0]!.achieved).toBeGreaterThanOrEqual(4);
        expect(h.score).toBe(1);
      }
      expect(ids(r)).toContain('n-cross');
      expect(ids(r)).not.toContain('n-both');
    });

    test('current role profile filters on the profile held, not the title', async () => {
      const senior = ids(await engine.search(q({ filters: { currentRoleProfile: ['role-senior-data-scientist'] }, sort: 'name' }), all));
      expect(senior).toContain('n-emp-stay');
      expect(senior).not.toContain('n-emp-mobile');
      // Stan's title is "Data scientist", but he does not hold that profile; generated data scientists do.
      const plain = ids(await engine.search(q({ filters: { currentRoleProfile: ['role-data-scientist'] }, pageSize: 100 }), all));
      expect(plain).not.toContain('n-emp-stay');
      expect(plain.length).toBeGreaterThan(0);
    });

    test('the cross-matching trap: Python 4 + Viz 2 does not match Python >= 2 and Viz >= 4', async () => {
      const r = await engine.search(q({ requirements: [req(PY, 2), req(VIZ, 4)], pageSize: 100 }), all);
      expect(ids(r)).not.toContain('n-cross');
      expect(ids(r)).toContain('n-both');
    });

    test('optional requirements score partial credit instead of filtering', async () => {
      const r = await engine.search(q({ requirements: [req(PY, 2, { essential: false }), req(VIZ, 4, { essential: false })], text: 'cora', pageSize: 100 }), all);
      expect(ids(r)).toEqual(['n-cross']);
      // (1 * 1 + 1 * 0.5 * 2/4) / 2
      expect(r.hits[0]!.score).toBe(0.625);
      expect(r.hits[0]!.breakdown.map((b) => [b.skill, b.achieved, b.met])).toEqual([
        [PY, 4, true],
        [VIZ, 2, false],
      ]);
    });

    test('at least N verified credentials: two credentials meet it, one does not (issue 13 item 6)', async () => {
      // n-junior: Python Working from 2 credentials; n-working: Python Working from 1.
      const plain = await engine.search(q({ requirements: [req(PY, 2)], text: 'engineer', pageSize: 100 }), all);
      expect(ids(plain)).toEqual(expect.arrayContaining(['n-junior', 'n-working']));
      const two = await engine.search(q({ requirements: [req(PY, 2, { minCredentials: 2 })], text: 'engineer', pageSize: 100 }), all);
      expect(ids(two)).toContain('n-junior');
      expect(ids(two)).not.toContain('n-working');
      const optional = await engine.search(q({ requirements: [req(PY, 2, { essential: false, minCredentials: 2 })], text: 'wendy' }), all);
      expect(optional.hits[0]!.breakdown[0]).toMatchObject({ achieved: 2, met: false, minCredentials: 2, credentialIds: ['n-working-c0'] });
      expect(optional.hits[0]!.score).toBe(0.5);
      // Self-reported Python 5 does not stand in: the requirement reads the verified Working level.
      const self = await engine.search(q({ requirements: [req(PY, 3, { minCredentials: 1 })], text: 'sam', filters: { verifiedOnly: false } }), all);
      expect(self.total).toBe(0);
    });

    test('a related skill gives partial credit to an optional requirement, labelled related, never met (issue 13 item 4)', async () => {
      // n-senior holds Visualisation 3 and no Python.
      const r = await engine.search(q({ requirements: [req(PY, 3, { essential: false, related: [VIZ] })], text: 'nadia' }), all);
      expect(r.hits[0]!.score).toBe(0.25);
      expect(r.hits[0]!.breakdown[0]).toMatchObject({ skill: PY, achieved: 0, met: false, related: { skill: VIZ, level: 3 }, credentialIds: [] });
      const without = await engine.search(q({ requirements: [req(PY, 3, { essential: false })], text: 'nadia' }), all);
      expect(without.hits[0]!.score).toBe(0);
      // An essential requirement is never satisfied by a related skill (the schema refuses the option there).
      await expect(searchPeople(hr, { requirements: [req(PY, 3, { related: [VIZ] })] }, { db: t.db, engine })).rejects.toMatchObject({ code: 'invalid_input' });
    });

    test('with self-reported levels included, a verified row at the same level supplies the evidence (issue 15)', async () => {
      const r = await engine.search(q({ requirements: [req(DEV, 2)], text: 'vera', filters: { verifiedOnly: false } }), all);
      expect(ids(r)).toEqual(['n-vouch']);
      expect(r.hits[0]).toMatchObject({ surplus: 1, evidence: 1 });
      expect(r.hits[0]!.breakdown[0]!.credentialIds).toEqual(['n-vouch-c0']);
    });

    test('verified only ignores self-reported levels; including them takes the higher level', async () => {
      const verified = await engine.search(q({ requirements: [req(PY, 3)], text: 'sam', pageSize: 100 }), all);
      expect(ids(verified)).toEqual([]);
      const both = await engine.search(q({ requirements: [req(PY, 3)], text: 'sam', filters: { verifiedOnly: false } }), all);
      expect(ids(both)).toEqual(['n-self']);
      expect(both.hits[0]!.breakdown[0]!.achieved).toBe(5);
      const only = await engine.search(q({ requirements: [req(PY, 1)], text: 'olly' }), all);
      expect(only.total).toBe(0);
    });

    test('expired and revoked credentials do not count', async () => {
      const expired = await engine.search(q({ requirements: [req(PY, 1)], text: 'ed expired' }), all);
      expect(expired.total).toBe(0);
      const viz = await engine.search(q({ requirements: [req(VIZ, 3)], text: 'ed expired' }), all);
      expect(ids(viz)).toEqual(['n-expired']);
      // The revoked credential's name is not searchable and its issuer is not a facet value of Rita.
      const revoked = await engine.search(q({ text: 'quantum wizard' }), all);
      expect(revoked.total).toBe(0);
    });

    test('trusted issuers only: a skill counts at the level trusted issuers alone prove; untrusted levels are marked otherwise', async () => {
      const plain = await engine.search(q({ requirements: [req(PY, 4), req(VIZ, 1, { essential: false })], text: 'una' }), all);
      expect(ids(plain)).toEqual(['n-untrusted']);
      expect(plain.hits[0]!.breakdown.map((b) => [b.skill, b.achieved, b.untrusted])).toEqual([
        [PY, 5, true],
        [VIZ, 3, true],
      ]);
      const trusted = await engine.search(q({ requirements: [req(PY, 4)], text: 'una', filters: { trustedOnly: true } }), all);
      expect(trusted.total).toBe(0);
      const lower = await engine.search(q({ requirements: [req(PY, 2), req(VIZ, 1, { essential: false })], text: 'una', filters: { trustedOnly: true } }), all);
      expect(lower.hits.map((h) => h.breakdown.map((b) => [b.skill, b.achieved, b.untrusted]))).toEqual([
        [
          [PY, 2, false],
          [VIZ, 0, false],
        ],
      ]);
      // A trusted level that expired no longer counts under the filter (the untrusted one still shows, marked).
      const expired = await engine.search(q({ requirements: [req(PY, 1)], text: 'tex', filters: { trustedOnly: true } }), all);
      expect(expired.total).toBe(0);
      const shown = await engine.search(q({ requirements: [req(PY, 1)], text: 'tex' }), all);
      expect(shown.hits[0]!.breakdown[0]).toMatchObject({ achieved: 4, untrusted: true });
      // A level from a trusted issuer carries no mark.
      const cora = await engine.search(q({ requirements: [req(PY, 1)], text: 'cora' }), all);
      expect(cora.hits[0]!.breakdown[0]).toMatchObject({ achieved: 4, untrusted: false });
    });

    test('ties break by the most recent verified credential, then by id', async () => {
      const r = await engine.search(q({ requirements: [req(SQLS, 3)], text: 'tia' }), all);
      expect(ids(r)).toEqual(['n-tie2', 'n-tie3', 'n-tie4', 'n-tie1']);
      expect(new Set(r.hits.map((h) => h.score))).toEqual(new Set([1]));
    });

    test('query language: what a recruiter expects of each example in issue 13', async () => {
      const find = async (text: string) => ids(await engine.search(q({ text, pageSize: 100 }), all));
      // `analyst -senior` leaves out the senior analyst; `NOT senior` is everyone else; OR is a union.
      expect(await find('analyst')).toContain('n-senior');
      expect(await find('analyst -senior')).not.toContain('n-senior');
      expect(await find('analyst -senior')).toContain('n-both');
      const notSenior = await find('NOT senior');
      expect(notSenior).not.toContain('n-senior');
      expect((await engine.search(q({ text: 'NOT senior' }), all)).total).toBe(docs.length - 1);
      // Excluding "senior" does not also exclude "junior" (one letter apart would be a typo).
      expect(await find('data NOT senior')).toContain('n-junior');
      const either = await find('analyst OR engineer');
      expect(either).toEqual(expect.arrayContaining(['n-senior', 'n-both', 'n-junior', 'n-working']));
      // Typos, prefixes and accents.
      expect(await find('pyhton')).toEqual(expect.arrayContaining(['n-cross', 'n-junior']));
      expect(await find('nadai')).toEqual(['n-senior']);
      expect(await find('zoe angstrom')).toEqual(['n-junior']);
      expect(await find('Zoë')).toEqual(['n-junior']);
      // `london` finds people in London (and Nadia London), not Landon: a word documents have is not a typo.
      expect(await find('london')).not.toContain('n-landon');
      expect(await find('lndon')).toEqual(expect.arrayContaining(['n-landon', 'n-senior', 'n-junior']));
      // The fields tell them apart.
      expect(await find('name:london')).toEqual(['n-senior']);
      const inLondon = await find('location:london');
      expect(inLondon).toContain('n-junior');
      expect(inLondon).not.toContain('n-senior');
      expect(await find('london')).toEqual(expect.arrayContaining(['n-senior', 'n-junior']));
      // Phrases: the words next to each other, in that order.
      expect(await find('"data analyst"')).toEqual(['n-senior']);
      expect(await find('"analyst data"')).toEqual([]);
      // Longer phrases too, within one value: four words of one credential name match, five words
      // spread over two names do not (though each three-word run of them is in one of the names).
      expect(await find('"cloud data platform engineering"')).toEqual(['n-phrase']);
      expect(await find('credential:"data platform engineering leadership"')).toEqual(['n-phrase']);
      expect(await find('"cloud data platform engineering leadership"')).toEqual([]);
      expect(await find('"platform engineering" -"engineering leadership"')).toEqual([]);
      expect(await find('"platform engineering" "data platform"')).toEqual(['n-phrase']);
      // UK/US spelling and skill aliases.
      expect(await find('credential:visualisation')).toContain('n-senior');
      expect(await find('credential:"visualisation foundations"')).toContain('n-senior');
      const us = await find('credential:"visualization practitioner"');
      expect(us.length).toBeGreaterThan(0);
      expect(await find('credential:"visualisation practitioner"')).toEqual(us);
      expect(await find('skill:dataviz')).toContain('n-senior');
    });

    test('skill picker counts: people each scope may see holding each skill at a verified level (issue 13 item 3)', async () => {
      const skillIds = [PY, VIZ, UR, SQLS, ML, DEV, 'onet:held-by-nobody'];
      for (const [, scope] of SCOPES) {
        const got = await engine.countSkillHolders(skillIds, scope);
        expect(got).toEqual(referenceSkillHolders(docs, skillIds, scope));
        expect(got.has('onet:held-by-nobody')).toBe(false);
      }
      // Scope matters: HR sees more Python holders than a recruiter (employees not open to mobility).
      expect((await engine.countSkillHolders([PY], all)).get(PY)).toBeGreaterThan((await engine.countSkillHolders([PY], visibilityScope(recruiter))).get(PY)!);
      expect(await engine.countSkillHolders([], all)).toEqual(new Map());
    });

    test('ranking among equal match %: more level above the minimum, then more credentials, then recency', async () => {
      const r = await engine.search(q({ requirements: [req(PY, 2)], pageSize: 100 }), all);
      const position = (id: string) => ids(r).indexOf(id);
      // Expert (5) before Advanced (4) before Working (2), all at 100 %.
      expect(r.hits.find((h) => h.personId === 'n-emp-stay')).toMatchObject({ score: 1, surplus: 3 });
      expect(position('n-emp-stay')).toBeLessThan(position('n-cross'));
      // Two Working holders: two credentials behind the level beat one more recent credential.
      expect(r.hits.find((h) => h.personId === 'n-junior')).toMatchObject({ score: 1, surplus: 0, evidence: 2 });
      expect(r.hits.find((h) => h.personId === 'n-working')).toMatchObject({ score: 1, surplus: 0, evidence: 1 });
      expect(position('n-cross')).toBeLessThan(position('n-junior'));
      expect(position('n-junior')).toBeLessThan(position('n-working'));
      for (let i = 1; i < r.hits.length; i++) {
        const [a, b] = [r.hits[i - 1]!, r.hits[i]!];
        if (a.score === b.score) expect(a.surplus).toBeGreaterThanOrEqual(b.surplus);
      }
    });

    test('pagination: pages partition the ordered result and total is stable', async () => {
      const query = { requirements: [req(UR, 2, { essential: false })], pageSize: 13 };
      const first = await engine.search(q({ ...query, page: 1 }), all);
      const seen: string[] = [];
      for (let page = 1; page <= Math.ceil(first.total / 13); page++) {
        const r = await engine.search(q({ ...query, page }), all);
        expect(r.total).toBe(first.total);
        seen.push(...ids(r));
      }
      expect(seen).toHaveLength(first.total);
      expect(new Set(seen).size).toBe(first.total);
      const beyond = await engine.search(q({ ...query, page: 100 }), all);
      expect(beyond.hits).toEqual([]);
      expect(beyond.total).toBe(first.total);
    });

    test('facets count the matched set', async () => {
      const r = await engine.search(q({ requirements: [req(SQLS, 3)], text: 'tia', facets: ['location', 'issuer', 'skill', 'level', 'kind'] }), all);
      expect(r.facets.location).toEqual([{ value: 'Manchester', count: 4 }]);
      expect(r.facets.issuer).toEqual([{ value: 'did:key:issuer-beta', count: 4 }]);
      expect(r.facets.skill).toEqual([{ value: SQLS, count: 4 }]);
      expect(r.facets.level).toEqual([{ value: '3', count: 4 }]);
      expect(r.facets.kind).toEqual([{ value: 'candidate', count: 4 }]);
    });

    test('visibility scopes: recruiter, manager and HR each see exactly their people', async () => {
      const query = q({ requirements: [req(PY, 1)], pageSize: 100 });
      const rec = ids(await engine.search(query, visibilityScope(recruiter)));
      expect(rec).toContain('n-emp-mobile');
      expect(rec).not.toContain('n-emp-stay');
      expect(rec).not.toContain('n-emp-design');
      expect(rec).not.toContain('n-hidden');
      const man = ids(await engine.search(query, visibilityScope(manager)));
      expect(man).toContain('n-emp-stay');
      expect(man).toContain('n-emp-mobile');
      expect(man).not.toContain('n-emp-design');
      expect(man).not.toContain('n-cross');
      const everyone = ids(await engine.search(query, visibilityScope(hr)));
      expect(everyone).toContain('n-hidden');
      expect(everyone).toContain('n-emp-design');
      const nobody = await engine.search(query, { all: false, candidates: false, mobileEmployees: false, departmentId: null });
      expect(nobody).toEqual({ total: 0, hits: [], facets: {} });
    });

    test('hostile text is just words: same answer as the oracle, nothing executed', async () => {
      for (const text of ['*', '" OR 1=1 --"', "'; drop table people; --", 'pyth* ~2 ^3 /re.*x/ ?', 'unknown:field', '{"query_string":{"query":"*"}}', '%_\\', 'a\u0000b', 'name:* AND _exists_:email']) {
        const query = q({ text });
        expect(await engine.search(query, all)).toEqual(referenceSearch(docs, query, all));
      }
      expect((await engine.search(q({ text: "'; drop table people; --" }), all)).total).toBe(0);
      expect((await engine.search(q({}), all)).total).toBe(docs.length);
    });

    test.each([
      ['everything', { departments: [], skills: [] }],
      ['one department, two skills, level 3, a window', { departments: ['data'], skills: [PY, ML], minLevel: 3, from: '2025-01-01', to: '2025-06-30' }],
      ['unknown department', { departments: ['nope'], skills: [] }],
    ] as const)('insights aggregations agree with the oracle: %s', async (_label, filters) => {
      for (const [, scope] of SCOPES) {
        const got = await engine.aggregate({ ...filters, departments: [...filters.departments], skills: [...filters.skills] }, scope);
        expect(got).toEqual(referenceAggregate(docs, { ...filters, departments: [...filters.departments], skills: [...filters.skills] }, scope));
      }
    });

    // Coverage over time (issue 7 item 3): people first covered per month, counted once per person.
    // The mid-month cases put `from`/`to` on the generated people's achievement day (the 15th) so an
    // off-by-one at either end of the window changes the answer.
    const coverageLevels = [
      { skill: PY, level: 3 },
      { skill: ML, level: 2 },
      { skill: VIZ, level: 4 },
    ];
    test.each([
      ['a window of whole months', { departments: [], skills: [], from: '2024-01-01', to: '2025-06-30', coverageLevels }],
      ['from and to on an achievement day', { departments: [], skills: [], from: '2024-03-15', to: '2025-05-15', coverageLevels }],
      ['no window', { departments: [], skills: [], coverageLevels: [{ skill: PY, level: 1 }] }],
      ['only from, one department, skills filter ignored', { departments: ['data'], skills: [UR], from: '2024-06-01', coverageLevels }],
      ['only to', { departments: [], skills: [], to: '2024-09-30', coverageLevels: [{ skill: DEV, level: 2 }, { skill: SQLS, level: 4 }] }],
      ['a pair nobody meets', { departments: [], skills: [], from: '2024-01-01', to: '2024-12-31', coverageLevels: [{ skill: 'no:such-skill', level: 1 }] }],
    ] as const)('coverage over time agrees with the oracle: %s', async (_label, filters) => {
      for (const [, scope] of SCOPES) {
        const input = { ...filters, departments: [...filters.departments], skills: [...filters.skills], coverageLevels: filters.coverageLevels.map((p) => ({ ...p })) };
        const got = await engine.aggregate(input, scope);
        const want = referenceAggregate(docs, input, scope);
        expect({ firstCoveredPerMonth: got.firstCoveredPerMonth, coveredBeforeFrom: got.coveredBeforeFrom }).toEqual({
          firstCoveredPerMonth: want.firstCoveredPerMonth,
          coveredBeforeFrom: want.coveredBeforeFrom,
        });
        expect(got).toEqual(want);
      }
    });

    test('coverage over time counts people, not skill rows, and the corpus exercises every branch', async () => {
      const filters = { departments: [], skills: [], from: '2024-01-01', to: '2025-06-30', coverageLevels };
      const got = await engine.aggregate(filters, all);
      const covered = got.coveredBeforeFrom + got.firstCoveredPerMonth.reduce((n, p) => n + p.count, 0);
      const employees = docs.filter((d) => d.kind === 'employee');
      const now = CORPUS_NOW.getTime();
      const qualifies = (s: PersonDoc['skills'][number]) =>
        s.verified && (s.expiresAt === null || Date.parse(s.expiresAt) > now) && coverageLevels.some((p) => p.skill === s.skill && s.level >= p.level);
      // Several employees qualify through more than one row: counting rows would give a larger number.
      const rows = employees.flatMap((d) => d.skills.filter(qualifies));
      const peopleWithTwo = employees.filter((d) => d.skills.filter(qualifies).length > 1).length;
      expect(peopleWithTwo).toBeGreaterThan(5);
      expect(covered).toBeLessThan(rows.length);
      expect(got.coveredBeforeFrom).toBeGreaterThan(0);
      expect(got.firstCoveredPerMonth.length).toBeGreaterThan(3);
      // Undated qualifying rows (the named people) count before the window.
      expect(employees.some((d) => d.skills.some((s) => qualifies(s) && s.achievedAt === null))).toBe(true);
      // An expired qualifying row does not count (it exists in the corpus).
      expect(employees.some((d) => d.skills.some((s) => s.verified && s.expiresAt !== null && Date.parse(s.expiresAt) <= now && coverageLevels.some((p) => p.skill === s.skill && s.level >= p.level)))).toBe(true);
      const none = await engine.aggregate({ departments: [], skills: [] }, all);
      expect(none.firstCoveredPerMonth).toEqual([]);
      expect(none.coveredBeforeFrom).toBe(0);
    });

    test('indexing is idempotent and deletes remove people', async () => {
      const before = await engine.search(q({ facets: ['kind'] }), all);
      await engine.indexPeople(docs.slice(0, 20));
      await engine.indexPeople([docs[0]!, docs[0]!]);
      expect(await engine.search(q({ facets: ['kind'] }), all)).toEqual(before);
      await engine.deletePeople(['n-cross']);
      const after = await engine.search(q({ text: 'cora' }), all);
      expect(after.total).toBe(0);
      await engine.indexPeople(docs.filter((d) => d.personId === 'n-cross'));
      expect((await engine.search(q({ text: 'cora' }), all)).total).toBe(1);
      const health = await engine.health();
      expect(health.ok).toBe(true);
      expect(health.documents).toBe(docs.length);
    });

    test('searchPeople: unknown skills are a 422 naming them; bad input is a 422', async () => {
      const options = { db: t.db, engine };
      const unknown = await searchPeople(recruiter, { requirements: [{ skill: PY, minLevel: 2 }, { skill: 'onet:cobol-9000', minLevel: 3 }] }, options).catch((e: unknown) => e);
      expect(isAppError(unknown) && unknown.status).toBe(422);
      expect(isAppError(unknown) && unknown.message).toContain('onet:cobol-9000');
      expect(isAppError(unknown) && unknown.fieldErrors['requirements.1.skill']).toBeDefined();
      const bad: unknown[] = [
        { requirements: [{ skill: PY, minLevel: 6 }] },
        { requirements: [{ skill: PY, minLevel: 0 }] },
        { requirements: Array.from({ length: 500 }, (_, i) => ({ skill: `s${i}`, minLevel: 1 })) },
        { page: 10_000_000 },
        { text: 'x'.repeat(1_000_000) },
        { text: '"unclosed quote' },
        { text: '(analyst OR engineer' },
        { text: 'NOT' },
        { text: Array.from({ length: 100 }, () => 'OR').join(' ') },
        { sort: 'score; drop table' },
        { filters: { kind: ['robot'] } },
        { surprise: true },
        'not an object',
        null,
      ];
      for (const input of bad) {
        const err = await searchPeople(recruiter, input, options).catch((e: unknown) => e);
        expect(isAppError(err) ? err.status : err).toBe(422);
      }
      // A search cancelled by the statement timeout is the caller's query being too broad (422);
      // an engine that cannot be reached is a 503; neither is a 500.
      const cancelled: SearchEngine = {
        ...engine,
        search: async () => {
          throw Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }) });
        },
      };
      const slow = await searchPeople(recruiter, {}, { db: t.db, engine: cancelled }).catch((e: unknown) => e);
      expect(isAppError(slow) && [slow.status, slow.message]).toEqual([422, expect.stringContaining('too broad')]);
      const down: SearchEngine = { ...engine, search: async () => Promise.reject(new Error('connect ECONNREFUSED')) };
      const unavailable = await searchPeople(recruiter, {}, { db: t.db, engine: down }).catch((e: unknown) => e);
      expect(isAppError(unavailable) && unavailable.status).toBe(503);
      // With the engine down, a query naming an unknown skill is still the caller's 422, not a 503.
      const unknownWhileDown = await searchPeople(recruiter, { requirements: [{ skill: 'onet:cobol-9000', minLevel: 3 }] }, { db: t.db, engine: down }).catch((e: unknown) => e);
      expect(isAppError(unknownWhileDown) && [unknownWhileDown.status, unknownWhileDown.fieldErrors]).toEqual([422, { 'requirements.0.skill': ['unknown skill "onet:cobol-9000"'] }]);
      const knownWhileDown = await searchPeople(recruiter, { requirements: [{ skill: PY, minLevel: 1 }] }, { db: t.db, engine: down }).catch((e: unknown) => e);
      expect(isAppError(knownWhileDown) && knownWhileDown.status).toBe(503);
      // An engine that does not check skills in its search (Elasticsearch; a wrapper that drops the
      // option): searchPeople checks them apart, with the same 422.
      const unchecking: SearchEngine = { ...engine, search: (query, scope) => engine.search(query, scope) };
      const unknownApart = await searchPeople(recruiter, { requirements: [{ skill: 'onet:cobol-9000', minLevel: 3 }] }, { db: t.db, engine: unchecking }).catch((e: unknown) => e);
      expect(isAppError(unknownApart) && [unknownApart.status, unknownApart.fieldErrors]).toEqual([422, { 'requirements.0.skill': ['unknown skill "onet:cobol-9000"'] }]);
      const ok = await searchPeople(recruiter, { requirements: [{ skill: PY, minLevel: 1 }], pageSize: 100 }, options);
      expect(ok.hits.map((h) => h.personId)).not.toContain('n-emp-stay');
    });
  });

  // Cached facet totals (by cell: kind, department, location, mobility, searchable), keyed on the
  // index version and the next expiry: whole-cell queries (no essential, text, issuer, role or minimum
  // score) take their facets from the cells their scope and filters allow; other broad matches count
  // totals minus the visible people not matched. Its own database: this block writes to the index
  // and moves the clock.
  describe('embedded engine: facets from cached cell totals, and totals minus the complement', () => {
    let t2: TestDatabase;
    let current: PersonDoc[];
    let clock = CORPUS_NOW;
    let paths: string[] = [];
    let engine: SearchEngine;
    const broad: SearchQueryInput[] = [
      { facets: ['skill', 'issuer', 'kind', 'level', 'location', 'department'] },
      { requirements: [req(PY, 3, { essential: false })], facets: ['skill', 'issuer', 'level'], pageSize: 5 },
      { requirements: [req(PY, 1, { essential: false }), req(VIZ, 1, { essential: false })], filters: { minScore: 0.25 }, facets: ['skill', 'issuer', 'location', 'department', 'kind'] },
      { filters: { verifiedOnly: false, kind: ['candidate'] }, facets: ['skill', 'issuer', 'kind', 'location'], sort: 'recent' },
      { filters: { verifiedOnly: false }, requirements: [req(DEV, 2, { essential: false })], facets: ['skill'] },
      // Whole-cell queries with cell filters: location, kind + department, mobility.
      { requirements: [req(PY, 2, { essential: false }), req(VIZ, 3, { essential: false })], filters: { location: ['London', 'Leeds'] }, facets: ['skill', 'issuer', 'kind', 'level', 'location', 'department'] },
      { filters: { kind: ['employee'], department: ['data'], verifiedOnly: false }, facets: ['skill', 'issuer', 'kind', 'location', 'department'], sort: 'name' },
      { filters: { openToMobility: true }, requirements: [req(SQLS, 1, { essential: false })], facets: ['skill', 'issuer', 'department', 'level'] },
      // Ranked by score with few holders: pages filled with people scoring 0 (most recent first).
      { requirements: [req(UR, 5, { essential: false }), req(ML, 3, { essential: false, weight: 2 })], page: 2, pageSize: 7, facets: ['skill', 'level', 'kind'] },
      { requirements: [req(ML, 3, { essential: false })], filters: { kind: ['candidate'] }, pageSize: 50, facets: ['level', 'location'] },
      { requirements: [req(ML, 3, { essential: false })], filters: { kind: ['employee'], department: ['design'] }, page: 2, pageSize: 4, facets: ['level', 'skill'] },
      { requirements: [req(UR, 2, { essential: false }), req(DEV, 4, { essential: false })], filters: { location: ['Bristol'] }, facets: ['level', 'issuer'] },
      // A skill nobody holds (until the write test below gives it to one person): every page is
      // made of people scoring 0, most recent credential first.
      { requirements: [req('onet:brand-new-skill', 3, { essential: false })], page: 2, pageSize: 6, facets: ['level', 'kind', 'skill'] },
      // Whole cells with requirements, not ranked by score: everyone in the cells is on the pages.
      { requirements: [req(UR, 4, { essential: false })], sort: 'name', page: 2, pageSize: 10, facets: ['level', 'skill', 'location'] },
      { requirements: [req(ML, 2, { essential: false }), req(DEV, 3, { essential: false })], filters: { kind: ['candidate'] }, sort: 'recent', facets: ['level', 'issuer'] },
      // Not whole cells (an essential requirement; text): the matched set or the complement.
      { requirements: [req(PY, 1)], facets: ['skill', 'issuer', 'kind', 'location'] },
    ];
    /** Every broad query under every scope equals the oracle; returns the facet paths taken. */
    async function checkAll(): Promise<string[]> {
      paths = [];
      for (const input of broad) {
        const query = q(input);
        for (const [, scope] of SCOPES) {
          expect(await engine.search(query, scope)).toEqual(referenceSearch(current, query, scope, clock));
        }
      }
      return paths;
    }
    beforeAll(async () => {
      t2 = await createTestDatabase(dbKind);
      const specs = [...NAMED, ...generatedPeople(160)];
      await insertCorpus(t2.db, specs);
      current = await loadPersonDocs(t2.db, specs.map((p) => p.id));
      engine = createEmbeddedEngine(t2.db, { now: () => clock, onFacetPath: (p) => paths.push(p) });
      await engine.indexPeople(current);
    });
    afterAll(async () => {
      await t2?.close();
    });

    test('the mix has broad matches with a non-empty complement (what the path subtracts)', () => {
      const partial = broad.filter((input) => {
        const query = q(input);
        const visible = referenceSearch(current, q({}), visibilityScope(hr)).total;
        const total = referenceSearch(current, query, visibilityScope(hr)).total;
        return total * 2 > visible && total < visible;
      });
      expect(partial.length).toBeGreaterThan(0);
    });

    test('cold then warm: exact either way, totals shared across queries of a scope', async () => {
      const cold = await checkAll();
      expect(cold).toContain('filled');
      // Every (scope, verified only) pair was filled by its first broad query: now all are warm.
      const warm = await checkAll();
      expect(warm).toContain('cells');
      expect(warm).toContain('complement');
      expect(warm).not.toContain('filled');
    });

    test('an index write of our own patches the cached totals: exact answers, no whole count', async () => {
      const i = current.findIndex((d) => d.personId === 'n-cross');
      const changed: PersonDoc = {
        ...current[i]!,
        issuerIds: [...current[i]!.issuerIds, 'did:key:issuer-new'],
        skills: [...current[i]!.skills, { skill: 'onet:brand-new-skill', level: 4, verified: true, credentialIds: [], issuerIds: [], achievedAt: null, expiresAt: null, trustedLevel: null, trustedCredentialIds: [], trustedExpiresAt: null }],
      };
      await engine.indexPeople([changed]);
      current = current.map((d, j) => (j === i ? changed : d));
      await engine.deletePeople(['n-hidden']);
      current = current.filter((d) => d.personId !== 'n-hidden');
      const after = await checkAll();
      // Every search answered from the patched totals (the cells path), none counted them again.
      expect(after).toContain('cells');
      expect(after).not.toContain('filled');
      const all = await engine.search(q({ facets: ['skill', 'issuer'] }), visibilityScope(hr));
      expect(all.facets.issuer).toContainEqual({ value: 'did:key:issuer-new', count: 1 });
      expect(all.facets.skill).toContainEqual({ value: 'onet:brand-new-skill', count: 1 });
    });

    test('patched totals stay exact when a write opens a new cell, empties it again and adds an expiring skill', async () => {
      await checkAll();
      // A cell nobody was in (a new location): created by the write, counted by the patch.
      const j = current.findIndex((d) => d.kind === 'employee' && d.searchable && d.departmentId !== null);
      const expiresAt = new Date(clock.getTime() + 24 * 3600_000).toISOString();
      const movedFar: PersonDoc = {
        ...current[j]!,
        location: 'Inverness',
        skills: [
          ...current[j]!.skills.filter((s) => s.skill !== ML),
          { skill: ML, level: 3, verified: true, credentialIds: ['c-expiring'], issuerIds: [], achievedAt: null, expiresAt, trustedLevel: null, trustedCredentialIds: [], trustedExpiresAt: null },
        ],
      };
      await engine.indexPeople([movedFar]);
      current = current.map((d, k) => (k === j ? movedFar : d));
      let after = await checkAll();
      expect(after).not.toContain('filled');
      expect((await engine.search(q({ facets: ['location'] }), visibilityScope(hr))).facets.location).toContainEqual({ value: 'Inverness', count: 1 });
      // The patched totals end when that skill expires: past it, they are counted again (and exact).
      const before = clock;
      clock = new Date(clock.getTime() + 2 * 24 * 3600_000);
      after = await checkAll();
      expect(after).toContain('filled');
      clock = before;
      await checkAll();
      // The person leaves: the cell is empty again and its location gone from every facet.
      await engine.deletePeople([movedFar.personId]);
      current = current.filter((d) => d.personId !== movedFar.personId);
      after = await checkAll();
      expect(after).not.toContain('filled');
      expect((await engine.search(q({ facets: ['location'] }), visibilityScope(hr))).facets.location?.map((b) => b.value)).not.toContain('Inverness');
      await engine.indexPeople([movedFar]);
      current = [...current, movedFar];
      expect(await checkAll()).not.toContain('filled');
    });

    test('after a write, searches arriving together count the totals once and share them (exact answers)', async () => {
      await checkAll();
      const i = current.findIndex((d) => d.kind === 'employee' && d.searchable);
      const moved: PersonDoc = { ...current[i]!, location: 'Leeds' };
      await engine.indexPeople([moved]);
      current = current.map((d, j) => (j === i ? moved : d));
      // That write patched the totals; another writer (plain SQL, no change to any count) makes them
      // stale, and every search then finds that out at once.
      await t2.db.execute(sql`update search_doc_facets set issuer_ids = issuer_ids where person_id = ${moved.personId}`);
      // Eight scopes' searches at once, all in one mode (verified only), as the web server's requests arrive.
      const query = q({ requirements: [req(PY, 1, { essential: false })], facets: ['skill', 'issuer', 'location', 'department', 'kind'] });
      paths = [];
      const answers = await Promise.all([...SCOPES, ...SCOPES].map(([, scope]) => engine.search(query, scope)));
      [...SCOPES, ...SCOPES].forEach(([, scope], k) => expect(answers[k]).toEqual(referenceSearch(current, query, scope, clock)));
      expect(paths.filter((p) => p === 'filled')).toHaveLength(1);
      expect(paths.filter((p) => p === 'shared')).toHaveLength(SCOPES.length * 2 - 1);
      // Warm again: nobody counts.
      paths = [];
      await Promise.all(SCOPES.map(([, scope]) => engine.search(query, scope)));
      expect(paths).not.toContain('filled');
      expect(paths).not.toContain('shared');
    });

    test('a write by anyone else (plain SQL, another process) invalidates them too', async () => {
      await checkAll();
      const victim = current.find((d) => d.kind === 'candidate' && d.issuerIds.length > 0)!;
      // As a writer would: the document and the narrow row searches read (each write bumps the version).
      await t2.db.execute(sql`update search_documents set issuer_ids = '{}'::text[] where person_id = ${victim.personId}`);
      await t2.db.execute(sql`update search_doc_facets set issuer_ids = '{}'::text[] where person_id = ${victim.personId}`);
      current = current.map((d) => (d.personId === victim.personId ? { ...d, issuerIds: [] } : d));
      const after = await checkAll();
      expect(after).toContain('filled');
    });

    test('skill picker counts equal the oracle from warm cell totals and after another writer changed the index', async () => {
      const skillIds = [PY, VIZ, UR, SQLS, ML, DEV, 'onet:brand-new-skill'];
      const check = async () => {
        for (const [, scope] of SCOPES) expect(await engine.countSkillHolders(skillIds, scope)).toEqual(referenceSkillHolders(current, skillIds, scope, clock));
      };
      await checkAll();
      await check();
      const holder = current.find((d) => d.kind === 'candidate' && d.searchable && d.skills.some((s) => s.skill === UR && s.verified && s.expiresAt === null))!;
      // Another writer removes a verified Research row: the cached totals are stale and must not answer.
      await t2.db.execute(sql`delete from search_skill_facts where doc_no = (select doc_no from search_documents where person_id = ${holder.personId})
        and skill_no = (select skill_no from search_skill_keys where skill_id = ${UR})`);
      await t2.db.execute(sql`delete from search_doc_facets where doc_no = (select doc_no from search_documents where person_id = ${holder.personId})`);
      await t2.db.execute(sql`select search_doc_facets_fill(array(select doc_no from search_documents where person_id = ${holder.personId}))`);
      current = current.map((d) => (d.personId === holder.personId ? { ...d, skills: d.skills.filter((s) => s.skill !== UR) } : d));
      await check();
    });

    test('the per-cell counts maintained on write equal a recount of the documents', async () => {
      // Writes of every kind so far (engine upserts and deletes, a plain-SQL update), plus one more
      // delete and re-insert here; then the triggers' counts must equal counting search_doc_facets.
      await engine.deletePeople([current[3]!.personId]);
      await engine.indexPeople([current[3]!]);
      const recount = async (maintained: SQL, counted: SQL) => {
        const rows = rowsOf<{ k: string; n: number }>(
          await t2.db.execute(sql`select k, sum(n)::int as n from (${maintained} union all select k, -n from (${counted}) c) x group by k having sum(n) <> 0`),
        );
        return rows;
      };
      expect(await recount(sql`select cell_no::text as k, people as n from search_cell_people`, sql`select cell_no::text as k, count(*)::int as n from search_doc_facets group by 1`)).toEqual([]);
      expect(
        await recount(
          sql`select verified_only || '/' || cell_no || '/' || skill_no as k, people as n from search_cell_skills`,
          sql`select k, count(*)::int as n from (select 'true/' || cell_no || '/' || unnest(skills_verified) as k from search_doc_facets
                union all select 'false/' || cell_no || '/' || unnest(skills_any) from search_doc_facets) u group by 1`,
        ),
      ).toEqual([]);
      expect(
        await recount(
          sql`select verified_only || '/' || cell_no || '/' || skill_no || '/' || until as k, people as n from search_cell_expiring`,
          sql`select k, count(*)::int as n from (
                select 'true/' || d.cell_no || '/' || e.s || '/' || e.u as k from search_doc_facets d, unnest(d.expiring_verified, d.expiring_verified_until) e(s, u)
                union all select 'false/' || d.cell_no || '/' || e.s || '/' || e.u from search_doc_facets d, unnest(d.expiring_any, d.expiring_any_until) e(s, u)) u group by 1`,
        ),
      ).toEqual([]);
      expect(
        await recount(
          sql`select cell_no || '/' || issuer_id as k, people as n from search_cell_issuers`,
          sql`select cell_no || '/' || i as k, count(*)::int as n from search_doc_facets, unnest(issuer_ids) i group by 1`,
        ),
      ).toEqual([]);
      expect(
        await recount(
          sql`select cell_no || '/' || skill_no || '/' || level as k, people as n from search_cell_skill_levels`,
          sql`select d.cell_no || '/' || e.s || '/' || e.l as k, count(*)::int as n from search_doc_facets d, unnest(d.skills_verified, d.skills_verified_levels) e(s, l) group by 1`,
        ),
      ).toEqual([]);
      expect(
        await recount(
          sql`select cell_no || '/' || skill_no || '/' || level || '/' || until as k, people as n from search_cell_expiring_levels`,
          sql`select d.cell_no || '/' || e.s || '/' || e.l || '/' || e.u as k, count(*)::int as n
              from search_doc_facets d, unnest(d.expiring_verified, d.expiring_verified_levels, d.expiring_verified_until) e(s, l, u) group by 1`,
        ),
      ).toEqual([]);
      expect(
        await recount(
          sql`select cell_no || '/' || issued_at as k, credentials as n from search_cell_credential_dates`,
          sql`select d.cell_no || '/' || t as k, count(*)::int as n from search_doc_facets d, unnest(d.credential_dates) t group by 1`,
        ),
      ).toEqual([]);
      // The corpus has expiring skills, so those tables are exercised too.
      expect(rowsOf<{ n: number }>(await t2.db.execute(sql`select count(*)::int as n from search_cell_expiring where people > 0`))[0]!.n).toBeGreaterThan(0);
      expect(rowsOf<{ n: number }>(await t2.db.execute(sql`select count(*)::int as n from search_cell_expiring_levels where people > 0`))[0]!.n).toBeGreaterThan(0);
      // And insights read from them agree with the oracle after those writes, now and once levels have expired.
      const windowed = { departments: [], skills: [], from: '2024-03-15', to: '2025-05-15' };
      for (const [, scope] of SCOPES) {
        expect(await engine.aggregate({ departments: [], skills: [] }, scope)).toEqual(referenceAggregate(current, { departments: [], skills: [] }, scope, clock));
        expect(await engine.aggregate(windowed, scope)).toEqual(referenceAggregate(current, windowed, scope, clock));
      }
      const later = new Date('2028-01-01T00:00:00Z');
      const laterEngine = createEmbeddedEngine(t2.db, { now: () => later });
      expect(await laterEngine.aggregate({ departments: [], skills: [], minLevel: 2 }, visibilityScope(hr))).toEqual(
        referenceAggregate(current, { departments: [], skills: [], minLevel: 2 }, visibilityScope(hr), later),
      );
    });

    test('an index written before migration 0018 upgrades: its backfill leaves the level and date counts exact', async () => {
      // Rows indexed before 0018 had skills but empty level and date arrays (its column defaults);
      // the backfill then fills them through the triggers. It once failed on such rows with a NULL
      // level ("null value in column level of search_cell_expiring_levels") and stopped the server.
      const counts = async () =>
        rowsOf<{ k: string }>(
          await t2.db.execute(sql`select * from (
            select 'l/' || cell_no || '/' || skill_no || '/' || level || '=' || people as k from search_cell_skill_levels where people <> 0
            union all select 'e/' || cell_no || '/' || skill_no || '/' || level || '/' || until || '=' || people from search_cell_expiring_levels where people <> 0
            union all select 'm/' || cell_no || '/' || month || '=' || credentials from search_cell_months where credentials <> 0
            union all select 'd/' || cell_no || '/' || issued_at || '=' || credentials from search_cell_credential_dates where credentials <> 0) x order by k`),
        ).map((r) => r.k);
      const before = await counts();
      expect(before.some((k) => k.startsWith('e/'))).toBe(true);
      await t2.db.execute(sql`update search_doc_facets set skills_verified_levels = '{}', expiring_verified_levels = '{}', credential_dates = '{}'`);
      expect(await counts()).toEqual([]);
      const migration = readFileSync(new URL('../../drizzle/0018_search_insights_counts.sql', import.meta.url), 'utf8');
      const backfill = migration.slice(migration.indexOf('UPDATE search_doc_facets f SET'));
      await t2.db.execute(sql.raw(backfill));
      expect(await counts()).toEqual(before);
    });

    test('a level that expires invalidates them (next expiry is part of the key)', async () => {
      await checkAll();
      expect(await checkAll()).not.toContain('filled');
      // n-expired's Viz 3 expires 2027-01-01; generated people's levels expire 2027-12-31.
      clock = new Date('2027-06-01T00:00:00Z');
      expect(await checkAll()).toContain('filled');
      expect(await checkAll()).not.toContain('filled');
      clock = new Date('2028-01-01T00:00:00Z');
      expect(await checkAll()).toContain('filled');
      expect(await checkAll()).not.toContain('filled');
    });
  });
});
