import 'server-only';
// Re-run verification on a stored credential (its issuer may have revoked it since, or it may have
// expired) and apply the new verdict: status, checks, the person's derived skills and an outbox row,
// all in one transaction. The stored raw document is what gets verified, never a re-fetched copy.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { auditLog, credentials, issuers, outbox, people } from '../db/schema';
import { verifyCredentialFile, type VerifyOptions } from '../credentials/verify';
import type { Check, CredentialStatus } from '../credentials/types';
import { AppError } from '../domain/app-error';
import { can, canSeePerson, type Actor } from '../domain/permissions';
import { verifyInPool } from '../runtime/cpu-pool';
import { recomputePersonSkills } from './ingest-credentials';

export type ReverifyResult = {
  credentialId: string;
  personId: string;
  previousStatus: CredentialStatus;
  status: CredentialStatus;
  changed: boolean;
  checks: Check[];
  message: string;
};

const EXTENSION: Record<string, string> = {
  'ob2-hosted': 'json',
  'ob2-signed': 'jws',
  'ob3-ldp': 'json',
  'ob3-jwt': 'jwt',
  'clr2-ldp': 'json',
  'clr2-jwt': 'jwt',
  'course-csv': 'csv',
};

export async function reverifyCredential(
  db: DbOrTx,
  actor: Actor,
  credentialId: string,
  options: Pick<VerifyOptions, 'now' | 'loader'> = {},
): Promise<ReverifyResult> {
  if (!can(actor, 'credentials.reverify')) throw new AppError('forbidden', 'You do not have permission to re-verify credentials.');
  const [row] = await db
    .select({
      id: credentials.id,
      personId: credentials.personId,
      format: credentials.format,
      raw: credentials.raw,
      status: credentials.status,
      parentCredentialId: credentials.parentCredentialId,
      kind: people.kind,
      departmentId: people.departmentId,
      openToMobility: people.openToMobility,
      searchable: people.searchable,
    })
    .from(credentials)
    .innerJoin(people, eq(people.id, credentials.personId))
    .where(eq(credentials.id, credentialId))
    .limit(1);
  if (!row || !canSeePerson(actor, row)) throw new AppError('not_found', 'That credential does not exist or is not visible to you.');

  if (row.format === 'course-csv') {
    // A course-completion row is self-reported: there is no signature or status list to check again.
    return { credentialId: row.id, personId: row.personId, previousStatus: row.status, status: row.status, changed: false, checks: [], message: 'Self-reported course completions have nothing to re-verify.' };
  }
  const trustRows = await db.select({ id: issuers.id, trust: issuers.trust }).from(issuers);
  const trust = new Map(trustRows.map((r) => [r.id, r.trust]));
  // Re-verify exists to get today's answer: the loader caches documents for minutes (a status list
  // read by an upload a moment ago), and a revocation published since must not come back as "Still
  // verified". Only documents are dropped; they are read again on demand.
  // Verification runs before the transaction: it may wait on the network (status lists), and a
  // transaction must not stay open across that. It runs in the CPU worker pool (issue 12, 3e), with
  // the worker's own guarded loader; a caller's own loader (tests) cannot cross threads, so that
  // verification runs here.
  const file = { name: `stored-credential.${EXTENSION[row.format] ?? 'json'}`, bytes: new TextEncoder().encode(row.raw) };
  let reports;
  if (options.loader) {
    options.loader.clearCache();
    reports = await verifyCredentialFile(file, { ...options, issuerTrust: (id) => trust.get(id) ?? 'unknown' });
  } else {
    reports = (await verifyInPool({ kind: 'file', ...file, options: { ...(options.now ? { now: options.now } : {}), issuerTrust: trust, freshDocuments: true } })).reports;
  }
  // A CLR's nested credential is stored on its own; verifying its raw yields exactly one report.
  const report = reports[0];
  if (!report) throw new AppError('unavailable', 'Verification returned no result; try again.');

  return db.transaction(async (tx) => {
    await tx
      .update(credentials)
      .set({ status: report.status, checks: report.checks.map((c) => ({ id: c.id, result: c.result, message: c.message })), verifiedAt: new Date() })
      .where(eq(credentials.id, row.id));
    await recomputePersonSkills(tx, row.personId, { now: options.now, actorId: actor.id });
    await tx.insert(outbox).values({ aggregate: 'person', aggregateId: row.personId, op: 'upsert' });
    await tx.insert(auditLog).values({
      actorId: actor.id,
      action: 'credential.reverify',
      subjectType: 'credential',
      subjectId: row.id,
      detail: { personId: row.personId, previousStatus: row.status, status: report.status },
    });
    const changed = report.status !== row.status;
    return {
      credentialId: row.id,
      personId: row.personId,
      previousStatus: row.status,
      status: report.status,
      changed,
      checks: report.checks,
      message: changed ? `Status changed from ${row.status} to ${report.status}.` : `Still ${report.status}.`,
    };
  });
}
