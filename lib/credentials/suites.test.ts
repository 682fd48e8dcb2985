// Every Data Integrity suite issuers use, signed here with the Digital Bazaar suites and verified
// end to end (one test per suite, plus a tampered copy), and the three answers: a proof that cannot
// be checked (Blockcerts, unknown suite, ecdsa-sd-2023 base proof) is unverified, a non-Open-Badge
// VC with a valid proof is verified and proves no skill.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deriveEcdsaIssuerKey, deriveIssuerKey, deriveSelectiveDisclosure, signDataIntegrity, type DataIntegritySuiteName, type EcdsaIssuerKey, type IssuerKey } from './issue';
import { buildSkillIndex, mapCredentialSkills } from './map-skills';
import { loadShippedSkills } from './taxonomy';
import type { VerificationReport } from './types';
import { verifyCredentialFile } from './verify';
import { NOW, fixture, fixtureLoader, startAssetServer, type AssetServer } from '../../test/credentials/fixtures';

let server: AssetServer;
let ed25519: IssuerKey;
beforeAll(async () => {
  server = await startAssetServer();
  ed25519 = await deriveIssuerKey('suites-test-issuer');
});
afterAll(async () => {
  await server.close();
});

const encode = (text: string) => new TextEncoder().encode(text);
async function verify(doc: unknown, name = 'suite.json'): Promise<VerificationReport> {
  const [report] = await verifyCredentialFile({ name, bytes: typeof doc === 'string' ? encode(doc) : encode(JSON.stringify(doc)) }, { now: NOW, loader: fixtureLoader(server) });
  return report!;
}
const check = (r: VerificationReport, id: string) => r.checks.filter((c) => c.id === id);
const explain = (r: VerificationReport) => `${r.status}\n${r.checks.map((c) => `  ${c.result} ${c.id}: ${c.message}`).join('\n')}`;

const OB3 = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

function badge(issuer: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': OB3,
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer, type: ['Profile'], name: 'Suites Academy' },
    validFrom: '2025-01-01T00:00:00Z',
    name: 'Python',
    credentialSubject: {
      id: 'mailto:ada@example.com',
      type: ['AchievementSubject'],
      achievement: { id: 'https://academy.example/achievements/python', type: ['Achievement'], name: 'Python', description: 'Writes Python.', criteria: { narrative: 'Project.' } },
    },
    ...overrides,
  };
}

function tamper(doc: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(doc) as { credentialSubject: { achievement: { name: string } } };
  copy.credentialSubject.achievement.name = 'Python (Distinction)';
  return copy as unknown as Record<string, unknown>;
}

describe('EdDSA suites (Ed25519 did:key)', () => {
  test.each<[DataIntegritySuiteName, string[], string]>([
    ['eddsa-rdfc-2022', OB3, 'DataIntegrityProof (eddsa-rdfc-2022)'],
    ['eddsa-jcs-2022', OB3, 'DataIntegrityProof (eddsa-jcs-2022)'],
    ['Ed25519Signature2020', [...OB3, 'https://w3id.org/security/suites/ed25519-2020/v1'], 'Ed25519Signature2020'],
    // Jobs for the Future plugfest badges: VCDM 1.1, whose context defines Ed25519Signature2018.
    ['Ed25519Signature2018', ['https://www.w3.org/2018/credentials/v1', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'], 'Ed25519Signature2018'],
  ])('%s: verified; a tampered copy is invalid', async (suite, context, label) => {
    const dates = context[0] === OB3[0] ? {} : { validFrom: undefined, issuanceDate: '2025-01-01T00:00:00Z' };
    const signed = await signDataIntegrity(badge(ed25519.did, { '@context': context, ...dates }), ed25519, { suite });
    const ok = await verify(signed);
    expect(ok.status, explain(ok)).toBe('verified');
    expect(check(ok, 'signature')[0]!.message).toBe(`${label} signature verified`);
    const bad = await verify(tamper(signed));
    expect(bad.status, explain(bad)).toBe('invalid');
    expect(check(bad, 'signature')[0]!.result).toBe('fail');
  });

  test('eddsa-jcs-2022 signs the JSON: JSON-LD is not needed, and says so', async () => {
    const report = await verify(await signDataIntegrity(badge(ed25519.did), ed25519, { suite: 'eddsa-jcs-2022' }));
    expect(check(report, 'jsonld')[0]).toMatchObject({ result: 'skipped', message: expect.stringMatching(/JCS \(RFC 8785\)/) });
  });
});

describe('ECDSA suites (P-256 and P-384)', () => {
  let keys: Record<'P-256' | 'P-384', EcdsaIssuerKey>;
  beforeAll(async () => {
    // 1EdTech-style keys (<issuer URL>#<multibase>) resolve offline; did:key P-256/P-384 go through the DID resolver.
    keys = { 'P-256': await deriveEcdsaIssuerKey('suites-p256', 'P-256', 'https://example.org/issuers/p256'), 'P-384': await deriveEcdsaIssuerKey('suites-p384', 'P-384', 'https://example.org/issuers/p384') };
  });

  test.each<[DataIntegritySuiteName, 'P-256' | 'P-384']>([
    ['ecdsa-rdfc-2019', 'P-256'],
    ['ecdsa-rdfc-2019', 'P-384'],
    ['ecdsa-jcs-2019', 'P-256'],
    ['ecdsa-jcs-2019', 'P-384'],
  ])('%s with %s: verified; a tampered copy is invalid', async (suite, curve) => {
    const key = keys[curve];
    const signed = await signDataIntegrity(badge(key.did), key, { suite });
    const ok = await verify(signed);
    expect(ok.status, explain(ok)).toBe('verified');
    expect(check(ok, 'signature')[0]!.message).toBe(`DataIntegrityProof (${suite}) signature verified`);
    const bad = await verify(tamper(signed));
    expect(bad.status, explain(bad)).toBe('invalid');
  });

  test('ecdsa-sd-2023: the derived proof a holder presents verifies; a tampered disclosure is invalid', async () => {
    const key = keys['P-256'];
    const base = await signDataIntegrity(badge(key.did), key, { suite: 'ecdsa-sd-2023', mandatoryPointers: ['/issuer', '/validFrom', '/credentialSubject/achievement'] });
    const derived = await deriveSelectiveDisclosure(base, ['/credentialSubject/id']);
    const ok = await verify(derived);
    expect(ok.status, explain(ok)).toBe('verified');
    expect(ok.credential?.achievement.name).toBe('Python');
    const bad = await verify(tamper(derived));
    expect(bad.status, explain(bad)).toBe('invalid');
    expect(check(bad, 'signature')[0]!.result).toBe('fail');
  });

  test.each<[DataIntegritySuiteName, 'P-256' | 'P-384']>([
    ['ecdsa-rdfc-2019', 'P-256'],
    ['ecdsa-jcs-2019', 'P-384'],
    // ecdsa-sd-2023 is P-256 only (its hashes are SHA-256; the Digital Bazaar suite requires P-256).
    ['ecdsa-sd-2023', 'P-256'],
  ])('%s by a %s did:key issuer (through the DID resolver)', async (suite, curve) => {
    const key = await deriveEcdsaIssuerKey(`suites-did-key-${curve}`, curve);
    expect(key.did).toMatch(curve === 'P-256' ? /^did:key:zDna/ : /^did:key:z82L/);
    let signed = await signDataIntegrity(badge(key.did), key, { suite });
    if (suite === 'ecdsa-sd-2023') signed = await deriveSelectiveDisclosure(signed, ['/credentialSubject']);
    const ok = await verify(signed);
    expect(ok.status, explain(ok)).toBe('verified');
    expect(check(ok, 'key').map((c) => c.result)).not.toContain('warn');
    expect((await verify(tamper(signed))).status).toBe('invalid');
  });

  test('ecdsa-sd-2023: a base proof (meant for the holder) is unverified, saying what to ask for', async () => {
    const key = keys['P-256'];
    const base = await signDataIntegrity(badge(key.did), key, { suite: 'ecdsa-sd-2023' });
    const report = await verify(base);
    expect(report.status, explain(report)).toBe('unverified');
    expect(check(report, 'signature')[0]).toMatchObject({ result: 'fail', message: expect.stringMatching(/^Could not be checked: this is an ecdsa-sd-2023 base proof.*derived proof/) });
  });

  test('the 1EdTech validator\'s ecdsa-sd-2023 derived sample (P-256 key named <issuer URL>#<multibase>) verifies', async () => {
    const report = await verify(new TextDecoder().decode(fixture('1edtech-validator/ob30/sd/derivedcredential.json')));
    expect(report.status, explain(report)).toBe('verified');
    expect(check(report, 'signature')[0]!.message).toBe('DataIntegrityProof (ecdsa-sd-2023) signature verified');
  });
});

describe('three answers', () => {
  test('a Blockcerts v3 credential (MerkleProof2019) is unverified: nothing failed, nothing could be checked', async () => {
    const doc = {
      '@context': ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/blockcerts/v3'],
      id: 'urn:uuid:bbba8553-8ec1-445f-82c9-a57251dd731c',
      type: ['VerifiableCredential', 'BlockcertsCredential'],
      issuer: 'https://university.example/issuer.json',
      issuanceDate: '2024-05-01T00:00:00Z',
      credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', name: 'Ada' },
      proof: { type: 'MerkleProof2019', created: '2024-05-01T00:00:00Z', proofValue: 'z7veGu1qoKR3AS5A', proofPurpose: 'assertionMethod', verificationMethod: 'https://university.example/issuer.json#key-1' },
    };
    const report = await verify(doc);
    expect(report.status, explain(report)).toBe('unverified');
    expect(check(report, 'signature')[0]!.message).toMatch(/^Could not be checked: the proof is a Blockcerts MerkleProof2019, anchored to a blockchain/);
    expect(report.checks.every((c) => c.result !== 'fail' || c.id === 'signature')).toBe(true);
  });

  test('a Blockcerts v2 certificate (MerkleProof2017) is unverified', async () => {
    const doc = {
      '@context': ['https://w3id.org/openbadges/v2', 'https://w3id.org/blockcerts/v2'],
      type: 'Assertion',
      id: 'urn:uuid:3bc1a96a-3501-46ed-8f75-49612bbac257',
      recipient: { type: 'email', identity: 'ada@example.com', hashed: false },
      issuedOn: '2018-01-01T00:00:00Z',
      badge: { type: 'BadgeClass', id: 'urn:uuid:82a4c9f2-3588-457b-80ea-da695571b8fc', name: 'Certificate', issuer: { id: 'https://university.example/issuer.json', type: 'Profile' } },
      verification: { type: ['MerkleProofVerification2017', 'Extension'], publicKey: 'ecdsa-koblitz-pubkey:1AwdUWQzJgfDDjeKtpPzMfYMHejFBrxZfo' },
      signature: { type: ['MerkleProof2017', 'Extension'], merkleRoot: '68f3ede17fdb67ffd4a5164b5687a71f9fbb68da803b803935720f2aa38f7728', targetHash: 'c9ead76a54426b4ce4899bb921e48f5b55ea7592e5cee4460c86ebf4698ac3a6', proof: [], anchors: [{ sourceId: '8623beadbc7877a9e20fb7f83eda6c1a1fc350171f0714ff6c6c4054018eb54d', type: 'BTCOpReturn', chain: 'bitcoinTestnet' }] },
    };
    const report = await verify(doc);
    expect(report.status, explain(report)).toBe('unverified');
    expect(check(report, 'signature')[0]!.message).toMatch(/Blockcerts MerkleProof2017, anchored to a blockchain/);
  });

  test('a proof set with a proof of an unknown type and a valid Data Integrity proof verifies by the one it can check (1EdTech sample)', async () => {
    const report = await verify(new TextDecoder().decode(fixture('1edtech-validator/ob30/simple-multiple-proofs.json')));
    expect(report.status, explain(report)).toBe('verified');
    expect(check(report, 'signature').map((c) => c.result)).toEqual(['pass', 'warn']);
    expect(check(report, 'signature')[1]!.message).toMatch(/1 more proof \(SomeProofType\) that was not checked/);
  });

  test('an unknown proof suite is unverified, naming the supported ones', async () => {
    const signed = await signDataIntegrity(badge(ed25519.did), ed25519);
    (signed.proof as Record<string, unknown>).cryptosuite = 'bbs-2023';
    const report = await verify(signed);
    expect(report.status, explain(report)).toBe('unverified');
    expect(check(report, 'signature')[0]!.message).toMatch(/^Could not be checked: proof type DataIntegrityProof \/ bbs-2023 is not supported \(supported: eddsa-rdfc-2022, .*Ed25519Signature2018\)/);
  });

  test('an OB 3.0 credential with a JSON-LD context not in the local cache is unverified, not invalid', async () => {
    const signed = await signDataIntegrity(badge(ed25519.did), ed25519);
    signed['@context'] = [...(signed['@context'] as string[]), 'https://contexts.example/badges/v7.jsonld'];
    const report = await verify(signed);
    expect(report.status, explain(report)).toBe('unverified');
    expect(check(report, 'jsonld')[0]!.message).toMatch(/^Could not be checked: JSON-LD context https:\/\/contexts\.example\/badges\/v7\.jsonld is not in the local context cache/);
  });

  describe('OB 2.0: linked documents that cannot be fetched are unverified; ones that answer wrongly are invalid', () => {
    afterAll(() => server.reset());
    const hosted = () => new TextDecoder().decode(fixture('1edtech-validator/ob20/basic-assertion.json'));
    test.each<[string, string, () => void, string, RegExp]>([
      ['the BadgeClass times out', 'unverified', () => server.route('/robotics-badge.json', { status: 200, hang: true }), 'structure', /^Could not be checked: its BadgeClass https:\/\/example\.org\/robotics-badge\.json could not be read \(.*did not answer/],
      ['the BadgeClass answers 500', 'unverified', () => server.route('/robotics-badge.json', { status: 500 }), 'structure', /^Could not be checked: .*HTTP 500/],
      ['the BadgeClass is not JSON', 'invalid', () => server.route('/robotics-badge.json', { status: 200, body: '<html></html>', contentType: 'text/html' }), 'structure', /^Its BadgeClass .* is not a JSON object/],
      ['the hosted copy answers 503', 'unverified', () => server.route('/beths-robotics-badge.json', { status: 503 }), 'hosted', /^Could not be checked: the hosted copy .* HTTP 503/],
      ['the hosted copy answers 404', 'invalid', () => server.route('/beths-robotics-badge.json', { status: 404 }), 'hosted', /answers HTTP 404 .* does not host this assertion/],
    ])('%s -> %s', async (_label, expected, arrange, id, message) => {
      server.reset();
      server.route('/beths-robotics-badge.json', { status: 200, body: hosted() });
      arrange();
      const [report] = await verifyCredentialFile({ name: 'hosted.json', bytes: encode(hosted()) }, { now: NOW, loader: fixtureLoader(server, {}, { timeoutMs: 300 }) });
      expect(report!.status, explain(report!)).toBe(expected);
      expect(check(report!, id).find((c) => c.result === 'fail')!.message).toMatch(message);
    });

    test('a signed assertion whose key cannot be fetched is unverified', async () => {
      server.reset();
      server.route('/key1.json', { status: 502 });
      const [report] = await verifyCredentialFile({ name: 'simple.jwt', bytes: fixture('1edtech-validator/ob20/simple.jwt') }, { now: NOW, loader: fixtureLoader(server) });
      expect(report!.status, explain(report!)).toBe('unverified');
      expect(check(report!, 'key')[0]!.message).toMatch(/^Could not be checked: the signing key http:\/\/example\.org\/key1\.json could not be read/);
    });
  });

  test('a verifiable credential that is not an Open Badge verifies, and proves no skill', async () => {
    const vc = {
      '@context': ['https://www.w3.org/ns/credentials/v2', { '@vocab': 'https://membership.example/vocab#' }],
      id: `urn:uuid:${crypto.randomUUID()}`,
      type: ['VerifiableCredential', 'MembershipCredential'],
      issuer: ed25519.did,
      validFrom: '2025-01-01T00:00:00Z',
      // Named like a skill on purpose: a name alone must not become a verified level.
      name: 'Python',
      credentialSubject: { id: 'did:example:ada', memberOf: 'Python Software Foundation' },
    };
    const report = await verify(await signDataIntegrity(vc, ed25519));
    expect(report.status, explain(report)).toBe('verified');
    expect(check(report, 'structure')[0]).toMatchObject({ result: 'warn', message: expect.stringMatching(/type MembershipCredential, not an Open Badge or CLR: it can be verified, but it proves no skill/) });
    const skills = loadShippedSkills();
    expect(skills?.some((s) => s.name === 'Python')).toBe(true);
    const index = buildSkillIndex(skills!);
    expect(mapCredentialSkills(report.credential!, index).skills).toEqual([]);
  });
});
