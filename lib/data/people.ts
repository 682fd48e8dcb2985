import 'server-only';
// Profiles and "who may see whom" for single people. Visibility follows canSeePerson in
// lib/domain/permissions.ts: a person the actor may not see is answered exactly like a person who
// does not exist (404), so the existence of a hidden employee never leaks.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { queryPrepared } from '../db/local-settings';
import { achievements, auditLog, credentials, departments, issuers, people, type CheckJson, type EvidenceJson } from '../db/schema';
import { AppError } from '../domain/app-error';
import { can, canSeePerson, type Actor } from '../domain/permissions';

export type PersonSummary = {
  id: string;
  kind: 'employee' | 'candidate';
  name: string;
  email: string;
  headline: string;
  location: string;
  departmentId: string | null;
  departmentName: string | null;
  currentRole: string;
  openToMobility: boolean;
};

export type SkillProvenance = {
  credentialId: string;
  achievementName: string;
  issuerId: string | null;
  issuerName: string | null;
  status: string;
  issuedAt: string | null;
  /** The level this credential states for the skill, normalised and as the source wrote it. */
  level: number | null;
  sourceLevel: string | null;
  sourceFramework: string | null;
  evidence: EvidenceJson[];
};

export type ProfileSkill = {
  skillId: string;
  name: string;
  framework: string;
  verified: boolean;
  level: number;
  sourceLevel: string | null;
  sourceFramework: string | null;
  achievedAt: string | null;
  expiresAt: string | null;
  /** The credentials that prove this level. */
  provenance: SkillProvenance[];
  /** Credentials that claim this skill but do not count (revoked, expired, invalid...). */
  notCounted: SkillProvenance[];
  /**
   * Verified levels: the level trusted issuers alone prove (null: none). `untrusted` when the shown
   * level is above it: marked "issuer not on your trusted list" (still verified cryptographically).
   */
  trustedLevel: number | null;
  untrusted: boolean;
};

export type ProfileCredential = {
  id: string;
  format: string;
  status: string;
  achievementId: string | null;
  achievementName: string;
  issuerId: string | null;
  issuerName: string | null;
  issuerTrust: string | null;
  issuedAt: string | null;
  /** When it was last verified (the report changes then). */
  verifiedAt: string | null;
  /** How many checks its verification report has; the report itself loads on demand (getCredentialReport). */
  checkCount: number;
  /** The first failed check's message: why a credential does not count, without opening the report. */
  failedCheck: string | null;
  evidence: EvidenceJson[];
  /** Skills the credential's achievement aligns to, with the level it states. */
  skills: { skillId: string; name: string; level: number; sourceLevel: string | null; sourceFramework: string | null }[];
  parentCredentialId: string | null;
  /** 'overridden': HR attached it although its recipient is not this person's; it never counts. */
  recipientBinding: 'matched' | 'overridden';
  overrideReason: string | null;
  /** Whether it counts toward verified levels (only verified credentials bound to this person do). */
  counts: boolean;
};

export type ProfileIdentity = { id: string; kind: 'email' | 'did' | 'url' | 'profile'; value: string };

export type PersonProfile = {
  person: PersonSummary;
  /** Verified levels, highest first. */
  skills: ProfileSkill[];
  /** Self-reported (unverified) levels, shown apart. */
  selfReported: ProfileSkill[];
  /** Newest first. */
  credentials: ProfileCredential[];
  /** Recipient identities beyond the email, for actors who import credentials ('credentials.import'); null for others. */
  identities: ProfileIdentity[] | null;
};

/** One credential's full verification report: what the profile shows behind "Verification report". */
export type CredentialReport = {
  credentialId: string;
  personId: string;
  achievementName: string;
  status: string;
  checks: CheckJson[];
  issuedAt: string | null;
  validFrom: string | null;
  validUntil: string | null;
  verifiedAt: string | null;
  source: string;
  evidence: EvidenceJson[];
};

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

const personColumns = {
  id: people.id,
  kind: people.kind,
  name: people.name,
  email: people.email,
  headline: people.headline,
  location: people.location,
  departmentId: people.departmentId,
  departmentName: departments.name,
  currentRole: people.currentRole,
  openToMobility: people.openToMobility,
  searchable: people.searchable,
};

/** Visible people among `ids`, in the order asked; unknown and hidden ids are both just absent. */
export async function getVisiblePeople(db: DbOrTx, actor: Actor, ids: string[]): Promise<PersonSummary[]> {
  const unique = [...new Set(ids)].filter((id) => id.length > 0 && id.length <= 200);
  if (unique.length === 0) return [];
  const rows = await db.select(personColumns).from(people).leftJoin(departments, eq(departments.id, people.departmentId)).where(inArray(people.id, unique));
  const byId = new Map(rows.filter((r) => canSeePerson(actor, r)).map((r) => [r.id, r]));
  return unique.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const { searchable: _s, ...summary } = r;
    return [summary];
  });
}

// The outer person row's id, spelled out: drizzle writes a column inside a selected sql`` without its
// table when a query reads one table, and `person_id = "id"` would then match the subquery's own id.
const personRowId = sql`${sql.identifier('people')}.${sql.identifier('id')}`;

// Rows as the profile statement's JSON aggregates deliver them (timestamps are JSON text there).
type CredentialJson = Omit<ProfileCredential, 'achievementName' | 'counts' | 'skills'> & {
  achievementName: string | null;
  skills: { skillId: string; name: string; level: number; sourceLevel: string | null; sourceFramework: string | null }[];
};
type SkillJson = Omit<ProfileSkill, 'provenance' | 'notCounted' | 'untrusted'> & { credentialIds: string[] };

/*
 * The whole profile in ONE statement: the person, their credentials (with the names of the skills each
 * states, and only a summary of its verification report) and their derived levels, as JSON aggregates
 * correlated to the person row. A profile view was ten statements before (person, credentials, levels,
 * skill names, identities twice, shortlists five times); on PGlite every statement is a round trip to
 * the one backend that all requests share, so their number is what a page costs the server.
 * What the credential itself states (mapped at ingest) wins over the achievement's catalog skills, the
 * fallback for credentials ingested before that column existed.
 * Achievements, issuers and skill names are scalar primary-key lookups, not joins: PGlite never runs
 * ANALYZE by itself (no autovacuum), and without statistics the planner hashed the whole achievements
 * and skills tables for every profile (5-7 ms on PGlite at 2,000 people; about 1 ms this way).
 */
const credentialsJson = sql<CredentialJson[]>`(
  select coalesce(json_agg(json_build_object(
    'id', c.id, 'format', c.format, 'status', c.status, 'achievementId', c.achievement_id,
    'achievementName', (select a.name from achievements a where a.id = c.achievement_id),
    'issuerId', c.issuer_id,
    'issuerName', (select i.name from issuers i where i.id = c.issuer_id),
    'issuerTrust', (select i.trust from issuers i where i.id = c.issuer_id),
    'issuedAt', c.issued_at, 'verifiedAt', c.verified_at,
    'checkCount', jsonb_array_length(c.checks),
    'failedCheck', (select e->>'message' from jsonb_array_elements(c.checks) e where e->>'result' = 'fail' limit 1),
    'evidence', c.evidence, 'parentCredentialId', c.parent_credential_id,
    'recipientBinding', c.recipient_binding, 'overrideReason', c.override_reason,
    'skills', (
      select coalesce(json_agg(json_build_object(
        'skillId', x.e->>'skillId', 'name', coalesce((select s.name from skills s where s.id = x.e->>'skillId'), x.e->>'skillId'),
        'level', x.e->'level', 'sourceLevel', x.e->>'sourceLevel', 'sourceFramework', x.e->>'sourceFramework') order by x.n), '[]'::json)
      from jsonb_array_elements(case when jsonb_array_length(c.skills) > 0 then c.skills
        else coalesce((select a.skills from achievements a where a.id = c.achievement_id), '[]'::jsonb) end) with ordinality as x(e, n))
  ) order by c.issued_at desc, c.id), '[]'::json)
  from credentials c
  where c.person_id = ${personRowId}
)`;

const skillsJson = sql<SkillJson[]>`(
  select coalesce(json_agg(json_build_object(
    'skillId', q.skill_id, 'name', q.name, 'framework', q.framework, 'verified', q.verified, 'level', q.level,
    'sourceLevel', q.source_level, 'sourceFramework', q.source_framework, 'credentialIds', q.credential_ids,
    'achievedAt', q.achieved_at, 'expiresAt', q.expires_at, 'trustedLevel', q.trusted_level
  ) order by q.level desc, q.name), '[]'::json)
  from (
    select ps.*, s.name, s.framework
    from person_skills ps
    -- offset 0: a primary-key lookup per level, not pulled up into a join hashed over all skills.
    cross join lateral (select s.name, s.framework from skills s where s.id = ps.skill_id offset 0) s
    where ps.person_id = ${personRowId}
  ) q
)`;

/** The profile statement's row: the person's columns as personColumns names them, and the aggregates. */
type ProfileRow = PersonSummary & {
  searchable: boolean;
  credentials: CredentialJson[];
  skills: SkillJson[];
  identities: ProfileIdentity[] | null;
};

const identitiesJson = sql<ProfileIdentity[]>`(
  select coalesce(json_agg(json_build_object('id', pi.id, 'kind', pi.kind, 'value', pi.value) order by pi.kind, pi.value), '[]'::json)
  from person_identities pi where pi.person_id = ${personRowId}
)`;

/**
 * A person's profile: skills with provenance, credentials with a summary of their verification reports
 * (the full report is getCredentialReport, loaded when the user opens it). Throws
 * AppError('not_found') for unknown and hidden people alike. Every successful view is written to the
 * audit log (who looked at whom, when): one insert, nothing read for it.
 */
export async function getPersonProfile(db: DbOrTx, actor: Actor, personId: string): Promise<PersonProfile> {
  if (personId.length === 0 || personId.length > 200) throw new AppError('not_found', NOT_VISIBLE);
  const withIdentities = can(actor, 'credentials.import');
  // A named statement per pooled connection (queryPrepared): planning this statement (its correlated
  // subqueries) was 2-5 ms of its 4-6 ms on PGlite, every view, on the worker's one backend; the
  // generic plan (primary-key and person_id lookups) is as good as a custom one.
  const [row] = await queryPrepared<ProfileRow>(
    db,
    sql`select people.id, people.kind, people.name, people.email, people.headline, people.location, people.department_id as "departmentId",
      departments.name as "departmentName", people."current_role" as "currentRole", people.open_to_mobility as "openToMobility", people.searchable,
      ${credentialsJson} as credentials, ${skillsJson} as skills, ${withIdentities ? identitiesJson : sql`null`} as identities
    from people left join departments on departments.id = people.department_id
    where people.id = ${personId}`,
  );
  // Hidden people's rows were read with the rest but go no further than this check.
  if (!row || !canSeePerson(actor, row)) throw new AppError('not_found', NOT_VISIBLE);
  const { searchable: _s, credentials: credentialRows, skills: skillRows, identities, ...person } = row;

  const credentialsOut: ProfileCredential[] = credentialRows.map((c) => ({
    ...c,
    achievementName: c.achievementName ?? 'Unnamed credential',
    issuedAt: iso(c.issuedAt),
    verifiedAt: iso(c.verifiedAt),
    skills: c.skills.map((s) => ({ ...s, level: Number(s.level), sourceLevel: s.sourceLevel ?? null, sourceFramework: s.sourceFramework ?? null })),
    counts: c.status === 'verified' && c.recipientBinding === 'matched',
  }));
  const credentialById = new Map(credentialsOut.map((c) => [c.id, c]));

  const provenanceOf = (c: ProfileCredential, skillId: string): SkillProvenance => {
    const stated = c.skills.find((s) => s.skillId === skillId);
    return {
      credentialId: c.id,
      achievementName: c.achievementName,
      issuerId: c.issuerId,
      issuerName: c.issuerName,
      status: c.status,
      issuedAt: c.issuedAt,
      level: stated?.level ?? null,
      sourceLevel: stated?.sourceLevel ?? null,
      sourceFramework: stated?.sourceFramework ?? null,
      evidence: c.evidence,
    };
  };

  const toProfileSkill = (s: SkillJson): ProfileSkill => {
    const proving = new Set(s.credentialIds);
    return {
      skillId: s.skillId,
      name: s.name,
      framework: s.framework,
      verified: s.verified,
      level: s.level,
      sourceLevel: s.sourceLevel,
      sourceFramework: s.sourceFramework,
      achievedAt: iso(s.achievedAt),
      expiresAt: iso(s.expiresAt),
      provenance: s.credentialIds.flatMap((id) => {
        const c = credentialById.get(id);
        return c ? [provenanceOf(c, s.skillId)] : [];
      }),
      notCounted: s.verified
        ? credentialsOut.filter((c) => !c.counts && !proving.has(c.id) && c.skills.some((x) => x.skillId === s.skillId)).map((c) => provenanceOf(c, s.skillId))
        : [],
      trustedLevel: s.verified ? s.trustedLevel : null,
      untrusted: s.verified && s.level > 0 && (s.trustedLevel ?? 0) < s.level,
    };
  };

  const verifiedSkills = skillRows.filter((s) => s.verified).map(toProfileSkill);
  const verifiedIds = new Set(verifiedSkills.map((s) => s.skillId));

  // A skill claimed only by credentials that do not count has no verified level at all; show it
  // with level 0 so the recruiter sees the claim and why it is not counted.
  const uncountedOnly = new Map<string, ProfileSkill>();
  for (const c of credentialsOut) {
    if (c.counts) continue;
    for (const s of c.skills) {
      if (verifiedIds.has(s.skillId)) continue;
      const entry =
        uncountedOnly.get(s.skillId) ??
        ({ skillId: s.skillId, name: s.name, framework: '', verified: true, level: 0, sourceLevel: null, sourceFramework: null, achievedAt: null, expiresAt: null, provenance: [], notCounted: [], trustedLevel: null, untrusted: false } satisfies ProfileSkill);
      entry.notCounted.push(provenanceOf(c, s.skillId));
      uncountedOnly.set(s.skillId, entry);
    }
  }

  await db.insert(auditLog).values({ actorId: actor.id, action: 'person.view', subjectType: 'person', subjectId: person.id, detail: {} });

  return {
    person,
    skills: [...verifiedSkills, ...uncountedOnly.values()],
    selfReported: skillRows.filter((s) => !s.verified).map(toProfileSkill),
    credentials: credentialsOut,
    identities: withIdentities ? (identities ?? []) : null,
  };
}

const NOT_VISIBLE = 'This person does not exist or is not visible to you.';
const REPORT_NOT_VISIBLE = 'This credential does not exist or is not visible to you.';

/**
 * One credential's verification report, for the profile's "Verification report" (loaded when opened,
 * not rendered into every profile page). One statement reads the credential with its person's
 * visibility columns: a credential of someone the actor may not see is the same not_found as an
 * unknown id. Reading it is a view of that person, so it is audited like the profile (one insert).
 */
export async function getCredentialReport(db: DbOrTx, actor: Actor, credentialId: string): Promise<CredentialReport> {
  if (credentialId.length === 0 || credentialId.length > 200) throw new AppError('not_found', REPORT_NOT_VISIBLE);
  const [row] = await db
    .select({
      credentialId: credentials.id,
      personId: credentials.personId,
      achievementName: achievements.name,
      status: credentials.status,
      checks: credentials.checks,
      issuedAt: credentials.issuedAt,
      validFrom: credentials.validFrom,
      validUntil: credentials.validUntil,
      verifiedAt: credentials.verifiedAt,
      source: credentials.source,
      evidence: credentials.evidence,
      person: { kind: people.kind, departmentId: people.departmentId, openToMobility: people.openToMobility, searchable: people.searchable },
    })
    .from(credentials)
    .innerJoin(people, eq(people.id, credentials.personId))
    .leftJoin(achievements, eq(achievements.id, credentials.achievementId))
    .where(eq(credentials.id, credentialId))
    .limit(1);
  if (!row || !canSeePerson(actor, row.person)) throw new AppError('not_found', REPORT_NOT_VISIBLE);
  await db.insert(auditLog).values({ actorId: actor.id, action: 'person.view', subjectType: 'person', subjectId: row.personId, detail: { credentialId: row.credentialId, part: 'verification-report' } });
  const { person: _p, ...report } = row;
  return {
    ...report,
    achievementName: report.achievementName ?? 'Unnamed credential',
    issuedAt: iso(report.issuedAt),
    validFrom: iso(report.validFrom),
    validUntil: iso(report.validUntil),
    verifiedAt: iso(report.verifiedAt),
  };
}

/** Display names for department and issuer ids (facet labels); unknown ids are absent. */
export async function getDirectoryLabels(db: DbOrTx, input: { departments?: string[]; issuers?: string[] }): Promise<{ departments: Map<string, string>; issuers: Map<string, string> }> {
  const deptIds = [...new Set(input.departments ?? [])];
  const issuerIds = [...new Set(input.issuers ?? [])];
  const [deptRows, issuerRows] = await Promise.all([
    deptIds.length ? db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, deptIds)) : Promise.resolve([]),
    issuerIds.length ? db.select({ id: issuers.id, name: issuers.name }).from(issuers).where(inArray(issuers.id, issuerIds)) : Promise.resolve([]),
  ]);
  return { departments: new Map(deptRows.map((d) => [d.id, d.name])), issuers: new Map(issuerRows.map((i) => [i.id, i.name])) };
}

/** True when the credential belongs to a person the actor may see (re-verify checks this first). */
export async function canSeeCredential(db: DbOrTx, actor: Actor, credentialId: string): Promise<string | null> {
  const [row] = await db.select({ personId: credentials.personId }).from(credentials).where(and(eq(credentials.id, credentialId))).limit(1);
  if (!row) return null;
  const [visible] = await getVisiblePeople(db, actor, [row.personId]);
  return visible ? row.personId : null;
}
