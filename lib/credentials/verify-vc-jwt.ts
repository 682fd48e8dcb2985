// VC-JWT: the two JOSE envelopes real issuers use.
// - VC Data Model 1.1 section 6.3.1 (and OB 3.0 section 8.2): a JWT whose `vc` claim is the
//   credential; iss / sub / jti / nbf / exp stand for issuer, credentialSubject.id, id, issuance
//   and expiry.
// - VC Data Model 2.0 with VC-JOSE-COSE (`typ: vc+jwt`, media type application/vc+jwt): the payload
//   is the credential itself; JWT claims, when present, must agree with it.
// The key comes from the header `jwk`, or `kid` (did:key, did:jwk, did:web through the one DID
// resolver; an https URL to a JWKS, a JWK or a controller document), or, with neither, the `iss`
// DID's single assertion key. Failures say whether the key could not be checked (`unverified`) or
// was checked and is wrong (`invalid`).
import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { checkCredentialStatus, type CheckContext } from './checks';
import { didOf, didResolverFor, publicJwkOf, UnsupportedKeyError, type VerificationMethod } from './did-resolver';
import { JWS_ALGORITHMS, publicKeyFromJwk, verifyCompactJwsAsync } from './jws';
import { Lru } from './lru';
import { normalizeOb3 } from './normalize';
import { asArray, decodeCompactJws, idOf, isRecord, str, type DecodedJws } from './parse-json';
import { ReportBuilder } from './report';
import type { VerificationReport } from './types';
import { checkKeyIsIssuers, checkStructure, errorMessage, finishCommon, shortId, types, verifyNested, type NestedVerifier } from './verify-ob3';

const JWT_ALGORITHMS: readonly string[] = JWS_ALGORITHMS;
/** Keys tried for a token that names none (no kid, no jwk) against its issuer DID's assertion keys. */
const MAX_ISSUER_KEYS_TRIED = 8;

/**
 * Public keys converted from DID verification methods, by their material (a did:key or a did:web
 * key is the same for every credential it signed). Verdicts are never cached.
 */
const methodKeys = new Lru<string, Promise<KeyObject>>(512);

function keyOfMethod(method: VerificationMethod): Promise<KeyObject> {
  const material = JSON.stringify([method.type, method.publicKeyMultibase, method.publicKeyBase58, method.publicKeyJwk]);
  let pending = methodKeys.get(material);
  if (!pending) {
    pending = publicJwkOf(method).then((jwk) => publicKeyFromJwk(jwk));
    methodKeys.set(material, pending);
    pending.catch(() => methodKeys.delete(material));
  }
  return pending;
}

type ResolvedJwtKey = { keys: KeyObject[]; alg: string };

function refuseAlgorithm(b: ReportBuilder, alg: string): boolean {
  if (JWT_ALGORITHMS.includes(alg)) return false;
  if (!alg || alg.toLowerCase() === 'none') b.fail('key', 'The token is unsigned (JOSE alg "none"); an unsigned credential proves nothing');
  else if (/^HS\d+$/i.test(alg)) b.fail('key', `JOSE algorithm ${alg} is an HMAC (a shared secret), not an issuer's signature: anyone holding the "secret", such as a published public key, could have made it; refused`);
  else b.fail('key', `JOSE algorithm "${alg}" is not accepted (accepted: ${JWT_ALGORITHMS.join(', ')})`);
  return true;
}

type DidKey = { ok: true; key: KeyObject; methodId: string; source: string } | { ok: false; outcome: 'unverified' | 'invalid'; message: string };

async function didKeyOf(didUrl: string, ctx: CheckContext): Promise<DidKey> {
  const resolved = await didResolverFor(ctx.loader).resolveKey(didUrl, 'assertionMethod');
  if (!resolved.ok) return { ok: false, outcome: resolved.outcome, message: resolved.outcome === 'unverified' ? `Could not be checked: ${resolved.reason}` : resolved.reason };
  const key = await keyOfMethod(resolved.method).catch((error: unknown) => error as Error);
  if (key instanceof UnsupportedKeyError) return { ok: false, outcome: 'unverified', message: `Could not be checked: ${key.message}` };
  if (key instanceof Error) return { ok: false, outcome: 'invalid', message: `Key ${shortId(resolved.method.id)} in ${resolved.document.source} is unusable: ${errorMessage(key)}` };
  return { ok: true, key, methodId: resolved.method.id, source: resolved.document.source };
}

/**
 * did:key and did:jwk keys are the identifier itself, so what a kid resolves to never changes:
 * cached by kid (bounded), which keeps the resolver's work off the per-credential path of an
 * issuer's thousandth token. did:web is not cached here: its document can rotate (the loader's TTL decides).
 */
const computedKids = new Lru<string, Promise<DidKey>>(1_024);

/** The key named by a DID URL, bound to the issuer and checked for assertionMethod. */
async function keyFromDid(b: ReportBuilder, didUrl: string, issuerId: string, ctx: CheckContext): Promise<KeyObject[] | null> {
  let pending: Promise<DidKey>;
  if (didUrl.startsWith('did:key:') || didUrl.startsWith('did:jwk:')) {
    pending = computedKids.get(didUrl) ?? didKeyOf(didUrl, ctx);
    computedKids.set(didUrl, pending);
  } else pending = didKeyOf(didUrl, ctx);
  const resolved = await pending;
  if (!resolved.ok) {
    b.fail('key', resolved.message, resolved.outcome);
    return null;
  }
  b.pass('key', `Key ${shortId(resolved.methodId)} resolved from ${resolved.source}, listed under assertionMethod`);
  const controller = didOf(resolved.methodId);
  if (controller !== issuerId && !(await checkKeyIsIssuers(b, resolved.methodId, controller, issuerId, ctx))) return null;
  return [resolved.key];
}

/** With neither kid nor jwk: the issuer DID's keys authorised for assertions that fit the algorithm. */
async function keysOfIssuerDid(b: ReportBuilder, did: string, ctx: CheckContext): Promise<KeyObject[] | null> {
  const resolved = await didResolverFor(ctx.loader).resolveDid(did);
  if (!resolved.ok) {
    b.fail('key', resolved.outcome === 'unverified' ? `Could not be checked: ${resolved.reason}` : resolved.reason, resolved.outcome);
    return null;
  }
  const keys: KeyObject[] = [];
  for (const id of resolved.document.relationships.assertionMethod.slice(0, MAX_ISSUER_KEYS_TRIED)) {
    const method = resolved.document.methods.get(id);
    if (method) {
      const key = await keyOfMethod(method).catch(() => null);
      if (key) keys.push(key);
    }
  }
  if (keys.length === 0) {
    b.fail('key', `The token names no key (no kid, no jwk) and the DID document of ${shortId(did)} lists no usable key under assertionMethod`);
    return null;
  }
  b.pass('key', `The token names no key; checked against the ${keys.length} assertion key${keys.length === 1 ? '' : 's'} of the issuer ${shortId(did)} (${resolved.document.source})`);
  return keys;
}

/** A kid that is an https URL: a JWKS (`keys`), a single JWK, or a controller document. */
async function keyFromUrl(b: ReportBuilder, kid: string, issuerId: string, ctx: CheckContext): Promise<KeyObject[] | null> {
  const url = kid.split('#')[0]!;
  const fragment = kid.includes('#') ? kid.slice(kid.indexOf('#') + 1) : undefined;
  const { json, error, result } = await ctx.loader.loadJson(url);
  if (!isRecord(json)) {
    // An unreachable document is "could not check"; one that answers but is not JSON is a broken key reference.
    if (!result.ok || !result.body) b.fail('key', `Could not be checked: key ${kid} could not be fetched (${error ?? `HTTP ${result.status}`})`, 'unverified');
    else b.fail('key', `Key ${kid} could not be read: ${error ?? 'not a JSON object'}`);
    return null;
  }
  const candidates = [json, ...asArray(json.verificationMethod), ...asArray(json.assertionMethod), ...asArray(json.keys)].filter(isRecord);
  const match = candidates.find((c) => c.id === kid || c.kid === kid || (fragment !== undefined && (c.kid === fragment || c.id === `#${fragment}`))) ?? (candidates.length === 1 ? candidates[0] : undefined);
  const jwk = match ? (isRecord(match.publicKeyJwk) ? match.publicKeyJwk : str(match.kty) ? match : null) : null;
  if (!jwk) {
    b.fail('key', `No public key ${kid} found at ${url}`);
    return null;
  }
  const key = publicKeyFromJwk(jwk as JWK);
  b.pass('key', `Key ${kid} fetched from ${url}`);
  // An https issuer publishes its own keys: a key served from another origin is not evidently its.
  if (/^https?:\/\//.test(issuerId) && new URL(issuerId).origin !== new URL(url).origin) b.warn('key', `The key is published at ${new URL(url).origin}, not by the issuer ${issuerId}`);
  else if (issuerId.startsWith('did:')) {
    b.fail('key', `The signing key is an https key (${kid}), not a key of the issuer ${shortId(issuerId)}`);
    return null;
  }
  return [key];
}

async function resolveJwtKey(b: ReportBuilder, header: Record<string, unknown>, iss: string | undefined, issuerId: string, ctx: CheckContext): Promise<ResolvedJwtKey | null> {
  const alg = str(header.alg) ?? '';
  if (refuseAlgorithm(b, alg)) return null;
  try {
    if (isRecord(header.jwk)) {
      const jwk = header.jwk as JWK;
      if ('d' in jwk || 'p' in jwk || 'k' in jwk) {
        b.fail('key', 'The JOSE header carries a private or symmetric key; refusing it');
        return null;
      }
      const key = publicKeyFromJwk(jwk);
      // The key travels with the token, so on its own it proves only that the token is intact.
      const { json } = issuerId.startsWith('did:') ? { json: null } : await ctx.loader.loadJson(issuerId);
      const n = str(jwk.n) ?? str(jwk.x) ?? '';
      if (issuerId.startsWith('did:jwk:')) {
        const fromDid = await didResolverFor(ctx.loader).resolveKey(`${didOf(issuerId)}#0`);
        const published = fromDid.ok ? await publicJwkOf(fromDid.method).catch(() => null) : null;
        const material = (k: JWK) => JSON.stringify([k.kty, k.crv, k.x, k.y, k.n, k.e]);
        if (published && material(published) === material(jwk)) b.pass('key', `The ${jwk.kty} key in the JOSE header is the issuer's did:jwk key`);
        else {
          b.fail('key', `The ${jwk.kty} key in the JOSE header is not the key of the issuer ${shortId(issuerId)}`);
          return null;
        }
      } else if (json && n && JSON.stringify(json).includes(n)) b.pass('key', `The ${jwk.kty} key in the JOSE header is published by the issuer ${issuerId}`);
      else b.warn('key', `The ${jwk.kty} key is embedded in the token's JOSE header; the issuer ${shortId(issuerId)} could not confirm it`);
      return { keys: [key], alg };
    }
    let kid = str(header.kid);
    // VC-JOSE-COSE: a relative kid ("#key-1") is a key of the iss DID.
    if (kid?.startsWith('#') && iss?.startsWith('did:')) kid = `${didOf(iss)}${kid}`;
    if (!kid) {
      if (iss?.startsWith('did:')) {
        const keys = await keysOfIssuerDid(b, iss, ctx);
        return keys && (await checkKeyIsIssuers(b, iss, didOf(iss), issuerId, ctx)) ? { keys, alg } : null;
      }
      b.fail('key', 'The JOSE header has neither a jwk nor a kid, and the issuer is not a DID, so there is no key to check the signature with');
      return null;
    }
    if (kid.startsWith('did:')) {
      const keys = await keyFromDid(b, kid, issuerId, ctx);
      return keys ? { keys, alg } : null;
    }
    if (/^https?:\/\//.test(kid)) {
      const keys = await keyFromUrl(b, kid, issuerId, ctx);
      return keys ? { keys, alg } : null;
    }
    if (iss?.startsWith('did:') && !kid.includes(':')) {
      // A bare key id ("key-1") next to a DID iss: the fragment of that DID's key.
      const keys = await keyFromDid(b, `${didOf(iss)}#${kid}`, issuerId, ctx);
      return keys ? { keys, alg } : null;
    }
    b.fail('key', `Could not be checked: key id "${shortId(kid)}" is neither a DID URL nor an https URL, and the issuer is not a DID it could belong to`, 'unverified');
    return null;
  } catch (error) {
    b.fail('key', `The signing key is unusable: ${errorMessage(error)}`);
    return null;
  }
}

function isoOfSeconds(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e11 ? new Date(value * 1000).toISOString() : undefined;
}

/**
 * JWT registered claims against the credential they envelope (VCDM 1.1 section 6.3.1; OB 3.0
 * section 8.2.4.1; VC-JOSE-COSE for 2.0, where they are optional but must agree when present).
 * iss, sub and jti name the issuer, subject and credential: a disagreement is a different
 * credential wearing this envelope, so it fails. nbf / exp bind every JWT verifier (RFC 7519
 * 4.1.4-5): the stricter of the claim and validFrom / validUntil applies, with a warning when they differ.
 */
function checkJwtClaims(b: ReportBuilder, payload: Record<string, unknown>, vc: Record<string, unknown>, credential: ReturnType<typeof normalizeOb3>): void {
  const problems: string[] = [];
  const iss = payload.iss;
  if (iss !== undefined && typeof iss !== 'string') problems.push('the JWT iss is not a string');
  else if (iss && credential.issuer.id && iss !== credential.issuer.id) problems.push(`the JWT iss (${shortId(iss)}) is not the credential's issuer (${shortId(credential.issuer.id)})`);
  const subjectIds = asArray(vc.credentialSubject).filter(isRecord).map((s) => idOf(s.id) ?? str(s.id)).filter((id): id is string => !!id);
  if (typeof payload.sub === 'string' && subjectIds.length > 0 && !subjectIds.includes(payload.sub)) problems.push(`the JWT sub (${shortId(payload.sub)}) is not the credential's subject (${shortId(subjectIds[0]!)})`);
  if (typeof payload.jti === 'string' && credential.id && payload.jti !== credential.id) problems.push(`the JWT jti (${shortId(payload.jti)}) is not the credential's id (${shortId(credential.id)})`);
  for (const claim of ['nbf', 'exp', 'iat'] as const) {
    if (payload[claim] !== undefined && isoOfSeconds(payload[claim]) === undefined) problems.push(`the JWT ${claim} is not a NumericDate`);
  }
  if (problems.length) b.fail('structure', `The JWT claims contradict the credential: ${problems.join('; ')}`);

  const nbf = isoOfSeconds(payload.nbf);
  const exp = isoOfSeconds(payload.exp);
  // Seconds resolution: a validFrom with milliseconds is the same instant as its nbf.
  const differ = (a: string, c: string) => Math.abs(Date.parse(a) - Date.parse(c)) >= 1000;
  if (nbf) {
    if (!credential.validFrom) credential.validFrom = nbf;
    else if (!Number.isNaN(Date.parse(credential.validFrom)) && differ(nbf, credential.validFrom)) {
      b.warn('dates', `The JWT nbf (${nbf}) differs from the credential's validFrom (${credential.validFrom}); the later of the two applies`);
      if (Date.parse(nbf) > Date.parse(credential.validFrom)) credential.validFrom = nbf;
    }
  }
  if (exp) {
    if (!credential.validUntil) credential.validUntil = exp;
    else if (!Number.isNaN(Date.parse(credential.validUntil)) && differ(exp, credential.validUntil)) {
      b.warn('dates', `The JWT exp (${exp}) differs from the credential's validUntil (${credential.validUntil}); the earlier of the two applies`);
      if (Date.parse(exp) < Date.parse(credential.validUntil)) credential.validUntil = exp;
    }
  }
}

/**
 * VCDM 1.1 section 6.3.1, JWT decoding: the `vc` claim may leave out what the registered claims
 * carry; iss -> issuer, jti -> id, sub -> credentialSubject.id, nbf -> issuanceDate, exp ->
 * expirationDate fill what is missing (never overwrite: a disagreement is reported by checkJwtClaims).
 */
function decodeVcClaim(payload: Record<string, unknown>, claim: Record<string, unknown>): Record<string, unknown> {
  const vc = { ...claim };
  if (vc.issuer === undefined && typeof payload.iss === 'string') vc.issuer = payload.iss;
  if (vc.id === undefined && typeof payload.jti === 'string') vc.id = payload.jti;
  if (typeof payload.sub === 'string' && isRecord(vc.credentialSubject) && vc.credentialSubject.id === undefined) vc.credentialSubject = { ...vc.credentialSubject, id: payload.sub };
  const nbf = isoOfSeconds(payload.nbf);
  if (nbf && vc.validFrom === undefined && vc.issuanceDate === undefined) vc.issuanceDate = nbf;
  const exp = isoOfSeconds(payload.exp);
  if (exp && vc.validUntil === undefined && vc.expirationDate === undefined) vc.expirationDate = exp;
  return vc;
}

/** Which envelope this is, for the report: VCDM 1.1 `vc` claim or VCDM 2.0 `vc+jwt`. */
function envelopeOf(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const typ = (str(header.typ) ?? '').toLowerCase();
  if (payload.vc !== undefined) return 'VC-JWT, VCDM 1.1 vc claim';
  return typ === 'vc+jwt' || typ === 'application/vc+jwt' ? 'vc+jwt, VCDM 2.0' : 'JWT, VCDM 2.0 credential as payload';
}

export async function verifyOb3Jwt(input: string, token: string, ctx: CheckContext, depth: number, nestedVerifier: NestedVerifier, alreadyDecoded?: DecodedJws): Promise<VerificationReport> {
  const decoded = alreadyDecoded ?? decodeCompactJws(token);
  if (!decoded.ok) return new ReportBuilder(input, 'ob3-jwt').fail('parse', decoded.reason).finish(token);
  const payload = isRecord(decoded.payload) ? decoded.payload : {};
  const vc = isRecord(payload.vc) ? decodeVcClaim(payload, payload.vc) : payload;
  const isClr = types(vc.type).includes('ClrCredential');
  const b = new ReportBuilder(input, isClr ? 'clr2-jwt' : 'ob3-jwt');
  b.pass('parse', `Read a VC-JWT ${isClr ? 'CLR 2.0' : 'Open Badges 3.0'} credential (${str(decoded.header.alg) ?? 'no alg'}; ${envelopeOf(decoded.header, payload)})`);
  checkStructure(b, vc);
  const credential = normalizeOb3(vc);
  const iss = str(payload.iss);
  checkJwtClaims(b, payload, vc, credential);
  b.skip('jsonld', 'VC-JWT: the signature covers the JSON bytes as sent, so JSON-LD expansion is not needed to verify it');
  let signed = false;
  const resolved = await resolveJwtKey(b, decoded.header, iss, credential.issuer.id || iss || '', ctx);
  if (resolved) {
    let last: { ok: false; reason: string } | null = null;
    for (const key of resolved.keys) {
      const checked = await verifyCompactJwsAsync(token, decoded.header, key);
      if (checked.ok) {
        signed = true;
        break;
      }
      last = checked;
    }
    if (signed) b.pass('signature', `${resolved.alg} JWS signature verified`);
    else b.fail('signature', `${resolved.alg} JWS signature does not verify: ${last?.reason ?? 'no key'}`);
  } else b.skip('signature', 'Not checked: no usable key');
  if (signed) await checkCredentialStatus(b, vc, credential.issuer.id, ctx);
  else b.skip('revocation', 'Not checked: the signature did not verify');
  finishCommon(b, credential, ctx);
  const nested = await verifyNested(b, vc, ctx, depth, nestedVerifier, input);
  return b.finish(token, credential, nested);
}
