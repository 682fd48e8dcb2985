import 'server-only';
// Verified reports -> the database, in ONE transaction per call: issuer, achievement, credential rows
// (deduplicated by content hash), the person's derived skills, an audit row and an outbox row for the
// search index. Either all of it is written or none of it (a throw anywhere rolls the whole call back).
import { and, eq, inArray, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { rowsOf, type DbOrTx } from '../db/client';
import {
  achievements,
  auditLog,
  credentials,
  issuers,
  outbox,
  people,
  personSkills,
  skills,
  type AchievementSkillJson,
} from '../db/schema';
import { buildSkillIndex, mapCredentialSkills, type SkillIndex, type SkillRef } from '../credentials/map-skills';
import type { CredentialFormat, CredentialStatus, MappedSkill, NormalizedCredential, VerificationReport } from '../credentials/types';
import { AppError } from '../domain/app-error';
import { createHash } from 'node:crypto';
import { refreshPathwayProgress } from './pathway-progress';

export type IngestSource = 'seed' | 'upload' | 'api' | 'csv';

export type IngestOutcome = 'created' | 'duplicate' | 'rejected';

export type IngestResult = {
  input: string;
  outcome: IngestOutcome;
  /** One sentence for the per-item report ("Imported: verified.", "Already imported on 3 May 2025."). */
  message: string;
  status: CredentialStatus;
  credentialId: string | null;
  achievementName: string | null;
  issuerName: string | null;
  skills: MappedSkill[];
  report: VerificationReport;
  /** CLR 2.0: the nested credentials, each stored and reported on its own. */
  nested: IngestResult[];
};

export type IngestOptions = {
  personId: string;
  reports: VerificationReport[];
  source: IngestSource;
  actorId?: string | null;
  /** A prebuilt index over the skills table (the seed passes one to avoid re-reading it per person). */
  skillIndex?: SkillIndex;
  /** Clock for "is this credential past its validUntil" (tests). */
  now?: Date;
  /**
   * Reports HR attached to the person although their recipient is none of the person's identities,
   * with the reason: stored with recipient_binding 'overridden' (with their nested credentials), an
   * audit row each, and never counted toward verified levels.
   */
  overrides?: Map<VerificationReport, { reason: string }>;
};

const STORABLE_FORMATS: readonly CredentialFormat[] = ['ob2-hosted', 'ob2-signed', 'ob3-ldp', 'ob3-jwt', 'clr2-ldp', 'clr2-jwt', 'course-csv'];

/** The skills table as the mapper's index. */
export async function loadSkillIndex(db: DbOrTx): Promise<SkillIndex> {
  const rows = await db
    .select({ id: skills.id, name: skills.name, framework: skills.framework, code: skills.code, url: skills.url, aliases: skills.aliases })
    .from(skills);
  return buildSkillIndex(rows.map((r): SkillRef => ({ ...r, framework: String(r.framework) })));
}

/**
 * A version of the skills table: its row count and a sum over every row version's creating
 * transaction (xmin). Any insert, update or delete changes it (an update or insert gives the row a new
 * xmin; a delete changes the count, and a delete with an insert in one transaction brings a new
 * xmin), barring a 32-bit hash collision. Postgres reads it in ~0.1 ms, where loading the table and
 * building the index took ~1.3 ms of the server's main thread on every import (360 skills, session 23).
 * xmin says nothing about which database it is: the cache is kept per database handle.
 */
const SKILLS_VERSION = sql`(select count(*)::text || ':' || coalesce(sum(hashtext(xmin::text)), 0)::text from ${skills})`;

/** Per database handle (never a transaction): the last skill index built and the version it was built at. */
const skillIndexCache = new WeakMap<object, { version: string; index: SkillIndex }>();

/**
 * The skill index at `version` (read in this transaction): the cached one when it was built at the
 * same version, otherwise loaded in `tx` and cached. A caller's own transaction (`db` is one) is not
 * cached: it may write skills the version then covers before it commits or rolls back.
 */
async function skillIndexFor(db: DbOrTx, tx: DbOrTx, version: string | null): Promise<SkillIndex> {
  if (version === null || db instanceof PgTransaction) return loadSkillIndex(tx);
  const cached = skillIndexCache.get(db);
  if (cached?.version === version) return cached.index;
  // Loaded in a later statement than the version was read: if skills changed in between, the index
  // is newer than its version says, and the next import reads another version and loads it again.
  const index = await loadSkillIndex(tx);
  skillIndexCache.set(db, { version, index });
  return index;
}

export async function ingestReports(db: DbOrTx, options: IngestOptions): Promise<IngestResult[]> {
  const [results] = await ingestReportsForPeople(db, [{ personId: options.personId, reports: options.reports }], options);
  return results!;
}

export type IngestBatchOptions = Omit<IngestOptions, 'personId' | 'reports'>;

/**
 * The same as ingestReports for several people in ONE transaction (the seed ingests 25 people per
 * call): every write is a multi-row statement over the whole batch, and derived skills are
 * recomputed for all of them together. Results come back in the order of `items`.
 */
export async function ingestReportsForPeople(
  db: DbOrTx,
  items: { personId: string; reports: VerificationReport[] }[],
  options: IngestBatchOptions,
): Promise<IngestResult[][]> {
  const { source } = options;
  if (items.length === 0) return [];
  const personIds = [...new Set(items.map((i) => i.personId))];
  return db.transaction(async (tx) => {
    // The people and the skills table's version in one statement: the skill index is reused while
    // the version holds (skillIndexFor).
    const [head] = rowsOf<{ found: string[] | null; skills_version: string | null }>(
      await tx.execute(
        sql`select array(select id from people where id = any(${sql.param(personIds)}::text[])) as found, ${options.skillIndex ? sql`null` : SKILLS_VERSION} as skills_version`,
      ),
    );
    const found = new Set(head?.found ?? []);
    if (personIds.some((id) => !found.has(id))) throw new AppError('not_found', 'That person does not exist.', { personId: ['Unknown person.'] });
    const index = options.skillIndex ?? (await skillIndexFor(db, tx, head?.skills_version ?? null));

    // Everything is planned in memory first and written in a handful of multi-row statements: the
    // seed ingests ~20,000 credentials, and a round trip per row would dominate its time.
    const plan: Planned = { credentials: [], issuers: new Map(), achievements: new Map(), skills: new Map(), seen: new Map() };
    const hashes = [...new Set(items.flatMap((i) => collectHashes(i.reports)))];
    const existing: Existing = new Map();
    for (let i = 0; i < hashes.length; i += 1000) {
      const rows = await tx
        .select({ id: credentials.id, personId: credentials.personId, status: credentials.status, createdAt: credentials.createdAt, skills: credentials.skills, contentHash: credentials.contentHash })
        .from(credentials)
        .where(and(inArray(credentials.personId, personIds), inArray(credentials.contentHash, hashes.slice(i, i + 1000))));
      for (const r of rows) existing.set(`${r.personId}|${r.contentHash}`, r);
    }
    const results = items.map(({ personId, reports }) =>
      reports.map((report) => {
        const override = options.overrides?.get(report);
        const binding: Binding = override ? { recipientBinding: 'overridden', overrideReason: override.reason, overriddenBy: options.actorId ?? null } : MATCHED;
        return planOne(plan, { personId, source, index, report, parentCredentialId: null, existing, binding });
      }),
    );

    if (plan.skills.size > 0) await tx.insert(skills).values([...plan.skills.values()]).onConflictDoNothing();
    // Issuers and achievements an import restates unchanged are not written at all: an upsert locks
    // and rewrites its row even when nothing changes, and on a Postgres server every import of the
    // same issuer then waited for the previous one's whole transaction and commit (238 ms a call in
    // the load benchmark's mix, issue 12 item 6).
    const unchanged = await unchangedRows(tx, plan);
    const issuerRows = [...plan.issuers.values()].filter((r) => !unchanged.has(`i|${r.id}`));
    if (issuerRows.length > 0) {
      // Trust is an administrator's decision: an import never changes it.
      await tx
        .insert(issuers)
        .values(issuerRows)
        .onConflictDoUpdate({ target: issuers.id, set: { name: sql`excluded.name`, url: sql`coalesce(excluded.url, ${issuers.url})` } });
    }
    const achievementRows = [...plan.achievements.values()].filter((r) => !unchanged.has(`a|${r.id}`));
    for (let i = 0; i < achievementRows.length; i += 500) {
      await tx
        .insert(achievements)
        .values(achievementRows.slice(i, i + 500))
        .onConflictDoUpdate({
          target: achievements.id,
          // Catalog entries are curated: a credential that restates them must not rewrite their skills.
          set: {
            name: sql`case when ${achievements.inCatalog} then ${achievements.name} else excluded.name end`,
            description: sql`case when ${achievements.inCatalog} then ${achievements.description} else excluded.description end`,
            alignments: sql`case when ${achievements.inCatalog} then ${achievements.alignments} else excluded.alignments end`,
            resultDescriptions: sql`case when ${achievements.inCatalog} then ${achievements.resultDescriptions} else excluded.result_descriptions end`,
            skills: sql`case when ${achievements.inCatalog} or jsonb_array_length(${achievements.skills}) > 0 then ${achievements.skills} else excluded.skills end`,
            partOf: sql`(select coalesce(jsonb_agg(distinct v), '[]'::jsonb) from jsonb_array_elements(${achievements.partOf} || excluded.part_of) v)`,
          },
        });
    }
    await insertCredentials(tx, plan, results.flat());

    const changed: string[] = [];
    const audits = items.map(({ personId }, i) => {
      const personResults = results[i]!;
      const created = personResults
        .flatMap(function all(r): IngestResult[] {
          return [r, ...r.nested.flatMap(all)];
        })
        .filter((r) => r.outcome === 'created');
      if (created.length > 0) changed.push(personId);
      return {
        actorId: options.actorId ?? null,
        action: 'credential.import',
        subjectType: 'person',
        subjectId: personId,
        detail: {
          source,
          created: created.length,
          duplicates: personResults.filter((r) => r.outcome === 'duplicate').length,
          rejected: personResults.filter((r) => r.outcome === 'rejected').length,
          credentialIds: created.map((r) => r.credentialId),
        },
      };
    });
    await tx.insert(auditLog).values(audits);
    // Each override is its own audit entry: who attached what to whom, and why.
    const overrideAudits = items.flatMap(({ personId, reports }, i) =>
      reports.flatMap((report, j) => {
        const override = options.overrides?.get(report);
        const result = results[i]![j]!;
        if (!override || result.outcome !== 'created') return [];
        return [
          {
            actorId: options.actorId ?? null,
            action: 'credential.override',
            subjectType: 'credential',
            subjectId: result.credentialId!,
            detail: { personId, reason: override.reason, recipient: report.credential?.recipient.identity ?? null, input: report.input },
          },
        ];
      }),
    );
    if (overrideAudits.length > 0) await tx.insert(auditLog).values(overrideAudits);
    const recompute = [...new Set(changed)];
    if (recompute.length > 0) {
      await recomputePeopleSkills(tx, recompute, { now: options.now, actorId: options.actorId ?? null });
      await tx.insert(outbox).values(recompute.map((id) => ({ aggregate: 'person', aggregateId: id, op: 'upsert' as const })));
    }
    return results;
  });
}

/**
 * Insert the planned credentials, conflict-safe. Two uploads of the same credential for the same
 * person at the same moment both find nothing in the "already stored?" read above (neither has
 * committed yet); the loser's insert then meets credentials_person_hash_idx. ON CONFLICT DO NOTHING
 * makes it wait for the winner and skip the row instead of failing the whole request with a 500,
 * and the rows that did not come back from RETURNING are reported as duplicates of the stored ones.
 * Parents go in before the credentials nested in them (a CLR's parts point at it): when a parent
 * turns out to be a duplicate, its nested credentials were stored with it by the other upload.
 */
async function insertCredentials(tx: DbOrTx, plan: Planned, results: IngestResult[]): Promise<void> {
  if (plan.credentials.length === 0) return;
  const depth = new Map<string, number>();
  for (const c of plan.credentials) depth.set(c.id!, c.parentCredentialId ? (depth.get(c.parentCredentialId) ?? 0) + 1 : 0);
  const lost = new Set<string>();
  const maxDepth = Math.max(...depth.values());
  for (let d = 0; d <= maxDepth; d++) {
    const level = plan.credentials.filter((c) => depth.get(c.id!) === d);
    const rows = level.filter((c) => !(c.parentCredentialId && lost.has(c.parentCredentialId)));
    for (const c of level) if (!rows.includes(c)) lost.add(c.id!);
    const stored = new Set<string>();
    for (let i = 0; i < rows.length; i += 500) {
      const returned = await tx
        .insert(credentials)
        .values(rows.slice(i, i + 500))
        .onConflictDoNothing({ target: [credentials.personId, credentials.contentHash] })
        .returning({ id: credentials.id });
      for (const r of returned) stored.add(r.id);
    }
    for (const c of rows) if (!stored.has(c.id!)) lost.add(c.id!);
  }
  if (lost.size === 0) return;

  // The rows the other upload stored (committed, so visible to this statement under READ COMMITTED).
  const lostRows = plan.credentials.filter((c) => lost.has(c.id!));
  const found = await tx
    .select({ id: credentials.id, personId: credentials.personId, status: credentials.status, createdAt: credentials.createdAt, skills: credentials.skills, contentHash: credentials.contentHash })
    .from(credentials)
    .where(and(inArray(credentials.personId, [...new Set(lostRows.map((c) => c.personId))]), inArray(credentials.contentHash, [...new Set(lostRows.map((c) => c.contentHash))])));
  const byKey = new Map(found.map((r) => [`${r.personId}|${r.contentHash}`, r]));
  const winner = new Map<string, (typeof found)[number]>();
  for (const c of lostRows) {
    const row = byKey.get(`${c.personId}|${c.contentHash}`);
    // Not there at all would mean the conflicting row was deleted in between: say so rather than
    // report an import that did not happen.
    if (!row) throw new AppError('conflict', 'Another import of the same credential changed it at the same moment; try again.');
    winner.set(c.id!, row);
  }
  const visit = (r: IngestResult) => {
    const row = r.credentialId ? winner.get(r.credentialId) : undefined;
    if (row && r.outcome === 'created') {
      Object.assign(r, {
        outcome: 'duplicate',
        status: row.status,
        message: `Already imported on ${row.createdAt.toISOString().slice(0, 10)}; nothing changed.`,
        credentialId: row.id,
        skills: toMappedSkills(row.skills),
        nested: [],
      } satisfies Partial<IngestResult>);
      return;
    }
    // "The same credential appears twice in this upload" points at the stored row too.
    if (row) r.credentialId = row.id;
    r.nested.forEach(visit);
  };
  results.forEach(visit);
}

function toMappedSkills(list: AchievementSkillJson[]): MappedSkill[] {
  return list.map((s) => ({ skillId: s.skillId, level: s.level, sourceLevel: s.sourceLevel ?? '', sourceFramework: s.sourceFramework ?? '' }));
}

type Existing = Map<string, { id: string; status: CredentialStatus; createdAt: Date; skills: AchievementSkillJson[] }>;

/** JSON with object keys sorted (jsonb stores them in its own order), for comparing stored and planned values. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * The planned issuers ("i|<id>") and achievements ("a|<id>") whose upsert below would change nothing
 * (the same values its ON CONFLICT DO UPDATE would set), read in one statement without locking.
 * Anything in doubt counts as changed and is upserted as before.
 */
async function unchangedRows(tx: DbOrTx, plan: Planned): Promise<Set<string>> {
  const out = new Set<string>();
  if (plan.issuers.size === 0 && plan.achievements.size === 0) return out;
  type StoredAchievement = [id: string, inCatalog: boolean, name: string, description: string, alignments: unknown, resultDescriptions: unknown, skills: unknown[], partOf: unknown[]];
  const row = rowsOf<{ issuers: [string, string, string | null][]; achievements: StoredAchievement[] }>(
    await tx.execute(sql`select
      (select coalesce(jsonb_agg(jsonb_build_array(id, name, url)), '[]'::jsonb) from issuers where id = any(${sql.param([...plan.issuers.keys()])}::text[])) as issuers,
      (select coalesce(jsonb_agg(jsonb_build_array(id, in_catalog, name, description, alignments, result_descriptions, skills, part_of)), '[]'::jsonb)
        from achievements where id = any(${sql.param([...plan.achievements.keys()])}::text[])) as achievements`),
  )[0];
  for (const [id, name, url] of row?.issuers ?? []) {
    const planned = plan.issuers.get(id);
    // The upsert sets name, and url unless the import has none.
    if (planned && planned.name === name && (planned.url == null || planned.url === url)) out.add(`i|${id}`);
  }
  for (const [id, inCatalog, name, description, alignments, resultDescriptions, storedSkills, partOf] of row?.achievements ?? []) {
    const planned = plan.achievements.get(id);
    if (!planned) continue;
    // What the upsert's SET would make of each column (catalog entries keep theirs; stored skills are
    // kept once there are some; part_of gains the planned ids it lacks).
    const sameFields =
      inCatalog ||
      (planned.name === name &&
        (planned.description ?? '') === description &&
        canonical(planned.alignments ?? []) === canonical(alignments) &&
        canonical(planned.resultDescriptions ?? []) === canonical(resultDescriptions));
    const sameSkills = inCatalog || storedSkills.length > 0 || canonical(planned.skills ?? []) === canonical(storedSkills);
    const stored = new Set(partOf.map(canonical));
    const samePartOf = (planned.partOf ?? []).every((p) => stored.has(canonical(p)));
    if (sameFields && sameSkills && samePartOf) out.add(`a|${id}`);
  }
  return out;
}

type Planned = {
  credentials: (typeof credentials.$inferInsert)[];
  issuers: Map<string, typeof issuers.$inferInsert>;
  achievements: Map<string, typeof achievements.$inferInsert>;
  skills: Map<string, typeof skills.$inferInsert>;
  /** "<personId>|<content hash>" planned in this call, so the same file twice in one upload is stored once. */
  seen: Map<string, string>;
};

type Binding = { recipientBinding: 'matched' | 'overridden'; overrideReason: string | null; overriddenBy: string | null };
const MATCHED: Binding = { recipientBinding: 'matched', overrideReason: null, overriddenBy: null };

type OneInput = {
  personId: string;
  /** How the credential (and the credentials nested in it) is bound to the person. */
  binding: Binding;
  source: IngestSource;
  index: SkillIndex;
  report: VerificationReport;
  parentCredentialId: string | null;
  /** Stored credentials keyed "<personId>|<content hash>". */
  existing: Existing;
};

function hashOf(report: VerificationReport): string {
  return report.contentHash || createHash('sha256').update(report.raw).digest('hex');
}

function collectHashes(reports: VerificationReport[]): string[] {
  return reports.flatMap((r) => (r.credential && r.raw ? [hashOf(r), ...collectHashes(r.nested)] : []));
}

function planOne(plan: Planned, input: OneInput): IngestResult {
  const { report, personId } = input;
  const base = {
    input: report.input,
    status: report.status,
    report,
    achievementName: report.credential?.achievement.name ?? null,
    issuerName: report.credential?.issuer.name ?? null,
  };
  const credential = report.credential;
  if (!credential || report.format === 'unknown' || !STORABLE_FORMATS.includes(report.format) || !report.raw) {
    const failed = report.checks.find((c) => c.result === 'fail');
    return {
      ...base,
      outcome: 'rejected',
      message: `Not imported: ${failed?.message ?? 'the file could not be read as a credential.'}`,
      credentialId: null,
      skills: [],
      nested: [],
    };
  }
  const contentHash = hashOf(report);
  const key = `${personId}|${contentHash}`;
  const existing = input.existing.get(key);
  const sameCall = plan.seen.get(key);
  if (existing || sameCall) {
    return {
      ...base,
      status: existing?.status ?? report.status,
      outcome: 'duplicate',
      message: existing ? `Already imported on ${existing.createdAt.toISOString().slice(0, 10)}; nothing changed.` : 'The same credential appears twice in this upload; it was imported once.',
      credentialId: existing?.id ?? sameCall ?? null,
      skills: toMappedSkills(existing?.skills ?? []),
      nested: [],
    };
  }

  const mapped = mapCredentialSkills(credential, input.index);
  for (const s of mapped.newSkills) {
    plan.skills.set(s.id, { id: s.id, name: s.name, framework: 'custom', code: s.code, url: s.url, aliases: s.aliases, source: sourceAlignment(credential, s) });
  }
  const issuerId = credential.issuer?.id || null;
  if (issuerId && !plan.issuers.has(issuerId)) {
    plan.issuers.set(issuerId, { id: issuerId, name: credential.issuer.name || issuerId, url: credential.issuer.url ?? null });
  }
  const a = credential.achievement;
  // Course-completion rows and some OB 2.0 badge classes carry no id: a stable one from issuer and name.
  const achievementId = a.id || `urn:skillproof:achievement:${createHash('sha256').update(`${issuerId ?? ''}\n${a.name}`).digest('hex').slice(0, 32)}`;
  if (!plan.achievements.has(achievementId)) {
    plan.achievements.set(achievementId, {
      id: achievementId,
      name: a.name || 'Untitled achievement',
      description: a.description ?? '',
      type: a.type || 'Achievement',
      issuerId,
      criteria: a.criteria ?? null,
      image: a.image ?? null,
      alignments: a.alignments,
      resultDescriptions: a.resultDescriptions,
      skills: mapped.skills.map(toSkillJson),
      creditsAvailable: a.creditsAvailable ?? null,
      partOf: a.partOf,
    });
  }

  const credentialId = crypto.randomUUID();
  plan.seen.set(key, credentialId);
  plan.credentials.push({
    id: credentialId,
    personId,
    format: report.format,
    raw: report.raw,
    contentHash,
    credentialUri: credential.id ?? null,
    achievementId,
    issuerId,
    parentCredentialId: input.parentCredentialId,
    issuedAt: parseDate(credential.issuedAt),
    validFrom: parseDate(credential.validFrom),
    validUntil: parseDate(credential.validUntil),
    status: report.status,
    checks: report.checks.map((c) => ({ id: c.id, result: c.result, message: c.message })),
    results: credential.results.map((r) => ({ resultDescription: r.resultDescription, achievedLevel: r.achievedLevel, value: r.value })),
    evidence: credential.evidence,
    skills: mapped.skills.map(toSkillJson),
    source: input.source,
    verifiedAt: new Date(),
    ...input.binding,
  });
  const nested = report.nested.map((child) => planOne(plan, { ...input, report: child, parentCredentialId: credentialId }));
  return {
    ...base,
    outcome: 'created',
    message:
      input.binding.recipientBinding === 'overridden'
        ? `Attached by override (${input.binding.overrideReason}): it is shown on the profile but never counts toward verified levels.`
        : `Imported: ${STATUS_SENTENCE[report.status]}`,
    credentialId,
    skills: mapped.skills,
    nested,
  };
}

const STATUS_SENTENCE: Record<CredentialStatus, string> = {
  verified: 'verified, and its skills count toward verified levels.',
  unverified: 'kept as self-reported; it does not count toward verified levels.',
  invalid: 'it failed verification, so its skills do not count.',
  revoked: 'the issuer has revoked it, so its skills do not count.',
  expired: 'it has expired, so its skills do not count.',
  'not-yet-valid': 'it is not valid yet, so its skills do not count until it is.',
  suspended: 'the issuer has suspended it, so its skills do not count.',
};

function toSkillJson(s: MappedSkill): AchievementSkillJson {
  return { skillId: s.skillId, level: s.level, sourceLevel: s.sourceLevel, sourceFramework: s.sourceFramework };
}

function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The alignment a custom skill came from, kept as given (issue 3: "an unknown alignment becomes a custom skill with its source kept"). */
function sourceAlignment(credential: NormalizedCredential, skill: SkillRef) {
  const all = [...credential.achievement.alignments, ...credential.achievement.resultDescriptions.flatMap((d) => d.alignments ?? [])];
  return all.find((a) => a.targetName === skill.name || (a.targetUrl && a.targetUrl === skill.url)) ?? { targetName: skill.name, ...(skill.url ? { targetUrl: skill.url } : {}) };
}

type CredentialForSkills = {
  id: string;
  status: string;
  recipientBinding: string;
  issuerTrusted: boolean;
  validUntil: Date | null;
  issuedAt: Date | null;
  issuerId: string | null;
  achievementId: string | null;
  skills: AchievementSkillJson[];
};

type Proof = { credentialId: string; issuerId: string | null; issuerTrusted: boolean; issuedAt: Date | null; validUntil: Date | null; skill: AchievementSkillJson };

/**
 * Rebuild a person's derived skills from their credentials.
 * - verified rows: only credentials with status 'verified' that are not past valid_until (a credential
 *   that expired since it was verified stops counting without waiting for a re-verify). Per skill the
 *   highest level; the credentials and issuers proving that level; achieved_at = the earliest issue
 *   date among them; expires_at = the earliest valid_until among them.
 * - stacks: when every part of a stack achievement (achievements whose part_of names it) is held
 *   through counting credentials, the stack's own skills count too, proved by the parts' credentials.
 * - self-reported rows (verified = false): from 'unverified' credentials (course-completion CSV rows,
 *   credentials with nothing to check), kept apart. Revoked, expired, invalid, suspended and
 *   not-yet-valid credentials never count, in either set.
 * - credentials HR attached to a person whose identity their recipient does not match
 *   (recipient_binding 'overridden') never count, in either set.
 * - trusted levels: on each verified row, the highest level proven by credentials of trusted issuers
 *   alone (issuers.trust = 'trusted' now), with those credentials and their earliest expiry. A stack
 *   is trusted when every part's issuer is.
 */
export async function recomputePersonSkills(tx: DbOrTx, personId: string, options: { now?: Date; actorId?: string | null } = {}): Promise<void> {
  await recomputePeopleSkills(tx, [personId], options);
}

/** recomputePersonSkills for several people with a fixed number of queries (the rules are the same). */
export async function recomputePeopleSkills(tx: DbOrTx, personIds: string[], options: { now?: Date; actorId?: string | null } = {}): Promise<void> {
  if (personIds.length === 0) return;
  const now = options.now ?? new Date();
  // Two imports for the same person at once would each recompute from what they alone can see, and
  // the last to commit would win with a stale set. Locking the people rows (in id order, so two
  // batches cannot deadlock) makes the second wait; under READ COMMITTED its next statement then sees
  // the first one's credentials.
  await tx
    .select({ id: people.id })
    .from(people)
    .where(inArray(people.id, personIds))
    .orderBy(people.id)
    .for('no key update');
  const rows = await tx
    .select({
      id: credentials.id,
      personId: credentials.personId,
      status: credentials.status,
      validUntil: credentials.validUntil,
      issuedAt: credentials.issuedAt,
      issuerId: credentials.issuerId,
      achievementId: credentials.achievementId,
      skills: credentials.skills,
      recipientBinding: credentials.recipientBinding,
      issuerTrusted: sql<boolean>`coalesce(${issuers.trust} = 'trusted', false)`,
    })
    .from(credentials)
    .leftJoin(issuers, eq(issuers.id, credentials.issuerId))
    .where(inArray(credentials.personId, personIds));
  const byPerson = new Map<string, CredentialForSkills[]>(personIds.map((id) => [id, []]));
  for (const r of rows) byPerson.get(r.personId)?.push(r);

  const isCounting = (c: CredentialForSkills) => c.status === 'verified' && c.recipientBinding === 'matched' && (!c.validUntil || c.validUntil > now);
  // An overridden credential counts for nothing, not even self-reported: the profile lists it under
  // "not counted" with its reason (listing it as a self-reported level too would show it twice).
  const isSelfReported = (c: CredentialForSkills) => c.status === 'unverified' && c.recipientBinding === 'matched';
  const stacks = await loadStacks(tx, [...new Set(rows.filter(isCounting).flatMap((c) => (c.achievementId ? [c.achievementId] : [])))]);

  const derived: (typeof personSkills.$inferInsert)[] = [];
  for (const [personId, list] of byPerson) {
    const counting = list.filter(isCounting);
    const selfReported = list.filter(isSelfReported);
    const proofsOf = (c: CredentialForSkills): Proof[] =>
      c.skills.map((skill) => ({ credentialId: c.id, issuerId: c.issuerId, issuerTrusted: c.issuerTrusted, issuedAt: c.issuedAt, validUntil: c.validUntil, skill }));
    const verifiedProofs: Proof[] = counting.flatMap(proofsOf);
    verifiedProofs.push(...stackProofs(counting, stacks));
    const selfProofs: Proof[] = selfReported.flatMap(proofsOf);
    const verifiedRows = aggregate(personId, verifiedProofs, true);
    const trustedRows = new Map(aggregate(personId, verifiedProofs.filter((p) => p.issuerTrusted), true).map((r) => [r.skillId, r]));
    for (const row of verifiedRows) {
      const trusted = trustedRows.get(row.skillId);
      if (!trusted) continue;
      row.trustedLevel = trusted.level;
      row.trustedCredentialIds = trusted.credentialIds;
      row.trustedExpiresAt = trusted.expiresAt;
    }
    derived.push(...verifiedRows, ...aggregate(personId, selfProofs, false));
  }

  await tx.delete(personSkills).where(inArray(personSkills.personId, personIds));
  for (let i = 0; i < derived.length; i += PERSON_SKILLS_CHUNK) await insertPersonSkills(tx, derived.slice(i, i + PERSON_SKILLS_CHUNK));
  // Assigned pathways move with the levels, in this transaction (lib/data/pathway-progress.ts).
  await refreshPathwayProgress(tx, personIds, { now, actorId: options.actorId ?? null });
}

/** Derived rows per INSERT (one JSON parameter each). */
const PERSON_SKILLS_CHUNK = 5000;

/**
 * Derived rows -> person_skills, as ONE JSON parameter expanded by Postgres (jsonb_to_recordset), the
 * way the search index writes. drizzle's multi-row VALUES spent ~0.55 ms of the server's main thread
 * building the statement for 15 rows (13 parameters a row), and the skills the rows name were looked
 * up by a statement of their own first. Skills named by a credential but missing from the taxonomy
 * (e.g. a catalog row edited by hand) must not make the whole import fail on the foreign key: they
 * are skipped, now by the same statement.
 */
async function insertPersonSkills(tx: DbOrTx, rows: (typeof personSkills.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  // Dates as ISO strings (what JSON.stringify makes of them), read back as timestamptz; a column the
  // row leaves out is null, and the jsonb lists default to [] as the table does.
  const json = JSON.stringify(
    rows.map((r) => ({
      person_id: r.personId,
      skill_id: r.skillId,
      verified: r.verified,
      level: r.level,
      source_level: r.sourceLevel ?? null,
      source_framework: r.sourceFramework ?? null,
      credential_ids: r.credentialIds ?? [],
      issuer_ids: r.issuerIds ?? [],
      achieved_at: r.achievedAt ?? null,
      expires_at: r.expiresAt ?? null,
      trusted_level: r.trustedLevel ?? null,
      trusted_credential_ids: r.trustedCredentialIds ?? [],
      trusted_expires_at: r.trustedExpiresAt ?? null,
    })),
  );
  await tx.execute(sql`insert into person_skills (person_id, skill_id, verified, level, source_level, source_framework, credential_ids, issuer_ids,
      achieved_at, expires_at, trusted_level, trusted_credential_ids, trusted_expires_at)
    select x.person_id, x.skill_id, x.verified, x.level, x.source_level, x.source_framework, x.credential_ids, x.issuer_ids,
      x.achieved_at, x.expires_at, x.trusted_level, x.trusted_credential_ids, x.trusted_expires_at
    from jsonb_to_recordset(${json}::jsonb) as x(person_id text, skill_id text, verified boolean, level int, source_level text, source_framework text,
      credential_ids jsonb, issuer_ids jsonb, achieved_at timestamptz, expires_at timestamptz, trusted_level int, trusted_credential_ids jsonb,
      trusted_expires_at timestamptz)
    where exists (select 1 from skills s where s.id = x.skill_id)`);
}

type Stacks = {
  /** Held achievement id -> the stacks it is part of. */
  partOf: Map<string, string[]>;
  /** Stack id -> every achievement that names it in part_of. */
  parts: Map<string, string[]>;
  stacks: Map<string, { name: string; skills: AchievementSkillJson[] }>;
};

async function loadStacks(tx: DbOrTx, heldIds: string[]): Promise<Stacks> {
  const out: Stacks = { partOf: new Map(), parts: new Map(), stacks: new Map() };
  if (heldIds.length === 0) return out;
  const heldRows = await tx.select({ id: achievements.id, partOf: achievements.partOf }).from(achievements).where(inArray(achievements.id, heldIds));
  for (const r of heldRows) if (r.partOf.length > 0) out.partOf.set(r.id, r.partOf);
  const parents = [...new Set(heldRows.flatMap((r) => r.partOf))];
  if (parents.length === 0) return out;
  // Two queries for all candidate stacks: every achievement that names one of them as a parent, and the stacks themselves.
  const partRows = await tx
    .select({ id: achievements.id, partOf: achievements.partOf })
    .from(achievements)
    .where(sql`${achievements.partOf} ?| array[${sql.join(
      parents.map((p) => sql`${p}`),
      sql`, `,
    )}]::text[]`);
  for (const r of partRows) for (const parent of r.partOf) out.parts.set(parent, [...(out.parts.get(parent) ?? []), r.id]);
  for (const r of await tx.select({ id: achievements.id, name: achievements.name, skills: achievements.skills }).from(achievements).where(inArray(achievements.id, parents))) {
    out.stacks.set(r.id, { name: r.name, skills: r.skills });
  }
  return out;
}

function stackProofs(counting: CredentialForSkills[], stacks: Stacks): Proof[] {
  const held = new Map<string, CredentialForSkills>();
  for (const c of counting) if (c.achievementId) held.set(c.achievementId, c);
  const parents = [...new Set([...held.keys()].flatMap((id) => stacks.partOf.get(id) ?? []))].filter((p) => !held.has(p));
  const proofs: Proof[] = [];
  for (const parentId of parents) {
    const parent = stacks.stacks.get(parentId);
    const parts = stacks.parts.get(parentId) ?? [];
    if (!parent || parts.length === 0 || !parts.every((p) => held.has(p))) continue;
    const partCredentials = parts.map((p) => held.get(p)!);
    const latest = partCredentials.reduce<CredentialForSkills>((x, y) => ((y.issuedAt?.getTime() ?? 0) > (x.issuedAt?.getTime() ?? 0) ? y : x), partCredentials[0]!);
    for (const skill of parent.skills) {
      for (const part of partCredentials) {
        // Every part proves the stack's level together; the stack is complete on the last part's date.
        proofs.push({
          credentialId: part.id,
          issuerId: part.issuerId,
          issuerTrusted: partCredentials.every((p) => p.issuerTrusted),
          issuedAt: latest.issuedAt,
          validUntil: part.validUntil,
          skill: { ...skill, sourceFramework: `stack: ${parent.name}`, sourceLevel: skill.sourceLevel ?? String(skill.level) },
        });
      }
    }
  }
  return proofs;
}

function aggregate(personId: string, proofs: Proof[], verified: boolean): (typeof personSkills.$inferInsert)[] {
  const bySkill = new Map<string, Proof[]>();
  for (const p of proofs) {
    const list = bySkill.get(p.skill.skillId);
    if (list) list.push(p);
    else bySkill.set(p.skill.skillId, [p]);
  }
  const out: (typeof personSkills.$inferInsert)[] = [];
  for (const [skillId, list] of bySkill) {
    const level = Math.max(...list.map((p) => p.skill.level));
    const top = list.filter((p) => p.skill.level === level).sort((a, b) => (a.issuedAt?.getTime() ?? 0) - (b.issuedAt?.getTime() ?? 0));
    const first = top[0]!;
    const issued = top.map((p) => p.issuedAt).filter((d): d is Date => d !== null);
    const expiries = top.map((p) => p.validUntil).filter((d): d is Date => d !== null);
    out.push({
      personId,
      skillId,
      verified,
      level: Math.min(5, Math.max(1, Math.round(level))),
      sourceLevel: first.skill.sourceLevel ?? null,
      sourceFramework: first.skill.sourceFramework ?? null,
      credentialIds: [...new Set(top.map((p) => p.credentialId))],
      issuerIds: [...new Set(top.map((p) => p.issuerId).filter((i): i is string => i !== null))],
      achievedAt: issued.length ? new Date(Math.min(...issued.map((d) => d.getTime()))) : null,
      expiresAt: expiries.length ? new Date(Math.min(...expiries.map((d) => d.getTime()))) : null,
    });
  }
  return out;
}
