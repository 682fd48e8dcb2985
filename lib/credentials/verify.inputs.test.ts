// Bad input, containers (zip, CSV) and issuer trust, on credentials signed here.
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCredentialLoader } from './loader';
import { deriveIssuerKey, signDataIntegrity, signVcJwt, type IssuerKey } from './issue';
import type { VerificationReport } from './types';
import { verifyCredentialFile, verifyCredentialUrl } from './verify';
import { NOW, fixture, fixtureLoader, startAssetServer, type AssetServer } from '../../test/credentials/fixtures';

let server: AssetServer;
let key: IssuerKey;
beforeAll(async () => {
  server = await startAssetServer();
  key = await deriveIssuerKey('inputs-test-issuer');
});
afterAll(async () => {
  await server.close();
});

const encode = (text: string) => new TextEncoder().encode(text);
const loader = () => fixtureLoader(server, { 'https://status.example/': `${server.origin}/status/` }, { timeoutMs: 400 });

async function one(name: string, bytes: Uint8Array, extra: Parameters<typeof verifyCredentialFile>[1] = {}): Promise<VerificationReport> {
  const reports = await verifyCredentialFile({ name, bytes }, { now: NOW, loader: loader(), ...extra });
  expect(reports).toHaveLength(1);
  return reports[0]!;
}

function credential(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: key.did, type: ['Profile'], name: 'Inputs Academy' },
    validFrom: '2025-01-01T00:00:00Z',
    name: 'Python practitioner',
    credentialSubject: {
      id: 'mailto:grace@example.com',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://academy.example/achievements/python',
        type: ['Achievement'],
        name: 'Python',
        description: 'Writes production Python.',
        criteria: { narrative: 'Project review.' },
        alignment: [{ type: ['Alignment'], targetName: 'Python', targetFramework: 'O*NET', targetCode: 'python', targetUrl: 'https://www.onetonline.org/search/hot_tech/python' }],
      },
    },
    ...overrides,
  };
}

describe('bad input is a failed parse check with its reason, never a throw', () => {
  test.each<[string, Uint8Array, RegExp]>([
    ['empty.json', new Uint8Array(), /empty/i],
    ['blank.json', encode('   \n'), /empty/i],
    ['garbage.bin', new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x92, 0x00, 0xc3]), /neither text.*nor a PNG or ZIP/],
    ['truncated.json', encode('{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ['), /Not valid JSON/],
    ['deep.json', encode('['.repeat(10_000) + ']'.repeat(10_000)), /nested more than 64 levels/],
    ['deep-object.json', encode('{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)), /nested more than 64 levels/],
    ['huge.json', new Uint8Array(50 * 1024 * 1024).fill(0x20), /50\.0 MB; uploads over 20 MB are refused/],
    ['big.json', encode(`{"x":"${'a'.repeat(6 * 1024 * 1024)}"}`), /over 5 MB is refused/],
    ['array.json', encode('[1,2,3]'), /JSON array/],
    ['number.json', encode('42'), /Not a recognised credential format|not an object/],
    ['badge-class.json', encode('{"@context":"https://w3id.org/openbadges/v2","type":"BadgeClass","id":"https://x.example/b"}'), /BadgeClass, not an assertion/],
    ['page.html', encode('<html><body>hello</body></html>'), /not an SVG/],
    ['plain.svg', encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), /carries no badge/],
    ['bad.jwt', encode('eyJhbGciOi.bm90IGpzb24.c2ln'), /JWS header is not base64url-encoded JSON|not a JSON object/],
    ['notes.txt', encode('hello world'), /Not a recognised credential format/],
  ])('%s', async (name, bytes, reason) => {
    const report = await one(name, bytes);
    expect(report.status).toBe('invalid');
    expect(report.checks[0]).toMatchObject({ id: 'parse', result: 'fail', message: expect.stringMatching(reason) });
  });

  test('a PNG with no badge in it', async () => {
    const png = fixture('openbadges-validator-core/tests/testfiles/public_domain_heart.png');
    const report = await one('heart.png', png);
    expect(report.checks[0]).toMatchObject({ id: 'parse', result: 'fail', message: expect.stringMatching(/PNG image carries no badge/) });
  });

  test.each([
    ['http://127.0.0.1/assertion.json', /loopback/],
    ['http://169.254.169.254/latest/meta-data/iam/', /cloud metadata/],
  ])('a URL pointing at %s is refused', async (url, reason) => {
    const report = await verifyCredentialUrl(url, { now: NOW, loader: createCredentialLoader({ allowLoopback: false, allowPrivate: false }) });
    expect(report.status).toBe('invalid');
    expect(report.checks[0]).toMatchObject({ id: 'parse', result: 'fail', message: expect.stringMatching(reason) });
  });
});

// Status lists (every method, lists from other parties, lists that cannot be used, a 1 GB list) are in status.test.ts.

describe('formats signed here', () => {
  test('VC-JWT with a did:key kid verifies; a tampered payload does not', async () => {
    const jwt = await signVcJwt(credential(), key);
    const ok = await one('ok.jwt', encode(jwt));
    expect(ok.status).toBe('verified');
    expect(ok.credential?.achievement.alignments[0]).toMatchObject({ targetCode: 'python', targetFramework: 'O*NET' });
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { vc: { name: string } };
    payload.vc.name = 'Something else';
    const bad = await one('bad.jwt', encode(`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`));
    expect(bad.status).toBe('invalid');
    expect(bad.checks.find((c) => c.id === 'signature')?.result).toBe('fail');
  });

  test('a JWT with alg "none" is refused', async () => {
    const header = Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url');
    const body = Buffer.from(JSON.stringify({ vc: credential(), iss: key.did })).toString('base64url');
    const report = await one('none.jwt', encode(`${header}.${body}.`));
    expect(report.status).toBe('invalid');
    expect(report.checks.find((c) => c.id === 'key')?.message).toMatch(/unsigned \(JOSE alg "none"\)/);
  });

  test('issuer trust: blocked issuers are invalid, unknown ones are a warning', async () => {
    const signed = JSON.stringify(await signDataIntegrity(credential(), key));
    const blocked = await one('c.json', encode(signed), { issuerTrust: () => 'blocked' });
    expect(blocked.status).toBe('invalid');
    const unknown = await one('c.json', encode(signed), { issuerTrust: () => 'unknown' });
    expect(unknown.status).toBe('verified');
    expect(unknown.checks.find((c) => c.id === 'issuer-trust')?.result).toBe('warn');
    const trusted = await one('c.json', encode(signed), { issuerTrust: (id) => (id === key.did ? 'trusted' : 'unknown') });
    expect(trusted.checks.find((c) => c.id === 'issuer-trust')?.result).toBe('pass');
  });

  test('the same credential gives the same content hash (idempotent storage)', async () => {
    const signed = encode(JSON.stringify(await signDataIntegrity(credential({ id: 'urn:uuid:fixed' }), key)));
    expect((await one('a.json', signed)).contentHash).toBe((await one('b.json', signed)).contentHash);
  });
});

describe('containers', () => {
  test('a zip yields one report per file, in name order; nested zips are not opened', async () => {
    const signed = encode(JSON.stringify(await signDataIntegrity(credential(), key)));
    const inner = zipSync({ 'x.json': signed });
    const zip = zipSync({
      'b/ok.json': signed,
      'a/simple.jwt': fixture('1edtech-validator/ob20/simple.jwt'),
      'c/empty.json': new Uint8Array(),
      'd/inner.zip': inner,
      '__MACOSX/._ok.json': encode('junk'),
    });
    const reports = await verifyCredentialFile({ name: 'batch.zip', bytes: zip }, { now: NOW, loader: loader() });
    expect(reports.map((r) => [r.input, r.status])).toEqual([
      ['batch.zip/a/simple.jwt', 'verified'],
      ['batch.zip/b/ok.json', 'verified'],
      ['batch.zip/c/empty.json', 'invalid'],
      ['batch.zip/d/inner.zip', 'invalid'],
    ]);
  });

  test('a corrupt zip is one parse failure', async () => {
    const reports = await verifyCredentialFile({ name: 'bad.zip', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) }, { now: NOW, loader: loader() });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.checks[0]).toMatchObject({ id: 'parse', result: 'fail' });
  });

  test('a CSV of course completions: self-reported rows, or verified when the certificate URL proves it', async () => {
    server.route('/beths-robotics-badge.json', { status: 200, body: fixture('1edtech-validator/ob20/basic-assertion.json') });
    const csv = [
      'Name,Email,Course,Provider,Completed,Certificate URL',
      'Ada Lovelace,ada@example.com,Python for Data Analysis,LinkedIn Learning,2025-03-14,',
      '"Hopper, Grace",nobody@example.org,Intro to Kubernetes,Coursera,14/02/2025,https://example.org/beths-robotics-badge.json',
      'Someone Else,someone@example.com,Intro to Kubernetes,Coursera,2025-02-14,https://example.org/beths-robotics-badge.json',
      'Alan Turing,alan@example.com,Cryptography I,Coursera,2025-01-10,https://example.org/no-such-certificate.json',
      'Nobody,,,,,',
    ].join('\n');
    const reports = await verifyCredentialFile({ name: 'learning.csv', bytes: encode(csv) }, { now: NOW, loader: loader() });
    expect(reports.map((r) => [r.input, r.format, r.status])).toEqual([
      ['learning.csv row 2', 'course-csv', 'unverified'],
      ['learning.csv row 3', 'ob2-hosted', 'verified'],
      ['learning.csv row 4', 'course-csv', 'unverified'],
      ['learning.csv row 5', 'course-csv', 'unverified'],
      ['learning.csv row 6', 'course-csv', 'invalid'],
    ]);
    // A certificate issued to someone else does not back the row.
    expect(reports[2]!.checks.find((c) => c.id === 'hosted')?.message).toMatch(/recipient hash matches none/);
    const ada = reports[0]!.credential!;
    expect(ada).toMatchObject({ issuer: { name: 'LinkedIn Learning' }, recipient: { identity: 'ada@example.com', name: 'Ada Lovelace' }, achievement: { name: 'Python for Data Analysis', type: 'Course' }, issuedAt: '2025-03-14T00:00:00.000Z' });
    expect(reports[3]!.checks.find((c) => c.id === 'hosted')).toMatchObject({ result: 'warn', message: expect.stringMatching(/did not yield a verifiable credential/) });
  });

  test('a CSV without a course column is refused with the columns it found', async () => {
    const reports = await verifyCredentialFile({ name: 'people.csv', bytes: encode('name,email\nAda,ada@example.com\n') }, { now: NOW, loader: loader() });
    expect(reports[0]!.checks[0]!.message).toMatch(/no course column \(found: name, email\)/);
  });
});
