import { describe, expect, test } from 'vitest';
import { CompactSign, compactVerify, exportJWK, generateKeyPair } from 'jose';
import { publicKeyFromJwk, verifyCompactJws } from './jws';

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
