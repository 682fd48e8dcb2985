import 'server-only';
// Uploads and API ingest: verify what was given, decide whose it is (a chosen person, or each
// credential's recipient identity matched against people's emails, including salted hashes), then
// ingest per person in one transaction each. Permission 'credentials.import'; the target person
// must be someone the actor may see (a person they cannot see is "not found", not a leak).
import { createHash } from 'node:crypto';
import { eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type DbOrTx } from '../db/client';
import { issuers, people, personIdentities, skills } from '../db/schema';
import { canonicalIdentity, recipientMatches } from '../credentials/verify';
import type { VerifyTask } from '../credentials/verify-task';
import { CpuPoolFullError, verifyInPool } from '../runtime/cpu-pool';
import type { FetchBudget } from '../credentials/loader';
import type { Check, CredentialStatus, NormalizedRecipient, VerificationReport } from '../credentials/types';
import { AppError } from '../domain/app-error';
import { levelName } from '../domain/levels';
import { can, canSeePerson, type Actor } from '../domain/permissions';
import { ingestReports, type IngestResult, type IngestSource } from './ingest-credentials';

/** Per file: no credential, key or status list legitimately comes near it. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const ACCEPTED_EXTENSIONS = ['.json', '.jsonld', '.jwt', '.jws', '.png', '.svg', '.csv', '.zip', '.txt'] as const;

export const importTargetSchema = z.union([
  z.object({ personId: z.string().trim().min(1).max(100) }),
  z.object({ personEmail: z.string().trim().toLowerCase().email().max(320) }),
  z.object({ matchByRecipient: z.literal(true) }),
]);
export type ImportTarget = z.infer<typeof importTargetSchema>;

/**
 * HR attaching a credential whose recipient is none of the person's identities: per item (the
 * `overrideKey` a refused item came back with, i.e. its content hash) with a reason, audited.
 */
export const recipientOverridesSchema = z
  .array(
    z.object({
      item: z.string().trim().regex(/^[0-9a-f]{64}$/, 'the overrideKey of a refused item'),
      reason: z.string().trim().min(5, 'say why (at least 5 characters)').max(500, 'at most 500 characters'),
    }),
  )
  .max(200)
  .default([]);
export type RecipientOverride = z.infer<typeof recipientOverridesSchema>[number];

export type ImportedSkill = { skillId: string; skillName: string; level: number; levelName: string; sourceLevel: string; sourceFramework: string };

/** One row of the per-item report: what was given, whose it became, and what verification said. */
export type ImportItemResult = {
  input: string;
  outcome: 'created' | 'duplicate' | 'rejected';
  message: string;
  /**
   * 'recipient': refused because its recipient is none of the person's identities; HR may attach it
   * anyway by sending `overrides: [{ item: overrideKey, reason }]` with the same file.
   */
  refusal: 'recipient' | null;
  overrideKey: string | null;
  /** 'overridden': attached by HR against a recipient mismatch; it never counts toward verified levels. */
  recipientBinding: 'matched' | 'overridden' | null;
  status: CredentialStatus;
  format: string;
  personId: string | null;
  personName: string | null;
  credentialId: string | null;
  achievementName: string | null;
  issuerName: string | null;
  checks: Check[];
  skills: ImportedSkill[];
  nested: ImportItemResult[];
};

type TargetPerson = { id: string; name: string; email: string; identities: string[] };

function assertCanImport(actor: Actor) {
  if (!can(actor, 'credentials.import')) throw new AppError('forbidden', 'You do not have permission to import credentials.');
}

const visibleColumns = {
  id: people.id,
  name: people.name,
  email: people.email,
  kind: people.kind,
  departmentId: people.departmentId,
  openToMobility: people.openToMobility,
  searchable: people.searchable,
};

type IssuerTrust = Map<string, 'trusted' | 'unknown' | 'blocked'>;

const issuerTrustJson = sql<Record<string, 'trusted' | 'unknown' | 'blocked'>>`(select coalesce(json_object_agg(i.id, i.trust), '{}'::json) from ${issuers} i)`;
// Spelled out: drizzle writes a column inside a selected sql`` without its table when a query reads one
// table, and `person_id = "id"` would then match the subquery's own id.
const personRowId = sql`${sql.identifier('people')}.${sql.identifier('id')}`;

/**
 * What an import needs before verifying, in ONE statement: the chosen person (visibility columns and
 * every recipient identity) and issuers.trust by issuer id (an issuer not listed is 'unknown'). It was
 * three statements (person, identities, issuers) on every import request.
 */
async function loadImportContext(db: DbOrTx, actor: Actor, target: ImportTarget): Promise<{ person: TargetPerson | null; issuerTrust: IssuerTrust }> {
  if ('matchByRecipient' in target) {
    const [row] = rowsOf<{ issuer_trust: Record<string, 'trusted' | 'unknown' | 'blocked'> }>(await db.execute(sql`select ${issuerTrustJson} as issuer_trust`));
    return { person: null, issuerTrust: new Map(Object.entries(row?.issuer_trust ?? {})) };
  }
  const where = 'personId' in target ? eq(people.id, target.personId) : eq(sql`lower(${people.email})`, target.personEmail);
  const [row] = await db
    .select({
      ...visibleColumns,
      identities: sql<string[]>`(select coalesce(json_agg(pi.value order by pi.value), '[]'::json) from ${personIdentities} pi where pi.person_id = ${personRowId})`,
      issuerTrust: issuerTrustJson,
    })
    .from(people)
    .where(where)
    .limit(1);
  if (!row || !canSeePerson(actor, row)) {
    const field = 'personId' in target ? 'personId' : 'personEmail';
    throw new AppError('not_found', 'No person you can see matches that. Check the name or email.', { [field]: ['No such person.'] });
  }
  return { person: { id: row.id, name: row.name, email: row.email, identities: [row.email, ...row.identities] }, issuerTrust: new Map(Object.entries(row.issuerTrust)) };
}

/** Every recipient identity of a person: their email and whatever person_identities adds. */
export async function identitiesOf(db: DbOrTx, personId: string, email: string): Promise<string[]> {
  const rows = await db.select({ value: personIdentities.value }).from(personIdentities).where(eq(personIdentities.personId, personId));
  return [email, ...rows.map((r) => r.value)];
}

/** People the actor may import for, by name or email (the picker on /import). */
export async function findImportTargets(db: DbOrTx, actor: Actor, text: string, limit = 10): Promise<{ id: string; name: string; email: string; kind: string; headline: string }[]> {
  assertCanImport(actor);
  const needle = text.trim().slice(0, 100);
  if (!needle) return [];
  const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .select({ ...visibleColumns, headline: people.headline })
    .from(people)
    .where(or(ilike(people.name, like), ilike(people.email, like)))
    .orderBy(people.name)
    .limit(200);
  return rows
    .filter((r) => canSeePerson(actor, r))
    .slice(0, limit)
    .map((r) => ({ id: r.id, name: r.name, email: r.email, kind: r.kind, headline: r.headline }));
}

/**
 * Verify in the CPU worker pool, not on this thread: canonicalisation and signature checks of an
 * upload would otherwise hold up every search, page and health check meanwhile (issue 12, 3e).
 * The request's network budget goes with the task and what the worker left of it comes back.
 */
async function verifyOffThread(
  input: ({ kind: 'file'; name: string; bytes: Uint8Array } | { kind: 'url'; url: string }) & { person: TargetPerson | null; issuerTrust: IssuerTrust; fetchBudget?: FetchBudget },
): Promise<VerificationReport[]> {
  const { person, issuerTrust, fetchBudget, ...what } = input;
  const task: VerifyTask = {
    ...what,
    options: {
      issuerTrust,
      ...(person ? { recipientIdentities: person.identities } : {}),
      ...(fetchBudget ? { fetchBudget: { fetchesLeft: fetchBudget.fetchesLeft, bytesLeft: fetchBudget.bytesLeft, maxFetches: fetchBudget.maxFetches, maxBytes: fetchBudget.maxBytes } } : {}),
    },
  };
  let result;
  try {
    result = await verifyInPool(task);
  } catch (err) {
    if (err instanceof CpuPoolFullError) throw new AppError('unavailable', err.message);
    throw err;
  }
  if (fetchBudget && result.fetchBudget) {
    fetchBudget.fetchesLeft = result.fetchBudget.fetchesLeft;
    fetchBudget.bytesLeft = result.fetchBudget.bytesLeft;
  }
  return result.reports;
}

function emailOf(identity: string | undefined): string | null {
  if (!identity) return null;
  const plain = identity.replace(/^mailto:/i, '').trim().toLowerCase();
  return /^[^@\s]+@[^@\s]+$/.test(plain) ? plain : null;
}

/**
 * The person a credential names as its recipient: a plain email (or mailto:), DID, URL or profile
 * identifier, or an OB hashed identity ("sha256$<hex>" of identity + salt), checked against every
 * person's email and recorded identities. Only a person the actor may see is returned.
 */
async function matchRecipient(db: DbOrTx, actor: Actor, recipient: NormalizedRecipient | undefined): Promise<TargetPerson | null> {
  if (!recipient?.identity) return null;
  const found = async (personId: string): Promise<TargetPerson | null> => {
    const [row] = await db.select(visibleColumns).from(people).where(eq(people.id, personId)).limit(1);
    return row && canSeePerson(actor, row) ? { id: row.id, name: row.name, email: row.email, identities: await identitiesOf(db, row.id, row.email) } : null;
  };
  if (!recipient.hashed) {
    const email = emailOf(recipient.identity);
    if (email) {
      const [row] = await db.select({ id: people.id }).from(people).where(eq(sql`lower(${people.email})`, email)).limit(1);
      if (row) return found(row.id);
    }
    const [other] = await db.select({ personId: personIdentities.personId }).from(personIdentities).where(eq(personIdentities.canonical, canonicalIdentity(recipient.identity))).limit(1);
    return other ? found(other.personId) : null;
  }
  if (!/^(sha256|md5)\$[0-9a-f]+$/i.test(recipient.identity)) return null;
  // A full scan of two narrow columns with a cheap hash: 100,000 people hash in well under a second.
  const emails = await db.select({ id: people.id, identity: people.email }).from(people);
  const extra = await db.select({ id: personIdentities.personId, identity: personIdentities.value }).from(personIdentities);
  const match = [...emails, ...extra].find((row) => recipientMatches(recipient, row.identity));
  return match ? found(match.id) : null;
}

/** Whether a credential's recipient is one of the person's identities (email, hashed email with salt, DID, URL, profile id). */
function isBoundTo(report: VerificationReport, person: TargetPerson): boolean {
  const recipient = report.credential?.recipient;
  return !!recipient?.identity && person.identities.some((identity) => recipientMatches(recipient, identity));
}

/** The sentence for a credential refused because it names someone else (or no one). */
function recipientRefusal(report: VerificationReport, person: TargetPerson): string {
  const recipient = report.credential?.recipient;
  if (!recipient?.identity) return `Not imported: it does not say who earned it, so it cannot be attached to ${person.name}. HR can attach it anyway with a reason.`;
  const shown = recipient.hashed ? `a hashed identity that matches none of ${person.name}'s identities` : recipient.identity;
  return `Not imported: it was issued to ${shown}, not to ${person.name} (${person.identities.join(', ')}). Add the identity to their profile, or HR can attach it anyway with a reason.`;
}

function overrideKeyOf(report: VerificationReport): string {
  return report.contentHash || createHash('sha256').update(report.raw).digest('hex');
}

async function skillNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: skills.id, name: skills.name }).from(skills).where(inArray(skills.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A skill once per item, at its highest level (a credential may state one skill through two alignments). */
function distinctSkills<T extends { skillId: string; level: number }>(list: T[]): T[] {
  const best = new Map<string, T>();
  for (const s of list) if (!best.has(s.skillId) || best.get(s.skillId)!.level < s.level) best.set(s.skillId, s);
  return [...best.values()];
}

function toItem(result: IngestResult, person: TargetPerson | null, names: Map<string, string>, binding: 'matched' | 'overridden' = 'matched'): ImportItemResult {
  return {
    input: result.input,
    outcome: result.outcome,
    message: result.message,
    status: result.status,
    format: result.report.format,
    // A rejected item was not attached to anyone, whoever was chosen.
    personId: result.outcome === 'rejected' ? null : (person?.id ?? null),
    personName: result.outcome === 'rejected' ? null : (person?.name ?? null),
    credentialId: result.credentialId,
    achievementName: result.achievementName,
    issuerName: result.issuerName,
    refusal: null,
    overrideKey: null,
    recipientBinding: result.outcome === 'rejected' ? null : binding,
    checks: result.report.checks,
    skills: distinctSkills(result.skills).map((s) => ({
      skillId: s.skillId,
      skillName: names.get(s.skillId) ?? s.skillId,
      level: s.level,
      levelName: levelName(s.level),
      sourceLevel: s.sourceLevel,
      sourceFramework: s.sourceFramework,
    })),
    nested: result.nested.map((n) => toItem(n, person, names, binding)),
  };
}

function unmatched(report: VerificationReport, message: string, refusal: ImportItemResult['refusal'] = null): ImportItemResult {
  return {
    input: report.input,
    outcome: 'rejected',
    message,
    refusal,
    overrideKey: refusal ? overrideKeyOf(report) : null,
    recipientBinding: null,
    status: report.status,
    format: report.format,
    personId: null,
    personName: null,
    credentialId: null,
    achievementName: report.credential?.achievement.name ?? null,
    issuerName: report.credential?.issuer.name ?? null,
    checks: report.checks,
    skills: [],
    nested: report.nested.map((n) => unmatched(n, 'Part of a credential that was not imported.')),
  };
}

/**
 * Verified reports -> people -> ingest (one transaction per person). A credential is attached only
 * to a person one of whose identities is its recipient: with a chosen person, anything else is
 * refused with the reason (HR may override per item, audited); matched by recipient, it goes to the
 * person whose identity it names. Nested CLR credentials follow the CLR they came in.
 */
async function ingestForTarget(
  db: DbOrTx,
  actor: Actor,
  target: ImportTarget,
  reports: VerificationReport[],
  source: IngestSource,
  overrides: RecipientOverride[] = [],
  fixedPerson?: TargetPerson | null,
): Promise<ImportItemResult[]> {
  const fixed = fixedPerson === undefined ? (await loadImportContext(db, actor, target)).person : fixedPerson;
  const overrideByKey = new Map(overrides.map((o) => [o.item, o]));
  const groups = new Map<string, { person: TargetPerson; reports: VerificationReport[]; overrides: Map<VerificationReport, { reason: string }> }>();
  const order: { report: VerificationReport; personId: string | null; rejection?: string; refusal?: ImportItemResult['refusal']; overridden?: boolean }[] = [];
  for (const report of reports) {
    if (!report.credential) {
      order.push({ report, personId: null });
      continue;
    }
    let person = fixed;
    let overridden = false;
    if (person) {
      if (!isBoundTo(report, person)) {
        const override = overrideByKey.get(overrideKeyOf(report));
        if (!override) {
          order.push({ report, personId: null, rejection: recipientRefusal(report, person), refusal: 'recipient' });
          continue;
        }
        overridden = true;
      }
    } else {
      person = await matchRecipient(db, actor, report.credential.recipient);
      if (!person) {
        order.push({ report, personId: null, rejection: 'Not imported: nobody you can see has the recipient identity this credential names. Choose the person instead.' });
        continue;
      }
    }
    const group = groups.get(person.id) ?? { person, reports: [] as VerificationReport[], overrides: new Map<VerificationReport, { reason: string }>() };
    group.reports.push(report);
    if (overridden) group.overrides.set(report, { reason: overrideByKey.get(overrideKeyOf(report))!.reason });
    groups.set(person.id, group);
    order.push({ report, personId: person.id, overridden });
  }
  const byReport = new Map<VerificationReport, IngestResult>();
  for (const { person, reports: rs, overrides: personOverrides } of groups.values()) {
    const results = await ingestReports(db, { personId: person.id, reports: rs, source, actorId: actor.id, overrides: personOverrides });
    rs.forEach((r, i) => byReport.set(r, results[i]!));
  }
  const allSkillIds = [...byReport.values()].flatMap((r) => [r, ...r.nested]).flatMap((r) => r.skills.map((s) => s.skillId));
  const names = await skillNames(db, allSkillIds);
  return order.map(({ report, personId, rejection, refusal, overridden }) => {
    const result = byReport.get(report);
    if (!result || !personId) {
      const failed = report.checks.find((c) => c.result === 'fail');
      return unmatched(report, rejection ?? `Not imported: ${failed?.message ?? 'the file could not be read as a credential.'}`, refusal ?? null);
    }
    return toItem(result, groups.get(personId)!.person, names, overridden ? 'overridden' : 'matched');
  });
}

/** Overrides need a chosen person and the permission to override (HR); checked before anything is verified. */
function parseOverrides(actor: Actor, target: ImportTarget, overrides: unknown): RecipientOverride[] {
  const parsed = recipientOverridesSchema.safeParse(overrides ?? []);
  if (!parsed.success) throw new AppError('invalid_input', 'Each override needs the overrideKey of a refused item and a reason.', { overrides: parsed.error.issues.map((i) => i.message) });
  if (parsed.data.length === 0) return [];
  if (!can(actor, 'credentials.overrideRecipient')) throw new AppError('forbidden', 'Only HR can attach a credential to someone it was not issued to.');
  if ('matchByRecipient' in target) throw new AppError('invalid_input', 'Overrides attach a credential to a chosen person: give personId or personEmail.', { overrides: ['Choose the person.'] });
  return parsed.data;
}

export async function importCredentialFile(
  db: DbOrTx,
  actor: Actor,
  input: { target: ImportTarget; file: { name: string; bytes: Uint8Array }; source?: IngestSource; fetchBudget?: FetchBudget; overrides?: unknown },
): Promise<ImportItemResult[]> {
  assertCanImport(actor);
  const target = importTargetSchema.parse(input.target);
  const overrides = parseOverrides(actor, target, input.overrides);
  const name = input.file.name.slice(0, 255) || 'upload';
  if (input.file.bytes.byteLength > MAX_FILE_BYTES) {
    throw new AppError('payload_too_large', `${name} is ${(input.file.bytes.byteLength / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB per file.`);
  }
  if (input.file.bytes.byteLength === 0) throw new AppError('invalid_input', `${name} is empty.`, { file: ['The file is empty.'] });
  // Fail before verifying when the person is wrong: the user fixes the target, not the file.
  const { person, issuerTrust } = await loadImportContext(db, actor, target);
  const reports = await verifyOffThread({ kind: 'file', name, bytes: input.file.bytes, person, issuerTrust, ...(input.fetchBudget ? { fetchBudget: input.fetchBudget } : {}) });
  return ingestForTarget(db, actor, target, reports, input.source ?? 'upload', overrides, person);
}

export async function importCredentialUrl(
  db: DbOrTx,
  actor: Actor,
  input: { target: ImportTarget; url: string; source?: IngestSource; fetchBudget?: FetchBudget; overrides?: unknown },
): Promise<ImportItemResult[]> {
  assertCanImport(actor);
  const target = importTargetSchema.parse(input.target);
  const overrides = parseOverrides(actor, target, input.overrides);
  const url = z.string().trim().url('Enter a full https:// address.').max(2000).parse(input.url);
  const { person, issuerTrust } = await loadImportContext(db, actor, target);
  const reports = await verifyOffThread({ kind: 'url', url, person, issuerTrust, ...(input.fetchBudget ? { fetchBudget: input.fetchBudget } : {}) });
  return ingestForTarget(db, actor, target, reports, input.source ?? 'upload', overrides, person);
}

/** The person chosen on /import (?person=), or null when missing or not visible. */
export async function getImportTarget(db: DbOrTx, actor: Actor, personId: string): Promise<{ id: string; name: string; email: string } | null> {
  assertCanImport(actor);
  if (!personId || personId.length > 100) return null;
  const [row] = await db.select(visibleColumns).from(people).where(eq(people.id, personId)).limit(1);
  return row && canSeePerson(actor, row) ? { id: row.id, name: row.name, email: row.email } : null;
}
