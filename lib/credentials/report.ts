// Building a VerificationReport: one entry per check, and the overall status derived from them.
import { createHash } from 'node:crypto';
import type { Check, CheckId, CheckResult, CredentialFormat, CredentialStatus, NormalizedCredential, VerificationReport } from './types';

/** What a failed check means for the overall status; anything unlisted makes the credential invalid. */
export type FailureMeaning = 'invalid' | 'revoked' | 'suspended' | 'expired' | 'not-yet-valid' | 'unverified';

const CHECK_ORDER: CheckId[] = ['parse', 'structure', 'jsonld', 'key', 'signature', 'hosted', 'revocation', 'dates', 'recipient', 'issuer-trust', 'nested'];

const CHECK_RANK = new Map(CHECK_ORDER.map((id, i) => [id, i]));

const PRECEDENCE: FailureMeaning[] = ['invalid', 'revoked', 'suspended', 'expired', 'not-yet-valid', 'unverified'];

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

export class ReportBuilder {
  readonly checks: Check[] = [];
  private readonly meanings: FailureMeaning[] = [];
  /** Set when nothing cryptographic vouches for the content (self-reported, unsigned). */
  selfReported = false;

  constructor(
    readonly input: string,
    public format: CredentialFormat | 'unknown' = 'unknown',
  ) {}

  add(id: CheckId, result: CheckResult, message: string, meaning: FailureMeaning = 'invalid'): this {
    this.checks.push({ id, result, message });
    if (result === 'fail') this.meanings.push(meaning);
    return this;
  }
  pass(id: CheckId, message: string): this {
    return this.add(id, 'pass', message);
  }
  fail(id: CheckId, message: string, meaning: FailureMeaning = 'invalid'): this {
    return this.add(id, 'fail', message, meaning);
  }
  warn(id: CheckId, message: string): this {
    return this.add(id, 'warn', message);
  }
  skip(id: CheckId, message: string): this {
    return this.add(id, 'skipped', message);
  }
  has(id: CheckId, result: CheckResult): boolean {
    return this.checks.some((c) => c.id === id && c.result === result);
  }
  get failed(): boolean {
    return this.meanings.length > 0;
  }
  /** Failed in a way that makes the content untrustworthy (as opposed to revoked/expired). */
  get broken(): boolean {
    return this.meanings.includes('invalid');
  }

  status(): CredentialStatus {
    for (const meaning of PRECEDENCE) if (this.meanings.includes(meaning)) return meaning;
    return this.selfReported ? 'unverified' : 'verified';
  }

  finish(raw: string, credential?: NormalizedCredential, nested: VerificationReport[] = []): VerificationReport {
    // Reports read in one order whatever order the checks ran in (stable within a check id).
    // Array.prototype.sort is stable, so checks with the same id keep the order they ran in.
    const checks = this.checks.slice().sort((a, b) => CHECK_RANK.get(a.id)! - CHECK_RANK.get(b.id)!);
    return {
      input: this.input,
      format: this.format,
      status: this.status(),
      checks,
      ...(credential ? { credential } : {}),
      nested,
      raw,
      contentHash: sha256Hex(raw),
    };
  }
}

/** A report for input that could not be read at all. */
export function parseFailure(input: string, message: string, raw = ''): VerificationReport {
  return new ReportBuilder(input).fail('parse', message).finish(raw);
}
