// Signing, for the demo seed and for tests/benchmarks: real OB 3.0 credentials signed the way a
// real issuer would (Data Integrity eddsa-rdfc-2022, or VC-JWT with EdDSA), by did:key issuers
// whose keys are derived deterministically from a seed string so a seeded database is reproducible.
import { createHash } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { CredentialIssuancePurpose } from '@digitalbazaar/vc';
import { createCredential as createStatusCredential, createList } from '@digitalbazaar/vc-bitstring-status-list';
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
export async function signDataIntegrity(unsigned: Record<string, unknown>, key: IssuerKey): Promise<Record<string, unknown>> {
  const issuerId = issuerIdOf(unsigned);
  if (issuerId !== key.did) throw new Error(`Credential issuer ${issuerId ?? '(none)'} is not the signing key's DID ${key.did}`);
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

/**
 * A signed BitstringStatusListCredential (W3C VC Bitstring Status List v1.0) with the given
 * indexes set, for statusPurpose "revocation". Default length 131,072 bits (16 KB, the spec's
 * minimum for herd privacy).
 */
export async function createStatusListCredential(options: {
  id: string;
  key: IssuerKey;
  revokedIndexes: number[];
  length?: number;
  validFrom?: string;
}): Promise<Record<string, unknown>> {
  const length = options.length ?? 131_072;
  const list = await createList({ length });
  for (const index of options.revokedIndexes) {
    if (!Number.isInteger(index) || index < 0 || index >= length) throw new Error(`Status index ${index} is outside the list (0..${length - 1})`);
    list.setStatus(index, true);
  }
  const unsigned = await createStatusCredential({ id: options.id, list, statusPurpose: 'revocation' });
  unsigned.issuer = options.key.did;
  unsigned.validFrom = options.validFrom ?? '2024-01-01T00:00:00Z';
  return signDataIntegrity(unsigned, options.key);
}
