// Compact JWS signature verification (RFC 7515) on Node's crypto (OpenSSL), used for VC-JWT and
// signed OB 2.0 assertions. jose is used to import keys and to sign; its verifier runs on
// WebCrypto, whose per-call job overhead capped VC-JWT verification at about 3,000/s on the 2-core
// reference machine, against a target of 5,000/s (see docs/credentials.md). The checks are the
// ones that matter for JWS security: an allow-list of algorithms, the key type must match the
// algorithm (no RSA key for an EdDSA header, no HMAC at all), no unknown `crit` headers, no
// unencoded payloads (b64=false).
import { createPublicKey, verify as cryptoVerify, constants, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { Lru } from './lru';

export const JWS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES256K', 'EdDSA', 'Ed25519'] as const;

export type JwsCheck = { ok: true } | { ok: false; reason: string };

// ES256K: ECDSA over secp256k1 with SHA-256 (RFC 8812 section 3.2).
const HASH: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512', PS256: 'sha256', PS384: 'sha384', PS512: 'sha512', ES256: 'sha256', ES384: 'sha384', ES256K: 'sha256' };
const CURVE: Record<string, string> = { ES256: 'prime256v1', ES384: 'secp384r1', ES256K: 'secp256k1' };

/**
 * Imported public keys, keyed by their public parameters (JWK) or PEM text. An issuer signs many
 * credentials with one key, and importing it (createPublicKey: JWK or PEM parsing in OpenSSL) cost
 * about as much as the rest of a VC-JWT check besides the signature. KeyObjects are immutable, so
 * sharing one is safe; the signature is still checked on every call.
 */
const importedKeys = new Lru<string, KeyObject>(512);

function jwkCacheKey(jwk: JWK): string {
  // Only the members createPublicKey reads for a public key; "alg", "use", "kid" change nothing.
  return JSON.stringify([jwk.kty, jwk.crv, jwk.x, jwk.y, jwk.n, jwk.e]);
}

export function publicKeyFromJwk(jwk: JWK): KeyObject {
  if ('d' in jwk || 'p' in jwk || 'k' in jwk) throw new Error('refusing a private or symmetric key');
  const cacheKey = jwkCacheKey(jwk);
  let key = importedKeys.get(cacheKey);
  if (!key) {
    key = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    importedKeys.set(cacheKey, key);
  }
  return key;
}

export function publicKeyFromPem(pem: string): KeyObject {
  const cacheKey = `pem:${pem}`;
  let key = importedKeys.get(cacheKey);
  if (!key) {
    key = createPublicKey(pem);
    importedKeys.set(cacheKey, key);
  }
  return key;
}

function keyMatches(alg: string, key: KeyObject): boolean {
  const type = key.asymmetricKeyType;
  if (alg === 'EdDSA' || alg === 'Ed25519') return type === 'ed25519';
  if (alg.startsWith('RS')) return type === 'rsa';
  if (alg.startsWith('PS')) return type === 'rsa' || type === 'rsa-pss';
  if (alg.startsWith('ES')) return type === 'ec' && key.asymmetricKeyDetails?.namedCurve === CURVE[alg];
  return false;
}

type Prepared = { ok: false; reason: string } | { ok: true; hash: string | null; key: KeyObject | { key: KeyObject; padding?: number; saltLength?: number; dsaEncoding?: 'ieee-p1363' }; signingInput: Buffer; signature: Buffer };

function prepare(token: string, header: Record<string, unknown>, key: KeyObject, allowed: readonly string[]): Prepared {
  const alg = typeof header.alg === 'string' ? header.alg : '';
  if (!allowed.includes(alg)) return { ok: false, reason: `algorithm "${alg || '(none)'}" is not accepted` };
  if (header.crit !== undefined) return { ok: false, reason: 'the JWS has critical header parameters this verifier does not understand' };
  if (header.b64 === false) return { ok: false, reason: 'unencoded JWS payloads (b64=false) are not accepted' };
  if (!keyMatches(alg, key)) return { ok: false, reason: `a ${key.asymmetricKeyType ?? 'unknown'} key cannot verify ${alg}` };
  const lastDot = token.lastIndexOf('.');
  // One latin1 copy of the token; the signing input is a view of it (compact JWS is ASCII).
  const signingInput = Buffer.from(token, 'latin1').subarray(0, lastDot);
  const signature = Buffer.from(token.slice(lastDot + 1), 'base64url');
  if (alg === 'EdDSA' || alg === 'Ed25519') return { ok: true, hash: null, key, signingInput, signature };
  if (alg.startsWith('PS')) return { ok: true, hash: HASH[alg]!, key: { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signingInput, signature };
  if (alg.startsWith('ES')) return { ok: true, hash: HASH[alg]!, key: { key, dsaEncoding: 'ieee-p1363' }, signingInput, signature };
  return { ok: true, hash: HASH[alg]!, key, signingInput, signature };
}

const checked = (ok: boolean): JwsCheck => (ok ? { ok: true } : { ok: false, reason: 'signature verification failed' });
const unchecked = (error: unknown): JwsCheck => ({ ok: false, reason: `the signature could not be checked (${(error as Error).message})` });

export function verifyCompactJws(token: string, header: Record<string, unknown>, key: KeyObject, allowed: readonly string[] = JWS_ALGORITHMS): JwsCheck {
  const p = prepare(token, header, key, allowed);
  if (!p.ok) return p;
  try {
    return checked(cryptoVerify(p.hash, p.signingInput, p.key, p.signature));
  } catch (error) {
    return unchecked(error);
  }
}

/**
 * The same check with the signature verified on libuv's thread pool, so a batch (an import, a
 * zip) uses the machine's other cores while this thread parses the next credentials. Per
 * credential it costs a little more CPU (a hand-off per call) than verifyCompactJws.
 */
export function verifyCompactJwsAsync(token: string, header: Record<string, unknown>, key: KeyObject, allowed: readonly string[] = JWS_ALGORITHMS): Promise<JwsCheck> {
  const p = prepare(token, header, key, allowed);
  if (!p.ok) return Promise.resolve(p);
  return new Promise((resolve) => {
    try {
      cryptoVerify(p.hash, p.signingInput, p.key, p.signature, (error, ok) => resolve(error ? unchecked(error) : checked(ok)));
    } catch (error) {
      resolve(unchecked(error));
    }
  });
}
