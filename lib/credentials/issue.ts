// Signing, for the demo seed and for tests/benchmarks: real OB 3.0 credentials signed the way a
// real issuer would (Data Integrity with any suite issuers use, or VC-JWT with EdDSA), by did:key issuers
// whose keys are derived deterministically from a seed string so a seeded database is reproducible.
import { createHash, generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import * as base58 from 'base58-universal';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { createSignCryptosuite as createEddsaJcs2022Sign } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import { createSignCryptosuite as createEcdsaJcs2019Sign } from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import { createDiscloseCryptosuite as createEcdsaSd2023Disclose, createSignCryptosuite as createEcdsaSd2023Sign } from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import { Ed25519Signature2018 } from '@digitalbazaar/ed25519-signature-2018';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { CredentialIssuancePurpose } from '@digitalbazaar/vc';
import { Bitstring } from '@digitalbazaar/bitstring';
import jsigs from 'jsonld-signatures';
import { SignJWT, importJWK, type CryptoKey, type JWK } from 'jose';
import { createDocumentLoader } from './document-loader';

export type IssuerKey = {
  /** did:key:z6Mk... (the issuer id to put in credentials) */
  did: string;
  /** did:key:z6Mk...#z6Mk... (proof.verificationMethod, JOSE kid) */
  verificationMethod: string;
  publicKeyMultibase: string;
  publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string };
  /** Internal: the key pair (signer) and the JOSE private key. */
  keyPair: Ed25519Multikey.Ed25519KeyPair;
  privateKey: CryptoKey;
};

const keyCache = new Map<string, Promise<IssuerKey>>();

/** Ed25519 did:key issuer, deterministic from `seed` (sha256 of the string is the 32-byte Ed25519 seed). */
export function deriveIssuerKey(seed: string): Promise<IssuerKey> {
  let cached = keyCache.get(seed);
  if (!cached) {
    cached = derive(seed);
    keyCache.set(seed, cached);
  }
  return cached;
}

async function derive(seed: string): Promise<IssuerKey> {
  const seedBytes = new Uint8Array(createHash('sha256').update(`skillproof-issuer:${seed}`).digest());
  const probe = await Ed25519Multikey.generate({ seed: seedBytes });
  const did = `did:key:${probe.publicKeyMultibase}`;
  const verificationMethod = `${did}#${probe.publicKeyMultibase}`;
  const keyPair = await Ed25519Multikey.generate({ seed: seedBytes, id: verificationMethod, controller: did });
  // JOSE wants the 32-byte seed as `d` (RFC 8037), not the 64-byte expanded secret the multikey holds.
  const x = Buffer.from(keyPair.publicKey).toString('base64url');
  const d = Buffer.from(seedBytes).toString('base64url');
  const privateKey = (await importJWK({ kty: 'OKP', crv: 'Ed25519', x, d, alg: 'EdDSA' } as JWK, 'EdDSA')) as CryptoKey;
  return { did, verificationMethod, publicKeyMultibase: keyPair.publicKeyMultibase, publicJwk: { kty: 'OKP', crv: 'Ed25519', x }, keyPair, privateKey };
}

function issuerIdOf(credential: Record<string, unknown>): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object' && typeof (issuer as { id?: unknown }).id === 'string') return (issuer as { id: string }).id;
  return undefined;
}

/** proof.created: the credential's own issue date when it has one, so seeded output is reproducible. */
function proofDate(credential: Record<string, unknown>): Date {
  for (const field of ['validFrom', 'issuanceDate', 'awardedDate']) {
    const value = credential[field];
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  }
  return new Date();
}

/** Every Data Integrity suite a real issuer signs with, for tests and benchmarks. */
export type DataIntegritySuiteName = 'eddsa-rdfc-2022' | 'eddsa-jcs-2022' | 'Ed25519Signature2020' | 'Ed25519Signature2018' | 'ecdsa-rdfc-2019' | 'ecdsa-jcs-2019' | 'ecdsa-sd-2023';

/** A P-256 or P-384 signer for the ECDSA suites (vc-di-ecdsa), as @digitalbazaar/ecdsa-multikey makes it. */
export type EcdsaIssuerKey = {
  /** The issuer id: did:key:zDna... / did:key:z82L..., or the URL of a 1EdTech-style `<url>#<multibase>` key. */
  did: string;
  verificationMethod: string;
  publicKeyMultibase: string;
  curve: 'P-256' | 'P-384';
  keyPair: EcdsaMultikey.EcdsaKeyPair;
};

const ecdsaKeyCache = new Map<string, Promise<EcdsaIssuerKey>>();

/**
 * A P-256 / P-384 issuer. With `issuerUrl` the key is named `<issuerUrl>#<multibase>` (the
 * convention of the 1EdTech validator's samples, resolvable offline); otherwise it is a did:key.
 * Cached per (seed, curve, url) so a test suite signs with one key.
 */
export function deriveEcdsaIssuerKey(seed: string, curve: 'P-256' | 'P-384' = 'P-256', issuerUrl?: string): Promise<EcdsaIssuerKey> {
  const cacheKey = `${seed}|${curve}|${issuerUrl ?? ''}`;
  let cached = ecdsaKeyCache.get(cacheKey);
  if (!cached) {
    cached = (async () => {
      const probe = await EcdsaMultikey.generate({ curve });
      const did = issuerUrl ?? `did:key:${probe.publicKeyMultibase}`;
      const verificationMethod = `${did}#${probe.publicKeyMultibase}`;
      const exported = await probe.export({ publicKey: true, secretKey: true, includeContext: true });
      const keyPair = await EcdsaMultikey.from({ ...exported, id: verificationMethod, controller: did });
      return { did, verificationMethod, publicKeyMultibase: probe.publicKeyMultibase, curve, keyPair };
    })();
    ecdsaKeyCache.set(cacheKey, cached);
  }
  return cached;
}

function isEcdsaKey(key: IssuerKey | EcdsaIssuerKey): key is EcdsaIssuerKey {
  return 'curve' in key;
}

function signingSuite(name: DataIntegritySuiteName, signer: unknown, date: Date, mandatoryPointers: string[]): unknown {
  switch (name) {
    case 'eddsa-rdfc-2022':
      return new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022, date });
    case 'eddsa-jcs-2022':
      return new DataIntegrityProof({ signer, cryptosuite: createEddsaJcs2022Sign(), date });
    case 'ecdsa-rdfc-2019':
      return new DataIntegrityProof({ signer, cryptosuite: ecdsaRdfc2019, date });
    case 'ecdsa-jcs-2019':
      return new DataIntegrityProof({ signer, cryptosuite: createEcdsaJcs2019Sign(), date });
    case 'ecdsa-sd-2023':
      return new DataIntegrityProof({ signer, cryptosuite: createEcdsaSd2023Sign({ mandatoryPointers }), date });
    case 'Ed25519Signature2020':
      return new Ed25519Signature2020({ signer, date });
    case 'Ed25519Signature2018':
      return new Ed25519Signature2018({ signer, date });
  }
}

/**
 * Adds a Data Integrity proof by `key`: eddsa-rdfc-2022 by default, or `suite` (Ed25519 keys sign
 * the EdDSA and Ed25519Signature suites, P-256/P-384 keys the ECDSA ones). The credential's issuer
 * must be the key's DID (verifiers check that the signing key's controller is the issuer) unless
 * `allowOtherIssuer` (tests of "signed by someone else"). ecdsa-sd-2023 makes a base proof, for
 * the holder: `deriveSelectiveDisclosure` turns it into what a verifier is given.
 */
export async function signDataIntegrity(
  unsigned: Record<string, unknown>,
  key: IssuerKey | EcdsaIssuerKey,
  options: { allowOtherIssuer?: boolean; suite?: DataIntegritySuiteName; mandatoryPointers?: string[] } = {},
): Promise<Record<string, unknown>> {
  const issuerId = issuerIdOf(unsigned);
  if (issuerId !== key.did && !options.allowOtherIssuer) throw new Error(`Credential issuer ${issuerId ?? '(none)'} is not the signing key's DID ${key.did}`);
  const name = options.suite ?? (isEcdsaKey(key) ? 'ecdsa-rdfc-2019' : 'eddsa-rdfc-2022');
  if (name.startsWith('ecdsa') !== isEcdsaKey(key)) throw new Error(`Suite ${name} needs ${name.startsWith('ecdsa') ? 'a P-256/P-384' : 'an Ed25519'} key`);
  const suite = signingSuite(name, key.keyPair.signer(), proofDate(unsigned), options.mandatoryPointers ?? ['/issuer', '/validFrom']);
  // structuredClone: jsigs adds `proof` to a copy, but never hand a caller's object to a library.
  return jsigs.sign(structuredClone(unsigned), {
    suite,
    purpose: new CredentialIssuancePurpose(),
    documentLoader: createDocumentLoader(),
  });
}

/** The holder's step for ecdsa-sd-2023: a derived proof revealing the mandatory statements and `selectivePointers`. */
export async function deriveSelectiveDisclosure(signedBase: Record<string, unknown>, selectivePointers: string[]): Promise<Record<string, unknown>> {
  return jsigs.derive(structuredClone(signedBase), {
    suite: new DataIntegrityProof({ cryptosuite: createEcdsaSd2023Disclose({ selectivePointers }) }),
    purpose: new CredentialIssuancePurpose(),
    documentLoader: createDocumentLoader(),
  });
}

function seconds(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * VC-JWT as OB 3.0 describes it (1EdTech OB 3.0 section 8.2, "JSON Web Token Proof Format"):
 * JOSE header {alg, typ, kid}; claims `vc` (the credential, no proof), iss = issuer id,
 * sub = credentialSubject.id, nbf = validFrom, exp = validUntil, jti = credential id.
 */
export async function signVcJwt(unsigned: Record<string, unknown>, key: IssuerKey): Promise<string> {
  const issuerId = issuerIdOf(unsigned);
  if (issuerId !== key.did) throw new Error(`Credential issuer ${issuerId ?? '(none)'} is not the signing key's DID ${key.did}`);
  const subject = unsigned.credentialSubject as { id?: unknown } | undefined;
  const claims: Record<string, unknown> = { vc: unsigned };
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: key.verificationMethod }).setIssuer(key.did);
  if (typeof subject?.id === 'string') jwt.setSubject(subject.id);
  if (typeof unsigned.id === 'string') jwt.setJti(unsigned.id);
  const nbf = seconds(unsigned.validFrom ?? unsigned.issuanceDate);
  if (nbf !== undefined) jwt.setNotBefore(nbf).setIssuedAt(nbf);
  const exp = seconds(unsigned.validUntil ?? unsigned.expirationDate);
  if (exp !== undefined) jwt.setExpirationTime(exp);
  return jwt.sign(key.privateKey);
}

export type StatusListKind = 'bitstring' | 'statuslist2021';

/**
 * A signed status list credential with the given entries set, for tests, benchmarks and the seed:
 * - `bitstring`: W3C Bitstring Status List v1.0 (BitstringStatusListCredential, VCDM 2.0,
 *   multibase "u" + base64url GZIP); `statusSize` bits per entry, `statuses` index -> value.
 * - `statuslist2021`: W3C CCG StatusList2021 (StatusList2021Credential, VCDM 1.1, base64url GZIP).
 * Default length 131,072 entries (16 KB at 1 bit, the spec's minimum for herd privacy).
 * `signingKey` (default `key`) signs it: a list whose issuer is not the signer's DID is how tests
 * build "signed by someone else" lists.
 */
export async function createStatusListCredential(options: {
  id: string;
  key: IssuerKey;
  revokedIndexes?: number[];
  /** index -> status value (statusSize bits, most significant first); for statusSize > 1. */
  statuses?: Record<number, number>;
  statusSize?: number;
  length?: number;
  statusPurpose?: string | string[];
  kind?: StatusListKind;
  validFrom?: string;
  validUntil?: string;
  /** Sign with this key instead of `key` (the list still names `key.did` as its issuer). */
  signingKey?: IssuerKey;
}): Promise<Record<string, unknown>> {
  const size = options.statusSize ?? 1;
  const entries = options.length ?? 131_072;
  const bits = new Bitstring({ length: entries * size });
  const statuses: Record<number, number> = { ...options.statuses };
  for (const index of options.revokedIndexes ?? []) statuses[index] = 1;
  for (const [key, value] of Object.entries(statuses)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= entries) throw new Error(`Status index ${index} is outside the list (0..${entries - 1})`);
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** size) throw new Error(`Status value ${value} does not fit in ${size} bits`);
    for (let i = 0; i < size; i++) bits.set(index * size + i, ((value >> (size - 1 - i)) & 1) === 1);
  }
  const encoded = await bits.encodeBits();
  const kind = options.kind ?? 'bitstring';
  const purpose = options.statusPurpose ?? 'revocation';
  const unsigned: Record<string, unknown> =
    kind === 'bitstring'
      ? {
          '@context': ['https://www.w3.org/ns/credentials/v2'],
          id: options.id,
          type: ['VerifiableCredential', 'BitstringStatusListCredential'],
          issuer: options.key.did,
          validFrom: options.validFrom ?? '2024-01-01T00:00:00Z',
          ...(options.validUntil ? { validUntil: options.validUntil } : {}),
          credentialSubject: { id: `${options.id}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList: `u${encoded}` },
        }
      : {
          '@context': ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/vc/status-list/2021/v1'],
          id: options.id,
          type: ['VerifiableCredential', 'StatusList2021Credential'],
          issuer: options.key.did,
          issuanceDate: options.validFrom ?? '2024-01-01T00:00:00Z',
          ...(options.validUntil ? { expirationDate: options.validUntil } : {}),
          credentialSubject: { id: `${options.id}#list`, type: 'StatusList2021', statusPurpose: purpose, encodedList: encoded },
        };
  return signDataIntegrity(unsigned, options.signingKey ?? options.key, { allowOtherIssuer: options.signingKey !== undefined });
}

// ---------------------------------------------------------------------------------------------
// Issuers of every key type and DID method real wallets use (tests and benchmarks)

export type JoseKeyType = 'Ed25519' | 'P-256' | 'P-384' | 'secp256k1' | 'RSA';
export type JoseAlgorithm = 'EdDSA' | 'ES256' | 'ES384' | 'ES256K' | 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512';

export type JoseIssuer = {
  did: string;
  /** The JOSE kid / DID URL of the key. */
  kid: string;
  keyType: JoseKeyType;
  publicJwk: JWK;
  /** publicKeyMultibase (Multikey) where the key type has one. */
  publicKeyMultibase?: string;
  privateKey: KeyObject;
};

const DEFAULT_ALG: Record<JoseKeyType, JoseAlgorithm> = { Ed25519: 'EdDSA', 'P-256': 'ES256', 'P-384': 'ES384', secp256k1: 'ES256K', RSA: 'RS256' };

function generateKeyObjects(keyType: JoseKeyType): { privateKey: KeyObject; publicKey: KeyObject } {
  if (keyType === 'Ed25519') return generateKeyPairSync('ed25519');
  if (keyType === 'RSA') return generateKeyPairSync('rsa', { modulusLength: 2048 });
  return generateKeyPairSync('ec', { namedCurve: keyType === 'P-256' ? 'prime256v1' : keyType === 'P-384' ? 'secp384r1' : 'secp256k1' });
}

/** The Multikey encoding of a public key (what did:key carries), by each key type's own library. */
async function multikeyOf(keyType: JoseKeyType, jwk: JWK): Promise<string | undefined> {
  if (keyType === 'Ed25519') return (await Ed25519Multikey.fromJwk({ jwk: jwk as Record<string, unknown> })).publicKeyMultibase;
  if (keyType === 'P-256' || keyType === 'P-384') return (await EcdsaMultikey.fromJwk({ jwk: jwk as Record<string, unknown> })).publicKeyMultibase;
  if (keyType === 'secp256k1') {
    const x = Buffer.from(jwk.x!, 'base64url');
    const y = Buffer.from(jwk.y!, 'base64url');
    const compressed = secp256k1.Point.fromBytes(new Uint8Array(Buffer.concat([Buffer.from([4]), x, y]))).toBytes(true);
    // multicodec secp256k1-pub (0xe7 0x01), base58btc ("z").
    return `z${base58.encode(new Uint8Array([0xe7, 0x01, ...compressed]))}`;
  }
  return undefined;
}

/**
 * A fresh issuer with a key of `keyType` and a DID of `method`: did:key (Ed25519, P-256, P-384,
 * secp256k1), did:jwk (any), or did:web (`webDid`, whose document `didWebDocument` writes).
 */
export async function createJoseIssuer(keyType: JoseKeyType, method: 'key' | 'jwk' | 'web', webDid?: string): Promise<JoseIssuer> {
  const { privateKey, publicKey } = generateKeyObjects(keyType);
  const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
  const publicKeyMultibase = await multikeyOf(keyType, publicJwk);
  if (method === 'key') {
    if (!publicKeyMultibase) throw new Error(`did:key has no encoding for ${keyType} here`);
    const did = `did:key:${publicKeyMultibase}`;
    return { did, kid: `${did}#${publicKeyMultibase}`, keyType, publicJwk, publicKeyMultibase, privateKey };
  }
  if (method === 'jwk') {
    const did = `did:jwk:${Buffer.from(JSON.stringify(publicJwk)).toString('base64url')}`;
    return { did, kid: `${did}#0`, keyType, publicJwk, ...(publicKeyMultibase ? { publicKeyMultibase } : {}), privateKey };
  }
  if (!webDid?.startsWith('did:web:')) throw new Error('a did:web issuer needs its did:web DID');
  return { did: webDid, kid: `${webDid}#key-1`, keyType, publicJwk, ...(publicKeyMultibase ? { publicKeyMultibase } : {}), privateKey };
}

export type DidWebDocumentOptions = {
  /** Where the key sits: the verificationMethod list (referenced from assertionMethod), or embedded in a relationship. */
  placement?: 'verificationMethod' | 'embedded-assertionMethod' | 'embedded-authentication' | 'authentication-only';
  /** How ids are written: absolute DID URLs or relative "#fragment"s. */
  ids?: 'absolute' | 'relative';
  /** Verification method type; Multikey and Ed25519VerificationKey2020 need a multibase key. */
  type?: 'JsonWebKey2020' | 'JsonWebKey' | 'Multikey' | 'Ed25519VerificationKey2020' | 'Ed25519VerificationKey2018';
  /** Override the key's fragment (default: the issuer kid's). */
  fragment?: string;
};

/** A DID document for a did:web issuer, laid out the ways real issuers lay them out. */
export function didWebDocument(issuer: Pick<JoseIssuer, 'did' | 'kid' | 'publicJwk' | 'publicKeyMultibase'>, options: DidWebDocumentOptions = {}): Record<string, unknown> {
  const fragment = options.fragment ?? issuer.kid.slice(issuer.kid.indexOf('#'));
  const id = options.ids === 'relative' ? fragment : `${issuer.did}${fragment}`;
  const type = options.type ?? 'JsonWebKey2020';
  const material =
    type === 'JsonWebKey2020' || type === 'JsonWebKey'
      ? { publicKeyJwk: issuer.publicJwk }
      : type === 'Ed25519VerificationKey2018'
        ? { publicKeyBase58: base58.encode(new Uint8Array(Buffer.from(issuer.publicJwk.x!, 'base64url'))) }
        : { publicKeyMultibase: issuer.publicKeyMultibase };
  const method = { id, type, controller: options.ids === 'relative' ? issuer.did : issuer.did, ...material };
  const contexts = ['https://www.w3.org/ns/did/v1', type === 'JsonWebKey2020' ? 'https://w3id.org/security/suites/jws-2020/v1' : type === 'Ed25519VerificationKey2020' ? 'https://w3id.org/security/suites/ed25519-2020/v1' : 'https://w3id.org/security/multikey/v1'];
  const placement = options.placement ?? 'verificationMethod';
  if (placement === 'embedded-assertionMethod') return { '@context': contexts, id: issuer.did, assertionMethod: [method] };
  if (placement === 'embedded-authentication') return { '@context': contexts, id: issuer.did, authentication: [method] };
  if (placement === 'authentication-only') return { '@context': contexts, id: issuer.did, verificationMethod: [method], authentication: [id] };
  return { '@context': contexts, id: issuer.did, verificationMethod: [method], assertionMethod: [id], authentication: [id] };
}

/**
 * A compact JWS over `payload` by `issuer`. jose signs every algorithm it has; ES256K (secp256k1)
 * is not in WebCrypto, which jose 6 runs on, so that one is signed by node:crypto (OpenSSL) with
 * the JOSE signature encoding (r || s, RFC 7518 section 3.4).
 */
export async function signJose(payload: Record<string, unknown>, issuer: JoseIssuer, header: Record<string, unknown> = {}): Promise<string> {
  const alg = (header.alg as JoseAlgorithm | undefined) ?? DEFAULT_ALG[issuer.keyType];
  const protectedHeader = { alg, kid: issuer.kid, ...header };
  if (alg === 'ES256K') {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signingInput = `${encode(protectedHeader)}.${encode(payload)}`;
    const signature = cryptoSign('sha256', Buffer.from(signingInput), { key: issuer.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${signingInput}.${signature.toString('base64url')}`;
  }
  return new SignJWT(payload).setProtectedHeader(protectedHeader as Parameters<SignJWT['setProtectedHeader']>[0]).sign(issuer.privateKey);
}

/**
 * VC-JWT claims for `unsigned` by `issuer`: VCDM 1.1 (`vc` claim; iss, sub, jti, nbf, exp as OB 3.0
 * section 8.2 says) or VCDM 2.0 (`typ: vc+jwt`, the payload is the credential).
 */
export async function signVcJwtAs(unsigned: Record<string, unknown>, issuer: JoseIssuer, options: { envelope?: 'vc-claim' | 'vc+jwt'; header?: Record<string, unknown>; claims?: Record<string, unknown> } = {}): Promise<string> {
  const issuerId = issuerIdOf(unsigned);
  if (issuerId !== issuer.did) throw new Error(`Credential issuer ${issuerId ?? '(none)'} is not the signing key's DID ${issuer.did}`);
  if (options.envelope === 'vc+jwt') return signJose({ ...unsigned, ...options.claims }, issuer, { typ: 'vc+jwt', cty: 'vc', ...options.header });
  const subject = unsigned.credentialSubject as { id?: unknown } | undefined;
  const nbf = seconds(unsigned.validFrom ?? unsigned.issuanceDate);
  const exp = seconds(unsigned.validUntil ?? unsigned.expirationDate);
  const claims: Record<string, unknown> = {
    vc: unsigned,
    iss: issuer.did,
    ...(typeof subject?.id === 'string' ? { sub: subject.id } : {}),
    ...(typeof unsigned.id === 'string' ? { jti: unsigned.id } : {}),
    ...(nbf !== undefined ? { nbf, iat: nbf } : {}),
    ...(exp !== undefined ? { exp } : {}),
    ...options.claims,
  };
  return signJose(claims, issuer, { typ: 'JWT', ...options.header });
}

/** An Ed25519 Data Integrity signer under a did:web DID (same seed, same key as deriveIssuerKey). */
export async function deriveDidWebIssuerKey(seed: string, did: string, fragment = '#key-1'): Promise<IssuerKey> {
  const base = await deriveIssuerKey(seed);
  const seedBytes = new Uint8Array(createHash('sha256').update(`skillproof-issuer:${seed}`).digest());
  const verificationMethod = `${did}${fragment}`;
  const keyPair = await Ed25519Multikey.generate({ seed: seedBytes, id: verificationMethod, controller: did });
  return { ...base, did, verificationMethod, keyPair };
}
