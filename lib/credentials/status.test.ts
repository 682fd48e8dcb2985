// Status methods, one test per class, on credentials and lists signed here with the real libraries
// and served by a loopback HTTP server: Bitstring Status List (revocation, suspension, message,
// statusSize 2 with messages), StatusList2021, 1EdTech revocation list, lists by another party,
// lists that cannot be trusted or used, a list that inflates to 1 GB, and unsupported methods.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createStatusListCredential, deriveIssuerKey, signDataIntegrity, signVcJwt, type IssuerKey } from './issue';
import { MAX_STATUS_LIST_BYTES, expandEncodedList } from './status';
import type { VerificationReport } from './types';
import { verifyCredentialFile } from './verify';
import { NOW, fixtureLoader, startAssetServer, type AssetServer } from '../../test/credentials/fixtures';

let server: AssetServer;
let key: IssuerKey;
let statusService: IssuerKey;
beforeAll(async () => {
  server = await startAssetServer();
  key = await deriveIssuerKey('status-test-issuer');
  statusService = await deriveIssuerKey('status-test-status-service');
});
afterAll(async () => {
  await server.close();
});

const encode = (text: string) => new TextEncoder().encode(text);
const LIST = 'https://status.example/';
const loader = () => fixtureLoader(server, { [LIST]: `${server.origin}/status/` }, { timeoutMs: 1_000 });

async function verify(doc: Record<string, unknown> | string): Promise<VerificationReport> {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
  const [report] = await verifyCredentialFile({ name: 'status.json', bytes: encode(text) }, { now: NOW, loader: loader() });
  return report!;
}

const revocation = (r: VerificationReport) => r.checks.filter((c) => c.id === 'revocation');
const explain = (r: VerificationReport) => `${r.status}\n${r.checks.map((c) => `  ${c.result} ${c.id}: ${c.message}`).join('\n')}`;

function credential(status: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: key.did, type: ['Profile'], name: 'Status Academy' },
    validFrom: '2025-01-01T00:00:00Z',
    name: 'SQL',
    credentialSubject: {
      id: 'mailto:ada@example.com',
      type: ['AchievementSubject'],
      achievement: { id: 'https://academy.example/achievements/sql', type: ['Achievement'], name: 'SQL', description: 'Writes SQL.', criteria: { narrative: 'Exam.' } },
    },
    credentialStatus: status,
    ...overrides,
  };
}

function entry(list: string, index: number, extra: Record<string, unknown> = {}) {
  return { id: `${LIST}${list}#${index}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(index), statusListCredential: `${LIST}${list}`, ...extra };
}

async function serveList(name: string, options: Omit<Parameters<typeof createStatusListCredential>[0], 'id' | 'key'> & { key?: IssuerKey }) {
  const list = await createStatusListCredential({ id: `${LIST}${name}`, key: options.key ?? key, ...options });
  server.route(`/status/${name}`, { status: 200, body: JSON.stringify(list) });
  return list;
}

const MESSAGES = [
  { status: '0x0', message: 'active' },
  { status: '0x1', message: 'under review' },
  { status: '0x2', message: 'withdrawn by the learner' },
  { status: '0x3', message: 'cancelled' },
];

describe('Bitstring Status List', () => {
  beforeAll(async () => {
    await serveList('revocation', { revokedIndexes: [7] });
    await serveList('suspension', { revokedIndexes: [7], statusPurpose: 'suspension' });
    await serveList('both', { revokedIndexes: [9], statusPurpose: ['revocation', 'suspension'] });
    await serveList('two-bit-message', { statusSize: 2, statuses: { 5: 1, 6: 2, 7: 3 }, statusPurpose: 'message' });
    await serveList('two-bit-revocation', { statusSize: 2, statuses: { 6: 2 } });
  });

  test.each<[string, () => unknown, string, RegExp]>([
    ['revocation, clear', () => entry('revocation', 3), 'verified', /Not revoked: entry 3 of .* is clear/],
    ['revocation, set', () => entry('revocation', 7), 'revoked', /marks this credential revoked \(entry 7/],
    ['suspension, set', () => entry('suspension', 7, { statusPurpose: 'suspension' }), 'suspended', /marks this credential suspended/],
    ['suspension, clear', () => entry('suspension', 8, { statusPurpose: 'suspension' }), 'verified', /Not suspended/],
    ['a list for several purposes', () => entry('both', 9, { statusPurpose: 'suspension' }), 'suspended', /suspended/],
    ['statusSize 2, purpose message, value 0', () => entry('two-bit-message', 4, { statusPurpose: 'message', statusSize: 2, statusMessage: MESSAGES }), 'verified', /Status message from the issuer: "active"/],
    ['statusSize 2, purpose message, value 2', () => entry('two-bit-message', 6, { statusPurpose: 'message', statusSize: 2, statusMessage: MESSAGES }), 'verified', /"withdrawn by the learner" \(status 0x2.*does not revoke/],
    ['statusSize 2, purpose revocation, value 2', () => entry('two-bit-revocation', 6, { statusSize: 2, statusMessage: MESSAGES }), 'revoked', /revoked with status 0x2 \("withdrawn by the learner"\)/],
    ['statusSize 2, purpose revocation, value 0', () => entry('two-bit-revocation', 5, { statusSize: 2, statusMessage: MESSAGES }), 'verified', /Not revoked.*\("active"\)/],
    ['two entries, the second set', () => [entry('revocation', 3), entry('suspension', 7, { statusPurpose: 'suspension' })], 'suspended', /suspended/],
  ])('%s', async (_label, status, expected, message) => {
    const report = await verify(await signDataIntegrity(credential(status()), key));
    expect(report.status, explain(report)).toBe(expected);
    expect(revocation(report).map((c) => c.message).join('\n')).toMatch(message);
  });

  test('statusSize 2 reads the two bits of the entry, most significant first', async () => {
    // Entries 5, 6 and 7 hold 1, 2 and 3: bits 10-11 = 01, 12-13 = 10, 14-15 = 11.
    const messages = await Promise.all(
      [5, 6, 7].map(async (i) => revocation(await verify(await signDataIntegrity(credential(entry('two-bit-message', i, { statusPurpose: 'message', statusSize: 2, statusMessage: MESSAGES })), key)))[0]!.message),
    );
    expect(messages.map((m) => /"([^"]+)"/.exec(m)?.[1])).toEqual(['under review', 'withdrawn by the learner', 'cancelled']);
  });

  test('a VC-JWT with a status entry is checked the same way', async () => {
    const jwt = await signVcJwt(credential(entry('revocation', 7)), key);
    expect((await verify(jwt)).status).toBe('revoked');
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['statusSize 2 without messages', entry('two-bit-revocation', 6, { statusSize: 2 }), /needs a statusMessage for each of its 4 values/],
    ['statusSize 2 with two messages', entry('two-bit-revocation', 6, { statusSize: 2, statusMessage: MESSAGES.slice(0, 2) }), /2 status messages for a 2-bit status, which has 4/],
    ['statusSize 0', entry('revocation', 6, { statusSize: 0 }), /statusSize 0 is not an integer greater than zero/],
    ['a negative index', entry('revocation', -1), /statusListIndex "-1" is not a non-negative integer/],
    ['no purpose', entry('revocation', 1, { statusPurpose: undefined }), /no statusPurpose/],
    ['no list URL', entry('revocation', 1, { statusListCredential: undefined }), /no statusListCredential/],
  ])('a malformed entry (%s) is invalid', async (_label, status, message) => {
    const report = await verify(await signDataIntegrity(credential(status), key));
    expect(report.status, explain(report)).toBe('invalid');
    expect(revocation(report)[0]).toMatchObject({ result: 'fail', message: expect.stringMatching(message) });
  });
});

describe('StatusList2021', () => {
  const sl2021 = (index: number, purpose = 'revocation') => ({ id: `${LIST}sl2021#${index}`, type: 'StatusList2021Entry', statusPurpose: purpose, statusListIndex: String(index), statusListCredential: `${LIST}sl2021` });
  beforeAll(async () => {
    await serveList('sl2021', { kind: 'statuslist2021', revokedIndexes: [42] });
  });
  test.each([
    [41, 'verified'],
    [42, 'revoked'],
  ])('entry %i -> %s', async (index, expected) => {
    const vc = credential(sl2021(index), { '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'https://w3id.org/vc/status-list/2021/v1'] });
    const report = await verify(await signDataIntegrity(vc, key));
    expect(report.status, explain(report)).toBe(expected);
  });
  test('a StatusList2021 entry pointing at a Bitstring list is not trusted', async () => {
    const status = { ...sl2021(3), statusListCredential: `${LIST}revocation` };
    const vc = credential(status, { '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'https://w3id.org/vc/status-list/2021/v1'] });
    await serveList('revocation', { revokedIndexes: [7] });
    const report = await verify(await signDataIntegrity(vc, key));
    expect(report.status).toBe('unverified');
    expect(revocation(report)[0]!.message).toMatch(/not a StatusList2021Credential/);
  });
});

describe('lists from another party, and lists that cannot be trusted or used', () => {
  beforeAll(async () => {
    await serveList('revocation', { revokedIndexes: [7] });
    await serveList('delegated', { key: statusService, revokedIndexes: [11] });
    // Names our issuer, but the status service signed it: anyone could have.
    await serveList('impostor', { signingKey: statusService, revokedIndexes: [] });
    await serveList('expired', { validUntil: '2026-01-01T00:00:00Z' });
    await serveList('future', { validFrom: '2027-01-01T00:00:00Z' });
    await serveList('short', { length: 1_000 });
    const list = await createStatusListCredential({ id: `${LIST}forged`, key, revokedIndexes: [7] });
    const clear = await createStatusListCredential({ id: `${LIST}forged`, key, revokedIndexes: [] });
    (list.credentialSubject as { encodedList: string }).encodedList = (clear.credentialSubject as { encodedList: string }).encodedList;
    server.route('/status/forged', { status: 200, body: JSON.stringify(list) });
    const unsigned = structuredClone(clear) as Record<string, unknown>;
    delete unsigned.proof;
    server.route('/status/unsigned', { status: 200, body: JSON.stringify(unsigned) });
    server.route('/status/slow', { status: 200, hang: true });
    server.route('/status/not-json', { status: 200, body: '<html>status</html>', contentType: 'text/html' });
  });

  test('a list issued and signed by another party (a status service) counts, with a warning naming both', async () => {
    for (const [index, expected] of [[10, 'verified'], [11, 'revoked']] as const) {
      const report = await verify(await signDataIntegrity(credential(entry('delegated', index)), key));
      expect(report.status, explain(report)).toBe(expected);
      const warning = revocation(report).find((c) => c.result === 'warn');
      expect(warning?.message).toContain(`issued by ${statusService.did}, not by the credential's issuer ${key.did}`);
    }
  });

  test.each<[string, () => Record<string, unknown>, RegExp]>([
    ['a list that names the issuer but is signed by someone else', () => entry('impostor', 3), /names did:key:.* as its issuer but is signed by a key of did:key:/],
    ['a list whose bits were altered after signing', () => entry('forged', 7), /own signature does not verify/],
    ['an unsigned list', () => entry('unsigned', 7), /own signature does not verify \(The credential has no proof\)/],
    ['a list past its validUntil', () => entry('expired', 3), /expired on 2026-01-01 00:00:00 UTC/],
    ['a list not valid yet', () => entry('future', 3), /not valid until 2027-01-01/],
    ['a list for another purpose', () => entry('revocation', 3, { statusPurpose: 'suspension' }), /a list for "revocation", not "suspension"/],
    ['an index past the end of the list', () => entry('short', 5_000), /entry 5000 is outside its 1,000 entries/],
    ['a list that times out', () => entry('slow', 3), /did not answer within 1000 ms/],
    ['a list that is missing', () => entry('missing', 3), /HTTP 404/],
    ['a list that is not JSON', () => entry('not-json', 3), /not a JSON credential/],
  ])('%s: unverified, because revocation could not be checked', async (_label, status, message) => {
    const report = await verify(await signDataIntegrity(credential(status()), key));
    expect(report.status, explain(report)).toBe('unverified');
    const failed = revocation(report).find((c) => c.result === 'fail')!;
    expect(failed.message).toMatch(message);
    expect(failed.message).toMatch(/^Could not be checked: .*could not be checked$/);
    // The credential itself is fine: its signature verified.
    expect(report.checks.find((c) => c.id === 'signature')?.result).toBe('pass');
  });

  test('a list shorter than the spec minimum still answers, with a warning', async () => {
    const report = await verify(await signDataIntegrity(credential(entry('short', 3)), key));
    expect(report.status).toBe('verified');
    expect(revocation(report).find((c) => c.result === 'warn')?.message).toMatch(/1,000 entries, fewer than the 131,072/);
  });

  test('an unsupported status method is unverified, naming it', async () => {
    const rl2020 = { RevocationList2020Status: 'https://w3id.org/vc-revocation-list-2020#RevocationList2020Status', revocationListIndex: 'https://w3id.org/vc-revocation-list-2020#revocationListIndex', revocationListCredential: { '@id': 'https://w3id.org/vc-revocation-list-2020#revocationListCredential', '@type': '@id' } };
    const vc = credential({ id: 'https://status.example/rl#1', type: 'RevocationList2020Status', revocationListIndex: '1', revocationListCredential: 'https://status.example/rl' }, { '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', rl2020] });
    const report = await verify(await signDataIntegrity(vc, key));
    expect(report.status).toBe('unverified');
    expect(revocation(report)[0]!.message).toMatch(/status method RevocationList2020Status is not supported/);
  });
});

describe('a status list that inflates to 1 GB', () => {
  // 64 GZIP members of 16 MB of zeros each: ~1 MB on the wire, 1 GB inflated.
  const member = gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
  const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));

  test('decoding stops at the cap, quickly, with a clear reason', async () => {
    const started = Date.now();
    const rss = process.memoryUsage().rss;
    const result = await expandEncodedList(`u${bomb.toString('base64url')}`);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/inflates to more than 16 MB/) });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
    expect(MAX_STATUS_LIST_BYTES).toBe(16 * 1024 * 1024);
  });

  test('a credential pointing at it is unverified, never a crash', async () => {
    const list = await createStatusListCredential({ id: `${LIST}bomb`, key, revokedIndexes: [] });
    const unsigned = structuredClone(list);
    delete unsigned.proof;
    (unsigned.credentialSubject as { encodedList: string }).encodedList = `u${bomb.toString('base64url')}`;
    server.route('/status/bomb', { status: 200, body: JSON.stringify(await signDataIntegrity(unsigned, key)) });
    const report = await verify(await signDataIntegrity(credential(entry('bomb', 3)), key));
    expect(report.status, explain(report)).toBe('unverified');
    expect(revocation(report)[0]!.message).toMatch(/inflates to more than 16 MB/);
  });
});

describe('1EdTech revocation list', () => {
  const status = (name: string) => ({ id: `${LIST}${name}`, type: '1EdTechRevocationList' });
  // 1EdTechRevocationList is defined by the OB 3.0 extensions context.
  const withList = (name: string, id?: string) =>
    credential(status(name), { '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'], ...(id ? { id } : {}) });
  beforeAll(() => {
    server.route('/status/1edtech', {
      status: 200,
      body: JSON.stringify({
        id: `${LIST}1edtech`,
        issuer: key.did,
        revokedCredentials: [
          { id: 'urn:uuid:revoked-one', revocationReason: 'Issued in error' },
          { id: 'urn:uuid:reinstated', revoked: false },
          'urn:uuid:revoked-plain',
        ],
      }),
    });
  });
  test.each([
    ['urn:uuid:revoked-one', 'revoked', /lists this credential as revoked: "Issued in error"/],
    ['urn:uuid:revoked-plain', 'revoked', /lists this credential as revoked/],
    ['urn:uuid:reinstated', 'verified', /Not revoked/],
    ['urn:uuid:never-revoked', 'verified', /Not revoked/],
  ])('%s -> %s', async (id, expected, message) => {
    const report = await verify(await signDataIntegrity(withList('1edtech', id), key));
    expect(report.status, explain(report)).toBe(expected);
    expect(revocation(report)[0]!.message).toMatch(message);
  });
  test('an unreachable list is unverified', async () => {
    const report = await verify(await signDataIntegrity(withList('1edtech-gone'), key));
    expect(report.status).toBe('unverified');
    expect(revocation(report)[0]!.message).toMatch(/^Could not be checked: the revocation list .* could not be read \(.*HTTP 404\)/);
  });
});
