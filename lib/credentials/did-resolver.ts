// The one DID resolver. Every key named by a DID, whether a Data Integrity proof's
// verificationMethod, a VC-JWT kid or iss, a status list's or a nested credential's proof, is
// resolved here, so a key that resolves for one of them resolves for all.
//
// - did:key (Ed25519, P-256, P-384, secp256k1) through @digitalbazaar/did-method-key, and did:jwk
//   through @digitalbazaar/did-method-jwk: both are computed from the identifier, never fetched.
// - did:web (W3C did:web method, section 3.2): the document is read through the guarded loader
//   (loader.ts: resolver map, address policy, size cap, TTL cache), never fetched directly.
//   The document's `id` must be the DID; verification methods may sit in `verificationMethod` or be
//   embedded in a relationship (`assertionMethod`, `authentication`, ...), and may be named by an
//   absolute DID URL or a relative `#fragment` (DID Core 1.0 section 5.3 and 3.2.2).
// - Anything else (did:ion, did:prism, did:ethr...) is "could not be checked", never "invalid":
//   not supporting a method says nothing about the credential.
//
// Failures carry an outcome so callers can report them honestly: `unverified` when the key could
// not be checked (document unreachable, method unsupported, offline without a resolver entry, a
// document over our limits), `invalid` when it was checked and is wrong (the document does not
// list the key, lists it under another relationship, belongs to another DID, or the key material
// is broken).
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { driver as didKeyDriverFactory } from '@digitalbazaar/did-method-key';
import { driver as didJwkDriverFactory } from '@digitalbazaar/did-method-jwk';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import * as base58 from 'base58-universal';
import type { JWK } from 'jose';
import { didWebUrl, type CredentialLoader } from './loader';
import { Lru } from './lru';
import { isRecord, parseJsonText } from './parse-json';

export const VERIFICATION_RELATIONSHIPS = ['assertionMethod', 'authentication', 'capabilityInvocation', 'capabilityDelegation', 'keyAgreement'] as const;
export type VerificationRelationship = (typeof VERIFICATION_RELATIONSHIPS)[number];

/** Beyond these a DID document is not read: no real issuer comes near them, and each costs work per credential. */
export const DID_LIMITS = { maxMethods: 1_000, maxRelationshipEntries: 1_000 } as const;

export const DID_CONTEXT_V1 = 'https://www.w3.org/ns/did/v1';

export type VerificationMethod = {
  /** Absolute DID URL. */
  id: string;
  type: string;
  /** Absolute; the DID whose document must list this method under a relationship. */
  controller: string;
  publicKeyJwk?: Record<string, unknown>;
  publicKeyMultibase?: string;
  publicKeyBase58?: string;
};

export type ResolvedDidDocument = {
  did: string;
  /** Every verification method the document defines, by absolute id. */
  methods: ReadonlyMap<string, VerificationMethod>;
  /** Absolute ids listed under each relationship (methods of other DIDs included). */
  relationships: Readonly<Record<VerificationRelationship, readonly string[]>>;
  /**
   * The document as jsonld-signatures reads a controller document: the DID v1 context first (so it
   * is read as a DID document, not framed), every id absolute, relationships as lists of ids.
   */
  controllerDocument: Record<string, unknown>;
  /** Where it came from, for report sentences. */
  source: string;
};

export type DidFailureCode = 'unsupported-method' | 'unreachable' | 'over-limit' | 'malformed-did' | 'malformed-document' | 'id-mismatch' | 'key-not-found' | 'purpose-not-listed' | 'unsupported-key' | 'bad-key';

/** `unverified`: could not be checked. `invalid`: checked, and wrong. */
export type DidFailure = { ok: false; outcome: 'unverified' | 'invalid'; code: DidFailureCode; reason: string };

export type DidResolution = { ok: true; document: ResolvedDidDocument } | DidFailure;

export type KeyResolution =
  | {
      ok: true;
      method: VerificationMethod;
      /** The document that defines the method. */
      document: ResolvedDidDocument;
      /** Relationships the method's controller lists it under. */
      relationships: VerificationRelationship[];
    }
  | DidFailure;

const unverified = (code: DidFailureCode, reason: string): DidFailure => ({ ok: false, outcome: 'unverified', code, reason });
const invalid = (code: DidFailureCode, reason: string): DidFailure => ({ ok: false, outcome: 'invalid', code, reason });

export function didMethodOf(didUrl: string): string | null {
  return /^did:([a-z0-9]+):/.exec(didUrl)?.[1] ?? null;
}

export const SUPPORTED_DID_METHODS = ['key', 'jwk', 'web'] as const;

export function isSupportedDid(didUrl: string): boolean {
  const method = didMethodOf(didUrl);
  return method !== null && (SUPPORTED_DID_METHODS as readonly string[]).includes(method);
}

/** The DID of a DID URL: everything before the first `#`, `?` or `/` after the method-specific id. */
export function didOf(didUrl: string): string {
  return didUrl.split(/[#?]/)[0]!;
}

function short(text: string, max = 72): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

// ---------------------------------------------------------------------------------------------
// did:key and did:jwk drivers (Digital Bazaar), with every key type we verify registered

const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

/**
 * A did:key key pair for secp256k1 ("zQ3s", multicodec 0xe7 0x01 + 33-byte compressed point).
 * @digitalbazaar/ecdsa-multikey covers the NIST curves only; the point is decoded and checked on
 * the curve by @noble/curves, so an off-curve key is refused when the DID is resolved.
 */
async function secp256k1FromMultibase({ publicKeyMultibase }: { publicKeyMultibase: string }) {
  const bytes = decodeSecp256k1Multibase(publicKeyMultibase);
  secp256k1.Point.fromBytes(bytes);
  const keyPair = {
    id: undefined as string | undefined,
    controller: undefined as string | undefined,
    type: 'Multikey',
    publicKeyMultibase,
    fingerprint: () => publicKeyMultibase,
    async export({ includeContext = false }: { publicKey?: boolean; includeContext?: boolean } = {}) {
      return { ...(includeContext ? { '@context': MULTIKEY_CONTEXT } : {}), id: keyPair.id, type: 'Multikey', controller: keyPair.controller, publicKeyMultibase };
    },
  };
  return keyPair;
}

function decodeSecp256k1Multibase(publicKeyMultibase: string): Uint8Array {
  if (!publicKeyMultibase.startsWith('z')) throw new Error('the key is not base58btc multibase');
  const bytes = base58.decode(publicKeyMultibase.slice(1));
  if (bytes.length !== 35 || bytes[0] !== 0xe7 || bytes[1] !== 0x01) throw new Error('not a compressed secp256k1 public key');
  return bytes.subarray(2);
}

const didKeyDriver = didKeyDriverFactory();
didKeyDriver.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });
didKeyDriver.use({ multibaseMultikeyHeader: 'zDna', fromMultibase: EcdsaMultikey.from });
didKeyDriver.use({ multibaseMultikeyHeader: 'z82L', fromMultibase: EcdsaMultikey.from });
didKeyDriver.use({ multibaseMultikeyHeader: 'zQ3s', fromMultibase: secp256k1FromMultibase });

const didJwkDriver = didJwkDriverFactory();

// ---------------------------------------------------------------------------------------------
// DID document processing (DID Core 1.0)

function absolute(did: string, ref: string): string {
  // DID Core 3.2.2: a relative DID URL is resolved against the DID of the document it is in.
  return ref.startsWith('#') || ref.startsWith('?') ? `${did}${ref}` : ref;
}

function methodFrom(node: Record<string, unknown>, did: string): VerificationMethod | null {
  if (typeof node.id !== 'string' || typeof node.type !== 'string') return null;
  const controller = typeof node.controller === 'string' ? absolute(did, node.controller) : did;
  const method: VerificationMethod = { id: absolute(did, node.id), type: node.type, controller };
  if (isRecord(node.publicKeyJwk)) method.publicKeyJwk = node.publicKeyJwk;
  if (typeof node.publicKeyMultibase === 'string') method.publicKeyMultibase = node.publicKeyMultibase;
  if (typeof node.publicKeyBase58 === 'string') method.publicKeyBase58 = node.publicKeyBase58;
  return method;
}

function listOf(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

/** Normalise a DID document: absolute ids, embedded methods lifted out, relationships as id lists. */
export function processDidDocument(did: string, raw: unknown, source: string): DidResolution {
  if (!isRecord(raw)) return invalid('malformed-document', `The DID document of ${short(did)} at ${source} is not a JSON object`);
  if (raw.id !== did) return invalid('id-mismatch', `The DID document at ${source} is for ${typeof raw.id === 'string' ? short(raw.id) : '(no id)'}, not for ${short(did)}`);
  const declared = listOf(raw.verificationMethod);
  let entries = 0;
  for (const r of VERIFICATION_RELATIONSHIPS) entries += listOf(raw[r]).length;
  if (declared.length > DID_LIMITS.maxMethods || entries > DID_LIMITS.maxRelationshipEntries) {
    return unverified('over-limit', `The DID document of ${short(did)} lists ${declared.length} verification methods and ${entries} relationship entries, more than this verifier reads (${DID_LIMITS.maxMethods} / ${DID_LIMITS.maxRelationshipEntries}), so its keys were not checked`);
  }
  const methods = new Map<string, VerificationMethod>();
  for (const node of declared) {
    if (!isRecord(node)) continue;
    const method = methodFrom(node, did);
    if (method && !methods.has(method.id)) methods.set(method.id, method);
  }
  const relationships = {} as Record<VerificationRelationship, string[]>;
  for (const r of VERIFICATION_RELATIONSHIPS) {
    const ids: string[] = [];
    for (const item of listOf(raw[r])) {
      if (typeof item === 'string') ids.push(absolute(did, item));
      else if (isRecord(item)) {
        // Embedded method (DID Core 5.3.1): defined here, usable only for this relationship.
        const method = methodFrom(item, did);
        if (!method) continue;
        if (!methods.has(method.id)) methods.set(method.id, method);
        ids.push(method.id);
      }
    }
    relationships[r] = ids;
  }
  const contexts = listOf(raw['@context']).filter((c): c is string => typeof c === 'string' && c !== DID_CONTEXT_V1);
  const controllerDocument: Record<string, unknown> = {
    '@context': [DID_CONTEXT_V1, ...contexts],
    id: did,
    verificationMethod: [...methods.values()],
    ...Object.fromEntries(VERIFICATION_RELATIONSHIPS.map((r) => [r, relationships[r]])),
  };
  return { ok: true, document: { did, methods, relationships, controllerDocument, source } };
}

/** Relationships under which `document` lists `methodId`. */
export function relationshipsOf(document: ResolvedDidDocument, methodId: string): VerificationRelationship[] {
  return VERIFICATION_RELATIONSHIPS.filter((r) => document.relationships[r].includes(methodId));
}

// ---------------------------------------------------------------------------------------------
// Resolver

export type DidResolver = {
  /** A DID, or an https controller document URL, to its normalised document. */
  resolveDid(did: string): Promise<DidResolution>;
  /**
   * A verification method by DID URL, and the relationships its controller lists it under. With
   * `purpose`, a method not listed under it is an `invalid` failure (the proof claims a use the
   * controller did not authorise).
   */
  resolveKey(didUrl: string, purpose?: VerificationRelationship): Promise<KeyResolution>;
};

/** did:key and did:jwk answers are pure functions of the identifier: cached, bounded. */
const computedDocuments = new Lru<string, Promise<DidResolution>>(1_024);

async function resolveComputed(did: string): Promise<DidResolution> {
  const method = didMethodOf(did)!;
  try {
    const raw: unknown = method === 'key' ? await didKeyDriver.get({ did }) : await didJwkDriver.get({ did });
    if (method === 'jwk') {
      const jwk = isRecord(raw) ? (raw.verificationMethod as { publicKeyJwk?: Record<string, unknown> }[] | undefined)?.[0]?.publicKeyJwk : undefined;
      if (jwk && ('d' in jwk || 'k' in jwk || 'p' in jwk)) return invalid('bad-key', `${short(did)} encodes a private or symmetric key, not a public key`);
      if (isRecord(raw) && jwk && jwk.use === undefined && VERIFICATION_RELATIONSHIPS.every((r) => raw[r] === undefined)) {
        // did:jwk spec: a JWK without "use" gets every relationship. The driver only knows the
        // `use` of a few curves, so an RSA or "secp256k1" JWK would otherwise be listed under none.
        const vm = `${did}#0`;
        for (const r of VERIFICATION_RELATIONSHIPS) raw[r] = [vm];
      }
    }
    return processDidDocument(did, raw, method === 'key' ? 'the did:key identifier' : 'the did:jwk identifier');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (method === 'key' && /Unsupported "multibaseMultikeyHeader"/.test(message)) {
      return unverified('unsupported-key', `${short(did)} is a did:key of a key type this verifier does not support (Ed25519, P-256, P-384 and secp256k1 are)`);
    }
    return invalid('malformed-did', `${short(did)} is not a valid did:${method} (${message})`);
  }
}

const webDocuments = new WeakMap<Uint8Array, DidResolution>();

/** Build a resolver whose did:web reads go through `loader` (its resolver map, guards and cache). */
export function createDidResolver(loader: CredentialLoader): DidResolver {
  async function resolveWeb(did: string): Promise<DidResolution> {
    const url = didWebUrl(did);
    if (!url) return invalid('malformed-did', `${short(did)} is not a valid did:web identifier`);
    const loaded = await loader.load(url);
    if (!loaded.ok || !loaded.body) {
      const why = loaded.error ?? `HTTP ${loaded.status}`;
      if (loaded.errorCode === 'too-large') return unverified('over-limit', `The DID document of ${short(did)} is too large to read (${why})`);
      return unverified('unreachable', `The DID document of ${short(did)} could not be read from ${url} (${why})`);
    }
    // The loader's cache hands back the same body for the same answer: process it once.
    const known = webDocuments.get(loaded.body);
    if (known) return known;
    const parsed = parseJsonText(new TextDecoder().decode(loaded.body));
    const result = parsed.ok ? processDidDocument(did, parsed.value, url) : invalid('malformed-document', `The DID document of ${short(did)} at ${url} is not JSON (${parsed.reason})`);
    webDocuments.set(loaded.body, result);
    return result;
  }

  /**
   * An https controller document (W3C Controlled Identifiers 1.0: the same shape as a DID document,
   * its `id` the URL it is read from), for proofs whose verificationMethod is an https key URL.
   */
  async function resolveHttpsController(url: string): Promise<DidResolution> {
    const loaded = await loader.load(url);
    if (!loaded.ok || !loaded.body) {
      const why = loaded.error ?? `HTTP ${loaded.status}`;
      return unverified(loaded.errorCode === 'too-large' ? 'over-limit' : 'unreachable', `The controller document ${short(url)} could not be read (${why})`);
    }
    const known = webDocuments.get(loaded.body);
    if (known) return known;
    const parsed = parseJsonText(new TextDecoder().decode(loaded.body));
    const result = parsed.ok ? processDidDocument(url, parsed.value, url) : invalid('malformed-document', `The controller document ${short(url)} is not JSON (${parsed.reason})`);
    webDocuments.set(loaded.body, result);
    return result;
  }

  async function resolveDid(didUrl: string): Promise<DidResolution> {
    if (didUrl.startsWith('https://')) return resolveHttpsController(didOf(didUrl));
    const did = didOf(didUrl);
    const method = didMethodOf(did);
    if (!method) return invalid('malformed-did', `"${short(did)}" is not a DID`);
    if (method === 'web') return resolveWeb(did);
    if (method === 'key' || method === 'jwk') {
      let pending = computedDocuments.get(did);
      if (!pending) {
        pending = resolveComputed(did);
        computedDocuments.set(did, pending);
      }
      return pending;
    }
    return unverified('unsupported-method', `DID method did:${method} is not supported (did:key, did:jwk and did:web are), so the key of ${short(did)} could not be checked`);
  }

  async function resolveKey(didUrl: string, purpose?: VerificationRelationship): Promise<KeyResolution> {
    const resolved = await resolveDid(didUrl);
    if (!resolved.ok) return resolved;
    const document = resolved.document;
    let methodId = didUrl;
    if (!didUrl.includes('#')) {
      // A bare DID names its key only when there is exactly one for the purpose (did:key, did:jwk).
      const candidates = purpose ? document.relationships[purpose] : [...document.methods.keys()];
      if (candidates.length !== 1) return invalid('key-not-found', `${short(didUrl)} names no single key: its DID document lists ${candidates.length} ${purpose ? `under ${purpose}` : 'keys'}`);
      methodId = candidates[0]!;
    }
    const method = document.methods.get(methodId);
    if (!method) return invalid('key-not-found', `The DID document of ${short(document.did)} (${document.source}) does not list key ${short(methodId)}`);
    let relationships = relationshipsOf(document, method.id);
    if (method.controller !== document.did) {
      // The key is controlled by another DID: that DID's document decides what it may be used for
      // (one hop; its own controllers are not followed, so a cycle of controllers ends here).
      const controller = await resolveDid(method.controller);
      if (!controller.ok) return controller.outcome === 'unverified' ? controller : invalid(controller.code, `The controller of ${short(method.id)} cannot vouch for it: ${controller.reason}`);
      relationships = relationshipsOf(controller.document, method.id);
    }
    if (purpose && !relationships.includes(purpose)) {
      const listed = relationships.length ? `it is listed only under ${relationships.join(', ')}` : 'it is listed under no verification relationship';
      return invalid('purpose-not-listed', `Key ${short(method.id)} is not authorised for ${purpose} by ${short(method.controller)}: ${listed}`);
    }
    return { ok: true, method, document, relationships };
  }

  return { resolveDid, resolveKey };
}

/** One resolver per loader, so every check made with that loader shares its did:web documents. */
const resolvers = new WeakMap<CredentialLoader, DidResolver>();

export function didResolverFor(loader: CredentialLoader): DidResolver {
  let resolver = resolvers.get(loader);
  if (!resolver) {
    resolver = createDidResolver(loader);
    resolvers.set(loader, resolver);
  }
  return resolver;
}

// ---------------------------------------------------------------------------------------------
// Key material

/**
 * The public key of a verification method as a JWK (for JOSE): `publicKeyJwk` as published, or
 * converted from `publicKeyMultibase` / `publicKeyBase58` by the key type's own library. Throws
 * with a sentence for a private key, broken key material or an unsupported type.
 */
export async function publicJwkOf(method: VerificationMethod): Promise<JWK> {
  if (method.publicKeyJwk) {
    const jwk = method.publicKeyJwk;
    if ('d' in jwk || 'p' in jwk || 'k' in jwk) throw new Error(`key ${short(method.id)} publishes private or symmetric key material`);
    return jwk as JWK;
  }
  const multibase = method.publicKeyMultibase;
  if (method.type === 'Ed25519VerificationKey2018' || method.type === 'Ed25519VerificationKey2020' || (multibase?.startsWith('z6Mk') ?? false)) {
    const key = await Ed25519Multikey.from({ ...method });
    return (await Ed25519Multikey.toJwk({ keyPair: key })) as JWK;
  }
  if (multibase && (multibase.startsWith('zDn') || multibase.startsWith('z82'))) {
    const key = await EcdsaMultikey.from({ ...method, type: 'Multikey' });
    return (await EcdsaMultikey.toJwk({ keyPair: key })) as JWK;
  }
  if (multibase?.startsWith('zQ3s')) {
    const point = secp256k1.Point.fromBytes(decodeSecp256k1Multibase(multibase)).toBytes(false);
    return { kty: 'EC', crv: 'secp256k1', x: Buffer.from(point.subarray(1, 33)).toString('base64url'), y: Buffer.from(point.subarray(33, 65)).toString('base64url') };
  }
  throw new UnsupportedKeyError(`key ${short(method.id)} of type ${method.type} has no key material this verifier can read (publicKeyJwk, or a publicKeyMultibase of Ed25519, P-256, P-384 or secp256k1)`);
}

export class UnsupportedKeyError extends Error {
  override name = 'UnsupportedKeyError';
}
