// Open Badges 3.0 and CLR 2.0: JSON-LD with a Data Integrity proof, or VC-JWT.
import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { JWS_ALGORITHMS, publicKeyFromJwk, verifyCompactJwsAsync } from './jws';
import { checkCredentialStatus, checkDates, checkIssuerTrust, checkRecipient, jsonResolver, type CheckContext } from './checks';
import { createDocumentLoader, expandSafe, isKnownContext, selfDescribingKey } from './document-loader';
import { didWebUrl } from './loader';
import { normalizeOb3 } from './normalize';
import { asArray, decodeCompactJws, idOf, isRecord, looksLikeCompactJws, str, type DecodedJws } from './parse-json';
import { Lru } from './lru';
import { ReportBuilder } from './report';
import type { NormalizedCredential, VerificationReport } from './types';
import { proofOf, suiteFor, verifyDataIntegrity } from './verify-data-integrity';

export const VC_V1 = 'https://www.w3.org/2018/credentials/v1';
export const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
const CREDENTIAL_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'ClrCredential', 'EndorsementCredential'];
const JWT_ALGORITHMS: readonly string[] = JWS_ALGORITHMS;
const MAX_NESTING = 3;

export type NestedVerifier = (input: string, value: unknown, ctx: CheckContext, depth: number) => Promise<VerificationReport>;

function types(value: unknown): string[] {
  return asArray(value).filter((t): t is string => typeof t === 'string');
}

export function isOb3Credential(doc: Record<string, unknown>): boolean {
  const t = types(doc.type);
  return t.includes('VerifiableCredential') || t.some((x) => CREDENTIAL_TYPES.includes(x));
}

function checkStructure(b: ReportBuilder, vc: Record<string, unknown>): void {
  const problems: string[] = [];
  const contexts = asArray(vc['@context']);
  if (contexts[0] !== VC_V2 && contexts[0] !== VC_V1) problems.push(`the first @context must be ${VC_V2} (or ${VC_V1})`);
  const t = types(vc.type);
  if (!t.includes('VerifiableCredential')) problems.push('its type does not include VerifiableCredential');
  if (!t.some((x) => CREDENTIAL_TYPES.includes(x))) problems.push('its type is not an Open Badge, Achievement, CLR or Endorsement credential');
  if (!idOf(vc.issuer)) problems.push('it names no issuer');
  const subject = asArray(vc.credentialSubject).find(isRecord);
  if (!subject) problems.push('it has no credentialSubject');
  const missingAchievement = (t.includes('OpenBadgeCredential') || t.includes('AchievementCredential')) && subject && !isRecord(subject.achievement);
  if (!str(vc.validFrom) && !str(vc.issuanceDate)) problems.push('it has no validFrom / issuanceDate');
  if (problems.length) b.fail('structure', `Not a well-formed credential: ${problems.join('; ')}`);
  // Still a valid, signed statement; it just proves no achievement, so it maps to no skills.
  else if (missingAchievement) b.warn('structure', 'The credentialSubject names no achievement, so this credential proves no skill');
  else b.pass('structure', `A well-formed ${t.find((x) => CREDENTIAL_TYPES.includes(x))}`);
}

function errorMessage(error: unknown): string {
  if (!error) return 'unknown error';
  const e = error as { message?: string; details?: { event?: { message?: string } } };
  const detail = e.details?.event?.message;
  return detail ? `${e.message ?? ''} (${detail})` : e.message ?? String(error);
}

function checkContextsKnown(b: ReportBuilder, vc: Record<string, unknown>): boolean {
  const unknown = asArray(vc['@context']).filter((c): c is string => typeof c === 'string' && !isKnownContext(c));
  if (unknown.length) {
    b.fail('jsonld', `Unknown JSON-LD context ${unknown.join(', ')}: contexts come only from the local cache, never from the network`);
    return false;
  }
  return true;
}

const JSONLD_PASS = 'Every term is defined by a known JSON-LD context (safe mode)';

/** JSON-LD safe mode: every term must be defined by a known context, or expansion fails. */
async function checkJsonLd(b: ReportBuilder, vc: Record<string, unknown>): Promise<boolean> {
  if (!checkContextsKnown(b, vc)) return false;
  try {
    await expandSafe(vc);
    b.pass('jsonld', JSONLD_PASS);
    return true;
  } catch (error) {
    b.fail('jsonld', `JSON-LD safe-mode expansion failed: ${errorMessage(error)}`);
    return false;
  }
}

function keyListed(profile: unknown, vmId: string, multibase: string): boolean {
  // Cheap and format-agnostic: a profile that lists the key names its id or its multibase somewhere.
  const text = JSON.stringify(profile ?? null);
  return text.includes(vmId) || text.includes(multibase);
}

/** Key resolution for a Data Integrity proof; registers what the JSON-LD loader will need. */
async function resolveLdKey(b: ReportBuilder, vm: string, issuerId: string, ctx: CheckContext, documents: Map<string, unknown>): Promise<boolean> {
  const self = selfDescribingKey(vm);
  if (self && vm.startsWith('did:key:')) {
    b.pass('key', `Key ${vm.length > 60 ? `${vm.slice(0, 57)}...` : vm} is a did:key, resolved from the identifier itself`);
  } else if (self) {
    // 1EdTech convention: <issuer-url>#<publicKeyMultibase>. The key comes from the fragment; the
    // issuer's profile, when reachable, confirms it belongs to the issuer.
    const { json, error } = await ctx.loader.loadJson(self.controller);
    if (json && keyListed(json, self.vmId, self.publicKeyMultibase)) b.pass('key', `Key ${self.publicKeyMultibase.slice(0, 16)}... is published in the issuer profile ${self.controller}`);
    else b.warn('key', `Key taken from the verification method id ${self.publicKeyMultibase.slice(0, 16)}...; the issuer profile ${self.controller} could not confirm it (${json ? 'key not listed' : error ?? 'unreachable'})`);
  } else if (vm.startsWith('did:web:')) {
    const url = didWebUrl(vm);
    const loaded = url ? await ctx.loader.loadJson(url) : null;
    if (!loaded?.json || !isRecord(loaded.json)) {
      b.fail('key', `Could not resolve ${vm.split('#')[0]}: ${loaded?.error ?? 'not a valid did:web identifier'}`);
      return false;
    }
    const didDoc = loaded.json;
    const did = vm.split('#')[0]!;
    documents.set(did, didDoc);
    const method = asArray(didDoc.verificationMethod).filter(isRecord).find((m) => m.id === vm || `${did}${String(m.id)}` === vm);
    if (!method) {
      b.fail('key', `The DID document of ${did} does not list key ${vm}`);
      return false;
    }
    documents.set(vm, { '@context': didDoc['@context'], ...method, id: vm });
    b.pass('key', `Key ${vm} resolved from the did:web document`);
  } else {
    const scheme = /^([a-z0-9]+:(?:[a-z0-9]+:)?)/i.exec(vm)?.[1] ?? vm;
    b.fail('key', `Verification method "${vm}" cannot be resolved: ${vm.startsWith('did:') ? `DID method ${scheme} is not supported (did:key and did:web are)` : 'it is not a did:key, did:web or <issuer URL>#<Ed25519 multibase key>'}`);
    return false;
  }
  const controller = self?.controller ?? vm.split('#')[0]!;
  if (issuerId && controller !== issuerId) b.warn('key', `The signing key belongs to ${controller}, not to the issuer ${issuerId}`);
  return true;
}

async function verifyNested(b: ReportBuilder, vc: Record<string, unknown>, ctx: CheckContext, depth: number, nestedVerifier: NestedVerifier, input: string): Promise<VerificationReport[]> {
  const subject = asArray(vc.credentialSubject).find(isRecord);
  const inner = asArray(subject?.verifiableCredential);
  if (!types(vc.type).includes('ClrCredential')) return [];
  if (inner.length === 0) {
    b.warn('nested', 'The CLR holds no credentials');
    return [];
  }
  if (depth >= MAX_NESTING) {
    b.fail('nested', `Credentials nested more than ${MAX_NESTING} deep are refused`);
    return [];
  }
  const reports: VerificationReport[] = [];
  for (const [i, item] of inner.entries()) reports.push(await nestedVerifier(`${input} > credential ${i + 1}`, item, ctx, depth + 1));
  // CLR 2.0 associations: "A isParentOf B" means B counts toward A (a stack).
  for (const association of asArray(subject?.association).filter(isRecord)) {
    if (association.associationType !== 'isParentOf') continue;
    const parent = str(association.sourceId);
    const child = str(association.targetId);
    for (const r of reports) {
      if (parent && child && r.credential && (r.credential.achievement.id === child || r.credential.id === child) && !r.credential.achievement.partOf.includes(parent)) r.credential.achievement.partOf.push(parent);
    }
  }
  const bad = reports.filter((r) => r.status !== 'verified');
  if (bad.length === 0) b.pass('nested', `All ${reports.length} credentials inside verified on their own`);
  else b.warn('nested', `${reports.length - bad.length} of ${reports.length} credentials inside verified; ${bad.map((r) => `#${reports.indexOf(r) + 1} ${r.status}`).join(', ')}`);
  return reports;
}

function finishCommon(b: ReportBuilder, credential: NormalizedCredential, ctx: CheckContext): void {
  checkDates(b, credential.validFrom, credential.validUntil, ctx.now);
  checkRecipient(b, credential.recipient, ctx.recipientIdentities);
  checkIssuerTrust(b, credential.issuer.id, credential.issuer.name, ctx.issuerTrust);
}

export async function verifyOb3Ldp(input: string, vc: Record<string, unknown>, raw: string, ctx: CheckContext, depth: number, nestedVerifier: NestedVerifier): Promise<VerificationReport> {
  const isClr = types(vc.type).includes('ClrCredential');
  const b = new ReportBuilder(input, isClr ? 'clr2-ldp' : 'ob3-ldp');
  b.pass('parse', `Read a JSON-LD ${isClr ? 'CLR 2.0' : 'Open Badges 3.0'} credential`);
  checkStructure(b, vc);
  const credential = normalizeOb3(vc);
  const proof = proofOf(vc);
  // With a supported proof, the safe-mode check happens while canonicalising for the signature
  // (same expansion, done once); otherwise it is a separate expansion.
  const canonicalisingChecksJsonLd = proof !== null && suiteFor(proof) !== null && !!proof.verificationMethod;
  const jsonLdOk = canonicalisingChecksJsonLd ? checkContextsKnown(b, vc) : await checkJsonLd(b, vc);
  let signed = false;
  if (!jsonLdOk) {
    b.skip('key', 'Not checked: the document is not valid JSON-LD, so its signature cannot be checked');
    b.skip('signature', 'Not checked: the document is not valid JSON-LD');
  } else if (!proof) {
    b.skip('key', 'No proof, so no key to resolve');
    b.fail('signature', 'The credential carries no proof (no signature)');
  } else if (!proof.verificationMethod) {
    b.fail('key', 'The proof names no verification method');
    b.skip('signature', 'Not checked: no key');
  } else {
    const documents = new Map<string, unknown>();
    if (await resolveLdKey(b, proof.verificationMethod, credential.issuer.id, ctx, documents)) {
      const result = await verifyDataIntegrity(vc, (keyType) => createDocumentLoader({ keyType, documents, resolve: jsonResolver(ctx) }));
      const suite = proof.cryptosuite ? `${proof.type} (${proof.cryptosuite})` : proof.type;
      if (result.verified) {
        if (canonicalisingChecksJsonLd) b.pass('jsonld', JSONLD_PASS);
        signed = true;
        b.pass('signature', `${suite} signature verified`);
        if (proof.cryptosuite === 'eddsa-2022') b.warn('signature', 'The proof uses the pre-standard cryptosuite name "eddsa-2022"; issuers should move to "eddsa-rdfc-2022"');
      } else if (result.jsonLdError) {
        b.fail('jsonld', `JSON-LD safe-mode expansion failed: ${result.jsonLdError}`);
        b.skip('signature', 'Not checked: the document is not valid JSON-LD');
      } else {
        if (canonicalisingChecksJsonLd) b.pass('jsonld', JSONLD_PASS);
        b.fail('signature', result.unsupported ? result.reason : `${suite} signature does not verify: ${result.reason}`);
      }
    } else {
      if (canonicalisingChecksJsonLd) await checkJsonLd(b, vc);
      b.skip('signature', 'Not checked: the key could not be resolved');
    }
  }
  if (signed) await checkCredentialStatus(b, vc, credential.issuer.id, ctx);
  else b.skip('revocation', 'Not checked: the signature did not verify');
  finishCommon(b, credential, ctx);
  const nested = await verifyNested(b, vc, ctx, depth, nestedVerifier, input);
  return b.finish(raw, credential, nested);
}

// ---------------------------------------------------------------------------------------------
// VC-JWT

/** Resolved did:key public keys, bounded (a key is the same for every credential it signed; verdicts are never cached). */
const keyCache = new Lru<string, Promise<KeyObject>>(512);

async function didKeyJwk(did: string): Promise<JWK> {
  const multibase = did.replace(/^did:key:/, '').split('#')[0]!;
  const key = await Ed25519Multikey.from({ type: 'Multikey', publicKeyMultibase: multibase });
  return (await Ed25519Multikey.toJwk({ keyPair: key })) as JWK;
}

async function resolveJwtKey(b: ReportBuilder, header: Record<string, unknown>, issuerId: string, ctx: CheckContext): Promise<{ key: KeyObject; alg: string } | null> {
  const alg = str(header.alg) ?? '';
  if (!JWT_ALGORITHMS.includes(alg)) {
    b.fail('key', `JOSE algorithm "${alg || '(none)'}" is not accepted (accepted: ${JWT_ALGORITHMS.join(', ')})`);
    return null;
  }
  try {
    if (isRecord(header.jwk)) {
      const jwk = header.jwk as JWK;
      if ('d' in jwk || 'p' in jwk) {
        b.fail('key', 'The JOSE header carries a private key; refusing it');
        return null;
      }
      const key = publicKeyFromJwk(jwk);
      // The key travels with the token, so on its own it proves only that the token is intact.
      const { json } = await ctx.loader.loadJson(issuerId);
      const n = str(jwk.n) ?? str(jwk.x) ?? '';
      if (json && n && JSON.stringify(json).includes(n)) b.pass('key', `The ${jwk.kty} key in the JOSE header is published by the issuer ${issuerId}`);
      else b.warn('key', `The ${jwk.kty} key is embedded in the token's JOSE header; the issuer profile ${issuerId} could not confirm it`);
      return { key, alg };
    }
    const kid = str(header.kid);
    if (!kid) {
      b.fail('key', 'The JOSE header has neither a jwk nor a kid, so there is no key to check the signature with');
      return null;
    }
    if (kid.startsWith('did:key:')) {
      const did = kid.split('#')[0]!;
      let cached = keyCache.get(did);
      if (!cached) {
        cached = didKeyJwk(did).then((jwk) => publicKeyFromJwk(jwk));
        keyCache.set(did, cached);
      }
      const key = await cached.catch((e: unknown) => {
        keyCache.delete(did);
        throw e;
      });
      b.pass('key', `Key ${kid.length > 60 ? `${kid.slice(0, 57)}...` : kid} is a did:key, resolved from the identifier itself`);
      if (kid.split('#')[0] !== issuerId) b.warn('key', `The signing key belongs to ${kid.split('#')[0]}, not to the issuer ${issuerId}`);
      return { key, alg };
    }
    const url = kid.startsWith('did:web:') ? didWebUrl(kid) : /^https?:\/\//.test(kid) ? kid.split('#')[0]! : null;
    if (!url) {
      b.fail('key', `Key id "${kid}" cannot be resolved (did:key, did:web and https URLs are supported)`);
      return null;
    }
    const { json, error } = await ctx.loader.loadJson(url);
    if (!isRecord(json)) {
      b.fail('key', `Key ${kid} could not be fetched: ${error ?? 'not JSON'}`);
      return null;
    }
    const candidates = [json, ...asArray(json.verificationMethod), ...asArray(json.keys)].filter(isRecord);
    const match = candidates.find((c) => c.id === kid || c.kid === kid || (isRecord(c.publicKeyJwk) && c.id && kid.endsWith(String(c.id)))) ?? (candidates.length === 1 ? candidates[0] : undefined);
    const jwk = match ? (isRecord(match.publicKeyJwk) ? match.publicKeyJwk : str(match.kty) ? match : null) : null;
    if (!jwk) {
      b.fail('key', `No public key ${kid} found at ${url}`);
      return null;
    }
    const key = publicKeyFromJwk(jwk as JWK);
    b.pass('key', `Key ${kid} fetched from ${url}`);
    return { key, alg };
  } catch (error) {
    b.fail('key', `The signing key is unusable: ${errorMessage(error)}`);
    return null;
  }
}

export async function verifyOb3Jwt(input: string, token: string, ctx: CheckContext, depth: number, nestedVerifier: NestedVerifier, alreadyDecoded?: DecodedJws): Promise<VerificationReport> {
  const decoded = alreadyDecoded ?? decodeCompactJws(token);
  if (!decoded.ok) return new ReportBuilder(input, 'ob3-jwt').fail('parse', decoded.reason).finish(token);
  const payload = isRecord(decoded.payload) ? decoded.payload : {};
  // VC-JWT (VC Data Model 1.1 / OB 3.0): the credential is the `vc` claim. VC-JOSE-COSE (VCDM 2.0): the payload is the credential.
  const vc = isRecord(payload.vc) ? payload.vc : payload;
  const isClr = types(vc.type).includes('ClrCredential');
  const b = new ReportBuilder(input, isClr ? 'clr2-jwt' : 'ob3-jwt');
  b.pass('parse', `Read a VC-JWT ${isClr ? 'CLR 2.0' : 'Open Badges 3.0'} credential (${str(decoded.header.alg) ?? 'no alg'})`);
  checkStructure(b, vc);
  const credential = normalizeOb3(vc);
  const iss = str(payload.iss);
  if (payload.vc !== undefined && iss && credential.issuer.id && iss !== credential.issuer.id) b.fail('structure', `The JWT iss (${iss}) is not the credential's issuer (${credential.issuer.id})`);
  b.skip('jsonld', 'VC-JWT: the signature covers the JSON bytes as sent, so JSON-LD expansion is not needed to verify it');
  let signed = false;
  const resolved = await resolveJwtKey(b, decoded.header, credential.issuer.id || iss || '', ctx);
  if (resolved) {
    const checked = await verifyCompactJwsAsync(token, decoded.header, resolved.key);
    if (checked.ok) {
      signed = true;
      b.pass('signature', `${resolved.alg} JWS signature verified`);
    } else b.fail('signature', `${resolved.alg} JWS signature does not verify: ${checked.reason}`);
  } else b.skip('signature', 'Not checked: no usable key');
  if (signed) await checkCredentialStatus(b, vc, credential.issuer.id, ctx);
  else b.skip('revocation', 'Not checked: the signature did not verify');
  // nbf/exp stand in for validFrom/validUntil when the credential lacks them.
  if (!credential.validFrom && typeof payload.nbf === 'number') credential.validFrom = new Date(payload.nbf * 1000).toISOString();
  if (!credential.validUntil && typeof payload.exp === 'number') credential.validUntil = new Date(payload.exp * 1000).toISOString();
  finishCommon(b, credential, ctx);
  const nested = await verifyNested(b, vc, ctx, depth, nestedVerifier, input);
  return b.finish(token, credential, nested);
}

export function isJwtText(text: string): boolean {
  return looksLikeCompactJws(text);
}
