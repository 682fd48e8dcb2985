// The one DID resolver: did:web layouts, key types, did:key and did:jwk, unsupported methods, and
// documents built to hurt. Keys are generated here with node:crypto and the key libraries; did:web
// documents come from resolver-map files through the real guarded loader.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDidResolver, publicJwkOf, type KeyResolution } from './did-resolver';
import { createJoseIssuer, didWebDocument, type JoseKeyType } from './issue';
import { createCredentialLoader, didWebUrl } from './loader';
import { mappedLoader } from '../../test/credentials/did-documents';
import { startAssetServer, type AssetServer } from '../../test/credentials/fixtures';

const WEB = 'did:web:issuer.example';

function expectOk(r: KeyResolution): asserts r is Extract<KeyResolution, { ok: true }> {
  if (!r.ok) throw new Error(`expected a resolved key, got ${r.outcome}: ${r.reason}`);
}

const publicMembers = (jwk: Record<string, unknown>) => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, n: jwk.n, e: jwk.e });

describe('did:web, by the W3C did:web method', () => {
  test.each([
    ['did:web:issuer.example', 'https://issuer.example/.well-known/did.json'],
    ['did:web:issuer.example:issuers:academy', 'https://issuer.example/issuers/academy/did.json'],
    ['did:web:localhost%3A8443:users:alice', 'https://localhost:8443/users/alice/did.json'],
  ])('%s is read from %s', async (did, url) => {
    expect(didWebUrl(did)).toBe(url);
    const issuer = await createJoseIssuer('P-256', 'web', did);
    const dids = createDidResolver(mappedLoader({ dids: { [did]: didWebDocument(issuer) } }));
    const key = await dids.resolveKey(issuer.kid, 'assertionMethod');
    expectOk(key);
    expect(key.document.source).toBe(url);
  });

  const layouts = [
    ['verificationMethod', 'absolute'],
    ['verificationMethod', 'relative'],
    ['embedded-assertionMethod', 'absolute'],
    ['embedded-assertionMethod', 'relative'],
  ] as const;
  test.each(layouts)('a key in %s with %s ids resolves for assertionMethod', async (placement, ids) => {
    const issuer = await createJoseIssuer('Ed25519', 'web', WEB);
    const dids = createDidResolver(mappedLoader({ dids: { [WEB]: didWebDocument(issuer, { placement, ids, type: 'Multikey' }) } }));
    const key = await dids.resolveKey(issuer.kid, 'assertionMethod');
    expectOk(key);
    expect(key.method).toMatchObject({ id: issuer.kid, controller: WEB, type: 'Multikey' });
    expect(key.relationships).toContain('assertionMethod');
    // The controller document jsonld-signatures reads: DID context first, absolute ids.
    expect(key.document.controllerDocument).toMatchObject({ '@context': expect.arrayContaining(['https://www.w3.org/ns/did/v1']), assertionMethod: [issuer.kid] });
  });

  test.each<[JoseKeyType, 'JsonWebKey2020' | 'JsonWebKey' | 'Multikey' | 'Ed25519VerificationKey2020' | 'Ed25519VerificationKey2018']>([
    ['Ed25519', 'Ed25519VerificationKey2018'],
    ['Ed25519', 'Ed25519VerificationKey2020'],
    ['Ed25519', 'Multikey'],
    ['Ed25519', 'JsonWebKey2020'],
    ['P-256', 'Multikey'],
    ['P-256', 'JsonWebKey2020'],
    ['P-384', 'Multikey'],
    ['P-384', 'JsonWebKey'],
    ['secp256k1', 'Multikey'],
    ['secp256k1', 'JsonWebKey2020'],
    ['RSA', 'JsonWebKey2020'],
  ])('%s key published as %s gives back the same public key', async (keyType, type) => {
    const issuer = await createJoseIssuer(keyType, 'web', WEB);
    const dids = createDidResolver(mappedLoader({ dids: { [WEB]: didWebDocument(issuer, { type }) } }));
    const key = await dids.resolveKey(issuer.kid, 'assertionMethod');
    expectOk(key);
    expect(publicMembers(await publicJwkOf(key.method))).toEqual(publicMembers(issuer.publicJwk));
  });

  test('a #z6Mk... fragment on a did:web id is that DID document\'s key, looked up there', async () => {
    const issuer = await createJoseIssuer('Ed25519', 'web', WEB);
    const fragment = `#${issuer.publicKeyMultibase}`;
    const dids = createDidResolver(mappedLoader({ dids: { [WEB]: didWebDocument(issuer, { type: 'Multikey', fragment }) } }));
    expectOk(await dids.resolveKey(`${WEB}${fragment}`, 'assertionMethod'));
    // The same fragment on a DID whose document lists another key is not taken from the id.
    const other = await createJoseIssuer('Ed25519', 'web', WEB);
    const lying = createDidResolver(mappedLoader({ dids: { [WEB]: didWebDocument(other, { type: 'Multikey' }) } }));
    expect(await lying.resolveKey(`${WEB}${fragment}`, 'assertionMethod')).toMatchObject({ ok: false, outcome: 'invalid', code: 'key-not-found' });
  });

  test.each(['authentication-only', 'embedded-authentication'] as const)('a key listed only for authentication (%s) is not authorised for assertionMethod: invalid', async (placement) => {
    const issuer = await createJoseIssuer('Ed25519', 'web', WEB);
    const dids = createDidResolver(mappedLoader({ dids: { [WEB]: didWebDocument(issuer, { placement, type: 'Multikey' }) } }));
    const key = await dids.resolveKey(issuer.kid, 'assertionMethod');
    expect(key).toMatchObject({ ok: false, outcome: 'invalid', code: 'purpose-not-listed', reason: expect.stringMatching(/listed only under authentication/) });
    expectOk(await dids.resolveKey(issuer.kid, 'authentication'));
  });

  test('a document whose id is another DID is invalid', async () => {
    const issuer = await createJoseIssuer('P-256', 'web', 'did:web:elsewhere.example');
    const dids = createDidResolver(mappedLoader({ dids: { [WEB]: didWebDocument(issuer) } }));
    expect(await dids.resolveKey(`${WEB}#key-1`)).toMatchObject({ ok: false, outcome: 'invalid', code: 'id-mismatch' });
  });

  test('a document that cannot be read offline is unverified, not invalid', async () => {
    const dids = createDidResolver(mappedLoader());
    expect(await dids.resolveKey(`${WEB}#key-1`, 'assertionMethod')).toMatchObject({ ok: false, outcome: 'unverified', code: 'unreachable', reason: expect.stringMatching(/not in the resolver map/) });
  });

  test('a document that is not JSON is invalid', async () => {
    const dids = createDidResolver(mappedLoader({ urls: { 'https://issuer.example/.well-known/did.json': 'not json' } }));
    expect(await dids.resolveDid(WEB)).toMatchObject({ ok: false, outcome: 'invalid', code: 'malformed-document' });
  });
});

describe('did:key and did:jwk, computed from the identifier', () => {
  test.each<JoseKeyType>(['Ed25519', 'P-256', 'P-384', 'secp256k1'])('did:key of a %s key', async (keyType) => {
    const issuer = await createJoseIssuer(keyType, 'key');
    const dids = createDidResolver(createCredentialLoader({ offline: true }));
    const key = await dids.resolveKey(issuer.kid, 'assertionMethod');
    expectOk(key);
    expect(key.method.publicKeyMultibase).toBe(issuer.publicKeyMultibase);
    expect(publicMembers(await publicJwkOf(key.method))).toEqual(publicMembers(issuer.publicJwk));
    // A bare did:key names its one key.
    expectOk(await dids.resolveKey(issuer.did, 'assertionMethod'));
  });

  test.each<JoseKeyType>(['Ed25519', 'P-256', 'P-384', 'secp256k1', 'RSA'])('did:jwk of a %s key lists it for assertions', async (keyType) => {
    const issuer = await createJoseIssuer(keyType, 'jwk');
    const dids = createDidResolver(createCredentialLoader({ offline: true }));
    const key = await dids.resolveKey(issuer.kid, 'assertionMethod');
    expectOk(key);
    expect(publicMembers(await publicJwkOf(key.method))).toEqual(publicMembers(issuer.publicJwk));
  });

  test('a did:jwk that encodes a private key is invalid', async () => {
    const issuer = await createJoseIssuer('P-256', 'jwk');
    const secret = issuer.privateKey.export({ format: 'jwk' });
    const did = `did:jwk:${Buffer.from(JSON.stringify(secret)).toString('base64url')}`;
    expect(await createDidResolver(createCredentialLoader({ offline: true })).resolveKey(`${did}#0`)).toMatchObject({ ok: false, outcome: 'invalid', code: 'bad-key' });
  });

  test('a did:key whose point is not on its curve is invalid; an unknown key type is unverified', async () => {
    const dids = createDidResolver(createCredentialLoader({ offline: true }));
    // secp256k1-pub (0xe7 0x01) + a compressed point whose x (all 0xff) is past the field prime.
    const base58 = await import('base58-universal');
    const offCurve = `did:key:z${base58.encode(new Uint8Array([0xe7, 0x01, 0x02, ...new Uint8Array(32).fill(0xff)]))}`;
    expect(offCurve.startsWith('did:key:zQ3s')).toBe(true);
    expect(await dids.resolveDid(offCurve)).toMatchObject({ ok: false, outcome: 'invalid', code: 'malformed-did' });
    // X25519 (key agreement only, "z6LS"): not a signing key type we resolve.
    expect(await dids.resolveDid('did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc')).toMatchObject({ ok: false, outcome: 'unverified', code: 'unsupported-key' });
  });
});

describe('methods we do not support are "could not be checked"', () => {
  test.each(['did:ion:EiClkZMDxPKqC9c-umQfTkR8vvZ9JPhl_xLDI9Nfk38w5w', 'did:prism:9b5118411248d9663b6ab15128fba8106511230ff654e7514cdcc4ce919bde9b', 'did:ethr:0xb9c5714089478a327f09197987f16f9e5d936e8a#controller', 'did:example:123#key-1'])('%s', async (did) => {
    const r = await createDidResolver(createCredentialLoader({ offline: true })).resolveKey(did, 'assertionMethod');
    expect(r).toMatchObject({ ok: false, outcome: 'unverified', code: 'unsupported-method', reason: expect.stringMatching(/DID method did:\w+ is not supported/) });
  });
});

describe('hostile DID documents: bounded, and never a crash', () => {
  let server: AssetServer;
  beforeAll(async () => {
    server = await startAssetServer();
  });
  afterAll(async () => {
    await server.close();
  });

  test('10,000 keys: not read (unverified, over the limit) in bounded time', async () => {
    const issuer = await createJoseIssuer('P-256', 'web', WEB);
    const doc = didWebDocument(issuer) as { verificationMethod: Record<string, unknown>[] };
    const method = doc.verificationMethod[0]!;
    doc.verificationMethod = Array.from({ length: 10_000 }, (_, i) => ({ ...method, id: `${WEB}#key-${i}` }));
    const dids = createDidResolver(mappedLoader({ dids: { [WEB]: doc } }));
    const started = performance.now();
    expect(await dids.resolveKey(`${WEB}#key-1`, 'assertionMethod')).toMatchObject({ ok: false, outcome: 'unverified', code: 'over-limit' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test('a document over the size cap is refused while reading: unverified', async () => {
    const issuer = await createJoseIssuer('P-256', 'web', WEB);
    const huge = { ...didWebDocument(issuer), padding: 'x'.repeat(6 * 1024 * 1024) };
    const dids = createDidResolver(mappedLoader({ dids: { [WEB]: huge } }));
    expect(await dids.resolveDid(WEB)).toMatchObject({ ok: false, outcome: 'unverified', code: 'over-limit' });
  });

  test('controllers that point at each other are followed one hop, no further', async () => {
    const a = await createJoseIssuer('Ed25519', 'web', 'did:web:a.example');
    const docA = { '@context': ['https://www.w3.org/ns/did/v1'], id: 'did:web:a.example', verificationMethod: [{ id: a.kid, type: 'JsonWebKey2020', controller: 'did:web:b.example', publicKeyJwk: a.publicJwk }], assertionMethod: [a.kid] };
    const docB = { '@context': ['https://www.w3.org/ns/did/v1'], id: 'did:web:b.example', verificationMethod: [{ id: 'did:web:b.example#key-1', type: 'JsonWebKey2020', controller: 'did:web:a.example', publicKeyJwk: a.publicJwk }], assertionMethod: ['did:web:b.example#key-1'] };
    const loader = mappedLoader({ dids: { 'did:web:a.example': docA, 'did:web:b.example': docB } });
    const dids = createDidResolver(loader);
    // b does not list a's key: a's own document cannot authorise a key it says b controls.
    expect(await dids.resolveKey(a.kid, 'assertionMethod')).toMatchObject({ ok: false, outcome: 'invalid', code: 'purpose-not-listed' });
    const both = createDidResolver(mappedLoader({ dids: { 'did:web:a.example': docA, 'did:web:b.example': { ...docB, assertionMethod: [a.kid, 'did:web:b.example#key-1'] } } }));
    expectOk(await both.resolveKey(a.kid, 'assertionMethod'));
  });

  test('a did:web whose host redirects to an internal address is blocked at that hop: unverified', async () => {
    server.route('/.well-known/did.json', { status: 302, location: 'http://169.254.169.254/latest/meta-data/' });
    const loader = createCredentialLoader({ allowLoopback: true, allowPrivate: false, cacheTtlMs: 0, timeoutMs: 2_000, resolverMap: { 'https://issuer.example/': `${server.origin}/` } });
    const r = await createDidResolver(loader).resolveDid(WEB);
    expect(r).toMatchObject({ ok: false, outcome: 'unverified', code: 'unreachable', reason: expect.stringMatching(/link-local or cloud metadata/) });
  });

  test('a did:web that is itself on a loopback address is refused when loopback is not allowed: unverified', async () => {
    const loader = createCredentialLoader({ allowLoopback: false, cacheTtlMs: 0, timeoutMs: 2_000 });
    const port = new URL(server.origin).port;
    const r = await createDidResolver(loader).resolveDid(`did:web:127.0.0.1%3A${port}`);
    expect(r).toMatchObject({ ok: false, outcome: 'unverified', reason: expect.stringMatching(/loopback/) });
  });
});
