// Data Integrity proof verification (eddsa-rdfc-2022 and Ed25519Signature2020) through
// jsonld-signatures with the assertionMethod proof purpose (the key must be listed by its
// controller for assertions). Whether that controller is the credential's issuer is reported by
// the caller as the 'key' check: the 1EdTech validator accepts a did:key proof on a credential whose
// issuer is a urn:uuid, so a mismatch is a warning, not a broken signature. Dates and status are
// checked elsewhere, each as its own check.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import jsigs from 'jsonld-signatures';
import { selfDescribedController, selfDescribingKey, type DocumentLoader } from './document-loader';

export type ProofSummary = { type: string; cryptosuite?: string; verificationMethod?: string; proofPurpose?: string };

export type DataIntegrityResult =
  | { verified: true; proof: ProofSummary }
  | { verified: false; proof: ProofSummary | null; reason: string; unsupported?: boolean; /** Safe-mode JSON-LD error met while canonicalising: the document, not the signature, is at fault. */ jsonLdError?: string };

export function proofOf(document: Record<string, unknown>): ProofSummary | null {
  const raw = Array.isArray(document.proof) ? document.proof[0] : document.proof;
  if (!raw || typeof raw !== 'object') return null;
  const p = raw as Record<string, unknown>;
  const vm = typeof p.verificationMethod === 'string' ? p.verificationMethod : (p.verificationMethod as { id?: unknown } | undefined)?.id;
  return {
    type: typeof p.type === 'string' ? p.type : '',
    cryptosuite: typeof p.cryptosuite === 'string' ? p.cryptosuite : undefined,
    verificationMethod: typeof vm === 'string' ? vm : undefined,
    proofPurpose: typeof p.proofPurpose === 'string' ? p.proofPurpose : undefined,
  };
}

export function suiteFor(proof: ProofSummary): { suite: unknown; keyType: 'Multikey' | 'Ed25519VerificationKey2020' } | null {
  if (proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-rdfc-2022') {
    return { suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), keyType: 'Multikey' };
  }
  // "eddsa-2022" is the pre-standard name of the same suite (RDFC-1.0 + Ed25519); 1EdTech accepts it with a warning.
  if (proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-2022') {
    return { suite: new DataIntegrityProof({ cryptosuite: { ...eddsaRdfc2022, name: 'eddsa-2022' }, legacyContext: true }), keyType: 'Multikey' };
  }
  if (proof.type === 'Ed25519Signature2020') return { suite: new Ed25519Signature2020(), keyType: 'Ed25519VerificationKey2020' };
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
  loaderFor: (keyType: 'Multikey' | 'Ed25519VerificationKey2020') => DocumentLoader,
): Promise<DataIntegrityResult> {
  const proof = proofOf(document);
  if (!proof) return { verified: false, proof: null, reason: 'The credential has no proof' };
  const chosen = suiteFor(proof);
  if (!chosen) {
    const name = proof.cryptosuite ? `${proof.type} / ${proof.cryptosuite}` : proof.type || '(no type)';
    return { verified: false, proof, reason: `Proof type ${name} is not supported (supported: eddsa-rdfc-2022, Ed25519Signature2020)`, unsupported: true };
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
