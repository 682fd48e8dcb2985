import { describe, expect, test } from 'vitest';
import { searchQuerySchema } from './search-query';
import { describeSearchParams, describeSearchQuery } from './search-summary';
import { toSearchParams } from './search-url';

describe('describeSearchQuery: every filter of a saved search in words', () => {
  const everything = searchQuerySchema.parse({
    requirements: [
      { skill: 'onet:python', minLevel: 3 },
      { skill: 'ddat:user-research', minLevel: 2, weight: 2, essential: false },
    ],
    text: 'london',
    filters: {
      kind: ['employee', 'candidate'],
      department: ['data'],
      location: ['Leeds', 'York'],
      issuer: ['did:key:z1'],
      currentRole: ['Data analyst'],
      openToMobility: true,
      verifiedOnly: false,
      trustedOnly: true,
      minScore: 0.6,
    },
    sort: 'recent',
    pageSize: 50,
    page: 3,
  });

  test('one line per filter, with names instead of ids', () => {
    expect(describeSearchQuery(everything, { skills: { 'onet:python': 'Python', 'ddat:user-research': 'User research' }, departments: { data: 'Data' }, issuers: { 'did:key:z1': 'Data Academy' } })).toEqual([
      'Python: Practitioner (3) or above, essential',
      'User research: Working (2) or above, optional, weight 2',
      'Text: “london”',
      'Only employees or candidates',
      'Department: Data',
      'Location: Leeds or York',
      'Issuer: Data Academy',
      'Current role: Data analyst',
      'Only employees open to mobility',
      'Self-reported levels included',
      'Only levels proven by trusted issuers',
      'Match of at least 60%',
      'Sorted by most recent verified credential first',
      '50 per page',
    ]);
  });

  test('every URL parameter that decides who matches has a line (nothing silently dropped)', () => {
    const params = toSearchParams(everything);
    const keys = [...new Set(params.keys())].filter((k) => k !== 'page' && k !== 'facet');
    const lines = describeSearchQuery(everything);
    // requirements take one line each, every other key one line
    expect(lines).toHaveLength(keys.length - 1 + everything.requirements.length);
  });

  test('the default search still says what it does; ids stand in for unknown names', () => {
    expect(describeSearchQuery(searchQuerySchema.parse({}))).toEqual(['No skill requirements (everyone you may see)', 'Verified levels only']);
    expect(describeSearchQuery(searchQuerySchema.parse({ requirements: [{ skill: 'onet:sql', minLevel: 5 }] }))).toEqual(['onet:sql: Expert (5) or above, essential', 'Verified levels only']);
  });

  test('a parameter added to the URL format later is shown as key: value, not dropped', () => {
    expect(describeSearchParams(new URLSearchParams('r=onet:python~2&evidence=1&future=x'))).toEqual([
      'onet:python: Working (2) or above, essential',
      'evidence: 1',
      'future: x',
      'Verified levels only',
    ]);
  });
});

describe('describeSearchQuery: evidence and related-skill options (issue 13 items 4, 6)', () => {
  test('a credentials minimum and related skills are said in words, with names', () => {
    const query = searchQuerySchema.parse({
      requirements: [
        { skill: 'onet:python', minLevel: 3, minCredentials: 2 },
        { skill: 'onet:sql', minLevel: 2, essential: false, related: ['onet:mysql', 'onet:unknown'] },
      ],
    });
    expect(describeSearchQuery(query, { skills: { 'onet:python': 'Python', 'onet:sql': 'SQL', 'onet:mysql': 'MySQL' } }).slice(0, 2)).toEqual([
      'Python: Practitioner (3) or above, essential, at least 2 verified credentials',
      'SQL: Working (2) or above, optional, related skills count as partial evidence (MySQL, onet:unknown)',
    ]);
  });
});

