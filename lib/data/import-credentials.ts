import 'server-only';
// Uploads and API ingest: verify what was given, decide whose it is (a chosen person, or each
// credential's recipient identity matched against people's emails, including salted hashes), then
// ingest per person in one transaction each. Permission 'credentials.import'; the target person
// must be someone the actor may see (a person they cannot see is "not found", not a leak).
import { eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client';
import { issuers, people, skills } from '../db/schema';
import { recipientMatches, verifyCredentialFile, verifyCredentialUrl } from '../credentials/verify';
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

export type ImportedSkill = { skillId: string; skillName: string; level: number; levelName: string; sourceLevel: string; sourceFramework: string };

/** One row of the per-item report: what was given, whose it became, and what verification said. */
export type ImportItemResult = {
  input: string;
  outcome: 'created' | 'duplicate' | 'rejected';
  message: string;
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

type TargetPerson = { id: string; name: string; email: string };

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

async function resolveTarget(db: DbOrTx, actor: Actor, target: ImportTarget): Promise<TargetPerson | null> {
  if ('matchByRecipient' in target) return null;
  const where = 'personId' in target ? eq(people.id, target.personId) : eq(sql`lower(${people.email})`, target.personEmail);
  const [row] = await db.select(visibleColumns).from(people).where(where).limit(1);
  if (!row || !canSeePerson(actor, row)) {
    const field = 'personId' in target ? 'personId' : 'personEmail';
    throw new AppError('not_found', 'No person you can see matches that. Check the name or email.', { [field]: ['No such person.'] });
  }
  return { id: row.id, name: row.name, email: row.email };
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

/** issuers.trust as the verifier's issuer-trust callback. */
async function issuerTrustFrom(db: DbOrTx): Promise<(issuerId: string) => 'trusted' | 'unknown' | 'blocked'> {
  const rows = await db.select({ id: issuers.id, trust: issuers.trust }).from(issuers);
  const map = new Map(rows.map((r) => [r.id, r.trust]));
  return (id) => map.get(id) ?? 'unknown';
}

function emailOf(identity: string | undefined): string | null {
  if (!identity) return null;
  const plain = identity.replace(/^mailto:/i, '').trim().toLowerCase();
  return /^[^@\s]+@[^@\s]+$/.test(plain) ? plain : null;
}

/**
 * The person a credential names as its recipient: a plain email (or mailto:), or an OB hashed
 * identity ("sha256$<hex>" of email + salt), checked against every visible person's email.
 */
async function matchRecipient(db: DbOrTx, actor: Actor, recipient: NormalizedRecipient | undefined): Promise<TargetPerson | null> {
  if (!recipient?.identity) return null;
  if (!recipient.hashed) {
    const email = emailOf(recipient.identity);
    if (!email) return null;
    const [row] = await db.select(visibleColumns).from(people).where(eq(sql`lower(${people.email})`, email)).limit(1);
    return row && canSeePerson(actor, row) ? { id: row.id, name: row.name, email: row.email } : null;
  }
  if (!/^(sha256|md5)\$[0-9a-f]+$/i.test(recipient.identity)) return null;
  // A full scan of one column with a cheap hash: 100,000 people hash in well under a second.
  const rows = await db.select(visibleColumns).from(people);
  const match = rows.find((row) => recipientMatches(recipient, row.email));
  return match && canSeePerson(actor, match) ? { id: match.id, name: match.name, email: match.email } : null;
}

async function skillNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: skills.id, name: skills.name }).from(skills).where(inArray(skills.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

function toItem(result: IngestResult, person: TargetPerson | null, names: Map<string, string>): ImportItemResult {
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
    checks: result.report.checks,
    skills: result.skills.map((s) => ({
      skillId: s.skillId,
      skillName: names.get(s.skillId) ?? s.skillId,
      level: s.level,
      levelName: levelName(s.level),
      sourceLevel: s.sourceLevel,
      sourceFramework: s.sourceFramework,
    })),
    nested: result.nested.map((n) => toItem(n, person, names)),
  };
}

function unmatched(report: VerificationReport, message: string): ImportItemResult {
  return {
    input: report.input,
    outcome: 'rejected',
    message,
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

/** Verified reports -> people -> ingest (one transaction per person). */
async function ingestForTarget(
  db: DbOrTx,
  actor: Actor,
  target: ImportTarget,
  reports: VerificationReport[],
  source: IngestSource,
): Promise<ImportItemResult[]> {
  const fixed = await resolveTarget(db, actor, target);
  const groups = new Map<string, { person: TargetPerson; reports: VerificationReport[] }>();
  const order: { report: VerificationReport; personId: string | null; rejection?: string }[] = [];
  for (const report of reports) {
    let person = fixed;
    if (!person) {
      if (!report.credential) {
        order.push({ report, personId: null });
        continue;
      }
      person = await matchRecipient(db, actor, report.credential.recipient);
      if (!person) {
        order.push({ report, personId: null, rejection: 'Not imported: nobody you can see has the recipient email this credential names. Choose the person instead.' });
        continue;
      }
    }
    const group = groups.get(person.id) ?? { person, reports: [] };
    group.reports.push(report);
    groups.set(person.id, group);
    order.push({ report, personId: person.id });
  }
  const byReport = new Map<VerificationReport, IngestResult>();
  for (const { person, reports: rs } of groups.values()) {
    const results = await ingestReports(db, { personId: person.id, reports: rs, source, actorId: actor.id });
    rs.forEach((r, i) => byReport.set(r, results[i]!));
  }
  const allSkillIds = [...byReport.values()].flatMap((r) => [r, ...r.nested]).flatMap((r) => r.skills.map((s) => s.skillId));
  const names = await skillNames(db, allSkillIds);
  return order.map(({ report, personId, rejection }) => {
    const result = byReport.get(report);
    if (!result || !personId) {
      const failed = report.checks.find((c) => c.result === 'fail');
      return unmatched(report, rejection ?? `Not imported: ${failed?.message ?? 'the file could not be read as a credential.'}`);
    }
    return toItem(result, groups.get(personId)!.person, names);
  });
}

export async function importCredentialFile(
  db: DbOrTx,
  actor: Actor,
  input: { target: ImportTarget; file: { name: string; bytes: Uint8Array }; source?: IngestSource; fetchBudget?: FetchBudget },
): Promise<ImportItemResult[]> {
  assertCanImport(actor);
  const target = importTargetSchema.parse(input.target);
  const name = input.file.name.slice(0, 255) || 'upload';
  if (input.file.bytes.byteLength > MAX_FILE_BYTES) {
    throw new AppError('payload_too_large', `${name} is ${(input.file.bytes.byteLength / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB per file.`);
  }
  if (input.file.bytes.byteLength === 0) throw new AppError('invalid_input', `${name} is empty.`, { file: ['The file is empty.'] });
  // Fail before verifying when the person is wrong: the user fixes the target, not the file.
  const person = await resolveTarget(db, actor, target);
  const reports = await verifyCredentialFile(
    { name, bytes: input.file.bytes },
    { issuerTrust: await issuerTrustFrom(db), ...(person ? { recipientIdentities: [person.email] } : {}), ...(input.fetchBudget ? { fetchBudget: input.fetchBudget } : {}) },
  );
  return ingestForTarget(db, actor, target, reports, input.source ?? 'upload');
}

export async function importCredentialUrl(db: DbOrTx, actor: Actor, input: { target: ImportTarget; url: string; source?: IngestSource; fetchBudget?: FetchBudget }): Promise<ImportItemResult[]> {
  assertCanImport(actor);
  const target = importTargetSchema.parse(input.target);
  const url = z.string().trim().url('Enter a full https:// address.').max(2000).parse(input.url);
  const person = await resolveTarget(db, actor, target);
  const report = await verifyCredentialUrl(url, { issuerTrust: await issuerTrustFrom(db), ...(person ? { recipientIdentities: [person.email] } : {}), ...(input.fetchBudget ? { fetchBudget: input.fetchBudget } : {}) });
  return ingestForTarget(db, actor, target, [report], input.source ?? 'upload');
}

/** The person chosen on /import (?person=), or null when missing or not visible. */
export async function getImportTarget(db: DbOrTx, actor: Actor, personId: string): Promise<{ id: string; name: string; email: string } | null> {
  assertCanImport(actor);
  if (!personId || personId.length > 100) return null;
  const [row] = await db.select(visibleColumns).from(people).where(eq(people.id, personId)).limit(1);
  return row && canSeePerson(actor, row) ? { id: row.id, name: row.name, email: row.email } : null;
}
