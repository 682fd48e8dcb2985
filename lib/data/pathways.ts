import 'server-only';
// Gaps and pathways for one person and one role: the person's verified levels, the role's
// requirements and the catalog of achievements people can go and earn (achievements.in_catalog),
// handed to the pure planner in lib/domain/pathways.ts; names attached for the page.
// Permission 'pathways.view', and the person must be visible to the actor (canSeePerson): a manager
// plans only for their own department. Anyone else gets the same 404 as a person who does not exist.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { achievements, auditLog, credentials, departments, issuers, people, personSkills, roleProfiles, skills } from '../db/schema';
import { AppError } from '../domain/app-error';
import { levelName } from '../domain/levels';
import type { Requirement } from '../domain/match-score';
import { computePathway, type CatalogAchievement, type Gap, type GapChange, type Pathway, type PathwayStep, type PersonLevel } from '../domain/pathways';
import { can, canSeePerson, type Actor } from '../domain/permissions';
import { getRequirements, getRole, type RoleSummary } from './roles';

export type NamedGapChange = GapChange & { skillName: string; fromName: string; toName: string; requiredName: string };
export type NamedGap = Gap & { skillName: string; currentName: string; requiredName: string };
export type NamedStep = Omit<PathwayStep, 'closes' | 'raises'> & {
  closes: NamedGapChange[];
  raises: NamedGapChange[];
  /** 1-based position and the credentials needed up to and including this step. */
  position: number;
  cumulativeCredentials: number;
};
export type NamedPathway = Omit<Pathway, 'gaps' | 'unclosable' | 'steps'> & {
  gaps: NamedGap[];
  unclosable: NamedGap[];
  steps: NamedStep[];
  requirementCount: number;
  metCount: number;
};

export type PathwayPerson = {
  id: string;
  kind: 'employee' | 'candidate';
  name: string;
  headline: string;
  currentRole: string;
  departmentId: string | null;
  departmentName: string | null;
  openToMobility: boolean;
  currentRoleProfile: RoleSummary | null;
};

export type PersonRolePlan = {
  role: RoleSummary & { departmentName: string | null; requirementCount: number };
  person: PathwayPerson;
  pathway: NamedPathway;
  /** Next role up the ladder from the target role, with this person's gap and pathway for it. */
  nextRole: { role: RoleSummary; pathway: NamedPathway } | null;
  /** Requirements of the target role the person already meets, with their verified level. */
  met: { skill: string; skillName: string; level: number; levelName: string; required: number; requiredName: string; essential: boolean }[];
  catalogSize: number;
};

export async function getPersonRolePlan(db: DbOrTx, actor: Actor, roleId: string, personId: string, options: { now?: Date; audit?: boolean } = {}): Promise<PersonRolePlan> {
  if (!can(actor, 'pathways.view')) throw new AppError('forbidden', 'You do not have access to career pathways.');
  const role = await getRole(db, actor, roleId);
  const [person] = await db
    .select({
      id: people.id,
      kind: people.kind,
      name: people.name,
      headline: people.headline,
      currentRole: people.currentRole,
      currentRoleProfileId: people.currentRoleProfileId,
      departmentId: people.departmentId,
      departmentName: departments.name,
      openToMobility: people.openToMobility,
      searchable: people.searchable,
    })
    .from(people)
    .leftJoin(departments, eq(departments.id, people.departmentId))
    .where(eq(people.id, personId))
    .limit(1);
  if (!person || !canSeePerson(actor, person)) throw new AppError('not_found', 'This person does not exist or is not in your area.');

  const now = options.now ?? new Date();
  const [levelRows, heldRows, catalogRows, currentProfile] = await Promise.all([
    db
      .select({ skill: personSkills.skillId, level: personSkills.level, expiresAt: personSkills.expiresAt })
      .from(personSkills)
      .where(and(eq(personSkills.personId, personId), eq(personSkills.verified, true))),
    db
      .selectDistinct({ achievementId: credentials.achievementId })
      .from(credentials)
      .where(and(eq(credentials.personId, personId), eq(credentials.status, 'verified'), sql`${credentials.achievementId} is not null`)),
    db
      .select({ id: achievements.id, name: achievements.name, skills: achievements.skills, partOf: achievements.partOf, issuerName: issuers.name })
      .from(achievements)
      .leftJoin(issuers, eq(issuers.id, achievements.issuerId))
      .where(eq(achievements.inCatalog, true)),
    person.currentRoleProfileId
      ? db
          .select({ id: roleProfiles.id, name: roleProfiles.name, family: roleProfiles.family, track: roleProfiles.track, levelName: roleProfiles.levelName, ladderRank: roleProfiles.ladderRank })
          .from(roleProfiles)
          .where(eq(roleProfiles.id, person.currentRoleProfileId))
          .limit(1)
      : Promise.resolve([]),
  ]);
  // Only unexpired verified levels count (person_skills is recomputed on ingest; the clock moves on).
  const levels: PersonLevel[] = levelRows.filter((r) => !r.expiresAt || r.expiresAt > now).map((r) => ({ skill: r.skill, level: r.level }));
  const held = heldRows.map((r) => r.achievementId).filter((id): id is string => id !== null);
  const catalog: CatalogAchievement[] = catalogRows.map((a) => ({
    id: a.id,
    name: a.name,
    issuerName: a.issuerName,
    skills: (a.skills ?? []).map((s) => ({ skillId: s.skillId, level: s.level })),
    partOf: a.partOf ?? [],
  }));

  const toReqs = (rs: { skillId: string; minLevel: number; weight: number; essential: boolean }[]): Requirement[] =>
    rs.map((r) => ({ skill: r.skillId, minLevel: r.minLevel, weight: r.weight, essential: r.essential }));
  const targetReqs = toReqs(role.requirements);
  const nextReqs = role.nextRole ? toReqs(await getRequirements(db, role.nextRole.id)) : null;
  const skillIds = new Set([...targetReqs, ...(nextReqs ?? [])].map((r) => r.skill));
  const names = await skillNames(db, [...skillIds]);

  const pathway = nameP(computePathway({ requirements: targetReqs, levels, catalog, heldAchievementIds: held }), targetReqs.length, names);
  const nextRole =
    role.nextRole && nextReqs
      ? { role: role.nextRole, pathway: nameP(computePathway({ requirements: nextReqs, levels, catalog, heldAchievementIds: held }), nextReqs.length, names) }
      : null;

  // Assigning reads the plan too; it writes its own audit row (pathway.assign) instead.
  if (options.audit !== false) await db.insert(auditLog).values({ actorId: actor.id, action: 'pathway.view', subjectType: 'person', subjectId: personId, detail: { roleId } });

  return {
    role: {
      id: role.id,
      name: role.name,
      family: role.family,
      track: role.track,
      levelName: role.levelName,
      ladderRank: role.ladderRank,
      departmentName: role.departmentName,
      requirementCount: role.requirements.length,
    },
    person: {
      id: person.id,
      kind: person.kind,
      name: person.name,
      headline: person.headline,
      currentRole: person.currentRole,
      departmentId: person.departmentId,
      departmentName: person.departmentName,
      openToMobility: person.openToMobility,
      currentRoleProfile: currentProfile[0] ?? null,
    },
    pathway,
    nextRole,
    met: targetReqs
      .map((r) => ({ r, level: levels.filter((l) => l.skill === r.skill).reduce((m, l) => Math.max(m, l.level), 0) }))
      .filter(({ r, level }) => level >= r.minLevel)
      .map(({ r, level }) => ({
        skill: r.skill,
        skillName: names.get(r.skill) ?? r.skill,
        level,
        levelName: levelName(level),
        required: r.minLevel,
        requiredName: levelName(r.minLevel),
        essential: r.essential,
      })),
    catalogSize: catalog.length,
  };
}

async function skillNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: skills.id, name: skills.name }).from(skills).where(inArray(skills.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

function nameP(p: Pathway, requirementCount: number, names: Map<string, string>): NamedPathway {
  const skillName = (id: string) => names.get(id) ?? id;
  const gap = (g: Gap): NamedGap => ({ ...g, skillName: skillName(g.skill), currentName: g.current > 0 ? levelName(g.current) : 'None', requiredName: levelName(g.required) });
  const change = (c: GapChange): NamedGapChange => ({
    ...c,
    skillName: skillName(c.skill),
    fromName: c.from > 0 ? levelName(c.from) : 'None',
    toName: levelName(c.to),
    requiredName: levelName(c.required),
  });
  let cumulative = 0;
  return {
    ...p,
    requirementCount,
    metCount: requirementCount - p.gaps.length,
    gaps: p.gaps.map(gap),
    unclosable: p.unclosable.map(gap),
    steps: p.steps.map((s, i) => {
      cumulative += s.credentialCount;
      return { ...s, closes: s.closes.map(change), raises: s.raises.map(change), position: i + 1, cumulativeCredentials: cumulative };
    }),
  };
}
