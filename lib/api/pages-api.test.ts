// The pages API adapter on a real HTTP server and real sockets: Node's request in, the web handler's
// Response out, as Next's pages API path calls it (req.query holds the route's dynamic segments).
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import type { NextApiRequest, NextApiResponse } from 'next';
import { NextResponse, type NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../domain/app-error';
import { GZIP_MIN_BYTES, servePagesApi, type WebHandler } from './pages-api';
import { readJson } from './route';

type Seen = { method: string; path: string; search: string; cookie: string | undefined; header: string | null; params: unknown };
let seen: Seen | null = null;

const echo: WebHandler<{ id: string }> = async (request: NextRequest, { params }) => {
  seen = { method: request.method, path: request.nextUrl.pathname, search: request.nextUrl.search, cookie: request.cookies.get('session')?.value, header: request.headers.get('x-thing'), params: await params };
  const response = NextResponse.json({ hello: 'world', method: request.method }, { status: 201, headers: { 'cache-control': 'no-store' } });
  response.headers.append('set-cookie', 'a=1; Path=/');
  response.headers.append('set-cookie', 'b=2; Path=/');
  return response;
};

const postJson: WebHandler = async (request) => NextResponse.json({ got: await readJson(request, 1_000) });

/** A JSON answer of about `bytes` bytes. */
const sized = (bytes: number): WebHandler => async () => NextResponse.json({ rows: 'x'.repeat(bytes) }, { headers: { vary: 'Cookie' } });

const routes: Record<string, ReturnType<typeof servePagesApi>> = {
  '/big': servePagesApi({ GET: sized(GZIP_MIN_BYTES * 5) }),
  '/small': servePagesApi({ GET: sized(GZIP_MIN_BYTES / 2) }),
  '/echo': servePagesApi<{ id: string }>({ GET: echo }, ['id']),
  '/json': servePagesApi({ POST: postJson }),
  '/boom': servePagesApi({
    GET: async () => {
      throw new Error('a bug');
    },
  }),
  '/broken-body': servePagesApi({
    GET: async () =>
      new Response(new ReadableStream({ pull: (controller) => controller.error(new Error('the body broke')) }), { headers: { 'content-type': 'application/json' } }),
  }),
  '/forbidden': servePagesApi({
    GET: async () => {
      throw new AppError('forbidden', 'You do not have access to this.');
    },
  }),
};

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    // Next puts the route's dynamic segments (and the query) on req.query.
    (req as NextApiRequest).query = { ...Object.fromEntries(url.searchParams), id: 'cred-7' };
    const route = routes[url.pathname] ?? routes['/echo']!;
    void route(req as NextApiRequest, res as NextApiResponse);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A raw request on its own socket: fetch would add and hide headers. */
function send(method: string, path: string, options: { headers?: Record<string, string>; body?: Buffer | Buffer[] } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; raw: Buffer }>((resolve, reject) => {
    const req = http.request(base + path, { method, headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), raw: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (Array.isArray(options.body)) {
      for (const chunk of options.body) req.write(chunk);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

describe('servePagesApi', () => {
  it('gives the handler the URL, headers, cookies and params, and sends its status, headers, cookies and body', async () => {
    const res = await send('GET', '/echo?q=data&limit=3', { headers: { cookie: 'session=tok; other=1', 'x-thing': 'yes' } });
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ hello: 'world', method: 'GET' });
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
    expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(seen).toEqual({ method: 'GET', path: '/echo', search: '?q=data&limit=3', cookie: 'tok', header: 'yes', params: { id: 'cred-7' } });
  });

  it('answers HEAD with what GET would send, without the body', async () => {
    const res = await send('HEAD', '/echo');
    expect(res.status).toBe(201);
    expect(res.body).toBe('');
    expect(Number(res.headers['content-length'])).toBeGreaterThan(0);
    // The GET handler ran, and saw the request's own method (as in the App Router).
    expect(seen?.method).toBe('HEAD');
  });

  it('answers OPTIONS with Allow, and a method it does not serve with 405 and Allow', async () => {
    const options = await send('OPTIONS', '/echo');
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, HEAD, OPTIONS');
    const wrong = await send('DELETE', '/json');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST, OPTIONS');
    expect(JSON.parse(wrong.body).error.code).toBe('method_not_allowed');
  });

  it('streams the body to the handler, which reads it with its own limit', async () => {
    const ok = await send('POST', '/json', { headers: { 'content-type': 'application/json' }, body: Buffer.from('{"a":[1,2,3]}') });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ got: { a: [1, 2, 3] } });
    // Chunked (no length to check first): refused once the bytes read pass the limit.
    const big = await send('POST', '/json', { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: Array.from({ length: 20 }, () => Buffer.alloc(500, 0x20)) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error.code).toBe('payload_too_large');
  });

  it('turns a thrown AppError into its status, and anything else into a logged 500 with a JSON error', async () => {
    expect((await send('GET', '/forbidden')).status).toBe(403);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await send('GET', '/boom');
      expect(res.status).toBe(500);
      expect(JSON.parse(res.body).error.code).toBe('internal');
      expect(logged).toHaveBeenCalled();
      // A Response whose body fails while it is read: the same logged JSON 500, not a hung socket.
      logged.mockClear();
      const broken = await send('GET', '/broken-body');
      expect(broken.status).toBe(500);
      expect(JSON.parse(broken.body).error.code).toBe('internal');
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it('gzips a JSON answer in one pass when the client takes gzip, and says so', async () => {
    const res = await send('GET', '/big', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('Cookie, Accept-Encoding');
    expect(Number(res.headers['content-length'])).toBe(res.raw.byteLength);
    expect(res.raw.byteLength).toBeLessThan(GZIP_MIN_BYTES);
    expect(JSON.parse(gunzipSync(res.raw).toString('utf8')).rows).toHaveLength(GZIP_MIN_BYTES * 5);
  });

  it('sends the bytes as they are to a client that refuses gzip, for a small answer, and for HEAD', async () => {
    for (const acceptEncoding of ['identity', 'gzip;q=0, deflate', '']) {
      const res = await send('GET', '/big', { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });
      expect(res.headers['content-encoding'], acceptEncoding).toBeUndefined();
      expect(JSON.parse(res.body).rows).toHaveLength(GZIP_MIN_BYTES * 5);
      expect(res.headers.vary).toBe('Cookie, Accept-Encoding');
    }
    const small = await send('GET', '/small', { headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body).rows).toHaveLength(GZIP_MIN_BYTES / 2);
    const head = await send('HEAD', '/big', { headers: { 'accept-encoding': 'gzip' } });
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(head.body).toBe('');
  });

  it('leaves compression to the proxy in front when HTTP_COMPRESSION=off', async () => {
    vi.stubEnv('HTTP_COMPRESSION', 'off');
    vi.resetModules();
    try {
      const offModule = await import('./pages-api');
      routes['/off'] = offModule.servePagesApi({ GET: sized(GZIP_MIN_BYTES * 5) });
      const res = await send('GET', '/off', { headers: { 'accept-encoding': 'gzip' } });
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(res.body).rows).toHaveLength(GZIP_MIN_BYTES * 5);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
