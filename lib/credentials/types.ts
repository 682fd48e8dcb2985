// The contract between parsing/verification (lib/credentials/verify*) and mapping/ingest
// (lib/credentials/map-skills, lib/data). Pure types: no I/O here.
import type { AlignmentJson, ResultDescriptionJson } from '../db/schema';

export type CheckId =
  | 'parse'
  | 'structure'
  | 'jsonld'
  | 'key'
  | 'signature'
  | 'hosted'
  | 'revocation'
  | 'dates'
  | 'recipient'
  | 'issuer-trust'
  | 'nested';

export type CheckResult = 'pass' | 'fail' | 'warn' | 'skipped';
export type Check = { id: CheckId; result: CheckResult; message: string };

export type CredentialStatus = 'verified' | 'invalid' | 'revoked' | 'expired' | 'not-yet-valid' | 'suspended' | 'unverified';

export type CredentialFormat = 'ob2-hosted' | 'ob2-signed' | 'ob3-ldp' | 'ob3-jwt' | 'clr2-ldp' | 'clr2-jwt' | 'course-csv';

export type NormalizedIssuer = { id: string; name: string; url?: string };

export type NormalizedAchievement = {
  id: string;
  name: string;
  description: string;
  type: string;
  criteria?: string;
  image?: string;
  issuer?: NormalizedIssuer;
  alignments: AlignmentJson[];
  resultDescriptions: ResultDescriptionJson[];
  creditsAvailable?: number;
  /** Stacks: achievements this one counts toward. */
  partOf: string[];
  /**
   * Set when the credential names no achievement (a CLR, an endorsement, a verifiable credential
   * that is not an Open Badge) and this entry only describes the credential itself: it proves no skill.
   */
  standsForCredential?: boolean;
};

export type NormalizedResult = {
  /** id of the ResultDescription this result answers. */
  resultDescription?: string;
  achievedLevel?: string;
  value?: string;
  status?: string;
  alignments?: AlignmentJson[];
};

export type NormalizedRecipient = {
  /** Plain identity (email, URL, DID) or a hash "sha256$..." */
  identity?: string;
  hashed: boolean;
  salt?: string;
  type?: string;
  name?: string;
};

export type NormalizedCredential = {
  /** The credential's own id (assertion id / VC id), when it has one. */
  id?: string;
  issuer: NormalizedIssuer;
  recipient: NormalizedRecipient;
  achievement: NormalizedAchievement;
  results: NormalizedResult[];
  issuedAt?: string;
  validFrom?: string;
  validUntil?: string;
  evidence: { id?: string; name?: string; narrative?: string; description?: string }[];
};

export type VerificationReport = {
  /** What the user gave: a file name, URL, or "<inline>". */
  input: string;
  format: CredentialFormat | 'unknown';
  status: CredentialStatus;
  checks: Check[];
  /** Present when parsing got far enough to know what the credential says. */
  credential?: NormalizedCredential;
  /** CLR 2.0: each nested credential verified on its own. */
  nested: VerificationReport[];
  /** The document as received (JSON text or compact JWS/JWT) and its sha256, for idempotent storage. */
  raw: string;
  contentHash: string;
};

/** A skill and level proved (or claimed) by one credential, after mapping (lib/credentials/map-skills). */
export type MappedSkill = {
  skillId: string;
  level: number;
  sourceLevel: string;
  sourceFramework: string;
};
