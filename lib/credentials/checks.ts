// Checks shared by every format: dates, recipient, issuer trust, and (from status.ts) status lists.
import { createHash } from 'node:crypto';
import type { CredentialLoader } from './loader';
import type { ReportBuilder } from './report';
import type { NormalizedRecipient } from './types';

export type IssuerTrust = (issuerId: string) => 'trusted' | 'unknown' | 'blocked';

export type CheckContext = {
  now: Date;
  loader: CredentialLoader;
  issuerTrust?: IssuerTrust;
  /** Identities (emails, URLs) the recipient is expected to be; hashed recipients are compared against them. */
  recipientIdentities?: string[];
};

function day(iso: string): string {
  return iso.length > 10 ? iso.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1 UTC') : iso;
}

function parseDate(value: string | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** validFrom/issuedOn and validUntil/expires against `now`. */
export function checkDates(b: ReportBuilder, from: string | undefined, until: string | undefined, now: Date, labels = { from: 'valid from', until: 'valid until' }): void {
  const f = parseDate(from);
  const u = parseDate(until);
  if (from && f === null) return void b.fail('dates', `The ${labels.from} date "${from}" is not a valid date`);
  if (until && u === null) return void b.fail('dates', `The ${labels.until} date "${until}" is not a valid date`);
  if (f !== null && u !== null && u < f) return void b.fail('dates', `It expires (${day(until!)}) before it was issued (${day(from!)})`);
  if (f !== null && f > now.getTime()) return void b.fail('dates', `Not valid until ${day(from!)}`, 'not-yet-valid');
  if (u !== null && u <= now.getTime()) return void b.fail('dates', `Expired on ${day(until!)}`, 'expired');
  if (u !== null) return void b.pass('dates', `Valid${f !== null ? ` from ${day(from!)}` : ''} until ${day(until!)}`);
  b.pass('dates', f !== null ? `Valid from ${day(from!)}, with no expiry date` : 'No validity dates; it does not expire');
}

/** OB 2.0 / OB 3.0 identity hashes: "sha256$<hex>" or "md5$<hex>" of identity + salt. */
export function hashIdentity(identity: string, salt: string | undefined, algorithm: 'sha256' | 'md5'): string {
  return `${algorithm}$${createHash(algorithm).update(identity + (salt ?? '')).digest('hex')}`;
}

const MAILTO = /^mailto:/i;
const EMAIL = /^[^@\s]+@[^@\s]+$/;
const HASHED = /^(sha256|md5)\$([0-9a-f]+)$/i;

/**
 * An identity in the form it is compared in. OB 3.0 subjects name email recipients as
 * "mailto:x@y" while OB 2.0 identities and people records hold "x@y"; both mean the same
 * mailbox, and issuers differ on letter case, so emails compare without the scheme and
 * lower-cased. Anything else (URLs, DIDs, phone numbers) compares as written: DIDs are
 * case-sensitive.
 */
export function canonicalIdentity(identity: string): string {
  const trimmed = identity.trim();
  const bare = trimmed.replace(MAILTO, '');
  return EMAIL.test(bare) ? bare.toLowerCase() : trimmed;
}

/** What an issuer may have hashed for this identity: as given, lower-cased, with and without "mailto:". */
function hashCandidates(identity: string): string[] {
  const trimmed = identity.trim();
  const bare = trimmed.replace(MAILTO, '');
  if (!EMAIL.test(bare)) return trimmed === identity ? [identity] : [identity, trimmed];
  const lower = bare.toLowerCase();
  return [...new Set([identity, trimmed, bare, lower, `mailto:${bare}`, `mailto:${lower}`])];
}

/**
 * Whether the credential's recipient is `identity`: "mailto:x@y" and "x@y" are the same
 * recipient, emails case-insensitively, and a salted sha256$/md5$ hash matches when any
 * form of the identity hashes to it.
 */
export function recipientMatches(recipient: NormalizedRecipient, identity: string): boolean {
  if (!recipient.identity) return false;
  if (!recipient.hashed) return canonicalIdentity(recipient.identity) === canonicalIdentity(identity);
  const m = HASHED.exec(recipient.identity.trim());
  if (!m) return false;
  const algorithm = m[1]!.toLowerCase() as 'sha256' | 'md5';
  const expected = m[2]!.toLowerCase();
  return hashCandidates(identity).some((candidate) => createHash(algorithm).update(candidate + (recipient.salt ?? '')).digest('hex') === expected);
}

/** Expected identities for a message, without repeating "x@y" and "mailto:x@y". */
function distinctIdentities(identities: string[]): string[] {
  const seen = new Map<string, string>();
  for (const identity of identities) if (!seen.has(canonicalIdentity(identity))) seen.set(canonicalIdentity(identity), identity);
  return [...seen.values()];
}

export function checkRecipient(b: ReportBuilder, recipient: NormalizedRecipient, expected: string[] | undefined): void {
  if (!recipient.identity) return void b.warn('recipient', 'The credential does not say who earned it');
  if (recipient.hashed) {
    if (!/^(sha256\$[0-9a-f]{64}|md5\$[0-9a-f]{32})$/i.test(recipient.identity)) return void b.fail('recipient', `The recipient identity hash "${recipient.identity.slice(0, 40)}" is not a sha256$ or md5$ hash`);
    if (!expected?.length) return void b.skip('recipient', `The recipient is a salted ${recipient.identity.split('$')[0]} hash; it can only be matched against a known ${recipient.type ?? 'identity'}`);
    const match = expected.find((e) => recipientMatches(recipient, e));
    return match ? void b.pass('recipient', `The recipient hash matches ${match}`) : void b.fail('recipient', `The recipient hash matches none of: ${distinctIdentities(expected).join(', ')}`);
  }
  if (!expected?.length) return void b.pass('recipient', `Issued to ${recipient.identity}`);
  return expected.some((e) => recipientMatches(recipient, e))
    ? void b.pass('recipient', `Issued to ${recipient.identity}`)
    : void b.fail('recipient', `Issued to ${recipient.identity}, not to ${distinctIdentities(expected).join(' or ')}`);
}

export function checkIssuerTrust(b: ReportBuilder, issuerId: string, issuerName: string, trust: IssuerTrust | undefined): void {
  if (!issuerId) return void b.fail('issuer-trust', 'The credential names no issuer');
  if (!trust) return void b.skip('issuer-trust', `No issuer trust list is configured; ${issuerName || issuerId} was not checked against one`);
  const verdict = trust(issuerId);
  if (verdict === 'trusted') b.pass('issuer-trust', `${issuerName || issuerId} is a trusted issuer`);
  else if (verdict === 'blocked') b.fail('issuer-trust', `${issuerName || issuerId} is on the blocked issuers list`);
  else b.warn('issuer-trust', `${issuerName || issuerId} is not on the trusted issuers list`);
}

// Status lists live in status.ts; re-exported here because every format's verifier imports its checks from one place.
export { checkCredentialStatus, resolveThroughLoader as jsonResolver } from './status';
