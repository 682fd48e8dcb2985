// Issue 12 item 4 against the real server: bad input of every kind the audit found is a 4xx, never
// a 5xx. Route params, TRACE, server actions and chunked bodies only exist in the running app.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect, test } from './fixtures';

const HOSTILE_PAGES = [
  // malformed %-escapes in dynamic segments (Next threw decoding params: a bare 500)
  ['/people/%', 400],
  ['/roles/%C0%AE', 400],
  ['/shortlists/%E0%A4%A', 400],
  // NUL anywhere in a page URL (Postgres refuses \0: 500 or 503)
  ['/roles/%00', 400],
  ['/shortlists/%00', 400],
  ['/roles?department=%00', 400],
  ['/import?person=%00', 400],
  ['/search?dept=%00', 400],
  ['/compare/export?ids=%00', 400],
] as const;

test('hostile API URLs are a JSON 400 (a dynamic segment that did not decode was a bare 500)', async ({ recruiterPage: page }) => {
  for (const path of ['/api/v1/credentials/%/report', '/api/v1/credentials/%C0%AE/report', '/api/v1/credentials/%E0%A4%A/report', '/api/v1/credentials/%00/report']) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe('bad_request');
  }
});

test('hostile page URLs are 4xx, and prototype names are ordinary values', async ({ recruiterPage: page }) => {
  for (const [path, status] of HOSTILE_PAGES) {
    const res = await page.request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(status);
  }
  for (const path of ['/search?dept=constructor', '/search?dept=__proto__&issuer=toString', '/search?issuer=hasOwnProperty&sort=constructor', '/search?r=constructor~3', '/search?r=__proto__~2&q=toString']) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBeLessThan(500);
  }
  await page.goto('/search?dept=constructor&issuer=toString');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('body')).not.toContainText('function Object()');
});

test('the API: NUL, deep nesting, TRACE and oversized chunked bodies are 4xx with the coded shape', async ({ recruiterPage: page }) => {
  const nulSkills = await page.request.get('/api/v1/skills?q=py%00');
  expect(nulSkills.status()).toBe(400);
  expect(await nulSkills.json()).toMatchObject({ error: { code: 'bad_request' } });

  const nulSearch = await page.request.post('/api/v1/search', { data: { requirements: [{ skill: 'ddat:analysis\u0000', minLevel: 2 }], filters: { department: ['\u0000'] } } });
  expect(nulSearch.status()).toBe(422);

  const nulPerson = await page.request.post('/api/v1/credentials', { data: { personId: 'p\u0000', credential: { a: 1 } } });
  expect(nulPerson.status()).toBe(422);

  const deep = `{"personId":"x","credential":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
  const deepRes = await page.request.post('/api/v1/credentials', { data: deep, headers: { 'content-type': 'application/json' } });
  expect(deepRes.status()).toBe(422);

  for (const path of ['/api/v1/search', '/api/v1/credentials', '/api/v1/skills', '/api/health']) {
    const res = await page.request.fetch(path, { method: 'TRACE' });
    expect(res.status(), `TRACE ${path}`).toBe(405);
  }
});

test('a chunked upload is cut off at the limit with a 413, not read whole', async ({ recruiterPage: page }) => {
  const cookies = await page.context().cookies();
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const url = new URL('/api/v1/credentials', page.url());
  const result = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
    let sent = 0;
    const req = http.request(url, { method: 'POST', headers: { cookie, 'content-type': 'multipart/form-data; boundary=xyz', 'transfer-encoding': 'chunked' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
    });
    req.on('error', (error) => (sent > 60 * 1024 * 1024 ? resolve({ status: 0, body: String(error), sent }) : reject(error)));
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    // Up to 300 MB, written only as fast as the server reads it.
    const pump = () => {
      while (sent < 300 * 1024 * 1024) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
  expect(result.status).toBe(413);
  expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  // The server stopped reading near its 60 MB limit (socket buffers let a few MB more through).
  expect(result.sent).toBeLessThan(120 * 1024 * 1024);
});

test('a cross-origin server action is a 403', async ({ recruiterPage: page }) => {
  const res = await page.request.post('/search', {
    headers: { origin: 'https://evil.example', 'next-action': '0000000000000000000000000000000000000000', 'content-type': 'text/plain;charset=UTF-8' },
    data: '[]',
    maxRedirects: 0,
  });
  expect(res.status()).toBe(403);
});

test('a server action over the 1 MB body limit is a 413 (Next answered 500), and one without a length a 411', async ({ recruiterPage: page }) => {
  // A real action's id, from a real save on the search page.
  await page.goto('/search?r=onet%3Apython~3');
  const actionRequest = page.waitForRequest((req) => req.method() === 'POST' && req.headers()['next-action'] !== undefined);
  await page.getByPlaceholder('Name this search').fill(`E2E body limit ${Date.now()}`);
  await page.getByRole('button', { name: 'Save search' }).click();
  const actionId = (await actionRequest).headers()['next-action']!;
  expect(actionId).toMatch(/^[0-9a-f]{20,}$/);

  const origin = new URL(page.url()).origin;
  const over = await page.request.post('/search', {
    headers: { origin, 'next-action': actionId, 'content-type': 'text/plain;charset=UTF-8' },
    data: `["${'a'.repeat(2 * 1024 * 1024)}"]`,
    maxRedirects: 0,
  });
  expect(over.status()).toBe(413);
  expect(await over.text()).toMatch(/larger than 1 MB/);

  const cookies = await page.context().cookies();
  const chunked = await new Promise<number>((resolve, reject) => {
    const req = http.request(new URL('/search', origin), { method: 'POST', headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '), origin, 'next-action': actionId, 'content-type': 'text/plain;charset=UTF-8', 'transfer-encoding': 'chunked' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('["small"]');
  });
  expect(chunked).toBe(411);

  // Under the limit the same action still answers (a bad argument is the action's own business, not a 5xx).
  const under = await page.request.post('/search', { headers: { origin, 'next-action': actionId, 'content-type': 'text/plain;charset=UTF-8' }, data: '["x"]', maxRedirects: 0 });
  expect(under.status()).toBeLessThan(500);
});

test('NUL in server-action fields, fuzzed against the running app: 422 before the action runs, nothing written', async ({ recruiterPage: page }) => {
  test.setTimeout(180_000);
  await page.goto('/search?r=onet%3Apython~3');
  const actionRequest = page.waitForRequest((req) => req.method() === 'POST' && req.headers()['next-action'] !== undefined);
  const marker = `E2E nul ${Date.now()}`;
  await page.getByPlaceholder('Name this search').fill(`${marker} real`);
  await page.getByRole('button', { name: 'Save search' }).click();
  const request = await actionRequest;
  const actionId = request.headers()['next-action']!;
  const origin = new URL(page.url()).origin;
  await expect(page.getByRole('status').filter({ hasText: `Saved as "${marker} real"` })).toBeVisible();

  // The browser's own request is the template: React's encoding of the action's arguments, with
  // chosen form fields (React prefixes them with the argument's row: 1_name, or _1_name) given new values.
  const template = await new Response(new Uint8Array(request.postDataBuffer() ?? []), { headers: { 'content-type': request.headers()['content-type']! } }).formData();
  const post = (fields: Record<string, string>) => {
    const form = new FormData();
    for (const [key, value] of template) {
      const field = /^_?\d+_(.+)$/.exec(key)?.[1];
      form.append(key, field !== undefined && field in fields ? fields[field]! : value);
    }
    return page.request.post('/search', { headers: { origin, 'next-action': actionId }, multipart: form, maxRedirects: 0 });
  };
  // Control: the rewritten request is one the app accepts (a clean name is saved).
  const control = await post({ name: `${marker} control` });
  expect(control.status()).toBe(200);
  const fieldNames = [...new Set([...template.keys()].flatMap((key) => /^_?\d+_(.+)$/.exec(key)?.[1] ?? []))].filter((name) => !name.startsWith('$'));
  expect(fieldNames).toContain('name');

  const text = fc.string({ maxLength: 30 }).map((s) => s.replaceAll('\0', ''));
  const nulText = fc.tuple(text, fc.nat()).map(([s, at]) => `${s.slice(0, at % (s.length + 1))}\0${s.slice(at % (s.length + 1))}`);
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...fieldNames), nulText, text, async (field, bad, other) => {
      const fields = { name: `${marker} fuzz ${n++} ${other}`, [field]: field === 'name' ? `${marker} fuzz ${bad}` : bad };
      const res = await post(fields);
      expect(res.status()).toBe(422);
      expect(await res.text()).toContain(`the field ${field} contains a NUL character`);
      // The same arguments as a plain JSON reply (\u0000 escaped): refused the same way.
      const json = await page.request.post('/search', { headers: { origin, 'next-action': actionId, 'content-type': 'text/plain;charset=UTF-8' }, data: JSON.stringify([{ ok: true, message: '' }, fields]), maxRedirects: 0 });
      expect(json.status()).toBe(422);
    }),
    { seed: 12, numRuns: 25 },
  );

  // Nothing half-written: the saved searches are the real one and the control, no fuzzed one.
  await page.goto('/search?r=onet%3Apython~3');
  await expect(page.getByTestId('saved-search').filter({ hasText: `${marker} real` })).toHaveCount(1);
  await expect(page.getByTestId('saved-search').filter({ hasText: `${marker} control` })).toHaveCount(1);
  await expect(page.getByTestId('saved-search').filter({ hasText: `${marker} fuzz` })).toHaveCount(0);
});

test('every server action answers hand-made arguments (not a form) without a 5xx', async ({ adminPage: page }) => {
  test.setTimeout(180_000);
  // The action ids and the pages that serve them, from the build `npm start` made for these journeys.
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as { node: Record<string, { workers: Record<string, unknown>; filename: string }> };
  const actions = Object.entries(manifest.node)
    // Starting a reindex takes no arguments at all, so there is nothing to fuzz, only a rebuild to start.
    .filter(([, a]) => !a.filename.endsWith('start-reindex.ts'))
    .map(([id, a]) => {
      const worker = Object.keys(a.workers).find((w) => w.endsWith('/page'))!;
      const path = worker.replace(/^app/, '').replace(/\/\([^)]+\)/g, '').replace(/\/page$/, '').replace(/\[[^\]]+\]/g, 'not-a-real-id') || '/';
      return { id, path, file: a.filename };
    });
  expect(actions.length).toBeGreaterThan(20);
  const origin = new URL(page.url()).origin;
  // Strings starting with "$" are React's reference syntax (the client escapes a typed one as "$$"). A
  // reference to a part a text body cannot have used to stall Next's reply decoder (500); proxy.ts now
  // refuses it with a 400 (lib/domain/action-reply.ts), so the fuzz mixes such strings in on purpose.
  const post = (action: (typeof actions)[number], data: string) =>
    page.request.post(action.path, { headers: { origin, 'next-action': action.id, 'content-type': 'text/plain;charset=UTF-8' }, data, maxRedirects: 0 });
  for (const body of ['[["$"]]', '["$@1"]', '[{"a":"$Q2"}]', '["$nabc"]', '[["$"', '["$1"]']) {
    const res = await post(actions[0]!, body);
    expect(res.status(), body).toBe(400);
    expect(await res.text()).toContain('cannot be read');
  }
  const reactString = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }).map((s) => `$${s}`));
  const anyJson = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, reactString, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 3 })),
  })).value;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...actions), fc.array(anyJson, { maxLength: 3 }), async (action, args) => {
      const res = await post(action, JSON.stringify(args));
      expect(res.status(), `${action.file} with ${JSON.stringify(args).slice(0, 80)}`).toBeLessThan(500);
    }),
    { seed: 7, numRuns: 120 },
  );

  // The same as multipart, the way React sends arguments that need parts (a form, a file): a root row
  // "0" and parts "1".."3" in any order, any of them missing, "$"-strings naming parts, paths, files.
  // A hand-made body whose references React's streaming decoder cannot resolve used to be a 500.
  const partRef = fc.oneof(
    fc.constantFrom('$1', '$2', '$3', '$0:0', '$1:a', '$2:0:b', '$K1', '$B2', '$@1', '$Q3', '$W1', '$T', '$h1', '$R2', '$A1', '$', '$$'),
    reactString,
  );
  const partJson = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, partRef, fc.integer(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', '0'), tie('value'), { maxKeys: 2 })),
  })).value;
  const part = fc.oneof(partJson.map((v) => JSON.stringify(v)), fc.constant('{not json'), fc.constant(null));
  const postMultipart = (action: (typeof actions)[number], entries: [string, string | null][]) => {
    // FormData keeps the entries' order and repeats (an object would sort "0".."3" and merge repeats).
    const multipart = new FormData();
    for (const [name, value] of entries) multipart.append(name, value === null ? new File(['x'], 'x.bin') : value);
    return page.request.post(action.path, { headers: { origin, 'next-action': action.id }, multipart, maxRedirects: 0 });
  };
  const missingPart = await postMultipart(actions[0]!, [['0', '["$1"]']]);
  expect(missingPart.status()).toBe(400);
  expect(await missingPart.text()).toContain('does not have');
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...actions),
      fc.array(fc.tuple(fc.constantFrom('0', '1', '2', '3', '1_name'), part), { minLength: 1, maxLength: 5 }),
      async (action, entries) => {
        const res = await postMultipart(action, entries);
        expect(res.status(), `${action.file} with ${JSON.stringify(entries).slice(0, 160)}`).toBeLessThan(500);
      },
    ),
    { seed: 11, numRuns: 150 },
  );

  // A form posted without JavaScript names its action in a field; one with bound arguments carries
  // `{id, bound}` in `$ACTION_<n>:0` and the arguments in further fields, read by React as a reply.
  // Hand-made ones it could not read (bound arguments missing or not a list) were a 500.
  const postForm = (action: (typeof actions)[number], entries: [string, string | null][]) => {
    const multipart = new FormData();
    for (const [name, value] of entries) multipart.append(name, value === null ? new File(['x'], 'x.bin') : value);
    return page.request.post(action.path, { headers: { origin }, multipart, maxRedirects: 0 });
  };
  const bound = (id: string, b: unknown) => JSON.stringify({ id, bound: b });
  const unbound = await postForm(actions[0]!, [['$ACTION_REF_1', ''], ['$ACTION_1:0', bound(actions[0]!.id, '$@5')]]);
  expect(unbound.status()).toBe(400);
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...actions),
      fc.oneof(fc.constantFrom(null, 5, '$@1', '$@2', [], ['$$x'], '$1'), partJson),
      fc.array(fc.tuple(fc.constantFrom('$ACTION_1:1', '$ACTION_1:2', '$ACTION_KEY', 'name'), part), { maxLength: 3 }),
      async (action, b, entries) => {
        const res = await postForm(action, [['$ACTION_REF_1', ''], ['$ACTION_1:0', bound(action.id, b)], ...entries]);
        expect(res.status(), `${action.file} bound ${JSON.stringify(b)} with ${JSON.stringify(entries).slice(0, 160)}`).toBeLessThan(500);
      },
    ),
    { seed: 13, numRuns: 100 },
  );
});
