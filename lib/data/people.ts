import 'server-only';
// Profiles and "who may see whom" for single people. Visibility follows canSeePerson in
// lib/domain/permissions.ts: a person the actor may not see is answered exactly like a person who
// does not exist (404), so the existence of a hidden employee never leaks.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { achievements, auditLog, credentials, departments, issuers, people, personSkills, skills, type CheckJson, type EvidenceJson } from '../db/schema';
import { AppError } from '../domain/app-error';
import { canSeePerson, type Actor } from '../domain/permissions';

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
  source: string;
  achievementId: string | null;
  achievementName: string;
  achievementDescription: string;
  issuerId: string | null;
  issuerName: string | null;
  issuerTrust: string | null;
  issuedAt: string | null;
  validFrom: string | null;
  validUntil: string | null;
  verifiedAt: string | null;
  checks: CheckJson[];
  evidence: EvidenceJson[];
  results: { resultDescription?: string; achievedLevel?: string; value?: string }[];
  /** Skills the credential's achievement aligns to, with the level it states. */
  skills: { skillId: string; name: string; level: number; sourceLevel: string | null; sourceFramework: string | null }[];
  parentCredentialId: string | null;
  /** 'overridden': HR attached it although its recipient is not this person's; it never counts. */
  recipientBinding: 'matched' | 'overridden';
  overrideReason: string | null;
  /** Whether it counts toward verified levels (only verified credentials bound to this person do). */
  counts: boolean;
};

export type PersonProfile = {
  person: PersonSummary;
  /** Verified levels, highest first. */
  skills: ProfileSkill[];
  /** Self-reported (unverified) levels, shown apart. */
  selfReported: ProfileSkill[];
  /** Newest first. */
  credentials: ProfileCredential[];
};

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

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

/**
 * A person's profile: skills with provenance, credentials with their verification reports.
 * Throws AppError('not_found') for unknown and hidden people alike. Every successful view is
 * written to the audit log (who looked at whom, when).
 */
export async function getPersonProfile(db: DbOrTx, actor: Actor, personId: string): Promise<PersonProfile> {
  const [person] = await getVisiblePeople(db, actor, [personId]);
  if (!person) throw new AppError('not_found', 'This person does not exist or is not visible to you.');

  const credentialRows = await db
    .select({
      id: credentials.id,
      format: credentials.format,
      status: credentials.status,
      source: credentials.source,
      achievementId: credentials.achievementId,
      achievementName: achievements.name,
      achievementDescription: achievements.description,
      achievementSkills: achievements.skills,
      credentialSkills: credentials.skills,
      issuerId: credentials.issuerId,
      issuerName: issuers.name,
      issuerTrust: issuers.trust,
      issuedAt: credentials.issuedAt,
      validFrom: credentials.validFrom,
      validUntil: credentials.validUntil,
      verifiedAt: credentials.verifiedAt,
      checks: credentials.checks,
      evidence: credentials.evidence,
      results: credentials.results,
      parentCredentialId: credentials.parentCredentialId,
      recipientBinding: credentials.recipientBinding,
      overrideReason: credentials.overrideReason,
    })
    .from(credentials)
    .leftJoin(achievements, eq(achievements.id, credentials.achievementId))
    .leftJoin(issuers, eq(issuers.id, credentials.issuerId))
    .where(eq(credentials.personId, person.id))
    .orderBy(desc(credentials.issuedAt), asc(credentials.id));

  const skillRows = await db
    .select({
      skillId: personSkills.skillId,
      name: skills.name,
      framework: skills.framework,
      verified: personSkills.verified,
      level: personSkills.level,
      sourceLevel: personSkills.sourceLevel,
      sourceFramework: personSkills.sourceFramework,
      credentialIds: personSkills.credentialIds,
      achievedAt: personSkills.achievedAt,
      expiresAt: personSkills.expiresAt,
      trustedLevel: personSkills.trustedLevel,
    })
    .from(personSkills)
    .innerJoin(skills, eq(skills.id, personSkills.skillId))
    .where(eq(personSkills.personId, person.id))
    .orderBy(desc(personSkills.level), asc(skills.name));

  const skillIds = new Set<string>(skillRows.map((s) => s.skillId));
  // What the credential itself states (mapped at ingest) wins; the achievement's catalog skills are
  // the fallback for credentials ingested before that column existed.
  const statedSkills = (c: (typeof credentialRows)[number]) => (c.credentialSkills?.length ? c.credentialSkills : (c.achievementSkills ?? []));
  for (const c of credentialRows) for (const s of statedSkills(c)) skillIds.add(s.skillId);
  const skillNames = new Map(
    skillIds.size > 0
      ? (await db.select({ id: skills.id, name: skills.name }).from(skills).where(inArray(skills.id, [...skillIds]))).map((s) => [s.id, s.name])
      : [],
  );

  const credentialsOut: ProfileCredential[] = credentialRows.map((c) => ({
    id: c.id,
    format: c.format,
    status: c.status,
    source: c.source,
    achievementId: c.achievementId,
    achievementName: c.achievementName ?? 'Unnamed credential',
    achievementDescription: c.achievementDescription ?? '',
    issuerId: c.issuerId,
    issuerName: c.issuerName,
    issuerTrust: c.issuerTrust,
    issuedAt: iso(c.issuedAt),
    validFrom: iso(c.validFrom),
    validUntil: iso(c.validUntil),
    verifiedAt: iso(c.verifiedAt),
    checks: c.checks,
    evidence: c.evidence,
    results: c.results,
    skills: statedSkills(c).map((s) => ({
      skillId: s.skillId,
      name: skillNames.get(s.skillId) ?? s.skillId,
      level: s.level,
      sourceLevel: s.sourceLevel ?? null,
      sourceFramework: s.sourceFramework ?? null,
    })),
    parentCredentialId: c.parentCredentialId,
    recipientBinding: c.recipientBinding,
    overrideReason: c.overrideReason,
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

  const toProfileSkill = (s: (typeof skillRows)[number]): ProfileSkill => {
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
