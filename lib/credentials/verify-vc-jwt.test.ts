// VC-JWT end to end through verifyCredentialFile: every algorithm real issuers use, both envelopes
// (VCDM 1.1 `vc` claim and VCDM 2.0 vc+jwt), every place a key comes from, the JWT claims against
// the credential, and the tokens an attacker would try. Keys are generated here (node:crypto), tokens
// signed with jose (ES256K with node:crypto: WebCrypto has no secp256k1), DID documents and JWKS
// served from resolver-map files through the real guarded loader.
import { createHmac, createPublicKey } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createJoseIssuer, deriveDidWebIssuerKey, didWebDocument, signDataIntegrity, signJose, signVcJwtAs, type JoseAlgorithm, type JoseIssuer, type JoseKeyType } from './issue';
import type { CredentialLoader } from './loader';
import type { CheckId, VerificationReport } from './types';
import { verifyCredentialFile } from './verify';
import { mappedLoader } from '../../test/credentials/did-documents';

const NOW = new Date('2026-06-01T00:00:00Z');
const WEB = 'did:web:wallet.example:issuers:42';

function credential(issuer: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:9a7c3b4e-0000-4000-8000-00000000c0de',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer, type: ['Profile'], name: 'Wallet Issuer' },
    validFrom: '2025-03-01T00:00:00Z',
    name: 'Cloud security',
    credentialSubject: { id: 'did:example:learner-7', type: ['AchievementSubject'], achievement: { id: 'https://wallet.example/a/cloud-security', type: ['Achievement'], name: 'Cloud security', criteria: { narrative: 'Assessed.' } } },
    ...overrides,
  };
}

const issuers = new Map<string, Promise<JoseIssuer>>();
/** One issuer per key type and DID method (RSA key generation is slow). */
function issuerOf(keyType: JoseKeyType, method: 'key' | 'jwk' | 'web'): Promise<JoseIssuer> {
  const id = `${keyType}/${method}`;
  if (!issuers.has(id)) issuers.set(id, createJoseIssuer(keyType, method, method === 'web' ? WEB : undefined));
  return issuers.get(id)!;
}

async function verify(token: string, loader: CredentialLoader = mappedLoader()): Promise<VerificationReport> {
  const [report] = await verifyCredentialFile({ name: 'cred.jwt', bytes: new TextEncoder().encode(token) }, { now: NOW, loader });
  return report!;
}

const check = (r: VerificationReport, id: CheckId) => r.checks.filter((c) => c.id === id);
const explain = (r: VerificationReport) => r.checks.map((c) => `${c.result} ${c.id}: ${c.message}`).join('\n');

const CASES: [JoseKeyType, JoseAlgorithm, 'key' | 'jwk' | 'web'][] = [];
for (const method of ['key', 'jwk', 'web'] as const) {
  CASES.push(['Ed25519', 'EdDSA', method], ['P-256', 'ES256', method], ['P-384', 'ES384', method], ['secp256k1', 'ES256K', method]);
}
for (const alg of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const) CASES.push(['RSA', alg, 'jwk'], ['RSA', alg, 'web']);

describe.each(['vc-claim', 'vc+jwt'] as const)('%s envelope', (envelope) => {
  test.each(CASES)('%s key, %s, did:%s issuer: verified', async (keyType, alg, method) => {
    const issuer = await issuerOf(keyType, method);
    const token = await signVcJwtAs(credential(issuer.did), issuer, { envelope, header: { alg } });
    const loader = mappedLoader({ dids: method === 'web' ? { [WEB]: didWebDocument(issuer) } : {} });
    const report = await verify(token, loader);
    expect(report.status, explain(report)).toBe('verified');
    expect(report.format).toBe('ob3-jwt');
    expect(check(report, 'parse')[0]?.message).toContain(envelope === 'vc+jwt' ? 'vc+jwt, VCDM 2.0' : 'VCDM 1.1 vc claim');
    expect(check(report, 'key')[0]).toMatchObject({ result: 'pass', message: expect.stringMatching(/listed under assertionMethod/) });
    expect(check(report, 'signature')[0]).toEqual({ id: 'signature', result: 'pass', message: `${alg} JWS signature verified` });
  });

  test('a payload changed after signing does not verify', async () => {
    const issuer = await issuerOf('P-256', 'key');
    const [h, p, s] = (await signVcJwtAs(credential(issuer.did), issuer, { envelope })).split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const vc = (envelope === 'vc+jwt' ? payload : payload.vc) as Record<string, unknown>;
    vc.name = 'Cloud security (Expert)';
    const report = await verify(`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`);
    expect(report.status).toBe('invalid');
    expect(check(report, 'signature')[0]).toMatchObject({ result: 'fail', message: expect.stringMatching(/does not verify/) });
  });
});

describe('where the key comes from', () => {
  test('a relative kid ("#key-1") is a key of the iss DID', async () => {
    const issuer = await issuerOf('P-256', 'web');
    const token = await signVcJwtAs(credential(WEB), issuer, { header: { kid: '#key-1' } });
    const report = await verify(token, mappedLoader({ dids: { [WEB]: didWebDocument(issuer) } }));
    expect(report.status, explain(report)).toBe('verified');
  });

  test('no kid and no jwk: the iss DID\'s assertion key', async () => {
    const issuer = await issuerOf('Ed25519', 'web');
    const token = await signVcJwtAs(credential(WEB), issuer, { header: { kid: undefined } });
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).not.toHaveProperty('kid');
    const report = await verify(token, mappedLoader({ dids: { [WEB]: didWebDocument(issuer) } }));
    expect(report.status, explain(report)).toBe('verified');
    expect(check(report, 'key')[0]?.message).toMatch(/names no key; checked against the 1 assertion key/);
  });

  test('an https kid pointing into the issuer\'s JWKS', async () => {
    const issuer = { ...(await issuerOf('RSA', 'jwk')), did: 'https://wallet.example/issuer', kid: 'https://wallet.example/jwks.json#rsa-1' };
    const jwks = { keys: [{ ...(await issuerOf('P-256', 'jwk')).publicJwk, kid: 'ec-1' }, { ...issuer.publicJwk, kid: 'rsa-1' }] };
    const token = await signVcJwtAs(credential(issuer.did), issuer, { header: { alg: 'PS256' } });
    const report = await verify(token, mappedLoader({ urls: { 'https://wallet.example/jwks.json': jwks } }));
    expect(report.status, explain(report)).toBe('verified');
    expect(check(report, 'key')[0]).toMatchObject({ result: 'pass', message: 'Key https://wallet.example/jwks.json#rsa-1 fetched from https://wallet.example/jwks.json' });
    // The JWKS cannot be read: the key could not be checked.
    const offline = await verify(token);
    expect(offline.status).toBe('unverified');
    expect(check(offline, 'key')[0]?.message).toMatch(/^Could not be checked: key https:\/\/wallet\.example\/jwks\.json#rsa-1 could not be fetched/);
  });

  test('a header jwk on a did:jwk issuer must be that DID\'s key', async () => {
    const issuer = await issuerOf('P-384', 'jwk');
    const good = await signVcJwtAs(credential(issuer.did), issuer, { header: { kid: undefined, jwk: issuer.publicJwk } });
    expect((await verify(good)).status).toBe('verified');
    const other = await createJoseIssuer('P-384', 'jwk');
    const bad = await signVcJwtAs(credential(issuer.did), { ...other, did: issuer.did }, { header: { kid: undefined, jwk: other.publicJwk } });
    const report = await verify(bad);
    expect(report.status).toBe('invalid');
    expect(check(report, 'key')[0]?.message).toMatch(/not the key of the issuer did:jwk:/);
  });

  test('a kid of another DID than the issuer: invalid (the key is not the issuer\'s)', async () => {
    const issuer = await issuerOf('Ed25519', 'key');
    const stranger = await createJoseIssuer('Ed25519', 'key');
    const token = await signVcJwtAs(credential(issuer.did), { ...stranger, did: issuer.did });
    const report = await verify(token);
    expect(report.status).toBe('invalid');
    expect(check(report, 'key').find((c) => c.result === 'fail')?.message).toMatch(/belongs to did:key:.*not to the issuer did:key:/);
  });

  test('a kid listed only for authentication: invalid, and says so', async () => {
    const issuer = await issuerOf('P-256', 'web');
    const report = await verify(await signVcJwtAs(credential(WEB), issuer), mappedLoader({ dids: { [WEB]: didWebDocument(issuer, { placement: 'authentication-only' }) } }));
    expect(report.status).toBe('invalid');
    expect(check(report, 'key')[0]?.message).toMatch(/not authorised for assertionMethod/);
  });

  test('a kid of an unsupported DID method: unverified, "DID method not supported"', async () => {
    const issuer = await issuerOf('Ed25519', 'key');
    const ion = 'did:ion:EiClkZMDxPKqC9c-umQfTkR8vvZ9JPhl_xLDI9Nfk38w5w';
    const token = await signVcJwtAs(credential(ion), { ...issuer, did: ion, kid: `${ion}#key-1` });
    const report = await verify(token);
    expect(report.status).toBe('unverified');
    expect(check(report, 'key')[0]?.message).toMatch(/DID method did:ion is not supported/);
  });

  test('the did:web document cannot be read: unverified', async () => {
    const issuer = await issuerOf('P-256', 'web');
    const report = await verify(await signVcJwtAs(credential(WEB), issuer));
    expect(report.status).toBe('unverified');
    expect(check(report, 'signature')[0]?.result).toBe('skipped');
  });
});

describe('JWT claims against the credential (VCDM 1.1 section 6.3.1, VC-JOSE-COSE)', () => {
  test.each([
    ['iss', { iss: 'did:web:someone-else.example' }, /the JWT iss \(did:web:someone-else\.example\) is not the credential's issuer/],
    ['sub', { sub: 'did:example:another-learner' }, /the JWT sub \(did:example:another-learner\) is not the credential's subject/],
    ['jti', { jti: 'urn:uuid:00000000-0000-4000-8000-000000000000' }, /the JWT jti .* is not the credential's id/],
    ['nbf', { nbf: 'yesterday' }, /the JWT nbf is not a NumericDate/],
  ])('a %s that contradicts the credential is invalid', async (_claim, claims, message) => {
    const issuer = await issuerOf('Ed25519', 'key');
    const report = await verify(await signVcJwtAs(credential(issuer.did), issuer, { claims }));
    expect(report.status).toBe('invalid');
    expect(check(report, 'structure').find((c) => c.result === 'fail')?.message).toMatch(message);
  });

  test('exp in the past expires it even when the credential has no validUntil; nbf in the future is not yet valid', async () => {
    const issuer = await issuerOf('Ed25519', 'key');
    const expired = await verify(await signVcJwtAs(credential(issuer.did), issuer, { claims: { exp: Date.parse('2026-01-01T00:00:00Z') / 1000 } }));
    expect(expired.status).toBe('expired');
    const future = await verify(await signVcJwtAs(credential(issuer.did, { validFrom: undefined }), issuer, { claims: { nbf: Date.parse('2027-01-01T00:00:00Z') / 1000 } }));
    expect(future.status).toBe('not-yet-valid');
  });

  test('an exp earlier than validUntil applies, with a warning naming both', async () => {
    const issuer = await issuerOf('Ed25519', 'key');
    const report = await verify(await signVcJwtAs(credential(issuer.did, { validUntil: '2030-01-01T00:00:00Z' }), issuer, { claims: { exp: Date.parse('2026-01-01T00:00:00Z') / 1000 } }));
    expect(report.status).toBe('expired');
    expect(check(report, 'dates')[0]).toMatchObject({ result: 'warn', message: expect.stringMatching(/JWT exp \(2026-01-01T00:00:00.000Z\) differs from the credential's validUntil \(2030-01-01T00:00:00Z\)/) });
  });

  test('the VCDM 2.0 payload credential with matching claims verifies', async () => {
    const issuer = await issuerOf('P-256', 'jwk');
    const token = await signVcJwtAs(credential(issuer.did), issuer, { envelope: 'vc+jwt', claims: { iss: issuer.did, sub: 'did:example:learner-7', jti: 'urn:uuid:9a7c3b4e-0000-4000-8000-00000000c0de' } });
    expect((await verify(token)).status).toBe('verified');
  });
});

describe('tokens an attacker would try: a clear failed check, never a verified credential', () => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  test.each(['none', 'None', 'NONE', ''])('alg "%s" (unsigned)', async (alg) => {
    const issuer = await issuerOf('Ed25519', 'key');
    const token = `${b64({ alg, kid: issuer.kid })}.${b64({ vc: credential(issuer.did), iss: issuer.did })}.`;
    const report = await verify(token);
    expect(report.status).toBe('invalid');
    expect(check(report, 'key')[0]).toMatchObject({ result: 'fail', message: expect.stringMatching(/unsigned \(JOSE alg "none"\)/) });
    expect(check(report, 'signature')[0]?.result).toBe('skipped');
  });

  test.each(['HS256', 'HS384', 'HS512'])('%s with the issuer\'s public key as the HMAC secret', async (alg) => {
    for (const keyType of ['RSA', 'P-256', 'Ed25519'] as const) {
      const issuer = await issuerOf(keyType, keyType === 'RSA' ? 'jwk' : 'key');
      // The classic confusion attack: the public key (as PEM, and as its JWK text) used as the HMAC secret.
      for (const secret of [publicPem(issuer), JSON.stringify(issuer.publicJwk)]) {
        const input = `${b64({ alg, kid: issuer.kid, typ: 'JWT' })}.${b64({ vc: credential(issuer.did), iss: issuer.did })}`;
        const mac = createHmac(`sha${alg.slice(2)}`, secret).update(input).digest('base64url');
        const report = await verify(`${input}.${mac}`);
        expect(report.status).toBe('invalid');
        expect(check(report, 'key')[0]).toMatchObject({ result: 'fail', message: expect.stringMatching(new RegExp(`${alg} is an HMAC`)) });
      }
    }
  });

  test('a header jwk that is a symmetric (oct) key is refused', async () => {
    const issuer = await issuerOf('Ed25519', 'key');
    const input = `${b64({ alg: 'EdDSA', jwk: { kty: 'oct', k: 'c2VjcmV0' } })}.${b64({ vc: credential(issuer.did), iss: issuer.did })}`;
    const report = await verify(`${input}.AAAA`);
    expect(report.status).toBe('invalid');
    expect(check(report, 'key')[0]?.message).toMatch(/private or symmetric key/);
  });

  test('an ES256 header over an Ed25519 key (algorithm / key type confusion)', async () => {
    const issuer = await issuerOf('Ed25519', 'key');
    const eddsa = await signVcJwtAs(credential(issuer.did), issuer);
    const [, p, s] = eddsa.split('.') as [string, string, string];
    const report = await verify(`${b64({ alg: 'ES256', kid: issuer.kid })}.${p}.${s}`);
    expect(report.status).toBe('invalid');
    expect(check(report, 'signature')[0]?.message).toMatch(/a ed25519 key cannot verify ES256/);
  });

  test('a did:jwk kid whose JWK is garbage is a failed key check, not a crash', async () => {
    const issuer = await issuerOf('Ed25519', 'key');
    const token = await signJose({ vc: credential('did:jwk:bm90LWpzb24'), iss: 'did:jwk:bm90LWpzb24' }, { ...issuer, did: 'did:jwk:bm90LWpzb24', kid: 'did:jwk:bm90LWpzb24#0' });
    const report = await verify(token);
    expect(report.status).toBe('invalid');
    expect(check(report, 'key')[0]?.message).toMatch(/is not a valid did:jwk/);
  });
});

/** What an attacker downloads from the issuer: its public key, as PEM. */
describe('one resolver for nested credentials too', () => {
  test('a CLR (vc+jwt, did:jwk issuer) holding a Data Integrity credential by a did:web key and a VC-JWT by a secp256k1 did:key', async () => {
    const registrar = 'did:web:college.example';
    const diKey = await deriveDidWebIssuerKey('clr-nested', registrar);
    const diDoc = { '@context': ['https://www.w3.org/ns/did/v1'], id: registrar, verificationMethod: [{ id: diKey.verificationMethod, type: 'Multikey', controller: registrar, publicKeyMultibase: diKey.publicKeyMultibase }], assertionMethod: ['#key-1'] };
    const ldp = await signDataIntegrity(credential(registrar), diKey);
    const k1 = await issuerOf('secp256k1', 'key');
    const jwt = await signVcJwtAs(credential(k1.did), k1);
    const clrIssuer = await issuerOf('P-256', 'jwk');
    const clr = {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: 'urn:uuid:1c2d3e4f-0000-4000-8000-0000000000c1',
      type: ['VerifiableCredential', 'ClrCredential'],
      issuer: { id: clrIssuer.did, type: ['Profile'], name: 'Learner record' },
      validFrom: '2025-04-01T00:00:00Z',
      name: 'Transcript',
      credentialSubject: { id: 'did:example:learner-7', type: ['ClrSubject'], verifiableCredential: [ldp, jwt] },
    };
    const report = await verify(await signVcJwtAs(clr, clrIssuer, { envelope: 'vc+jwt' }), mappedLoader({ dids: { [registrar]: diDoc } }));
    expect(report.format).toBe('clr2-jwt');
    expect(report.status, explain(report)).toBe('verified');
    expect(report.nested.map((n) => [n.format, n.status])).toEqual([['ob3-ldp', 'verified'], ['ob3-jwt', 'verified']]);
    expect(check(report, 'nested')[0]).toMatchObject({ result: 'pass', message: 'All 2 credentials inside verified on their own' });
  });
});

describe('hostile kids: bounded, a failed check or unverified, never a crash', () => {
  test.each([
    ['did:web:169.254.169.254#key-1', 'unverified', /link-local or cloud metadata/],
    ['did:web:127.0.0.1%3A9#key-1', 'unverified', /loopback/],
    ['did:web:evil.example%2Fpath@host#key-1', 'invalid', /not a valid did:web/],
    [`did:key:z${'1'.repeat(5_000)}#x`, 'unverified', /key type this verifier does not support/],
    ['did:jwk:!!!#0', 'invalid', /not a valid did:jwk/],
  ])('kid %s -> %s', async (kid, status, message) => {
    const issuer = await issuerOf('Ed25519', 'key');
    const did = kid.split('#')[0]!;
    const token = await signVcJwtAs(credential(did), { ...issuer, did, kid });
    const report = await verify(token, (await import('./loader')).createCredentialLoader({ cacheTtlMs: 0, timeoutMs: 1_000 }));
    expect(report.status, explain(report)).toBe(status);
    expect(check(report, 'key')[0]).toMatchObject({ result: 'fail', message: expect.stringMatching(message) });
  });
});

function publicPem(issuer: JoseIssuer): string {
  return String(createPublicKey(issuer.privateKey).export({ type: 'spki', format: 'pem' }));
}
