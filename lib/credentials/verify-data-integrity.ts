// Data Integrity proof verification through jsonld-signatures with the assertionMethod proof
// purpose (the key must be listed by its controller for assertions), for every suite issuers use:
// DataIntegrityProof with eddsa-rdfc-2022 (and its pre-standard name eddsa-2022), eddsa-jcs-2022,
// ecdsa-rdfc-2019, ecdsa-jcs-2019 and ecdsa-sd-2023 (derived proofs), and the older
// Ed25519Signature2020 and Ed25519Signature2018 (Jobs for the Future plugfest badges). Each suite is
// the Digital Bazaar implementation; nothing here signs or hashes by hand.
// Whether the key's controller is the credential's issuer is reported by the caller as the 'key'
// check: the 1EdTech validator accepts a did:key proof on a credential whose issuer is a urn:uuid,
// so a mismatch is a warning, not a broken signature. Dates and status are checked elsewhere.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import { createVerifyCryptosuite as createEcdsaJcs2019 } from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import { createVerifyCryptosuite as createEcdsaSd2023 } from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import { createVerifyCryptosuite as createEddsaJcs2022 } from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2018 } from '@digitalbazaar/ed25519-signature-2018';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import jsigs from 'jsonld-signatures';
import { selfDescribedController, selfDescribingKey, type DocumentLoader, type KeyType } from './document-loader';

export type ProofSummary = { type: string; cryptosuite?: string; verificationMethod?: string; proofPurpose?: string; proofValue?: string };

export type DataIntegrityResult =
  | { verified: true; proof: ProofSummary }
  | { verified: false; proof: ProofSummary | null; reason: string; unsupported?: boolean; /** Safe-mode JSON-LD error met while canonicalising: the document, not the signature, is at fault. */ jsonLdError?: string };

function summarise(raw: unknown): ProofSummary | null {
  if (!raw || typeof raw !== 'object') return null;
  const p = raw as Record<string, unknown>;
  const vm = typeof p.verificationMethod === 'string' ? p.verificationMethod : (p.verificationMethod as { id?: unknown } | undefined)?.id;
  return {
    type: typeof p.type === 'string' ? p.type : '',
    cryptosuite: typeof p.cryptosuite === 'string' ? p.cryptosuite : undefined,
    verificationMethod: typeof vm === 'string' ? vm : undefined,
    proofPurpose: typeof p.proofPurpose === 'string' ? p.proofPurpose : undefined,
    proofValue: typeof p.proofValue === 'string' ? p.proofValue : undefined,
  };
}

/** Every proof of the document (a proof set may hold several), summarised. */
export function proofsOf(document: Record<string, unknown>): ProofSummary[] {
  return (Array.isArray(document.proof) ? document.proof : [document.proof]).map(summarise).filter((p): p is ProofSummary => p !== null);
}

/**
 * The proof to check: the first one of a suite verified here, else the first one. A proof set may
 * carry proofs of several suites (VC Data Integrity "proof sets"); jsonld-signatures checks the
 * ones the chosen suite matches and ignores the others, which the caller reports as not checked.
 */
export function proofOf(document: Record<string, unknown>): ProofSummary | null {
  const proofs = proofsOf(document);
  return proofs.find((p) => isSupported(p) && !isSdBaseProof(p)) ?? proofs[0] ?? null;
}

const DATA_INTEGRITY_SUITES = new Set(['eddsa-rdfc-2022', 'eddsa-2022', 'eddsa-jcs-2022', 'ecdsa-rdfc-2019', 'ecdsa-jcs-2019', 'ecdsa-sd-2023']);

function isSupported(proof: ProofSummary): boolean {
  if (proof.type === 'DataIntegrityProof') return DATA_INTEGRITY_SUITES.has(proof.cryptosuite ?? '');
  return proof.type === 'Ed25519Signature2020' || proof.type === 'Ed25519Signature2018';
}

/** Every suite verified here, as "type" or "type / cryptosuite", for messages. */
export const SUPPORTED_SUITES = ['eddsa-rdfc-2022', 'eddsa-jcs-2022', 'ecdsa-rdfc-2019', 'ecdsa-jcs-2019', 'ecdsa-sd-2023 (derived proofs)', 'Ed25519Signature2020', 'Ed25519Signature2018'];

/** Blockcerts proofs: a Merkle proof whose root is anchored in a blockchain transaction. */
const BLOCKCHAIN_PROOFS = ['MerkleProof2019', 'MerkleProof2017', 'ChainpointSHA256v2'];

/** Suites that canonicalise with JCS (RFC 8785): the signature covers the JSON, not the JSON-LD graph. */
export function isJcsSuite(proof: ProofSummary): boolean {
  return proof.type === 'DataIntegrityProof' && (proof.cryptosuite === 'eddsa-jcs-2022' || proof.cryptosuite === 'ecdsa-jcs-2019');
}

/**
 * ecdsa-sd-2023 proof values are CBOR with a 3-byte header, multibase base64url ("u"): 0xd9 0x5d
 * 0x00 is a base proof ("u2V0A..."), 0xd9 0x5d 0x01 a derived one ("u2V0B...").
 */
export function isSdBaseProof(proof: ProofSummary): boolean {
  return proof.cryptosuite === 'ecdsa-sd-2023' && (proof.proofValue ?? '').startsWith('u2V0A');
}

export function suiteFor(proof: ProofSummary): { suite: unknown; keyType: KeyType } | null {
  if (proof.type === 'DataIntegrityProof') {
    switch (proof.cryptosuite) {
      case 'eddsa-rdfc-2022':
        return { suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), keyType: 'Multikey' };
      // "eddsa-2022" is the pre-standard name of the same suite (RDFC-1.0 + Ed25519); 1EdTech accepts it with a warning.
      case 'eddsa-2022':
        return { suite: new DataIntegrityProof({ cryptosuite: { ...eddsaRdfc2022, name: 'eddsa-2022' }, legacyContext: true }), keyType: 'Multikey' };
      case 'eddsa-jcs-2022':
        return { suite: new DataIntegrityProof({ cryptosuite: createEddsaJcs2022() }), keyType: 'Multikey' };
      case 'ecdsa-rdfc-2019':
        return { suite: new DataIntegrityProof({ cryptosuite: ecdsaRdfc2019 }), keyType: 'Multikey' };
      case 'ecdsa-jcs-2019':
        return { suite: new DataIntegrityProof({ cryptosuite: createEcdsaJcs2019() }), keyType: 'Multikey' };
      // The verify suite handles derived proofs only, as the spec's verification algorithm does;
      // base proofs are turned away before this (see verifyDataIntegrity).
      case 'ecdsa-sd-2023':
        return { suite: new DataIntegrityProof({ cryptosuite: createEcdsaSd2023() }), keyType: 'Multikey' };
      default:
        return null;
    }
  }
  if (proof.type === 'Ed25519Signature2020') return { suite: new Ed25519Signature2020(), keyType: 'Ed25519VerificationKey2020' };
  // The 2018 suite takes an Ed25519VerificationKey2020 and converts it to the 2018 form itself, so
  // self-describing keys are presented the same way as for the 2020 suite.
  if (proof.type === 'Ed25519Signature2018') return { suite: new Ed25519Signature2018(), keyType: 'Ed25519VerificationKey2020' };
  return null;
}

/** A jsonld.js error (safe mode, invalid syntax, unknown context) anywhere in the error chain. */
function findJsonLdError(error: unknown, depth = 0): string | null {
  if (!error || typeof error !== 'object' || depth > 5) return null;
  const e = error as { name?: string; message?: string; errors?: unknown[]; cause?: unknown; details?: { event?: { message?: string } } };
  if (typeof e.name === 'string' && e.name.startsWith('jsonld.')) {
    const detail = e.details?.event?.message;
    return detail ? `${e.message ?? e.name} (${detail})` : e.message ?? e.name;
  }
  for (const inner of [...(e.errors ?? []), e.cause]) {
    const found = findJsonLdError(inner, depth + 1);
    if (found) return found;
  }
  return null;
}

function flattenErrors(error: unknown): string {
  const e = error as { message?: string; errors?: unknown[]; cause?: unknown } | undefined;
  if (!e) return 'unknown error';
  if (Array.isArray(e.errors) && e.errors.length > 0) return e.errors.map(flattenErrors).join('; ');
  return e.message ?? String(error);
}

export async function verifyDataIntegrity(
  document: Record<string, unknown>,
  loaderFor: (keyType: KeyType) => DocumentLoader,
): Promise<DataIntegrityResult> {
  const proof = proofOf(document);
  if (!proof) return { verified: false, proof: null, reason: 'The credential has no proof' };
  const chosen = suiteFor(proof);
  if (!chosen) {
    const name = proof.cryptosuite ? `${proof.type} / ${proof.cryptosuite}` : proof.type || '(no type)';
    if (BLOCKCHAIN_PROOFS.includes(proof.type)) return { verified: false, proof, reason: `the proof is a Blockcerts ${proof.type}, anchored to a blockchain; checking it needs a blockchain lookup, which this verifier does not do`, unsupported: true };
    return { verified: false, proof, reason: `proof type ${name} is not supported (supported: ${SUPPORTED_SUITES.join(', ')})`, unsupported: true };
  }
  if (isSdBaseProof(proof)) {
    // vc-di-ecdsa: the issuer gives the base proof to the holder, who derives a proof revealing the
    // statements they choose; the verification algorithm is defined for derived proofs only.
    return { verified: false, proof, reason: 'this is an ecdsa-sd-2023 base proof, which the issuer gives to the holder; a verifier checks the derived proof the holder makes from it (ask the holder to share the credential from their wallet)', unsupported: true };
  }
  const base = loaderFor(chosen.keyType);
  // For a key named `<url>#<multibase>`, the controller document is synthesised from the key id
  // (its binding to the issuer is reported by the caller as the 'key' check).
  const self = proof.verificationMethod && !proof.verificationMethod.startsWith('did:') ? selfDescribingKey(proof.verificationMethod) : null;
  const documentLoader: DocumentLoader = self
    ? async (url) => (url === self.controller ? { contextUrl: null, documentUrl: url, document: selfDescribedController(self.vmId, chosen.keyType) } : base(url))
    : base;
  try {
    const result = await jsigs.verify(document, {
      suite: chosen.suite,
      purpose: new jsigs.purposes.AssertionProofPurpose(),
      documentLoader,
    });
    if (result.verified) return { verified: true, proof };
    const firstError = result.results?.find((r) => r.error)?.error ?? result.error;
    const jsonLdError = findJsonLdError(firstError);
    return { verified: false, proof, reason: flattenErrors(firstError), ...(jsonLdError ? { jsonLdError } : {}) };
  } catch (error) {
    const jsonLdError = findJsonLdError(error);
    return { verified: false, proof, reason: flattenErrors(error), ...(jsonLdError ? { jsonLdError } : {}) };
  }
}
