import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { classifyAddress, createCredentialLoader, didWebUrl } from './loader';
import { startAssetServer, type AssetServer } from '../../test/credentials/fixtures';

let server: AssetServer;
beforeAll(async () => {
  server = await startAssetServer();
});
afterAll(async () => {
  await server.close();
});

describe('classifyAddress', () => {
  test.each([
    ['8.8.8.8', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd00:ec2::254', 'private'],
    ['0.0.0.0', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['2606:4700::1111', 'public'],
  ])('%s is %s', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
  });
});

describe('guards', () => {
  test.each([
    ['http://127.0.0.1:9/x', /loopback/],
    ['http://169.254.169.254/latest/meta-data/', /link-local or cloud metadata/],
    ['http://[::1]:9/', /loopback/],
    ['http://10.0.0.5/', /private network/],
    ['http://localhost:9/', /loopback/],
  ])('%s is refused by default', async (url, reason) => {
    const loader = createCredentialLoader({ allowLoopback: false, allowPrivate: false });
    const result = await loader.load(url);
    expect(result.ok).toBe(false);
    expect(result.errorCode).toBe('blocked');
    expect(result.error).toMatch(reason);
  });

  test('non-http schemes and credentials in URLs are refused', async () => {
    const loader = createCredentialLoader();
    expect((await loader.load('file:///etc/passwd')).errorCode).toBe('invalid-url');
    expect((await loader.load('http://user:pw@example.org/')).errorCode).toBe('invalid-url');
    expect((await loader.load('not a url')).errorCode).toBe('invalid-url');
  });

  test('loopback is reachable only when allowed, and answers carry the status code', async () => {
    const loader = createCredentialLoader({ allowLoopback: true });
    server.route('/gone', { status: 410, body: '{}' });
    const ok = await loader.load(`${server.origin}/issuer1.json`);
    expect(ok).toMatchObject({ ok: true, status: 200, source: 'network' });
    const gone = await loader.load(`${server.origin}/gone`);
    expect(gone).toMatchObject({ ok: false, status: 410, errorCode: 'http' });
  });

  test('redirects: followed up to 3, each hop re-checked against the address policy', async () => {
    const loader = createCredentialLoader({ allowLoopback: true, cacheTtlMs: 0 });
    server.route('/r1', { status: 302, location: '/r2' });
    server.route('/r2', { status: 301, location: '/r3' });
    server.route('/r3', { status: 307, location: '/issuer1.json' });
    expect(await loader.load(`${server.origin}/r1`)).toMatchObject({ ok: true, status: 200, redirects: 3 });
    server.route('/r0', { status: 302, location: '/r1' });
    expect(await loader.load(`${server.origin}/r0`)).toMatchObject({ ok: false, errorCode: 'too-many-redirects' });
    // A public-looking start that redirects to the metadata service is refused at that hop.
    server.route('/to-metadata', { status: 302, location: 'http://169.254.169.254/latest/meta-data/' });
    expect(await loader.load(`${server.origin}/to-metadata`)).toMatchObject({ ok: false, errorCode: 'blocked' });
  });

  test('a server that never answers times out', async () => {
    server.route('/hang', { status: 200, hang: true });
    const loader = createCredentialLoader({ allowLoopback: true, timeoutMs: 300 });
    const started = Date.now();
    const result = await loader.load(`${server.origin}/hang`);
    expect(result).toMatchObject({ ok: false, errorCode: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('responses over the size cap are refused', async () => {
    server.route('/big', { status: 200, body: 'x'.repeat(200_000) });
    const loader = createCredentialLoader({ allowLoopback: true, maxBytes: 100_000 });
    expect(await loader.load(`${server.origin}/big`)).toMatchObject({ ok: false, errorCode: 'too-large' });
  });

  test('answers are cached for the TTL; failures to connect are not', async () => {
    const loader = createCredentialLoader({ allowLoopback: true, cacheTtlMs: 60_000 });
    const before = server.requests.filter((r) => r === '/key1.json').length;
    await loader.load(`${server.origin}/key1.json`);
    const second = await loader.load(`${server.origin}/key1.json`);
    expect(second.source).toBe('cache');
    expect(server.requests.filter((r) => r === '/key1.json').length - before).toBe(1);
  });
});

describe('resolver map', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'resolver-'));
  writeFileSync(path.join(dir, 'did.json'), '{"id":"did:web:issuer.example"}');
  writeFileSync(path.join(dir, 'map.json'), JSON.stringify({ 'https://issuer.example/.well-known/did.json': 'did.json', 'https://issuer.example/files/': '.' }));

  test('maps URL prefixes to files (relative to the map file) and folders, without the network', async () => {
    const loader = createCredentialLoader({ resolverMapFile: path.join(dir, 'map.json'), offline: true });
    const did = await loader.loadJson('https://issuer.example/.well-known/did.json');
    expect(did.json).toEqual({ id: 'did:web:issuer.example' });
    expect(did.result.source).toBe('resolver-map');
    expect((await loader.load('https://issuer.example/files/did.json')).ok).toBe(true);
    expect((await loader.load('https://issuer.example/files/missing.json')).status).toBe(404);
    // "../" may not climb out of a mapped folder.
    expect((await loader.load('https://issuer.example/files/..%2F..%2Fetc%2Fpasswd')).ok).toBe(false);
    expect((await loader.load('https://elsewhere.example/x')).error).toMatch(/not in the resolver map/);
  });

  test('an in-memory map can point a prefix at another server', async () => {
    const loader = createCredentialLoader({ resolverMap: { 'https://example.org/': `${server.origin}/` }, allowLoopback: true });
    expect((await loader.loadJson('https://example.org/issuer1.json')).json).toMatchObject({ type: 'Issuer' });
  });
});

test('didWebUrl', () => {
  expect(didWebUrl('did:web:example.com')).toBe('https://example.com/.well-known/did.json');
  expect(didWebUrl('did:web:example.com:users:alice#key-1')).toBe('https://example.com/users/alice/did.json');
  expect(didWebUrl('did:web:localhost%3A8443')).toBe('https://localhost:8443/.well-known/did.json');
  expect(didWebUrl('did:key:z6Mk')).toBeNull();
});
