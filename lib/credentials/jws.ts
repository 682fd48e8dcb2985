// Compact JWS signature verification (RFC 7515) on Node's crypto (OpenSSL), used for VC-JWT and
// signed OB 2.0 assertions. jose is used to import keys and to sign; its verifier runs on
// WebCrypto, whose per-call job overhead capped VC-JWT verification at about 3,000/s on the 2-core
// reference machine, against a target of 5,000/s (see docs/credentials.md). The checks are the
// ones that matter for JWS security: an allow-list of algorithms, the key type must match the
// algorithm (no RSA key for an EdDSA header, no HMAC at all), no unknown `crit` headers, no
// unencoded payloads (b64=false).
import { createPublicKey, verify as cryptoVerify, constants, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

export const JWS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA', 'Ed25519'] as const;

export type JwsCheck = { ok: true } | { ok: false; reason: string };

const HASH: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512', PS256: 'sha256', PS384: 'sha384', PS512: 'sha512', ES256: 'sha256', ES384: 'sha384' };
const CURVE: Record<string, string> = { ES256: 'prime256v1', ES384: 'secp384r1' };

export function publicKeyFromJwk(jwk: JWK): KeyObject {
  if ('d' in jwk || 'p' in jwk || 'k' in jwk) throw new Error('refusing a private or symmetric key');
  return createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
}

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey(pem);
}

function keyMatches(alg: string, key: KeyObject): boolean {
  const type = key.asymmetricKeyType;
  if (alg === 'EdDSA' || alg === 'Ed25519') return type === 'ed25519';
  if (alg.startsWith('RS')) return type === 'rsa';
  if (alg.startsWith('PS')) return type === 'rsa' || type === 'rsa-pss';
  if (alg.startsWith('ES')) return type === 'ec' && key.asymmetricKeyDetails?.namedCurve === CURVE[alg];
  return false;
}

export function verifyCompactJws(token: string, header: Record<string, unknown>, key: KeyObject, allowed: readonly string[] = JWS_ALGORITHMS): JwsCheck {
  const alg = typeof header.alg === 'string' ? header.alg : '';
  if (!allowed.includes(alg)) return { ok: false, reason: `algorithm "${alg || '(none)'}" is not accepted` };
  if (header.crit !== undefined) return { ok: false, reason: 'the JWS has critical header parameters this verifier does not understand' };
  if (header.b64 === false) return { ok: false, reason: 'unencoded JWS payloads (b64=false) are not accepted' };
  if (!keyMatches(alg, key)) return { ok: false, reason: `a ${key.asymmetricKeyType ?? 'unknown'} key cannot verify ${alg}` };
  const lastDot = token.lastIndexOf('.');
  const signingInput = Buffer.from(token.slice(0, lastDot), 'ascii');
  const signature = Buffer.from(token.slice(lastDot + 1), 'base64url');
  let ok: boolean;
  try {
    if (alg === 'EdDSA' || alg === 'Ed25519') ok = cryptoVerify(null, signingInput, key, signature);
    else if (alg.startsWith('PS')) ok = cryptoVerify(HASH[alg]!, signingInput, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signature);
    else if (alg.startsWith('ES')) ok = cryptoVerify(HASH[alg]!, signingInput, { key, dsaEncoding: 'ieee-p1363' }, signature);
    else ok = cryptoVerify(HASH[alg]!, signingInput, key, signature);
  } catch (error) {
    return { ok: false, reason: `the signature could not be checked (${(error as Error).message})` };
  }
  return ok ? { ok: true } : { ok: false, reason: 'signature verification failed' };
}
