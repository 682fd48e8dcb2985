import { describe, expect, test } from 'vitest';
import { searchQuerySchema, type SearchQueryInput } from './search-query';
import { DEFAULT_QUERY, parseRequirementParam, parseSearchParams, searchHref, toSearchParams } from './search-url';

const q = (input: SearchQueryInput) => searchQuerySchema.parse(input);

describe('round trip: query -> URL -> query', () => {
  test.each([
    ['the empty query', q({})],
    ['one requirement', q({ requirements: [{ skill: 'onet:python', minLevel: 3 }] })],
    [
      'several requirements with weights and optional ones, in order',
      q({
        requirements: [
          { skill: 'ddat:user-research', minLevel: 4, weight: 2.5, essential: false },
          { skill: 'onet:python', minLevel: 1 },
          { skill: 'custom:ab12cd', minLevel: 5, weight: 0.1 },
        ],
      }),
    ],
    ['free text with spaces and symbols', q({ text: 'data & analytics / "London" 100%' })],
    [
      'every filter',
      q({
        filters: {
          kind: ['candidate', 'employee'],
          department: ['data-science', 'digital'],
          location: ['London', 'Leeds'],
          issuer: ['did:key:z6Mk1', 'https://issuer.example/org'],
          currentRole: ['Data scientist'],
          openToMobility: false,
          verifiedOnly: false,
          minScore: 0.555,
        },
      }),
    ],
    ['sort, page, page size and facets', q({ sort: 'recent', page: 7, pageSize: 50, facets: ['skill', 'issuer'] })],
    ['name sort with mobility on', q({ sort: 'name', filters: { openToMobility: true } })],
    ['trusted issuers only', q({ requirements: [{ skill: 'onet:python', minLevel: 3 }], filters: { trustedOnly: true } })],
  ])('%s', (_name, query) => {
    const params = new URLSearchParams(toSearchParams(query).toString());
    const back = parseSearchParams(params);
    expect(back.notices).toEqual([]);
    expect(back.query).toEqual(query);
  });

  test('a Next.js searchParams object (string | string[]) reads the same as URLSearchParams', () => {
    const query = q({ requirements: [{ skill: 'onet:python', minLevel: 3 }, { skill: 'onet:sql', minLevel: 2 }], filters: { location: ['London'] } });
    const record: Record<string, string | string[]> = {};
    for (const [k, v] of toSearchParams(query)) {
      const prev = record[k];
      record[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    expect(parseSearchParams(record).query).toEqual(query);
  });

  test('defaults are left out of the URL', () => {
    expect(toSearchParams(DEFAULT_QUERY).toString()).toBe('');
    expect(searchHref(DEFAULT_QUERY)).toBe('/search');
    expect(searchHref(q({ requirements: [{ skill: 'onet:python', minLevel: 3 }] }))).toBe('/search?r=onet%3Apython%7E3');
  });
});

describe('bad params fall back to defaults with a notice, never a throw', () => {
  test.each([
    ['r=onet:python~9', /not between 1 and 5/],
    ['r=onet:python~0', /not between 1 and 5/],
    ['r=onet:python~abc', /not between 1 and 5/],
    ['r=~3', /no skill/],
    ['r=onet:python~3~w99', /outside 0.1 to 10/],
    ['r=onet:python~3~bogus', /not understood/],
    ['r=onet:python~3&r=onet:python~4', /asked for twice/],
    ['sort=random', /not a sort order/],
    ['page=-1', /page number/],
    ['page=abc', /page number/],
    ['page=10000000', /beyond the first/],
    ['size=1000', /Page size/],
    ['verified=maybe', /Verified only/],
    ['trusted=perhaps', /Trusted issuers only/],
    ['mobility=perhaps', /mobility/],
    ['minscore=150', /minimum match/],
    ['kind=robot', /kinds of people/],
    ['facet=colour', /Unknown facets/],
    [`q=${'x'.repeat(1000)}`, /shortened/],
  ])('%s', (search, notice) => {
    const parsed = parseSearchParams(new URLSearchParams(search));
    expect(parsed.notices.join(' ')).toMatch(notice);
    // whatever came in, the query is valid for the schema
    expect(searchQuerySchema.safeParse(parsed.query).success).toBe(true);
  });

  test('a bad requirement is dropped but the good ones and other params are kept', () => {
    const parsed = parseSearchParams(new URLSearchParams('r=onet:python~3&r=onet:sql~7&sort=name&loc=London'));
    expect(parsed.query.requirements).toEqual([{ skill: 'onet:python', minLevel: 3, weight: 1, essential: true }]);
    expect(parsed.query.sort).toBe('name');
    expect(parsed.query.filters.location).toEqual(['London']);
    expect(parsed.notices).toHaveLength(1);
  });

  test('more than the maximum number of requirements is capped with a notice', () => {
    const params = new URLSearchParams();
    for (let i = 0; i < 60; i++) params.append('r', `custom:s${i}~2`);
    const parsed = parseSearchParams(params);
    expect(parsed.query.requirements).toHaveLength(50);
    expect(parsed.notices.join(' ')).toMatch(/At most 50/);
  });

  test('a requirement without a level asks for level 1', () => {
    expect(parseRequirementParam('onet:python')).toEqual({ skill: 'onet:python', minLevel: 1, weight: 1, essential: true });
  });
});

describe('evidence and related-skill options in the URL (issue 13 items 4 and 6)', () => {
  test('round trip of at least N credentials and related skills', () => {
    const query = q({
      requirements: [
        { skill: 'onet:python', minLevel: 3, minCredentials: 2 },
        { skill: 'onet:sql', minLevel: 2, essential: false, related: ['onet:mysql', 'ddat:data-modelling'] },
      ],
    });
    const params = toSearchParams(query);
    expect(params.getAll('r')).toEqual(['onet:python~3~cred2', 'onet:sql~2~opt~rel:onet:mysql,ddat:data-modelling']);
    expect(parseSearchParams(params)).toEqual({ query, notices: [] });
  });

  test('out-of-range credential counts are a notice, related on an essential requirement is dropped', () => {
    expect(parseRequirementParam('onet:python~3~cred0')).toMatch(/outside 1 to 10/);
    expect(parseRequirementParam('onet:python~3~cred11')).toMatch(/outside 1 to 10/);
    expect(parseRequirementParam('onet:python~3~rel:onet:r')).toEqual({ skill: 'onet:python', minLevel: 3, weight: 1, essential: true });
    expect(parseRequirementParam('onet:python~3~opt~rel:onet:python,onet:r,onet:r')).toMatchObject({ related: ['onet:r'] });
    expect(parseRequirementParam('onet:python~3~opt~rel:a,b,c,d,e,f')).toMatch(/At most 5 related/);
  });

  test('the schema refuses related skills on an essential requirement (API callers get a 422)', () => {
    const bad = searchQuerySchema.safeParse({ requirements: [{ skill: 'onet:python', minLevel: 3, related: ['onet:r'] }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['requirements', 0, 'related'], message: 'related skills count only toward optional requirements' });
    expect(searchQuerySchema.safeParse({ requirements: [{ skill: 'onet:python', minLevel: 3, minCredentials: 11 }] }).success).toBe(false);
  });
});
