// Open Badges 3.0 and CLR 2.0: JSON-LD with a Data Integrity proof, or VC-JWT.
import { checkCredentialStatus, checkDates, checkIssuerTrust, checkRecipient, jsonResolver, type CheckContext } from './checks';
import { createDocumentLoader, expandSafe, isKnownContext, selfDescribingKey, verificationMethodDocument } from './document-loader';
import { VERIFICATION_RELATIONSHIPS, didOf, didResolverFor, type VerificationRelationship } from './did-resolver';
import { normalizeOb3 } from './normalize';
import { asArray, idOf, isRecord, looksLikeCompactJws, str } from './parse-json';
import { ReportBuilder } from './report';
import type { NormalizedCredential, VerificationReport } from './types';
import { isJcsSuite, isSdBaseProof, proofOf, proofsOf, suiteFor, verifyDataIntegrity } from './verify-data-integrity';

export const VC_V1 = 'https://www.w3.org/2018/credentials/v1';
export const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
const CREDENTIAL_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'ClrCredential', 'EndorsementCredential'];
const MAX_NESTING = 3;

export type NestedVerifier = (input: string, value: unknown, ctx: CheckContext, depth: number) => Promise<VerificationReport>;

export function types(value: unknown): string[] {
  return asArray(value).filter((t): t is string => typeof t === 'string');
}

export function isOb3Credential(doc: Record<string, unknown>): boolean {
  const t = types(doc.type);
  return t.includes('VerifiableCredential') || t.some((x) => CREDENTIAL_TYPES.includes(x));
}

export function checkStructure(b: ReportBuilder, vc: Record<string, unknown>): void {
  const problems: string[] = [];
  const contexts = asArray(vc['@context']);
  if (contexts[0] !== VC_V2 && contexts[0] !== VC_V1) problems.push(`the first @context must be ${VC_V2} (or ${VC_V1})`);
  const t = types(vc.type);
  if (!t.includes('VerifiableCredential')) problems.push('its type does not include VerifiableCredential');
  // Any verifiable credential can verify; one that is not an Open Badge / CLR just proves no skill.
  const isBadge = t.some((x) => CREDENTIAL_TYPES.includes(x));
  if (!idOf(vc.issuer)) problems.push('it names no issuer');
  const subject = asArray(vc.credentialSubject).find(isRecord);
  if (!subject) problems.push('it has no credentialSubject');
  const missingAchievement = (t.includes('OpenBadgeCredential') || t.includes('AchievementCredential')) && subject && !isRecord(subject.achievement);
  if (!str(vc.validFrom) && !str(vc.issuanceDate)) problems.push('it has no validFrom / issuanceDate');
  if (problems.length) b.fail('structure', `Not a well-formed credential: ${problems.join('; ')}`);
  else if (!isBadge) b.warn('structure', `A verifiable credential of type ${t.filter((x) => x !== 'VerifiableCredential').join(', ') || 'VerifiableCredential'}, not an Open Badge or CLR: it can be verified, but it proves no skill`);
  // Still a valid, signed statement; it just proves no achievement, so it maps to no skills.
  else if (missingAchievement) b.warn('structure', 'The credentialSubject names no achievement, so this credential proves no skill');
  else b.pass('structure', `A well-formed ${t.find((x) => CREDENTIAL_TYPES.includes(x))}`);
}

export function errorMessage(error: unknown): string {
  if (!error) return 'unknown error';
  const e = error as { message?: string; details?: { event?: { message?: string } } };
  const detail = e.details?.event?.message;
  return detail ? `${e.message ?? ''} (${detail})` : e.message ?? String(error);
}

function checkContextsKnown(b: ReportBuilder, vc: Record<string, unknown>): boolean {
  const unknown = asArray(vc['@context']).filter((c): c is string => typeof c === 'string' && !isKnownContext(c));
  if (unknown.length) {
    // Not a failed check: the context may be perfectly good, we just do not hold it (contexts are
    // pinned, never fetched), so what the signature covers cannot be worked out.
    b.fail('jsonld', `Could not be checked: JSON-LD context ${unknown.join(', ')} is not in the local context cache (contexts are never fetched), so what the signature covers could not be checked`, 'unverified');
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
async function resolveLdKey(b: ReportBuilder, vm: string, purpose: VerificationRelationship, issuerId: string, ctx: CheckContext, documents: Map<string, unknown>): Promise<boolean> {
  const self = selfDescribingKey(vm);
  if (self && vm.startsWith('did:key:')) {
    b.pass('key', `Key ${vm.length > 60 ? `${vm.slice(0, 57)}...` : vm} is a did:key, resolved from the identifier itself`);
  } else if (self) {
    // 1EdTech convention: <issuer-url>#<publicKeyMultibase>. The key comes from the fragment; the
    // issuer's profile, when reachable, confirms it belongs to the issuer.
    const { json, error } = await ctx.loader.loadJson(self.controller);
    if (json && keyListed(json, self.vmId, self.publicKeyMultibase)) b.pass('key', `Key ${self.publicKeyMultibase.slice(0, 16)}... is published in the issuer profile ${self.controller}`);
    else b.warn('key', `Key taken from the verification method id ${self.publicKeyMultibase.slice(0, 16)}...; the issuer profile ${self.controller} could not confirm it (${json ? 'key not listed' : error ?? 'unreachable'})`);
  } else if (vm.startsWith('did:')) {
    // Every other DID (did:web, did:jwk, did:key of a NIST or secp256k1 curve): the one resolver,
    // which also enforces that the key's controller lists it under the proof's purpose.
    const key = await didResolverFor(ctx.loader).resolveKey(vm, purpose);
    if (!key.ok) {
      b.fail('key', key.outcome === 'unverified' ? `Could not be checked: ${key.reason}` : key.reason, key.outcome);
      return false;
    }
    b.pass('key', `Key ${shortId(vm)} resolved from ${key.document.source}, listed under ${purpose}`);
  } else if (vm.startsWith('https://') && vm.includes('#')) {
    // An https key URL: its controller document (W3C Controlled Identifiers) read through the
    // loader and normalised like a DID document; jsonld-signatures is handed both from `documents`.
    const key = await didResolverFor(ctx.loader).resolveKey(vm, purpose);
    if (!key.ok) {
      b.fail('key', key.outcome === 'unverified' ? `Could not be checked: ${key.reason}` : key.reason, key.outcome);
      return false;
    }
    documents.set(vm, verificationMethodDocument(key.method));
    documents.set(key.document.did, key.document.controllerDocument);
    b.pass('key', `Key ${shortId(vm)} resolved from its controller document ${key.document.source}, listed under ${purpose}`);
  } else if (!/^[a-z][a-z0-9+.-]*:/i.test(vm)) {
    // Not a URL at all: the proof is malformed, whatever resolver one had.
    b.fail('key', `The proof's verification method "${shortId(vm)}" is not a URL or a DID`);
    return false;
  } else {
    b.fail('key', `Could not be checked: verification method "${shortId(vm)}" is not a DID or an <issuer URL>#<Ed25519 multibase key>, the forms this verifier resolves`, 'unverified');
    return false;
  }
  const controller = self?.controller ?? didOf(vm);
  return checkKeyIsIssuers(b, vm, controller, issuerId, ctx);
}

export function shortId(id: string): string {
  return id.length > 60 ? `${id.slice(0, 57)}...` : id;
}

/**
 * Whether the signing key is the issuer's. A DID issuer is bound to its own keys and to keys its
 * DID document lists under assertionMethod; any other key is "checked and wrong" (invalid). An
 * issuer that is not a DID (urn:uuid, an https profile) cannot be checked this way, and the
 * 1EdTech validator accepts such credentials, so that stays a warning.
 */
export async function checkKeyIsIssuers(b: ReportBuilder, vm: string, controller: string, issuerId: string, ctx: CheckContext): Promise<boolean> {
  if (!issuerId || controller === issuerId) return true;
  if (!issuerId.startsWith('did:')) {
    b.warn('key', `The signing key belongs to ${shortId(controller)}, not to the issuer ${issuerId}`);
    return true;
  }
  const issuerDoc = await didResolverFor(ctx.loader).resolveDid(issuerId);
  if (!issuerDoc.ok) {
    b.fail('key', `Could not be checked whether key ${shortId(vm)} belongs to the issuer ${shortId(issuerId)}: ${issuerDoc.reason}`, issuerDoc.outcome === 'unverified' ? 'unverified' : 'invalid');
    return false;
  }
  if (issuerDoc.document.relationships.assertionMethod.includes(vm)) {
    b.pass('key', `The issuer ${shortId(issuerId)} lists key ${shortId(vm)} under assertionMethod`);
    return true;
  }
  b.fail('key', `The signing key belongs to ${shortId(controller)}, not to the issuer ${shortId(issuerId)} (whose DID document does not list it under assertionMethod)`);
  return false;
}

export async function verifyNested(b: ReportBuilder, vc: Record<string, unknown>, ctx: CheckContext, depth: number, nestedVerifier: NestedVerifier, input: string): Promise<VerificationReport[]> {
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

export function finishCommon(b: ReportBuilder, credential: NormalizedCredential, ctx: CheckContext): void {
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
  // A proof this verifier cannot check (Blockcerts anchored to a blockchain, an unknown suite, an
  // ecdsa-sd-2023 base proof) makes the credential unverified: nothing failed, nothing was checked.
  const uncheckable = proof !== null && (suiteFor(proof) === null || isSdBaseProof(proof));
  // JCS suites sign the JSON (RFC 8785), not the JSON-LD graph: like VC-JWT, no expansion is needed.
  const jcs = proof !== null && isJcsSuite(proof);
  const canonicalisingChecksJsonLd = !uncheckable && !jcs && proof !== null && !!proof.verificationMethod;
  const jsonLdOk = uncheckable || jcs || (canonicalisingChecksJsonLd ? checkContextsKnown(b, vc) : await checkJsonLd(b, vc));
  if (jcs) b.skip('jsonld', `${proof.cryptosuite}: the signature covers the JSON as canonicalised by JCS (RFC 8785), so JSON-LD expansion is not needed to verify it`);
  let signed = false;
  if (uncheckable) {
    const result = await verifyDataIntegrity(vc, () => createDocumentLoader());
    const reason = result.verified ? 'unexpected' : result.reason;
    b.skip('jsonld', 'Not checked: the proof cannot be checked here, so neither is its JSON-LD');
    b.skip('key', 'Not checked: the proof cannot be checked here');
    b.fail('signature', `Could not be checked: ${reason}`, 'unverified');
  } else if (!jsonLdOk) {
    b.skip('key', 'Not checked: the document is not valid JSON-LD, so its signature cannot be checked');
    b.skip('signature', 'Not checked: the document is not valid JSON-LD');
  } else if (!proof) {
    b.skip('key', 'No proof, so no key to resolve');
    b.fail('signature', 'The credential carries no proof (no signature)');
  } else if (!proof.verificationMethod) {
    b.fail('key', 'The proof names no verification method');
    b.skip('signature', 'Not checked: no key');
  } else {
    const purpose = (VERIFICATION_RELATIONSHIPS as readonly string[]).includes(proof.proofPurpose ?? '') ? (proof.proofPurpose as VerificationRelationship) : 'assertionMethod';
    const documents = new Map<string, unknown>();
    if (await resolveLdKey(b, proof.verificationMethod, purpose, credential.issuer.id, ctx, documents)) {
      const dids = didResolverFor(ctx.loader);
      const result = await verifyDataIntegrity(vc, (keyType) => createDocumentLoader({ keyType, documents, resolve: jsonResolver(ctx), dids }));
      const suite = proof.cryptosuite ? `${proof.type} (${proof.cryptosuite})` : proof.type;
      if (result.verified) {
        if (canonicalisingChecksJsonLd) b.pass('jsonld', JSONLD_PASS);
        signed = true;
        b.pass('signature', `${suite} signature verified`);
        const others = proofsOf(vc).length - 1;
        if (others > 0) b.warn('signature', `The credential carries ${others} more proof${others === 1 ? '' : 's'} (${proofsOf(vc).filter((p) => p.proofValue !== proof.proofValue || p.type !== proof.type).map((p) => (p.cryptosuite ? `${p.type} / ${p.cryptosuite}` : p.type) || '(no type)').join(', ')}) that ${others === 1 ? 'was' : 'were'} not checked; one verified proof is enough`);
        if (proof.cryptosuite === 'eddsa-2022') b.warn('signature', 'The proof uses the pre-standard cryptosuite name "eddsa-2022"; issuers should move to "eddsa-rdfc-2022"');
      } else if (result.jsonLdError) {
        b.fail('jsonld', `JSON-LD safe-mode expansion failed: ${result.jsonLdError}`);
        b.skip('signature', 'Not checked: the document is not valid JSON-LD');
      } else {
        if (canonicalisingChecksJsonLd) b.pass('jsonld', JSONLD_PASS);
        b.fail('signature', `${suite} signature does not verify: ${result.reason}`);
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

export function isJwtText(text: string): boolean {
  return looksLikeCompactJws(text);
}
