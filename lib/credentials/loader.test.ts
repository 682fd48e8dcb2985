import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { classifyAddress, createCredentialLoader, createFetchBudget, didWebUrl, LoaderCache, withFetchBudget, type LoadResult } from './loader';
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

// The loopback asset server listens on 127.0.0.1; each spelling below reaches it when the policy
// misreads the spelling (before issue 12's fix, the hex IPv4-mapped forms connected).
describe('IPv4-in-IPv6 spellings are refused end to end, literal and after a redirect', () => {
  const port = () => new URL(server.origin).port;
  const spellings = ['[::ffff:7f00:1]', '[::ffff:127.0.0.1]', '[0:0:0:0:0:ffff:7f00:1]', '[::7f00:1]', '[::ffff:0:7f00:1]', '[64:ff9b::7f00:1]', '[2002:7f00:1::1]', '127.1', '0x7f000001', '2130706433'];

  test.each(spellings)('http://%s/ is refused as loopback', async (host) => {
    const loader = createCredentialLoader({ allowLoopback: false, allowPrivate: false, cacheTtlMs: 0 });
    const before = server.requests.length;
    const result = await loader.load(`http://${host}:${port()}/issuer1.json`);
    expect(result).toMatchObject({ ok: false, errorCode: 'blocked' });
    expect(result.error).toMatch(/loopback/);
    expect(server.requests.length).toBe(before);
  });

  test.each(['http://[::ffff:169.254.169.254]/latest/meta-data/', 'http://[::ffff:a9fe:a9fe]/', 'http://[::ffff:10.0.0.1]/', 'http://[64:ff9b::a00:1]/', 'http://[2002:a9fe:a9fe::]/'])(
    '%s is refused even with loopback allowed',
    async (url) => {
      const loader = createCredentialLoader({ allowLoopback: true, allowPrivate: false, cacheTtlMs: 0 });
      expect(await loader.load(url)).toMatchObject({ ok: false, errorCode: 'blocked' });
    },
  );

  test.each(['http://[::ffff:a9fe:a9fe]/latest/meta-data/', 'http://[::ffff:7f00:1]:9/', 'http://[::a00:1]/'])('a redirect to %s is refused at that hop', async (location) => {
    // The first hop is allowed (a test server on loopback); the hop it redirects to must be re-checked.
    const loader = createCredentialLoader({ allowLoopback: true, allowPrivate: false, cacheTtlMs: 0 });
    server.route('/to-mapped', { status: 302, location });
    const result = await loader.load(`${server.origin}/to-mapped`);
    if (location.includes('7f00')) {
      // Loopback is allowed in this loader, so that hop is tried (nothing listens on port 9).
      expect(result.errorCode).toBe('network');
    } else {
      expect(result).toMatchObject({ ok: false, errorCode: 'blocked', redirects: 1 });
    }
  });

  test('a loader that refuses loopback refuses a redirect from a mapped URL onto a mapped-loopback spelling', async () => {
    server.route('/hop', { status: 302, location: `http://[::ffff:7f00:1]:${port()}/issuer1.json` });
    // The map sends example.org to the test server; allowLoopback is off, so the first hop fails
    // too. What matters: nothing on loopback is reached through the IPv6 spelling.
    const loader = createCredentialLoader({ resolverMap: { 'https://example.org/': `${server.origin}/` }, allowLoopback: false, cacheTtlMs: 0 });
    const before = server.requests.length;
    expect(await loader.load('https://example.org/hop')).toMatchObject({ ok: false, errorCode: 'blocked' });
    expect(server.requests.length).toBe(before);
  });
});

describe('cache bounds (LRU by entries and bytes)', () => {
  const answer = (url: string, size: number): LoadResult => ({ url, finalUrl: url, status: 200, ok: true, body: new Uint8Array(size), contentType: null, source: 'network', redirects: 0 });

  test('never holds more than its byte budget, evicting the least recently used', () => {
    const cache = new LoaderCache(1_000, 10_000);
    const far = Date.now() + 60_000;
    for (let i = 0; i < 50; i++) cache.set(`u${i}`, answer(`u${i}`, 3_000), far);
    expect(cache.bytes).toBeLessThanOrEqual(10_000);
    expect(cache.size).toBe(3);
    expect(cache.get('u49', Date.now())).toBeDefined();
    expect(cache.get('u0', Date.now())).toBeUndefined();
  });

  test('never holds more than its entry budget; a read makes an entry recent', () => {
    const cache = new LoaderCache(3, 1_000_000);
    const far = Date.now() + 60_000;
    cache.set('a', answer('a', 1), far);
    cache.set('b', answer('b', 1), far);
    cache.set('c', answer('c', 1), far);
    expect(cache.get('a', Date.now())).toBeDefined();
    cache.set('d', answer('d', 1), far);
    expect(cache.size).toBe(3);
    expect(cache.get('b', Date.now())).toBeUndefined();
    expect(cache.get('a', Date.now())).toBeDefined();
  });

  test('an answer larger than the whole budget is not cached; expired answers are not returned', () => {
    const cache = new LoaderCache(10, 1_000);
    cache.set('big', answer('big', 5_000), Date.now() + 60_000);
    expect(cache.size).toBe(0);
    cache.set('old', answer('old', 10), Date.now() - 1);
    expect(cache.get('old', Date.now())).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  test('a loader fetching many large bodies keeps at most its cache budget resident', async () => {
    const body = 'x'.repeat(400_000);
    for (let i = 0; i < 20; i++) server.route(`/big${i}`, { status: 200, body });
    const loader = createCredentialLoader({ allowLoopback: true, cacheMaxBytes: 1_000_000, cacheMaxEntries: 100 });
    for (let i = 0; i < 20; i++) expect((await loader.load(`${server.origin}/big${i}`)).ok).toBe(true);
    // The last two fit in 1 MB; the first is gone and fetched again.
    expect((await loader.load(`${server.origin}/big19`)).source).toBe('cache');
    expect((await loader.load(`${server.origin}/big0`)).source).toBe('network');
  });
});

describe('fetch budget', () => {
  test('caps the network reads and bytes of one verification; cache hits are free', async () => {
    const base = createCredentialLoader({ allowLoopback: true, cacheTtlMs: 60_000 });
    const budget = createFetchBudget({ maxFetches: 2, maxBytes: 10_000_000 });
    const loader = withFetchBudget(base, budget);
    expect((await loader.load(`${server.origin}/issuer1.json`)).ok).toBe(true);
    expect((await loader.load(`${server.origin}/key1.json`)).ok).toBe(true);
    // Already fetched: served from the cache without spending anything.
    expect((await loader.load(`${server.origin}/issuer1.json`)).source).toBe('cache');
    const refused = await loader.load(`${server.origin}/badgeclass1.json`);
    expect(refused).toMatchObject({ ok: false, errorCode: 'budget' });
    expect(refused.error).toMatch(/2 network reads/);
    // A refusal is not cached: another verification with its own budget gets the document.
    expect((await withFetchBudget(base, createFetchBudget()).load(`${server.origin}/badgeclass1.json`)).ok).toBe(true);
  });

  test('stops once the bytes are spent', async () => {
    server.route('/300k', { status: 200, body: 'y'.repeat(300_000) });
    server.route('/300k-b', { status: 200, body: 'y'.repeat(300_000) });
    const loader = withFetchBudget(createCredentialLoader({ allowLoopback: true, cacheTtlMs: 0 }), createFetchBudget({ maxBytes: 250_000 }));
    expect((await loader.load(`${server.origin}/300k`)).ok).toBe(true);
    expect(await loader.load(`${server.origin}/300k-b`)).toMatchObject({ ok: false, errorCode: 'budget' });
  });

  test('each redirect hop is a fetch', async () => {
    server.route('/b1', { status: 302, location: '/b2' });
    server.route('/b2', { status: 302, location: '/issuer1.json' });
    const loader = withFetchBudget(createCredentialLoader({ allowLoopback: true, cacheTtlMs: 0 }), createFetchBudget({ maxFetches: 2 }));
    expect(await loader.load(`${server.origin}/b1`)).toMatchObject({ ok: false, errorCode: 'budget' });
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
