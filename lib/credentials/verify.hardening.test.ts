// Issue 12, items 2 and 3(a)-(c): every URL a credential names is held to the address policy
// (whatever IPv6 spelling hides a private IPv4 address), and one upload cannot block the server or
// fill the heap (SVG parsing is linear, zips are capped by bytes actually inflated, network reads
// are bounded per upload and the loader cache is bounded).
import { deflateRawSync } from 'node:zlib';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCredentialLoader } from './loader';
import { deriveIssuerKey, signDataIntegrity, type IssuerKey } from './issue';
import type { VerificationReport } from './types';
import { MAX_ZIP_ENTRY, MAX_ZIP_TOTAL, unpackZip, verifyCredentialFile, verifyCredentialUrl, ZIP_SLICE } from './verify';
import { NOW, fixture, startAssetServer, type AssetServer } from '../../test/credentials/fixtures';

let server: AssetServer;
let key: IssuerKey;
beforeAll(async () => {
  server = await startAssetServer();
  key = await deriveIssuerKey('hardening-test-issuer');
});
afterAll(async () => {
  await server.close();
});

const encode = (text: string) => new TextEncoder().encode(text);
/** The test server (127.0.0.1) under an IPv4-mapped IPv6 spelling the old pattern did not know. */
const mappedOrigin = () => `http://[::ffff:7f00:1]:${new URL(server.origin).port}`;
/** Loopback refused, as in production: nothing below may reach the test server. */
const strictLoader = () => createCredentialLoader({ allowLoopback: false, allowPrivate: false, cacheTtlMs: 0, timeoutMs: 1_000 });

function mentions(report: VerificationReport, pattern: RegExp): boolean {
  return JSON.stringify([report.checks, report.nested]).match(pattern) !== null;
}

function ob3(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: key.did, type: ['Profile'], name: 'Hardening Academy' },
    validFrom: '2025-01-01T00:00:00Z',
    name: 'Python practitioner',
    credentialSubject: {
      id: 'mailto:grace@example.com',
      type: ['AchievementSubject'],
      achievement: { id: 'https://academy.example/achievements/python', type: ['Achievement'], name: 'Python', description: 'Writes Python.', criteria: { narrative: 'Review.' } },
    },
    ...overrides,
  };
}

describe('SSRF: every URL field refuses IPv4-in-IPv6 spellings of loopback', () => {
  test('a hosted assertion URL', async () => {
    const before = server.requests.length;
    const report = await verifyCredentialUrl(`${mappedOrigin()}/basic-assertion.json`, { now: NOW, loader: strictLoader() });
    expect(report.status).toBe('invalid');
    expect(mentions(report, /loopback/)).toBe(true);
    expect(server.requests.length).toBe(before);
  });

  test('an OB 2.0 assertion whose id, badge and issuer are on that address', async () => {
    const assertion = JSON.parse(new TextDecoder().decode(fixture('1edtech-validator/ob20/basic-assertion.json'))) as Record<string, unknown>;
    const rewritten = JSON.parse(JSON.stringify(assertion).replaceAll('https://example.org', mappedOrigin())) as Record<string, unknown>;
    const before = server.requests.length;
    const [report] = await verifyCredentialFile({ name: 'hosted.json', bytes: encode(JSON.stringify(rewritten)) }, { now: NOW, loader: strictLoader() });
    expect(report!.status).not.toBe('verified');
    expect(mentions(report!, /loopback/)).toBe(true);
    expect(server.requests.length).toBe(before);
  });

  test('a status list URL', async () => {
    const signed = await signDataIntegrity(
      ob3({ credentialStatus: { id: `${mappedOrigin()}/status/1#3`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '3', statusListCredential: `${mappedOrigin()}/status/1` } }),
      key,
    );
    const before = server.requests.length;
    const [report] = await verifyCredentialFile({ name: 'status.json', bytes: encode(JSON.stringify(signed)) }, { now: NOW, loader: strictLoader() });
    expect(report!.status).toBe('unverified');
    expect(mentions(report!, /loopback/)).toBe(true);
    expect(server.requests.length).toBe(before);
  });

  test('a VC-JWT key URL (kid) and a did:web on that address', async () => {
    const port = new URL(server.origin).port;
    for (const kid of [`${mappedOrigin()}/keys/1`, `did:web:%5B%3A%3Affff%3A7f00%3A1%5D%3A${port}#key-1`]) {
      const issuer = kid.startsWith('did:') ? kid.split('#')[0]! : key.did;
      const vc = ob3({ issuer: { id: issuer, type: ['Profile'], name: 'Hardening Academy' } });
      const token = await new SignJWT({ vc }).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid }).setIssuer(issuer).setNotBefore(Date.parse('2025-01-01') / 1000).sign(key.privateKey);
      const before = server.requests.length;
      const [report] = await verifyCredentialFile({ name: 'key.jwt', bytes: encode(token) }, { now: NOW, loader: strictLoader() });
      // Invalid or unverified is the verifier's call (unreachable key); never verified, never fetched.
      expect(report!.status, kid).not.toBe('verified');
      expect(server.requests.length, kid).toBe(before);
    }
  });

  test('a CSV certificate URL and an SVG verify attribute', async () => {
    const csv = `Name,Email,Course,Certificate URL\nAda,ada@example.com,Python,${mappedOrigin()}/basic-assertion.json\n`;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg"><openbadges:assertion verify="${mappedOrigin()}/basic-assertion.json"/></svg>`;
    const before = server.requests.length;
    const [row] = await verifyCredentialFile({ name: 'courses.csv', bytes: encode(csv) }, { now: NOW, loader: strictLoader() });
    const [image] = await verifyCredentialFile({ name: 'badge.svg', bytes: encode(svg) }, { now: NOW, loader: strictLoader() });
    expect(row!.format).toBe('course-csv');
    expect(mentions(row!, /loopback/)).toBe(true);
    expect(image!.status).toBe('invalid');
    expect(mentions(image!, /loopback/)).toBe(true);
    expect(server.requests.length).toBe(before);
  });
});

describe('SVG unbaking is linear', () => {
  // The regex it replaces took 11 s on 800 KB of these and minutes on 5 MB.
  test.each([
    ['800 KB of unclosed <openbadges:credential>', '<openbadges:credential>'.repeat(35_000)],
    ['5 MB of unclosed <openbadges:credential>', '<openbadges:credential>'.repeat(217_000)],
    ['5 MB of one unclosed element', `<openbadges:credential>${'a'.repeat(5_000_000)}`],
    ['5 MB of unterminated attributes', '<openbadges:credential verify="x" '.repeat(140_000)],
  ])('%s is refused quickly', async (_label, body) => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg">${body}`.slice(0, 5 * 1024 * 1024 - 64);
    const started = performance.now();
    const [report] = await verifyCredentialFile({ name: 'evil.svg', bytes: encode(svg) }, { now: NOW, loader: strictLoader() });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(report!.status).toBe('invalid');
    expect(report!.checks[0]).toMatchObject({ id: 'parse', result: 'fail', message: expect.stringMatching(/SVG/) });
  });

  test('the payload is read from text, CDATA or the verify attribute, entities decoded', async () => {
    const { unbakeSvg } = await import('./unbake');
    const ns = 'xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://openbadges.org"';
    expect(unbakeSvg(`<svg ${ns}><g><openbadges:credential><![CDATA[{"a":1}]]></openbadges:credential></g></svg>`)).toMatchObject({ ok: true, payload: '{"a":1}' });
    expect(unbakeSvg(`<svg ${ns}><openbadges:credential>{&quot;a&quot;:&#49;}</openbadges:credential></svg>`)).toMatchObject({ ok: true, payload: '{"a":1}' });
    expect(unbakeSvg(`<svg ${ns}><openbadges:assertion verify="https://x.example/a?b=1&amp;c=2"></openbadges:assertion></svg>`)).toMatchObject({ ok: true, payload: 'https://x.example/a?b=1&c=2' });
    expect(unbakeSvg(`<svg ${ns}><openbadges:assertion verify='eyJ.x.y'/></svg>`)).toMatchObject({ ok: true, payload: 'eyJ.x.y', via: 'SVG <openbadges:assertion verify>' });
    // External entities are never resolved.
    const xxe = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg ${ns}><openbadges:credential>&x;</openbadges:credential></svg>`;
    expect(JSON.stringify(unbakeSvg(xxe))).not.toMatch(/root:/);
  });
});

/**
 * A zip written by hand so its declared sizes can lie (fflate and zip tools write true ones).
 * Entries are deflated with node:zlib; CRCs are zero (the streaming reader does not rely on them).
 */
function zipWithDeclaredSizes(entries: { name: string; data: Uint8Array; declaredSize: number }[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

describe('zip: bytes actually inflated are capped, whatever the entries declare', () => {
  const spaces = (mb: number) => new Uint8Array(mb * 1024 * 1024).fill(0x20);
  // Deflate's best case is about 1,032 bytes out per byte in.
  const DEFLATE_MAX_RATIO = 1_032;

  test('one entry declaring 1 KB that inflates to 64 MB is refused at the per-entry cap', async () => {
    const zip = zipWithDeclaredSizes([{ name: 'a.json', data: spaces(64), declaredSize: 1_000 }]);
    expect(zip.length).toBeLessThan(200_000);
    // What matters is the work done, not the wall time (a timed assertion failed on a loaded machine):
    // the inflater stopped within one slice's worth of output past the cap, and the rest of the zip
    // was never fed to it.
    const unpacked = unpackZip(zip);
    expect(unpacked).toMatchObject({ refused: expect.stringMatching(/a\.json in the zip unpacks to more than 20 MB/) });
    expect(unpacked.inflatedBytes).toBeGreaterThan(MAX_ZIP_ENTRY);
    expect(unpacked.inflatedBytes).toBeLessThanOrEqual(MAX_ZIP_ENTRY + ZIP_SLICE * DEFLATE_MAX_RATIO);
    expect(unpacked.consumedBytes).toBeLessThan(zip.length / 2);
    const reports = await verifyCredentialFile({ name: 'bomb.zip', bytes: zip }, { now: NOW, loader: strictLoader() });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.checks[0]).toMatchObject({ id: 'parse', result: 'fail', message: expect.stringMatching(/a\.json in the zip unpacks to more than 20 MB/) });
  });

  test('entries declaring 1 KB each that inflate past 100 MB in all are refused at the total cap', async () => {
    const data = spaces(18);
    const zip = zipWithDeclaredSizes(Array.from({ length: 7 }, (_, i) => ({ name: `e${i}.json`, data, declaredSize: 1_000 })));
    const unpacked = unpackZip(zip);
    expect(unpacked.inflatedBytes).toBeLessThanOrEqual(MAX_ZIP_TOTAL + ZIP_SLICE * DEFLATE_MAX_RATIO);
    expect(unpacked.consumedBytes).toBeLessThan(zip.length);
    const reports = await verifyCredentialFile({ name: 'wide.zip', bytes: zip }, { now: NOW, loader: strictLoader() });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.checks[0]!.message).toMatch(/unpacks to more than 100 MB/);
  });

  test('a zip whose entries are honest is still read entry by entry', async () => {
    const zip = zipWithDeclaredSizes([
      { name: 'b.txt', data: encode('hello'), declaredSize: 5 },
      { name: 'a.json', data: encode('[1]'), declaredSize: 3 },
      { name: '__MACOSX/._a.json', data: encode('junk'), declaredSize: 4 },
    ]);
    const reports = await verifyCredentialFile({ name: 'ok.zip', bytes: zip }, { now: NOW, loader: strictLoader() });
    expect(reports.map((r) => [r.input, r.checks[0]!.message])).toEqual([
      ['ok.zip/a.json', expect.stringMatching(/JSON array/)],
      ['ok.zip/b.txt', expect.stringMatching(/Not a recognised credential format/)],
    ]);
  });
});

describe('network reads per upload and the loader cache are bounded', () => {
  test('a 150-row CSV naming 150 different 4 MB bodies fetches at most its budget and keeps at most the cache bound', async () => {
    const body = encode(`{"junk":"${'z'.repeat(4 * 1024 * 1024 - 20)}"}`);
    const rows = Array.from({ length: 150 }, (_, i) => {
      server.route(`/cert-${i}.json`, { status: 200, body });
      return `Person ${i},p${i}@example.com,Course ${i},${server.origin}/cert-${i}.json`;
    });
    const csv = ['Name,Email,Course,Certificate URL', ...rows].join('\n');
    const loader = createCredentialLoader({ allowLoopback: true, cacheTtlMs: 60_000, timeoutMs: 2_000 });
    const before = server.requests.length;
    const reports = await verifyCredentialFile({ name: 'courses.csv', bytes: encode(csv) }, { now: NOW, loader });
    expect(reports).toHaveLength(150);
    const fetched = server.requests.length - before;
    // 64 MB of downloads per upload: 16 bodies of 4 MB, then the rest are not fetched.
    expect(fetched).toBeLessThanOrEqual(17);
    expect(loader.cacheStats().bytes).toBeLessThanOrEqual(32 * 1024 * 1024);
    const last = reports.at(-1)!;
    expect(last.checks.find((c) => c.id === 'hosted')?.message).toMatch(/already used its 64 MB of downloads/);
  });
});

describe('NUL characters cannot reach the database through an upload', () => {
  // Thunks: the issuer key exists only once beforeAll has run.
  test.each<[string, string, () => string]>([
    ['a JSON credential with a \\u0000 escape', 'nul.json', () => JSON.stringify(ob3({ name: 'Python\u0000' }))],
    ['a JSON credential with a NUL in a key', 'nul-key.json', () => JSON.stringify({ ...ob3(), 'x\u0000': 1 })],
    ['a CSV with a NUL in a cell', 'nul.csv', () => 'Name,Email,Course\nAda,ada@example.com,Pyth\u0000on\n'],
  ])('%s is a parse failure', async (_label, name, text) => {
    const reports = await verifyCredentialFile({ name, bytes: encode(text()) }, { now: NOW, loader: strictLoader() });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.checks[0]).toMatchObject({ id: 'parse', result: 'fail', message: expect.stringMatching(/NUL character/) });
  });

  test('an escaped backslash before u0000 is text, not a NUL', async () => {
    const [report] = await verifyCredentialFile({ name: 'ok.json', bytes: encode(JSON.stringify(ob3({ name: 'back\\u0000slash' }))) }, { now: NOW, loader: strictLoader() });
    expect(report!.checks[0]!.message ?? '').not.toMatch(/NUL/);
  });
});
