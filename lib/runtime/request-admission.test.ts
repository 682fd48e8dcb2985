// Admission control on a real HTTP server and real sockets: the limit, arrival order, the health
// bypass, the lease, the bounded queue's 503, and a client that leaves while it waits.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { bypassesAdmission, installRequestAdmission, type AdmissionOptions } from './request-admission.js';

type Harness = {
  url: string;
  entered: string[];
  /** Answers the held request for `path` (200, its path as the body). */
  finish: (path: string) => void;
  state: ReturnType<typeof installRequestAdmission>;
  server: http.Server;
};

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A server whose handler holds every request until the test finishes it (health answers at once). */
async function startHarness(options: AdmissionOptions): Promise<Harness> {
  const entered: string[] = [];
  const held = new Map<string, http.ServerResponse>();
  const server = http.createServer((request, response) => {
    const path = request.url ?? '';
    entered.push(path);
    if (path === '/api/health') return void response.end('ok');
    held.set(path, response);
  });
  server.keepAliveTimeout = 100;
  const state = installRequestAdmission(server, options);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    entered,
    state,
    server,
    finish(path) {
      const response = held.get(path);
      if (!response) throw new Error(`${path} is not held`);
      held.delete(path);
      response.end(path);
    },
  };
}

type Answer = { status: number; body: string; headers: http.IncomingHttpHeaders };

function get(url: string, signal?: AbortSignal, headers: http.OutgoingHttpHeaders = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, signal, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
    });
    request.on('error', reject);
  });
}

/** Waits until `check` holds (the server's side of a request arrives a moment after it is sent). */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('request admission', () => {
  it('lets at most `limit` requests in and starts the rest in arrival order as slots free up', async () => {
    const h = await startHarness({ limit: 2 });
    const answers: Promise<Answer>[] = [];
    for (const path of ['/1', '/2', '/3', '/4']) {
      answers.push(get(h.url + path));
      // One at a time, so the arrival order is the order sent.
      await until(() => h.entered.length + h.state.queued === answers.length, `${path} to arrive`);
    }
    expect(h.entered).toEqual(['/1', '/2']);
    expect(h.state).toMatchObject({ inFlight: 2, queued: 2 });

    h.finish('/2');
    await until(() => h.entered.length === 3, 'the first waiting request to start');
    expect(h.entered).toEqual(['/1', '/2', '/3']);
    h.finish('/1');
    await until(() => h.entered.length === 4, 'the second waiting request to start');
    h.finish('/3');
    h.finish('/4');
    expect((await Promise.all(answers)).map((a) => `${a.status} ${a.body}`)).toEqual(['200 /1', '200 /2', '200 /3', '200 /4']);
    await until(() => h.state.inFlight === 0, 'every slot to be handed back');
    expect(h.state.queued).toBe(0);
  });

  it('never holds a health check back, even with every slot taken and requests waiting', async () => {
    const h = await startHarness({ limit: 1 });
    const first = get(`${h.url}/1`);
    await until(() => h.entered.length === 1, '/1 to start');
    const second = get(`${h.url}/2`);
    await until(() => h.state.queued === 1, '/2 to wait');

    const health = await get(`${h.url}/api/health`);
    expect(health).toMatchObject({ status: 200, body: 'ok' });
    expect(h.entered).toEqual(['/1', '/api/health']);
    h.finish('/1');
    await until(() => h.entered.includes('/2'), '/2 to start');
    h.finish('/2');
    await Promise.all([first, second]);
  });

  it('hands a slot back after the lease even if its request is still running', async () => {
    const h = await startHarness({ limit: 1, leaseMs: 150 });
    const slow = get(`${h.url}/slow`);
    await until(() => h.entered.length === 1, '/slow to start');
    const started = Date.now();
    const next = get(`${h.url}/next`);
    await until(() => h.entered.includes('/next'), '/next to start after the lease');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    h.finish('/next');
    expect((await next).status).toBe(200);
    // The late finish of the leased request does not hand its slot back twice.
    h.finish('/slow');
    await slow;
    await until(() => h.state.inFlight === 0, 'the slots to settle');
    expect(h.state.inFlight).toBe(0);
  });

  it('answers 503 with Retry-After and the API security headers once the queue is full', async () => {
    const h = await startHarness({ limit: 1, maxQueue: 1 });
    const first = get(`${h.url}/1`);
    await until(() => h.entered.length === 1, '/1 to start');
    const second = get(`${h.url}/2`);
    await until(() => h.state.queued === 1, '/2 to wait');

    const refused = await get(`${h.url}/3`);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    expect(refused.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // Over plain http no HSTS (it would pin localhost to https); behind a TLS proxy, HSTS as on every answer.
    expect(refused.headers['strict-transport-security']).toBeUndefined();
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'unavailable' } });
    const refusedOverHttps = await get(`${h.url}/4`, undefined, { 'x-forwarded-proto': 'https' });
    expect(refusedOverHttps.status).toBe(503);
    expect(refusedOverHttps.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(h.state.refused).toBe(2);
    expect(h.entered).not.toContain('/3');
    expect(h.entered).not.toContain('/4');

    h.finish('/1');
    await until(() => h.entered.includes('/2'), '/2 to start');
    h.finish('/2');
    expect((await Promise.all([first, second])).map((a) => a.status)).toEqual([200, 200]);
  });

  it('puts HSTS on the 503 whenever the public URL is https', async () => {
    const h = await startHarness({ limit: 1, maxQueue: 0, publicUrl: 'https://talent.example.com' });
    const first = get(`${h.url}/1`);
    await until(() => h.entered.length === 1, '/1 to start');
    const refused = await get(`${h.url}/2`);
    expect(refused.status).toBe(503);
    expect(refused.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    h.finish('/1');
    expect((await first).status).toBe(200);
  });

  it('drops a request whose client left while it waited, and keeps the count right', async () => {
    const h = await startHarness({ limit: 1 });
    const first = get(`${h.url}/1`);
    await until(() => h.entered.length === 1, '/1 to start');
    const leaving = new AbortController();
    const gone = get(`${h.url}/gone`, leaving.signal).catch((err: Error) => err.name);
    await until(() => h.state.queued === 1, '/gone to wait');
    leaving.abort();
    expect(await gone).toBe('AbortError');
    // The server notices the closed socket on its next turn.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const third = get(`${h.url}/3`);
    await until(() => h.state.queued === 2 || h.entered.includes('/3'), '/3 to arrive');

    h.finish('/1');
    await until(() => h.entered.includes('/3'), '/3 to start');
    expect(h.entered).toEqual(['/1', '/3']);
    h.finish('/3');
    await Promise.all([first, third]);
    await until(() => h.state.inFlight === 0, 'every slot to be handed back');
    expect(h.state.queued).toBe(0);
  });

  it('is off with a limit of 0', async () => {
    const h = await startHarness({ limit: 0 });
    const answers = ['/1', '/2', '/3'].map((p) => get(h.url + p));
    await until(() => h.entered.length === 3, 'all three to start at once');
    for (const p of ['/1', '/2', '/3']) h.finish(p);
    expect((await Promise.all(answers)).map((a) => a.status)).toEqual([200, 200, 200]);
  });

  it('lets only GET/HEAD of the health check and static files bypass', () => {
    const req = (method: string, url: string) => ({ method, url }) as http.IncomingMessage;
    expect(bypassesAdmission(req('GET', '/api/health'))).toBe(true);
    expect(bypassesAdmission(req('HEAD', '/api/health?x=1'))).toBe(true);
    expect(bypassesAdmission(req('GET', '/_next/static/chunks/a.js'))).toBe(true);
    expect(bypassesAdmission(req('POST', '/api/health'))).toBe(false);
    expect(bypassesAdmission(req('GET', '/api/healthz'))).toBe(false);
    expect(bypassesAdmission(req('GET', '/api/v1/search'))).toBe(false);
    expect(bypassesAdmission(req('GET', '/people/x?/_next/static/'))).toBe(false);
  });
});
