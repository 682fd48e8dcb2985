import { describe, expect, test } from 'vitest';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { createStatusListCredential, deriveIssuerKey, signDataIntegrity, signVcJwt } from './issue';
import { createDocumentLoader } from './document-loader';
import { verifyDataIntegrity } from './verify-data-integrity';

const loaderFor = (keyType: 'Multikey' | 'Ed25519VerificationKey2020') => createDocumentLoader({ keyType });

async function unsignedCredential(seed = 'issuer-a') {
  const key = await deriveIssuerKey(seed);
  const credential: Record<string, unknown> = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:7a4a8b4e-0000-4000-8000-000000000001',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: key.did, type: ['Profile'], name: 'Skillproof Academy' },
    validFrom: '2025-03-01T00:00:00Z',
    validUntil: '2028-03-01T00:00:00Z',
    name: 'User research practitioner',
    credentialSubject: {
      id: 'mailto:ada@example.com',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://academy.example/achievements/user-research',
        type: ['Achievement'],
        name: 'User research',
        description: 'Plans and runs user research.',
        criteria: { narrative: 'Assessed portfolio.' },
      },
    },
  };
  return { key, credential };
}

describe('deriveIssuerKey', () => {
  test('is deterministic per seed and distinct across seeds', async () => {
    const a1 = await deriveIssuerKey('seed-one');
    const a2 = await deriveIssuerKey('seed-one');
    const b = await deriveIssuerKey('seed-two');
    expect(a1.did).toBe(a2.did);
    expect(a1.did).not.toBe(b.did);
    expect(a1.did).toMatch(/^did:key:z6Mk/);
    expect(a1.verificationMethod).toBe(`${a1.did}#${a1.publicKeyMultibase}`);
  });
});

describe('signDataIntegrity', () => {
  test('round-trips: the signed credential verifies, a changed field does not', async () => {
    const { key, credential } = await unsignedCredential();
    const signed = await signDataIntegrity(credential, key);
    const proof = signed.proof as Record<string, unknown>;
    expect(proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: key.verificationMethod, created: '2025-03-01T00:00:00Z' });
    expect(credential.proof).toBeUndefined();
    expect(await verifyDataIntegrity(signed, loaderFor)).toMatchObject({ verified: true });

    const tampered = structuredClone(signed);
    (tampered.credentialSubject as { achievement: { name: string } }).achievement.name = 'Something else';
    expect(await verifyDataIntegrity(tampered, loaderFor)).toMatchObject({ verified: false, reason: expect.stringMatching(/signature/i) });
  });

  test('is reproducible: same input, same key, same proof value', async () => {
    const { key, credential } = await unsignedCredential();
    const a = await signDataIntegrity(credential, key);
    const b = await signDataIntegrity(credential, key);
    expect((a.proof as { proofValue: string }).proofValue).toBe((b.proof as { proofValue: string }).proofValue);
  });

  test('refuses to sign for an issuer that is not the key', async () => {
    const { credential } = await unsignedCredential('issuer-a');
    const other = await deriveIssuerKey('issuer-b');
    await expect(signDataIntegrity(credential, other)).rejects.toThrow(/not the signing key/);
  });

  test('a proof signed by another key does not verify', async () => {
    const { key, credential } = await unsignedCredential('issuer-a');
    const signed = await signDataIntegrity(credential, key);
    const other = await deriveIssuerKey('issuer-b');
    const forged = structuredClone(signed);
    (forged.proof as Record<string, unknown>).verificationMethod = other.verificationMethod;
    expect(await verifyDataIntegrity(forged, loaderFor)).toMatchObject({ verified: false });
  });
});

describe('signVcJwt', () => {
  test('carries the OB 3.0 VC-JWT claims and verifies with the issuer public key', async () => {
    const { key, credential } = await unsignedCredential();
    const jwt = await signVcJwt(credential, key);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: key.verificationMethod });
    const publicKey = await importJWK({ ...key.publicJwk, alg: 'EdDSA' }, 'EdDSA');
    const { payload } = await jwtVerify(jwt, publicKey, { currentDate: new Date('2026-06-01T00:00:00Z') });
    expect(payload).toMatchObject({
      iss: key.did,
      sub: 'mailto:ada@example.com',
      jti: credential.id,
      nbf: Date.parse('2025-03-01T00:00:00Z') / 1000,
      exp: Date.parse('2028-03-01T00:00:00Z') / 1000,
      vc: { name: 'User research practitioner' },
    });
    const other = await deriveIssuerKey('issuer-b');
    const otherKey = await importJWK({ ...other.publicJwk, alg: 'EdDSA' }, 'EdDSA');
    await expect(jwtVerify(jwt, otherKey, { currentDate: new Date('2026-06-01T00:00:00Z') })).rejects.toThrow(/signature/);
    expect(decodeJwt(jwt).vc).not.toHaveProperty('proof');
  });
});

describe('createStatusListCredential', () => {
  test('is a signed BitstringStatusListCredential with exactly the revoked bits set', async () => {
    const key = await deriveIssuerKey('issuer-a');
    const list = await createStatusListCredential({ id: 'https://status.example/lists/1', key, revokedIndexes: [3, 17], length: 131_072 });
    expect(list.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect(await verifyDataIntegrity(list, loaderFor)).toMatchObject({ verified: true });
    const subject = list.credentialSubject as { encodedList: string; statusPurpose: string };
    expect(subject.statusPurpose).toBe('revocation');
    const decoded = await decodeList({ encodedList: subject.encodedList });
    expect([0, 3, 4, 17, 131_071].map((i) => decoded.getStatus(i))).toEqual([false, true, false, true, false]);
    await expect(createStatusListCredential({ id: 'https://status.example/lists/2', key, revokedIndexes: [9], length: 8 })).rejects.toThrow(/outside/);
  });
});
