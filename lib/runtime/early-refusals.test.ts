// The early refusals on a real HTTP server and a real socket: TRACE's 405 and the 400 for an API path
// that does not decode, answered before the app, with the headers of any API answer (and HSTS only
// over https).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { installEarlyRefusals, isUndecodableApiPath } from './early-refusals.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function startServer(publicUrl?: string): Promise<{ url: string; reached: string[] }> {
  const reached: string[] = [];
  const server = http.createServer((request, response) => {
    reached.push(`${request.method} ${request.url}`);
    response.end('app');
  });
  installEarlyRefusals(server, { publicUrl });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, reached };
}

function send(url: string, method: string, headers: http.OutgoingHttpHeaders = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, agent: false, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('TRACE refusal', () => {
  it('answers TRACE 405 with Allow and the API security headers, without reaching the app', async () => {
    const s = await startServer('http://localhost:3000');
    const traced = await send(`${s.url}/api/v1/search`, 'TRACE');
    expect(traced.status).toBe(405);
    expect(traced.headers.allow).toContain('GET');
    expect(traced.headers['x-content-type-options']).toBe('nosniff');
    expect(traced.headers['x-frame-options']).toBe('DENY');
    expect(traced.headers['content-security-policy']).toContain("default-src 'none'");
    expect(traced.headers['strict-transport-security']).toBeUndefined();
    expect(JSON.parse(traced.body)).toMatchObject({ error: { code: 'method_not_allowed' } });
    expect(s.reached).toEqual([]);

    // Every other method still reaches the app.
    expect((await send(`${s.url}/api/health`, 'GET')).body).toBe('app');
    expect(s.reached).toEqual(['GET /api/health']);
  });

  it('puts HSTS on the 405 over https: behind a TLS proxy, or when the public URL is https', async () => {
    const plain = await startServer(undefined);
    expect((await send(`${plain.url}/`, 'TRACE', { 'x-forwarded-proto': 'https' })).headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    const secure = await startServer('https://talent.example.com');
    expect((await send(`${secure.url}/`, 'TRACE')).headers['strict-transport-security']).toMatch(/^max-age=\d+/);
  });
});

describe('API paths that do not decode', () => {
  it('answers 400 JSON with the API headers, without reaching the app', async () => {
    const s = await startServer('http://localhost:3000');
    for (const path of ['/api/v1/credentials/%/report', '/api/v1/credentials/%C0%AE/report', '/api/v1/skills%zz?q=1']) {
      const res = await send(`${s.url}${path}`, 'GET');
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ error: { code: 'bad_request', message: 'The address has a malformed %-escape in its path.', fieldErrors: {} } });
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(s.reached).toEqual([]);
    // Well-formed API paths, a bad escape in the query only (the handlers' own check), and pages
    // (proxy.ts answers those) still reach the app.
    for (const path of ['/api/v1/credentials/%25/report', '/api/v1/skills?q=%', '/people/%']) expect((await send(`${s.url}${path}`, 'GET')).body, path).toBe('app');
    expect(s.reached).toEqual(['GET /api/v1/credentials/%25/report', 'GET /api/v1/skills?q=%', 'GET /people/%']);
  });

  it('tells an undecodable API path from everything else', () => {
    expect(isUndecodableApiPath('/api/v1/credentials/%E0%A4%A/report')).toBe(true);
    expect(isUndecodableApiPath('/api/%')).toBe(true);
    expect(isUndecodableApiPath('/api/v1/credentials/caf%C3%A9/report')).toBe(false);
    expect(isUndecodableApiPath('/api/v1/search?x=%')).toBe(false);
    expect(isUndecodableApiPath('/apix/%')).toBe(false);
    expect(isUndecodableApiPath('/roles/%C0%AE')).toBe(false);
  });
});
