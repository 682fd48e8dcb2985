// Every expected outcome in ../shared/fixtures/README.md ("Expected outcomes"), read in place.
// OB 2.0 assets are served by a loopback HTTP server standing in for https://example.org/.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import jsigs from 'jsonld-signatures';
import { createDocumentLoader } from './document-loader';
import { sha256Hex } from './report';
import type { CheckId, CredentialStatus, VerificationReport } from './types';
import { verifyCredentialFile, verifyCredentialUrl } from './verify';
import { FIXTURES, NOW, SPEC, VALIDATOR, fixture, fixtureLoader, startAssetServer, type AssetServer } from '../../test/credentials/fixtures';

let server: AssetServer;
beforeAll(async () => {
  server = await startAssetServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  // The hosted OB 2.0 fixtures all claim https://example.org/beths-robotics-badge.json as their id.
  serveHosted('1edtech-validator/ob20/basic-assertion.json');
});

function serveHosted(relative: string, status = 200) {
  server.route('/beths-robotics-badge.json', { status, body: readFileSync(path.join(FIXTURES, relative)) });
}

async function verifyFixture(relative: string, extraMap: Record<string, string> = {}): Promise<VerificationReport> {
  const reports = await verifyCredentialFile({ name: path.basename(relative), bytes: fixture(relative) }, { now: NOW, loader: fixtureLoader(server, extraMap) });
  expect(reports).toHaveLength(1);
  return reports[0]!;
}

function check(report: VerificationReport, id: CheckId) {
  return report.checks.filter((c) => c.id === id).map((c) => c.result);
}

function explain(report: VerificationReport): string {
  return `${report.status}\n${report.checks.map((c) => `  ${c.result} ${c.id}: ${c.message}`).join('\n')}`;
}

type Case = { file: string; status: CredentialStatus; format?: string; signature?: 'pass' | 'fail' | 'skipped'; failed?: CheckId; hosted?: string };

describe('OB 3.0 (JSON-LD Data Integrity, VC-JWT, baked)', () => {
  test.each<Case>([
    { file: '1edtech-spec/extracted/ob3-ldp-testvector-signed-credential.json', status: 'verified', format: 'ob3-ldp', signature: 'pass' },
    { file: '1edtech-validator/ob30/simple-did-key-method.json', status: 'verified', format: 'ob3-ldp', signature: 'pass' },
    { file: '1edtech-validator/ob30/simple.json', status: 'verified', signature: 'pass' },
    { file: '1edtech-validator/ob30/simple-err-proof-value.json', status: 'invalid', signature: 'fail', failed: 'signature' },
    { file: '1edtech-validator/ob30/simple-err-expired.json', status: 'expired', signature: 'pass', failed: 'dates' },
    { file: '1edtech-validator/ob30/simple-err-issued.json', status: 'not-yet-valid', signature: 'pass', failed: 'dates' },
    { file: '1edtech-validator/ob30/bit-string-list/credential-status-revoked.json', status: 'revoked', signature: 'pass', failed: 'revocation' },
    { file: '1edtech-validator/ob30/bit-string-list/credential-status-revoked-blank-nodes.json', status: 'revoked', signature: 'pass', failed: 'revocation' },
    { file: '1edtech-validator/ob30/simple-jwt.svg', status: 'verified', format: 'ob3-jwt', signature: 'pass' },
    { file: '1edtech-validator/ob30/simple-jwt.png', status: 'verified', format: 'ob3-jwt', signature: 'pass' },
    { file: '1edtech-validator/ob30/simple-json.png', status: 'verified', format: 'ob3-ldp', signature: 'pass' },
    { file: '1edtech-validator/ob30/simple-json.svg', status: 'verified', format: 'ob3-ldp', signature: 'pass' },
    { file: '1edtech-validator/ob30/simple_v1.json', status: 'verified', signature: 'pass' },
    { file: '1edtech-validator/ob30/endorsement-valid.json', status: 'verified', signature: 'pass' },
    // Rejected before the signature: an undefined JSON-LD term is a safe-mode expansion error.
    { file: '1edtech-validator/ob30/simple-err-type.json', status: 'invalid', signature: 'skipped', failed: 'jsonld' },
    { file: '1edtech-validator/ob30/simple-err-context.json', status: 'invalid', signature: 'skipped', failed: 'jsonld' },
    { file: '1edtech-validator/ob30/simple-err-issuer-type.json', status: 'invalid', signature: 'skipped', failed: 'jsonld' },
    { file: '1edtech-validator/ob30/simple-err-evidence-type.json', status: 'invalid', signature: 'skipped', failed: 'jsonld' },
    // Issue 11: a DID method we do not support means the key could not be checked, not that it is wrong.
    { file: '1edtech-validator/ob30/simple-err-proof-method-unknown-did-method.json', status: 'unverified', signature: 'skipped', failed: 'key' },
    { file: '1edtech-validator/ob30/simple-err-proof-method-unknown-scheme.json', status: 'unverified', signature: 'skipped', failed: 'key' },
    { file: '1edtech-validator/ob30/simple-err-proof-method-no-scheme.json', status: 'invalid', signature: 'skipped', failed: 'key' },
    { file: '1edtech-validator/ob30/simple-err-proof-method.json', status: 'invalid', signature: 'fail' },
    { file: '1edtech-validator/ob30/simple-err-issuer.json', status: 'invalid', signature: 'pass', failed: 'structure' },
    { file: '1edtech-validator/ob30/simple-noproof.json', status: 'invalid', failed: 'signature' },
  ])('$file -> $status', async ({ file, status, format, signature, failed }) => {
    const report = await verifyFixture(file);
    expect(report.status, explain(report)).toBe(status);
    if (format) expect(report.format).toBe(format);
    if (signature) expect(check(report, 'signature'), explain(report)).toContain(signature);
    if (failed) expect(check(report, failed), explain(report)).toContain('fail');
    for (const c of report.checks) expect(c.message.length).toBeGreaterThan(10);
  });

  test('complete.json: signature valid offline; carries results, rubric levels and alignments', async () => {
    const report = await verifyFixture('1edtech-validator/ob30/complete.json');
    expect(check(report, 'signature')).toEqual(['pass']);
    expect(check(report, 'jsonld')).toEqual(['pass']);
    // Its 1EdTech revocation list lives on the internet: not knowing is "unverified", never "verified".
    expect(report.status).toBe('unverified');
    const c = report.credential!;
    expect(c.achievement.alignments.length).toBeGreaterThan(0);
    expect(c.achievement.resultDescriptions.some((rd) => (rd.rubricCriterionLevels ?? []).length > 0)).toBe(true);
    expect(c.results.some((r) => r.achievedLevel)).toBe(true);
    expect(c.evidence.length).toBeGreaterThan(0);
  });

  test('legacy cryptosuite name eddsa-2022 verifies with a warning', async () => {
    const report = await verifyFixture('1edtech-validator/ob30/simple-eddsa-2022.json');
    expect(report.status).toBe('verified');
    expect(check(report, 'signature')).toEqual(['pass', 'warn']);
  });

  test('a 1EdTech-style key is confirmed when the issuer profile publishes it', async () => {
    const profile = { id: 'https://example.edu/issuers/565049', type: 'Profile', verificationMethod: [{ id: 'https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi', type: 'Multikey', publicKeyMultibase: 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi' }] };
    server.route('/issuers/565049', { status: 200, body: JSON.stringify(profile) });
    const report = await verifyFixture('1edtech-spec/extracted/ob3-ldp-testvector-signed-credential.json', { 'https://example.edu/': `${server.origin}/` });
    expect(check(report, 'key')).toEqual(['pass']);
    expect(report.status).toBe('verified');
  });
});

describe('official OB 3.0 eddsa-rdfc-2022 test vector, byte for byte', () => {
  const vectors = path.join(SPEC, 'ob_v3p0/impl/test-vectors/obv3p0');
  const keypair = JSON.parse(readFileSync(path.join(SPEC, 'extracted/ob3-ldp-testvector-keypair.json'), 'utf8')) as {
    publicKeyMultibase: string;
    secretKeyMultibase: string;
    id: string;
    controller: string;
    expected: { documentHashHex: string; proofHashHex: string; signatureHex: string; proofValue: string };
  };
  const unsigned = JSON.parse(readFileSync(path.join(SPEC, 'extracted/ob3-ldp-testvector-credential-unsigned.json'), 'utf8')) as Record<string, unknown>;
  const proofOptions = JSON.parse(readFileSync(path.join(SPEC, 'extracted/ob3-ldp-testvector-proof.json'), 'utf8')) as Record<string, unknown>;
  const documentLoader = createDocumentLoader();

  test('canonical N-Quads of the document and of the proof options, and both hashes', async () => {
    const documentCanon = await cryptosuite.canonize(unsigned, { documentLoader });
    expect(documentCanon).toBe(readFileSync(path.join(vectors, 'document-canon.txt'), 'utf8'));
    expect(sha256Hex(documentCanon)).toBe(keypair.expected.documentHashHex);
    const { proofValue: _omit, ...options } = proofOptions;
    const proofCanon = await cryptosuite.canonize({ '@context': unsigned['@context'], ...options }, { documentLoader });
    expect(proofCanon).toBe(readFileSync(path.join(vectors, 'proof-canon.txt'), 'utf8'));
    expect(sha256Hex(proofCanon)).toBe(keypair.expected.proofHashHex);
  });

  test('signing with the published key reproduces the published signature and proofValue', async () => {
    const key = await Ed25519Multikey.from({ type: 'Multikey', id: keypair.id, controller: keypair.controller, publicKeyMultibase: keypair.publicKeyMultibase, secretKeyMultibase: keypair.secretKeyMultibase });
    const suite = new DataIntegrityProof({ signer: key.signer(), cryptosuite, date: String(proofOptions.created) });
    const signed = await jsigs.sign(structuredClone(unsigned), { suite, purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader });
    const proof = signed.proof as { proofValue: string };
    expect(proof.proofValue).toBe(keypair.expected.proofValue);
    const raw = Buffer.from(await key.signer().sign({ data: Buffer.from(keypair.expected.proofHashHex + keypair.expected.documentHashHex, 'hex') }));
    expect(raw.toString('hex')).toBe(keypair.expected.signatureHex);
    const published = JSON.parse(readFileSync(path.join(SPEC, 'extracted/ob3-ldp-testvector-signed-credential.json'), 'utf8')) as { proof: unknown };
    expect(signed.proof).toEqual(published.proof);
  });

  type SignedVector = { credentialSubject: { id: string; achievement: { name: string } }; issuer: { name: string }; validFrom: string; proof: { created: string } };
  test.each<[string, (c: SignedVector) => void]>([
    ['achievement name', (c) => void (c.credentialSubject.achievement.name = 'Leadership')],
    ['issuer name', (c) => void (c.issuer.name = 'Someone Else')],
    ['validFrom', (c) => void (c.validFrom = '2011-01-01T00:00:00Z')],
    ['recipient', (c) => void (c.credentialSubject.id = 'did:example:someone-else')],
    ['proof created', (c) => void (c.proof.created = '2010-01-02T19:23:24Z')],
  ])('the signed vector with its %s changed is INVALID', async (_label, mutate) => {
    const signed = JSON.parse(readFileSync(path.join(SPEC, 'extracted/ob3-ldp-testvector-signed-credential.json'), 'utf8')) as SignedVector;
    mutate(signed);
    const [report] = await verifyCredentialFile({ name: 'tampered.json', bytes: new TextEncoder().encode(JSON.stringify(signed)) }, { now: NOW, loader: fixtureLoader(server) });
    expect(report!.status).toBe('invalid');
    expect(check(report!, 'signature')).toEqual(['fail']);
  });
});

describe('OB 2.0 hosted and signed (assets on a loopback server)', () => {
  test.each<Case>([
    { file: '1edtech-validator/ob20/simple.jwt', status: 'verified', format: 'ob2-signed', signature: 'pass' },
    { file: '1edtech-validator/ob20/simple-not-revoked.jwt', status: 'verified', format: 'ob2-signed', signature: 'pass' },
    { file: '1edtech-validator/ob20/simple-revoked.jwt', status: 'revoked', signature: 'pass', failed: 'revocation' },
    { file: '1edtech-validator/ob20/basic-assertion.json', status: 'verified', format: 'ob2-hosted', hosted: '1edtech-validator/ob20/basic-assertion.json' },
    { file: '1edtech-validator/ob20/basic-assertion-no-public-key.json', status: 'verified', hosted: '1edtech-validator/ob20/basic-assertion-no-public-key.json' },
    { file: '1edtech-validator/ob20/simple-badge.png', status: 'verified', format: 'ob2-hosted' },
    // The README's INVALID for these: not verified, each for its own reason.
    { file: '1edtech-validator/ob20/basic-assertion-expired.json', status: 'expired', failed: 'dates', hosted: '1edtech-validator/ob20/basic-assertion-expired.json' },
    { file: '1edtech-validator/ob20/basic-assertion-in-future.json', status: 'not-yet-valid', failed: 'dates', hosted: '1edtech-validator/ob20/basic-assertion-in-future.json' },
    { file: '1edtech-validator/ob20/basic-assertion-expired-before-issued.json', status: 'invalid', failed: 'dates', hosted: '1edtech-validator/ob20/basic-assertion-expired-before-issued.json' },
    { file: '1edtech-validator/ob20/basic-assertion-invalid-context.json', status: 'invalid', failed: 'structure', hosted: '1edtech-validator/ob20/basic-assertion-invalid-context.json' },
    { file: '1edtech-validator/ob20/assertion-with-data-image.json', status: 'invalid', failed: 'structure', hosted: '1edtech-validator/ob20/assertion-with-data-image.json' },
    { file: '1edtech-validator/ob20/basic-assertion-invalid-type.json', status: 'invalid', failed: 'structure', hosted: '1edtech-validator/ob20/basic-assertion-invalid-type.json' },
    { file: '1edtech-validator/ob20/basic-assertion-with-allowed-origins-invalid-starts-with.json', status: 'invalid', failed: 'hosted', hosted: '1edtech-validator/ob20/basic-assertion-with-allowed-origins-invalid-starts-with.json' },
    { file: '1edtech-validator/ob20/basic-assertion-with-allowed-origins-valid-starts-with.json', status: 'verified', hosted: '1edtech-validator/ob20/basic-assertion-with-allowed-origins-valid-starts-with.json' },
  ])('$file -> $status', async ({ file, status, format, signature, failed, hosted }) => {
    if (hosted) serveHosted(hosted);
    else if (file.endsWith('.png')) {
      // The baked assertion is what its issuer hosts at its id.
      const { unbakePng } = await import('./unbake');
      const u = unbakePng(fixture(file));
      if (u.ok) server.route('/beths-robotics-badge.json', { status: 200, body: u.payload });
    }
    const report = await verifyFixture(file);
    expect(report.status, explain(report)).toBe(status);
    if (format) expect(report.format).toBe(format);
    if (signature) expect(check(report, 'signature'), explain(report)).toContain(signature);
    if (failed) expect(check(report, failed), explain(report)).toContain('fail');
  });

  test('simple.jwt checked against key2.json (not the issuer key) is INVALID', async () => {
    const report = await verifyFixture('1edtech-validator/ob20/simple.jwt', { 'http://example.org/key1.json': path.join(VALIDATOR, 'ob20/assets/key2.json') });
    expect(report.status).toBe('invalid');
    expect(check(report, 'signature')).toEqual(['fail']);
  });

  test('a hosted assertion answered with HTTP 410 Gone is revoked', async () => {
    server.route('/beths-robotics-badge.json', { status: 410, body: readFileSync(path.join(FIXTURES, 'openbadges-validator-core/json/2_0_basic_assertion.json')) });
    const report = await verifyFixture('openbadges-validator-core/json/2_0_basic_assertion.json');
    expect(report.status).toBe('revoked');
    expect(report.checks.find((c) => c.id === 'hosted' && c.result === 'fail')?.message).toMatch(/410/);
  });

  test('the hosted assertion URL itself verifies, and 410 on it is revoked', async () => {
    const loader = fixtureLoader(server);
    const ok = await verifyCredentialUrl('https://example.org/beths-robotics-badge.json', { now: NOW, loader });
    expect(ok.status, explain(ok)).toBe('verified');
    server.route('/beths-robotics-badge.json', { status: 410 });
    const gone = await verifyCredentialUrl('https://example.org/beths-robotics-badge.json', { now: NOW, loader: fixtureLoader(server) });
    expect(gone.status).toBe('revoked');
  });

  test('a hosted copy that differs from the upload is invalid', async () => {
    serveHosted('1edtech-validator/ob20/basic-assertion-expired.json');
    const report = await verifyFixture('1edtech-validator/ob20/basic-assertion.json');
    expect(report.status).toBe('invalid');
    expect(report.checks.find((c) => c.id === 'hosted' && c.result === 'fail')?.message).toMatch(/differs.*expires/);
  });

  test('the recipient hash is checked against a known email', async () => {
    const loader = fixtureLoader(server);
    const bytes = fixture('1edtech-validator/ob20/simple.jwt');
    // The 1EdTech fixtures hash "nobody@example.org" with salt "deadsea".
    const right = await verifyCredentialFile({ name: 'simple.jwt', bytes }, { now: NOW, loader, recipientIdentities: ['nobody@example.org'] });
    const wrong = await verifyCredentialFile({ name: 'simple.jwt', bytes }, { now: NOW, loader, recipientIdentities: ['someone@example.com'] });
    expect(check(right[0]!, 'recipient')).toEqual(['pass']);
    expect(wrong[0]!.status).toBe('invalid');
  });
});

describe('CLR 2.0', () => {
  test.each([
    ['1edtech-validator/clr20/simple.json', 'clr2-ldp', 1],
    ['1edtech-validator/clr20/simple.jwt', 'clr2-jwt', 1],
    ['1edtech-validator/clr20/complex.json', 'clr2-ldp', 6],
  ])('%s is VALID and each nested credential verified on its own', async (file, format, count) => {
    const report = await verifyFixture(file);
    expect(report.status, explain(report)).toBe('verified');
    expect(report.format).toBe(format);
    expect(report.nested).toHaveLength(count);
    for (const inner of report.nested) {
      expect(inner.status, explain(inner)).toBe('verified');
      expect(check(inner, 'signature')).toContain('pass');
    }
    expect(check(report, 'nested')).toEqual(['pass']);
  });

  test('a tampered nested credential is reported inside the CLR', async () => {
    const clr = JSON.parse(readFileSync(path.join(VALIDATOR, 'clr20/simple.json'), 'utf8')) as { credentialSubject: { verifiableCredential: { credentialSubject: { achievement: { name: string } } }[] } };
    clr.credentialSubject.verifiableCredential[0]!.credentialSubject.achievement.name = 'Changed';
    const [report] = await verifyCredentialFile({ name: 'clr.json', bytes: new TextEncoder().encode(JSON.stringify(clr)) }, { now: NOW, loader: fixtureLoader(server) });
    // The outer proof covers the nested credential too.
    expect(check(report!, 'signature')).toEqual(['fail']);
    expect(report!.nested[0]!.status).toBe('invalid');
    expect(check(report!, 'nested')).toEqual(['warn']);
  });
});

describe('malformed input -> parse error with a clear message', () => {
  const malformed = readdirSync(path.join(SPEC, 'extracted')).filter((f) => f.endsWith('.MALFORMED.json.txt'));
  test.each(malformed)('%s', async (file) => {
    const report = await verifyFixture(`1edtech-spec/extracted/${file}`);
    expect(report.status).toBe('invalid');
    expect(report.checks).toEqual([{ id: 'parse', result: 'fail', message: expect.stringMatching(/^Not valid JSON: .+/) }]);
  });

  test('the OB 2.0 spec JWS whose key is not published is not verified', async () => {
    const report = await verifyFixture('1edtech-spec/extracted/ob2-spec-example-signed-NOT-VERIFIABLE.jws');
    expect(report.status).not.toBe('verified');
  });
});
