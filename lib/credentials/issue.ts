// Signing, for the demo seed and for tests/benchmarks: real OB 3.0 credentials signed the way a
// real issuer would (Data Integrity eddsa-rdfc-2022, or VC-JWT with EdDSA), by did:key issuers
// whose keys are derived deterministically from a seed string so a seeded database is reproducible.
import { createHash } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
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

/**
 * Adds a Data Integrity proof (cryptosuite eddsa-rdfc-2022) by `key`. The credential's issuer must
 * be the key's DID: verifiers check that the signing key's controller is the issuer.
 */
export async function signDataIntegrity(unsigned: Record<string, unknown>, key: IssuerKey, options: { allowOtherIssuer?: boolean } = {}): Promise<Record<string, unknown>> {
  const issuerId = issuerIdOf(unsigned);
  if (issuerId !== key.did && !options.allowOtherIssuer) throw new Error(`Credential issuer ${issuerId ?? '(none)'} is not the signing key's DID ${key.did}`);
  const suite = new DataIntegrityProof({ signer: key.keyPair.signer(), cryptosuite: eddsaRdfc2022, date: proofDate(unsigned) });
  // structuredClone: jsigs adds `proof` to a copy, but never hand a caller's object to a library.
  return jsigs.sign(structuredClone(unsigned), {
    suite,
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
