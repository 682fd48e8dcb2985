// The JSON-LD document loader used for every expansion, canonicalisation and signature check.
// Contexts come only from the local cache (lib/credentials/contexts.ts): a context changes what a
// signature covers, so fetching one at verification time would let the network decide a verdict.
// Keys are resolved without the network where the identifier carries the key itself (did:key, and
// the 1EdTech convention `<issuer-url>#<publicKeyMultibase>`); anything else goes to an optional
// `resolve` callback (the guarded loader in loader.ts), never to fetch directly.
import jsonld from 'jsonld';
import { STATIC_CONTEXTS } from './contexts';
import type { DidFailure, DidResolver, VerificationMethod } from './did-resolver';
import { installFrozenAwareClone } from './jsonld-frozen-clone';

installFrozenAwareClone();

/** How a key that names itself is presented: Multikey (Data Integrity suites) or Ed25519VerificationKey2020 (Ed25519Signature2020/2018). */
export type KeyType = 'Multikey' | 'Ed25519VerificationKey2020';

export type LoadedDocument = { contextUrl: null; documentUrl: string; document: unknown };
export type DocumentLoader = (url: string) => Promise<LoadedDocument>;

const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';
const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';

/** Multikey context (W3C CCG / Digital Bazaar); small and stable, so it lives here rather than in data/. */
const MULTIKEY_CONTEXT_DOC = Object.freeze({
  '@context': Object.freeze({
    '@protected': true,
    id: '@id',
    type: '@type',
    Multikey: Object.freeze({
      '@id': 'https://w3id.org/security#Multikey',
      '@context': Object.freeze({
        '@protected': true,
        id: '@id',
        type: '@type',
        controller: Object.freeze({ '@id': 'https://w3id.org/security#controller', '@type': '@id' }),
        revoked: Object.freeze({ '@id': 'https://w3id.org/security#revoked', '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' }),
        expires: Object.freeze({ '@id': 'https://w3id.org/security#expiration', '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' }),
        publicKeyMultibase: Object.freeze({ '@id': 'https://w3id.org/security#publicKeyMultibase', '@type': 'https://w3id.org/security#multibase' }),
        secretKeyMultibase: Object.freeze({ '@id': 'https://w3id.org/security#secretKeyMultibase', '@type': 'https://w3id.org/security#multibase' }),
      }),
    }),
  }),
});

/** The same result object for the same context URL, every time: jsonld caches processed contexts by identity and URL. */
const contextResults = new Map<string, LoadedDocument>();
for (const [url, document] of STATIC_CONTEXTS) contextResults.set(url, { contextUrl: null, documentUrl: url, document });
contextResults.set(MULTIKEY_CONTEXT, { contextUrl: null, documentUrl: MULTIKEY_CONTEXT, document: MULTIKEY_CONTEXT_DOC });

export function isKnownContext(url: string): boolean {
  return contextResults.has(url);
}

export function getStaticContext(url: string): unknown {
  return contextResults.get(url)?.document;
}

/** An Ed25519 public key as multibase base58btc with the ed25519-pub multicodec header: "z6Mk..." */
export function isEd25519Multibase(value: string): boolean {
  return /^z6Mk[1-9A-HJ-NP-Za-km-z]{40,50}$/.test(value);
}

/**
 * A public key that can name itself in a `<url>#<multibase>` key id: Ed25519 ("z6Mk"), P-256
 * ("zDna", multicodec 0x1200) or P-384 ("z82L", 0x1201), the Multikey encodings of vc-di-eddsa
 * and vc-di-ecdsa. The 1EdTech validator's ecdsa-sd-2023 sample names its P-256 key this way.
 */
export function isSelfDescribingMultibase(value: string): boolean {
  return isEd25519Multibase(value) || /^zDna[1-9A-HJ-NP-Za-km-z]{40,50}$/.test(value) || /^z82L[1-9A-HJ-NP-Za-km-z]{55,70}$/.test(value);
}

function verificationMethodFor(id: string, controller: string, publicKeyMultibase: string) {
  return { id, type: 'Multikey', controller, publicKeyMultibase };
}

/** A controller document for a key that names itself; the key is listed for every proof purpose we accept. */
function controllerDocument(controller: string, vmId: string, publicKeyMultibase: string) {
  const vm = verificationMethodFor(vmId, controller, publicKeyMultibase);
  // Ed25519Signature2020 expects the 2020 key type; publish the same key under both types.
  const vm2020 = { id: vmId, type: 'Ed25519VerificationKey2020', controller, publicKeyMultibase };
  return {
    '@context': [DID_CONTEXT, MULTIKEY_CONTEXT, ED25519_2020_CONTEXT],
    id: controller,
    verificationMethod: [vm],
    assertionMethod: [vmId],
    authentication: [vmId],
    _ed25519VerificationKey2020: vm2020,
  };
}

export type KeyDocument = { controller: string; vmId: string; publicKeyMultibase: string };

/**
 * Keys that carry themselves: `did:key:z6Mk...` (with or without fragment) and
 * `<url>#z6Mk...` (the 1EdTech fixtures' convention, key bound to the URL before '#').
 * Returns null for anything that would need a lookup.
 */
export function selfDescribingKey(url: string): KeyDocument | null {
  // A fragment on any other DID (did:web:host#z6Mk...) names a key in that DID's document, to be
  // looked up there: it is not the 1EdTech `<issuer-url>#<multibase>` convention.
  if (url.startsWith('did:') && !url.startsWith('did:key:')) return null;
  if (url.startsWith('did:key:')) {
    const [did, fragment] = url.split('#') as [string, string | undefined];
    const multibase = did.slice('did:key:'.length);
    if (!isEd25519Multibase(multibase)) return null;
    if (fragment !== undefined && fragment !== multibase) return null;
    return { controller: did, vmId: `${did}#${multibase}`, publicKeyMultibase: multibase };
  }
  const hash = url.indexOf('#');
  if (hash > 0) {
    const fragment = url.slice(hash + 1);
    if (isSelfDescribingMultibase(fragment)) return { controller: url.slice(0, hash), vmId: url, publicKeyMultibase: fragment };
  }
  return null;
}

export type CreateDocumentLoaderOptions = {
  /** Resolve a non-context, non-self-describing URL (DID document, key, issuer profile). Null = not found. */
  resolve?: (url: string) => Promise<unknown | null>;
  /** Pre-registered documents (e.g. keys extracted from a credential or fetched earlier). */
  documents?: ReadonlyMap<string, unknown>;
  /** Key type to present for self-describing keys; Ed25519Signature2020 needs its own type. */
  keyType?: KeyType;
  /**
   * DIDs and DID URLs (keys and controller documents) other than Ed25519 did:keys, which are
   * answered from the identifier: see did-resolver.ts. Without it, such a DID is not found.
   */
  dids?: DidResolver;
};

export class DocumentNotFoundError extends Error {
  constructor(
    readonly url: string,
    reason: string,
    /** Set when a DID or key could not be resolved: whether it could not be checked or was wrong. */
    readonly didFailure?: DidFailure,
  ) {
    super(reason);
    this.name = 'DocumentNotFoundError';
  }
}

/** The @context a verification method is presented with; the key libraries check Multikey's. */
const METHOD_CONTEXTS: Record<string, string> = {
  Multikey: MULTIKEY_CONTEXT,
  Ed25519VerificationKey2020: ED25519_2020_CONTEXT,
  Ed25519VerificationKey2018: 'https://w3id.org/security/suites/ed25519-2018/v1',
  JsonWebKey2020: 'https://w3id.org/security/suites/jws-2020/v1',
  JsonWebKey: 'https://w3id.org/security/jwk/v1',
};

export function verificationMethodDocument(method: VerificationMethod): Record<string, unknown> {
  return { '@context': METHOD_CONTEXTS[method.type] ?? DID_CONTEXT, ...method };
}

async function loadDid(url: string, dids: DidResolver): Promise<LoadedDocument> {
  if (url.includes('#')) {
    // A key: the proof purpose is checked afterwards by jsonld-signatures against the controller
    // document (loaded below by its bare DID), so no purpose is asked for here.
    const key = await dids.resolveKey(url);
    if (!key.ok) throw new DocumentNotFoundError(url, key.reason, key);
    return { contextUrl: null, documentUrl: url, document: verificationMethodDocument(key.method) };
  }
  const resolved = await dids.resolveDid(url);
  if (!resolved.ok) throw new DocumentNotFoundError(url, resolved.reason, resolved);
  return { contextUrl: null, documentUrl: url, document: resolved.document.controllerDocument };
}

export function createDocumentLoader(options: CreateDocumentLoaderOptions = {}): DocumentLoader {
  const keyType = options.keyType ?? 'Multikey';
  return async (url: string) => {
    const context = contextResults.get(url);
    if (context) return context;
    const known = options.documents?.get(url);
    if (known !== undefined) return { contextUrl: null, documentUrl: url, document: known };
    const key = selfDescribingKey(url);
    if (key) {
      const ctx = keyType === 'Multikey' ? MULTIKEY_CONTEXT : ED25519_2020_CONTEXT;
      if (url === key.controller) {
        // A bare did:key is both the controller document and (when a proof names the bare DID) the
        // key itself, so the answer carries both shapes and lists the bare DID as an assertion method.
        const doc = controllerDocument(key.controller, key.vmId, key.publicKeyMultibase);
        const { _ed25519VerificationKey2020: vm2020, ...rest } = doc;
        return {
          contextUrl: null,
          documentUrl: url,
          document: {
            ...rest,
            ...(keyType === 'Multikey' ? {} : { verificationMethod: [vm2020] }),
            type: keyType,
            controller: key.controller,
            publicKeyMultibase: key.publicKeyMultibase,
            assertionMethod: [key.vmId, key.controller],
          },
        };
      }
      return {
        contextUrl: null,
        documentUrl: url,
        document: { '@context': ctx, id: key.vmId, type: keyType, controller: key.controller, publicKeyMultibase: key.publicKeyMultibase },
      };
    }
    if (url.startsWith('did:') && options.dids) return loadDid(url, options.dids);
    // A controller document for a 1EdTech-style key is asked for by its bare URL; we cannot know
    // which key it lists without fetching, so that goes to `resolve` like any other document.
    if (options.resolve) {
      const doc = await options.resolve(url);
      if (doc !== null && doc !== undefined) return { contextUrl: null, documentUrl: url, document: doc };
    }
    if (/^https?:\/\//.test(url) && !url.includes('#') && looksLikeContextUrl(url)) {
      throw new DocumentNotFoundError(url, `JSON-LD context ${url} is not in the local context cache; contexts are never fetched`);
    }
    throw new DocumentNotFoundError(url, `Could not load ${url}`);
  };
}

function looksLikeContextUrl(url: string): boolean {
  return /context|\.jsonld$|\/v\d+(\.\d+)*$/.test(url);
}

/**
 * A loader for controller documents of self-describing keys given the key id: the 1EdTech
 * convention names the key in the fragment, so the controller document is the issuer URL and
 * lists exactly that key. Used by verification when the issuer's profile cannot be fetched.
 */
export function selfDescribedController(vmId: string, keyType: KeyType = 'Multikey'): unknown | null {
  const key = selfDescribingKey(vmId);
  if (!key) return null;
  const doc = controllerDocument(key.controller, key.vmId, key.publicKeyMultibase);
  const { _ed25519VerificationKey2020: vm2020, ...rest } = doc;
  return keyType === 'Multikey' ? rest : { ...rest, verificationMethod: [vm2020] };
}

const contextOnlyLoader = createDocumentLoader();

/**
 * JSON-LD expansion in safe mode (jsonld.js `safe: true`): an undefined term or a relative IRI is
 * an error instead of being silently dropped, so what is verified is what the signature covers.
 */
export async function expandSafe(document: unknown): Promise<unknown> {
  // @types/jsonld predates the `safe` option; the cast goes through unknown on purpose.
  const options = { documentLoader: contextOnlyLoader, safe: true } as unknown as jsonld.Options.Expand;
  return jsonld.expand(document as jsonld.JsonLdDocument, options);
}
