// The request edge under hostile input (issue 12 items 3d and 4): bodies are read no further than
// their limit, chunked or not; JSON too deep, malformed or holding NUL is a 4xx; and the search
// API's validation + engine path, fuzzed with fast-check on PGlite, answers every body with a
// result or a 4xx: never a 5xx, never an error only the log would show.
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/databases';
import { searchPeople } from '../data/search-people';
import { ACTORS, seedRecruiterFixtures } from '../data/recruiter-test-fixtures';
import { getSearchEngine } from '../search/get-search-engine';
import type { SearchEngine } from '../search/engine';
import { importTargetSchema } from '../data/import-credentials';
import { importDdatRoleSchema, rankingFiltersSchema, roleInputSchema, roleListFiltersSchema } from '../data/roles';
import { searchQuerySchema } from '../domain/search-query';
import { errorResponse, readBodyBytes, readJson, readMultipart, zodFieldErrors } from './route';

const FUZZ = { seed: 7, numRuns: 150 };

/** A request whose body arrives in chunks with no Content-Length, as a chunked upload does. */
function chunkedRequest(chunks: Uint8Array[], headers: Record<string, string> = {}): { request: Request; pulled: () => number } {
  let index = 0;
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (!chunk) return controller.close();
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { request: new Request('http://app.test/api/v1/search', { method: 'POST', body, headers, duplex: 'half' } as RequestInit), pulled: () => pulled };
}

/** An endless chunked body: 64 KB chunks until the reader stops pulling. */
function endlessRequest(headers: Record<string, string> = {}): { request: Request; pulled: () => number } {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { request: new Request('http://app.test/api/v1/credentials', { method: 'POST', body, headers, duplex: 'half' } as RequestInit), pulled: () => pulled };
}

async function statusOf(work: () => Promise<unknown>): Promise<number> {
  try {
    await work();
    return 200;
  } catch (error) {
    return errorResponse(error).status;
  }
}

const errors = vi.spyOn(console, 'error');
afterEach(() => errors.mockClear());

describe('bodies are read no further than their limit', () => {
  test('a chunked body with no length stops being read just past the limit: 413', async () => {
    const { request, pulled } = endlessRequest();
    const error = await readBodyBytes(request, 1_000_000).catch((e: unknown) => e);
    expect(errorResponse(error).status).toBe(413);
    expect(pulled()).toBeLessThan(1_000_000 + 2 * 64 * 1024);
  });

  test('multipart: the same, before any parsing', async () => {
    const { request, pulled } = endlessRequest({ 'content-type': 'multipart/form-data; boundary=x' });
    const error = await readMultipart(request, 2_000_000).catch((e: unknown) => e);
    const response = errorResponse(error);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(pulled()).toBeLessThan(2_000_000 + 2 * 64 * 1024);
  });

  test('a declared Content-Length over the limit is refused without reading', async () => {
    const { request, pulled } = endlessRequest({ 'content-length': '300000000' });
    expect(errorResponse(await readJson(request, 1_000).catch((e: unknown) => e)).status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  test('a multipart text field holding NUL is a 422 naming the field', async () => {
    const form = new FormData();
    form.set('personId', 'p\0x');
    const encodedForm = new Response(form);
    const contentType = encodedForm.headers.get('content-type')!;
    const encoded = new Uint8Array(await encodedForm.arrayBuffer());
    const { request } = chunkedRequest([encoded], { 'content-type': contentType });
    const response = errorResponse(await readMultipart(request, 1_000_000).catch((e: unknown) => e));
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { fieldErrors: { personId: ['contains a NUL character'] } } });
  });
});

describe('readJson', () => {
  test.each([
    ['10,000 deep', `{"credential":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 422],
    ['a NUL escape', '{"personId":"p\\u0000"}', 422],
    ['a raw NUL', '{"q":"a\0"}', 422],
    ['a NUL in a key', '{"a\\u0000":1}', 422],
    ['an escaped backslash before u0000 (no NUL)', '{"q":"\\\\u0000"}', 200],
    ['not JSON', '{"a":', 422],
    ['empty', '', 422],
  ])('%s -> %s', async (_label, body, status) => {
    const { request } = chunkedRequest([new TextEncoder().encode(body)]);
    expect(await statusOf(() => readJson(request))).toBe(status);
  });

  test('any body, in any chunking: a value or a 4xx, never a 5xx', async () => {
    const body = fc.oneof(
      fc.json({ depthSize: 'medium' }),
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.integer({ min: 1, max: 3_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
      fc.integer({ min: 1, max: 3_000 }).map((n) => '{"a":'.repeat(n) + 'null' + '}'.repeat(n)),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.integer({ min: 1, max: 64 }), async (text, size) => {
        const bytes = new TextEncoder().encode(text);
        const chunks: Uint8Array[] = [];
        for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
        const { request } = chunkedRequest(chunks);
        const status = await statusOf(() => readJson(request, 50_000));
        expect(status === 200 || (status >= 400 && status < 500)).toBe(true);
      }),
      FUZZ,
    );
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('the API and action schemas', () => {
  const schemas = { importTargetSchema, importDdatRoleSchema, rankingFiltersSchema, roleInputSchema, roleListFiltersSchema, searchQuerySchema };
  test.each(Object.entries(schemas))('%s: any JSON is parsed or refused with field errors, never a throw', (_name, schema) => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(fc.constantFrom('constructor', '__proto__', 'toString', 'personId', 'name', 'requirements'), fc.jsonValue({ maxDepth: 2 }))), (value) => {
        const parsed = schema.safeParse(value);
        if (!parsed.success) {
          const fieldErrors = zodFieldErrors(parsed.error);
          for (const messages of Object.values(fieldErrors)) expect(Array.isArray(messages)).toBe(true);
        }
      }),
      FUZZ,
    );
  });
});

describe('search API validation and engine on PGlite', () => {
  let db: TestDatabase;
  let engine: SearchEngine;
  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    await seedRecruiterFixtures(db.db);
    engine = await getSearchEngine(db.db);
  });
  afterAll(async () => {
    await db.close();
  });

  const PROTO = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
  const text = fc.oneof(fc.constantFrom(...PROTO, '\0', 'py\0', 'onet:python', 'onet:sql', '%', "'; drop table people; --", '\\', '"'), fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 12 }));
  const number = fc.oneof(fc.integer({ min: -5, max: 12 }), fc.double(), fc.constantFrom(0.1, 1, 5, 10, 1e309, -0));
  const anything = fc.oneof(text, number, fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }));
  const searchBody = fc.record(
    {
      requirements: fc.oneof(fc.array(fc.record({ skill: text, minLevel: number, weight: fc.oneof(number, fc.constant(undefined)), essential: fc.oneof(fc.boolean(), anything) }, { requiredKeys: [] }), { maxLength: 4 }), anything),
      text: fc.oneof(text, anything),
      filters: fc.oneof(
        fc.record(
          { kind: fc.array(text, { maxLength: 2 }), department: fc.array(text, { maxLength: 3 }), location: fc.array(text, { maxLength: 2 }), issuer: fc.array(text, { maxLength: 2 }), currentRole: fc.array(text, { maxLength: 2 }), verifiedOnly: anything, minScore: number },
          { requiredKeys: [] },
        ),
        fc.dictionary(fc.oneof(fc.constantFrom(...PROTO), fc.string({ maxLength: 6 })), anything, { maxKeys: 3 }),
        anything,
      ),
      sort: fc.oneof(fc.constantFrom('match', 'recent', 'name'), text),
      page: number,
      pageSize: number,
      facets: fc.oneof(fc.array(fc.constantFrom('skill', 'level', 'issuer', 'department', 'location', 'kind', ...PROTO), { maxLength: 4 }), anything),
    },
    { requiredKeys: [] },
  );

  test('any body: a result or a 4xx, never a 5xx or a logged crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(searchBody, fc.jsonValue({ maxDepth: 3 })), async (body) => {
        const status = await statusOf(() => searchPeople(ACTORS.recruiter, body, { db: db.db, engine }));
        expect(status, JSON.stringify(body)).toBeLessThan(500);
      }),
      { ...FUZZ, numRuns: 200 },
    );
    expect(errors).not.toHaveBeenCalled();
  });
});
