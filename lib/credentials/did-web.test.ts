// did:web key resolution for VC-JWT: the kid's DID document is read through the guarded loader,
// here from a resolver-map entry (a file), so nothing touches the network.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { SignJWT } from 'jose';
import { deriveIssuerKey, type IssuerKey } from './issue';
import { createCredentialLoader } from './loader';
import type { CheckId, VerificationReport } from './types';
import { verifyCredentialFile } from './verify';

const NOW = new Date('2026-06-01T00:00:00Z');
const DID = 'did:web:issuer.example';
const NESTED_DID = 'did:web:issuer.example:issuers:academy';

function didDocument(did: string, key: IssuerKey, keyId = '#key-1') {
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    verificationMethod: [{ id: `${did}${keyId}`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: key.publicJwk }],
    assertionMethod: [`${did}${keyId}`],
  };
}

async function jwtSignedBy(key: IssuerKey, issuer: string, kid: string): Promise<Uint8Array> {
  const vc = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:5d2c1f3a-0000-4000-8000-000000000042',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer, type: ['Profile'], name: 'Web Issuer' },
    validFrom: '2025-03-01T00:00:00Z',
    name: 'Accessibility',
    credentialSubject: { id: 'mailto:ada@example.com', type: ['AchievementSubject'], achievement: { id: 'https://issuer.example/a/accessibility', type: ['Achievement'], name: 'Accessibility', criteria: { narrative: 'Assessed.' } } },
  };
  const token = await new SignJWT({ vc }).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid }).setIssuer(issuer).setNotBefore(Math.floor(Date.parse(vc.validFrom) / 1000)).sign(key.privateKey);
  return new TextEncoder().encode(token);
}

function check(report: VerificationReport, id: CheckId) {
  return report.checks.filter((c) => c.id === id);
}

describe('VC-JWT signed by a did:web key, DID document from the resolver map', async () => {
  const key = await deriveIssuerKey('did-web-test-issuer');
  const otherKey = await deriveIssuerKey('did-web-test-someone-else');
  const dir = mkdtempSync(path.join(tmpdir(), 'did-web-'));
  writeFileSync(path.join(dir, 'did.json'), JSON.stringify(didDocument(DID, key)));
  writeFileSync(path.join(dir, 'academy-did.json'), JSON.stringify(didDocument(NESTED_DID, key, '#key-7')));
  const loader = createCredentialLoader({
    offline: true,
    resolverMap: {
      'https://issuer.example/.well-known/did.json': path.join(dir, 'did.json'),
      'https://issuer.example/issuers/academy/did.json': path.join(dir, 'academy-did.json'),
    },
  });
  const verify = async (bytes: Uint8Array) => (await verifyCredentialFile({ name: 'web.jwt', bytes }, { now: NOW, loader }))[0]!;

  test('the key listed in the DID document verifies the credential', async () => {
    const report = await verify(await jwtSignedBy(key, DID, `${DID}#key-1`));
    expect(report.status).toBe('verified');
    expect(check(report, 'key')).toEqual([{ id: 'key', result: 'pass', message: `Key ${DID}#key-1 resolved from https://issuer.example/.well-known/did.json, listed under assertionMethod` }]);
    expect(check(report, 'signature')[0]?.result).toBe('pass');
  });

  test('a did:web with a path resolves to <host>/<path>/did.json', async () => {
    const report = await verify(await jwtSignedBy(key, NESTED_DID, `${NESTED_DID}#key-7`));
    expect(report.status).toBe('verified');
    expect(check(report, 'key')[0]?.message).toMatch(/resolved from https:\/\/issuer\.example\/issuers\/academy\/did\.json/);
  });

  test('a token signed by another key with the same kid does not verify', async () => {
    const report = await verify(await jwtSignedBy(otherKey, DID, `${DID}#key-1`));
    expect(report.status).toBe('invalid');
    expect(check(report, 'key')[0]?.result).toBe('pass');
    expect(check(report, 'signature')[0]).toMatchObject({ result: 'fail', message: expect.stringMatching(/does not verify/) });
  });

  test('a kid the DID document does not list is not guessed when the document has several keys', async () => {
    const many = mkdtempSync(path.join(tmpdir(), 'did-web-many-'));
    const doc = didDocument(DID, key);
    doc.verificationMethod.push({ ...doc.verificationMethod[0]!, id: `${DID}#key-2`, publicKeyJwk: otherKey.publicJwk });
    writeFileSync(path.join(many, 'did.json'), JSON.stringify(doc));
    const manyLoader = createCredentialLoader({ offline: true, resolverMap: { 'https://issuer.example/.well-known/did.json': path.join(many, 'did.json') } });
    const [report] = await verifyCredentialFile({ name: 'web.jwt', bytes: await jwtSignedBy(key, DID, `${DID}#key-9`) }, { now: NOW, loader: manyLoader });
    expect(report!.status).toBe('invalid');
    expect(check(report!, 'key')[0]).toMatchObject({ result: 'fail', message: `The DID document of ${DID} (https://issuer.example/.well-known/did.json) does not list key ${DID}#key-9` });
  });

  test('a did:web that is not in the map cannot be checked offline: unverified, without the network', async () => {
    const report = await verify(await jwtSignedBy(key, 'did:web:unknown.example', 'did:web:unknown.example#key-1'));
    expect(report.status).toBe('unverified');
    expect(check(report, 'key')[0]).toMatchObject({ result: 'fail', message: expect.stringMatching(/^Could not be checked: .*could not be read from .*not in the resolver map/) });
    expect(check(report, 'signature')[0]?.result).toBe('skipped');
  });
});
