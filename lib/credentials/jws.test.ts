import { describe, expect, test } from 'vitest';
import { CompactSign, compactVerify, exportJWK, generateKeyPair } from 'jose';
import { publicKeyFromJwk, publicKeyFromPem, verifyCompactJws, verifyCompactJwsAsync } from './jws';
import { Lru } from './lru';

const payload = new TextEncoder().encode(JSON.stringify({ vc: { name: 'x' } }));

async function tokenFor(alg: string, extraHeader: Record<string, unknown> = {}) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const token = await new CompactSign(payload).setProtectedHeader({ alg, ...extraHeader }).sign(privateKey);
  return { token, publicKey, jwk: await exportJWK(publicKey) };
}

function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
}

describe('verifyCompactJws agrees with jose', () => {
  test.each(['EdDSA', 'RS256', 'PS256', 'ES256', 'ES384', 'RS512'])('%s: valid, tampered payload, tampered signature', async (alg) => {
    const { token, publicKey, jwk } = await tokenFor(alg);
    const key = publicKeyFromJwk(jwk);
    await expect(compactVerify(token, publicKey)).resolves.toBeTruthy();
    expect(verifyCompactJws(token, headerOf(token), key)).toEqual({ ok: true });
    const [h, , s] = token.split('.') as [string, string, string];
    const other = `${h}.${Buffer.from('{"vc":{"name":"y"}}').toString('base64url')}.${s}`;
    await expect(compactVerify(other, publicKey)).rejects.toThrow();
    expect(verifyCompactJws(other, headerOf(other), key).ok).toBe(false);
    const flipped = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect(verifyCompactJws(flipped, headerOf(flipped), key).ok).toBe(false);
    // The thread-pool variant gives the same answers.
    expect(await verifyCompactJwsAsync(token, headerOf(token), key)).toEqual({ ok: true });
    expect((await verifyCompactJwsAsync(other, headerOf(other), key)).ok).toBe(false);
    expect(await verifyCompactJwsAsync(flipped, headerOf(flipped), key)).toEqual({ ok: false, reason: 'signature verification failed' });
    expect(await verifyCompactJwsAsync(token, { alg: 'none' }, key)).toMatchObject({ ok: false, reason: expect.stringMatching(/not accepted/) });
  });
});

describe('imported key cache', () => {
  test('the same public key material gives the same KeyObject, whatever the kid; other keys do not', async () => {
    const { token, jwk } = await tokenFor('EdDSA');
    const a = publicKeyFromJwk({ ...jwk, kid: 'one' });
    const b = publicKeyFromJwk({ ...jwk, kid: 'two', alg: 'EdDSA' });
    expect(b).toBe(a);
    const other = await tokenFor('EdDSA');
    const c = publicKeyFromJwk(other.jwk);
    expect(c).not.toBe(a);
    // A cached key is still only an input: the signature is checked against the key given.
    expect(verifyCompactJws(token, headerOf(token), a).ok).toBe(true);
    expect(verifyCompactJws(token, headerOf(token), c).ok).toBe(false);
  });

  test('a private JWK is refused even when its public half is cached', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    publicKeyFromJwk(await exportJWK(publicKey));
    const privateJwk = await exportJWK(privateKey);
    expect(() => publicKeyFromJwk(privateJwk)).toThrow(/private/);
  });

  test('PEM keys are cached by their text', async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const { createPublicKey } = await import('node:crypto');
    const pem = createPublicKey({ key: (await exportJWK(publicKey)) as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    expect(publicKeyFromPem(pem)).toBe(publicKeyFromPem(pem));
  });
});

describe('Lru', () => {
  test('evicts the least recently used entry beyond its bound', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now newer than b
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.size).toBe(2);
  });
});

describe('refusals', () => {
  test('algorithm not allowed, or not matching the key type', async () => {
    const { token, jwk } = await tokenFor('RS256');
    const rsa = publicKeyFromJwk(jwk);
    expect(verifyCompactJws(token, { alg: 'none' }, rsa)).toMatchObject({ ok: false, reason: expect.stringMatching(/"none" is not accepted/) });
    expect(verifyCompactJws(token, { alg: 'HS256' }, rsa)).toMatchObject({ ok: false });
    expect(verifyCompactJws(token, { alg: 'EdDSA' }, rsa)).toMatchObject({ ok: false, reason: expect.stringMatching(/rsa key cannot verify EdDSA/) });
    expect(verifyCompactJws(token, { alg: 'RS256' }, rsa, ['EdDSA'])).toMatchObject({ ok: false });
  });

  test('crit and b64=false are refused', async () => {
    const { token, jwk } = await tokenFor('EdDSA');
    const key = publicKeyFromJwk(jwk);
    expect(verifyCompactJws(token, { alg: 'EdDSA', crit: ['exp'] }, key).ok).toBe(false);
    expect(verifyCompactJws(token, { alg: 'EdDSA', b64: false }, key).ok).toBe(false);
  });

  test('private keys are not accepted as verification keys', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const jwk = await exportJWK(privateKey);
    expect(() => publicKeyFromJwk(jwk)).toThrow(/private/);
  });
});
