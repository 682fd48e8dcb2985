// Property-based fuzzing (fast-check) of the URL parsers every page reads its state from: whatever
// a hand-edited or hostile link holds, they never throw, they return a valid query, and they never
// hand back something inherited from Object.prototype (issue 12: /search?dept=constructor -> 500).
// Seeded, so a failure reproduces; a few hundred runs each keep the file to a couple of seconds.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseCompareIds } from './compare';
import { parseInsightsFilters } from './insights';
import { findUrlProblem, isCrossOriginWrite } from './request-url';
import { searchQuerySchema } from './search-query';
import { describeSearchParams } from './search-summary';
import { parseSearchParams } from './search-url';

const FUZZ = { seed: 12, numRuns: 300 };

const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__', 'isPrototypeOf'];
const SEARCH_KEYS = ['r', 'q', 'kind', 'dept', 'loc', 'issuer', 'crole', 'mobility', 'verified', 'trusted', 'minscore', 'sort', 'page', 'size', 'facet', 'skill', 'level', 'from', 'to', 'department', 'role', 'ids'];
/** Strings a hostile link would hold: prototype names, NUL, escapes, long, unicode, requirement syntax. */
const nasty = fc.oneof(
  fc.constantFrom(...PROTO_NAMES, '\0', 'a\0b', '%00', '%', '%C0%AE', '~', '~~~', 'onet:python~3~w2~opt', 'x~9', 'x~1~w0', '-1', '1e309', 'NaN', 'Infinity', ''),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ minLength: 190, maxLength: 260 }),
);
const pairs = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...SEARCH_KEYS, ...PROTO_NAMES), fc.string({ maxLength: 10 })), nasty), { maxLength: 12 });

function toParams(list: [string, string][]): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of list) params.append(k, v);
  return params;
}

/** Next's searchParams object: repeated keys become arrays; made with defineProperty so __proto__ is own. */
function toRecord(list: [string, string][]): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const [k, v] of list) {
    const existing = Object.hasOwn(record, k) ? record[k] : undefined;
    Object.defineProperty(record, k, { value: existing === undefined ? v : [...[existing].flat(), v], enumerable: true, writable: true, configurable: true });
  }
  return record;
}

describe('search URL parser', () => {
  test('never throws and always yields a valid query, from URLSearchParams or a record', () => {
    fc.assert(
      fc.property(pairs, (list) => {
        for (const parsed of [parseSearchParams(toParams(list)), parseSearchParams(toRecord(list))]) {
          expect(searchQuerySchema.safeParse(parsed.query).success).toBe(true);
          expect(parsed.notices.every((n) => typeof n === 'string')).toBe(true);
        }
      }),
      FUZZ,
    );
  });

  test('summaries of any link are plain text lines, never an inherited function or object', () => {
    const labels = { departments: { data: 'Data' }, issuers: { 'did:key:z1': 'Academy' }, skills: { 'onet:python': 'Python' } };
    fc.assert(
      fc.property(pairs, (list) => {
        const lines = describeSearchParams(toParams(list), labels);
        for (const line of lines) {
          expect(typeof line).toBe('string');
          expect(line).not.toMatch(/\[object |function |\[native code\]/);
        }
      }),
      FUZZ,
    );
  });
});

describe('insights and compare parameters', () => {
  test('parseInsightsFilters never throws and reports what it could not read', () => {
    fc.assert(
      fc.property(pairs, (list) => {
        const parsed = parseInsightsFilters(toParams(list), new Date('2026-06-01T00:00:00Z'));
        expect(Array.isArray(parsed.problems)).toBe(true);
        parseInsightsFilters(toRecord(list), new Date('2026-06-01T00:00:00Z'));
      }),
      FUZZ,
    );
  });

  test('parseCompareIds never throws: ids or an error sentence', () => {
    fc.assert(
      fc.property(fc.oneof(nasty, fc.array(nasty, { maxLength: 8 }), fc.constant(undefined)), (raw) => {
        const result = parseCompareIds(raw);
        expect('ids' in result || typeof result.error === 'string').toBe(true);
      }),
      FUZZ,
    );
  });
});

describe('request URL guard', () => {
  const segment = fc.oneof(nasty, fc.webSegment(), fc.constantFrom('%', '%E0%A4%A', '%zz', '%00', '%C3%A9'));
  test('never throws; whatever it lets through decodes and holds no NUL', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 5 }), fc.array(fc.tuple(fc.string({ maxLength: 8 }), nasty), { maxLength: 5 }), (segments, query) => {
        const pathname = `/${segments.join('/')}`;
        const search = `?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
        const problem = findUrlProblem(pathname, search);
        if (problem === null) {
          const decodedPath = pathname.split('/').map((s) => decodeURIComponent(s));
          expect(decodedPath.join('/')).not.toContain('\0');
          for (const [k, v] of new URLSearchParams(search)) expect(k + v).not.toContain('\0');
        }
      }),
      FUZZ,
    );
  });

  test('the cross-origin check never throws on any header values', () => {
    fc.assert(
      fc.property(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'TRACE'), fc.option(nasty), fc.option(nasty), fc.option(nasty), (method, origin, host, forwardedHost) => {
        expect(typeof isCrossOriginWrite({ method, origin, host, forwardedHost })).toBe('boolean');
      }),
      FUZZ,
    );
  });
});
