// Taxonomy import: DDaT + O*NET skills, the departments, and role profiles from the DDaT role levels.
// Every write is an upsert on a stable id, so running it twice changes nothing.
import { inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { departments, roleProfiles, roleRequirements, skills } from '../db/schema';
import {
  DDAT_FRAMEWORK,
  DEPARTMENTS,
  ddatLevelValue,
  ddatRoleProfileId,
  ddatSkillId,
  ddatSkillUrl,
  departmentForRole,
  loadTaxonomy,
  onetSkillId,
  stableHash,
  type DepartmentId,
} from './taxonomy-data';

type SkillRow = typeof skills.$inferInsert;
type RoleRow = typeof roleProfiles.$inferInsert;
type RequirementRow = typeof roleRequirements.$inferInsert;

/** Skills rows for both frameworks (pure). */
export function buildSkillRows(): SkillRow[] {
  const { ddatSkills, onetSkills, skillAliases } = loadTaxonomy();
  // The frameworks' own aliases, then data/skill-aliases.json's, each once (case-insensitive).
  const withExtra = (id: string, own: string[]): string[] => {
    const out: string[] = [];
    for (const alias of [...own, ...(skillAliases[id]?.aliases ?? [])]) {
      if (!out.some((a) => a.toLowerCase() === alias.toLowerCase())) out.push(alias);
    }
    return out;
  };
  const ddat: SkillRow[] = ddatSkills.map((s) => ({
    id: ddatSkillId(s.slug),
    name: s.name,
    framework: DDAT_FRAMEWORK,
    code: s.slug,
    url: ddatSkillUrl(s.slug),
    description: s.description,
    aliases: withExtra(ddatSkillId(s.slug), []),
    // Keyed by the 1-5 scale: DDaT has no level 4 ("Advanced"), so that key is absent.
    levelDescriptions: Object.fromEntries(Object.entries(s.levels).map(([word, text]) => [String(ddatLevelValue(word)), text])),
    source: null,
  }));
  const onet: SkillRow[] = onetSkills.map((s) => ({
    id: onetSkillId(s.slug),
    name: s.name,
    framework: 'O*NET',
    code: null,
    url: null,
    description:
      `${s.commodity}. An O*NET hot technology listed for ${s.occupationCount} occupation${s.occupationCount === 1 ? '' : 's'}` +
      (s.exampleOccupations.length ? `, e.g. ${s.exampleOccupations.slice(0, 3).join(', ')}.` : '.'),
    aliases: withExtra(onetSkillId(s.slug), s.aliases),
    levelDescriptions: {},
    source: null,
  }));
  return [...ddat, ...onet];
}

export type DdatRoleProfile = { row: RoleRow & { id: string }; requirements: RequirementRow[] };

/**
 * Role profiles from the DDaT role levels (pure). Requirements are the skill levels the framework
 * asks of each role level, weight 1. "Essential" (a filter in search) is limited to the level's
 * highest asks, at most three and only at Practitioner or above: making every skill essential would
 * leave almost nobody in a ranking, which is not how a hiring manager reads a profile.
 * Open seats are a deterministic demand picture: more at mid ladder, few at the top.
 */
/** Departments hiring hard, with a multiplier on their open seats (the demo's demand story). */
export const DEMAND_HOTSPOTS: Partial<Record<DepartmentId, number>> = { data: 2, security: 2, architecture: 1 };

export function buildDdatRoleProfiles(): DdatRoleProfile[] {
  const { ddatRoles } = loadTaxonomy();
  const out: DdatRoleProfile[] = [];
  for (const role of ddatRoles) {
    const top = Math.max(...role.levels.map((l) => l.rank));
    for (const level of role.levels) {
      const id = ddatRoleProfileId(level.slug);
      const reqs = level.skills.map((s) => ({ skillId: ddatSkillId(s.skill), minLevel: ddatLevelValue(s.level) }));
      const highest = Math.max(...reqs.map((r) => r.minLevel));
      const essentialIds = new Set(
        reqs
          .filter((r) => r.minLevel >= 3 && r.minLevel === highest)
          .slice(0, 3)
          .map((r) => r.skillId),
      );
      const h = stableHash(id);
      // Hiring is concentrated where the organisation is growing (DEMAND_HOTSPOTS: data, security,
      // architecture, at practitioner rungs and above); elsewhere a seat opens here and there.
      const hot = DEMAND_HOTSPOTS[departmentForRole(role)] ?? 0;
      // Most open seats at the entry and practitioner rungs (rank 1-3), few senior ones.
      const seatsPattern =
        hot > 0
          ? level.rank === top && top > 1
            ? [0, 1]
            : level.rank <= 3
              ? [2, 3, 4, 5]
              : [1, 1, 2]
          : level.rank === top && top > 1
            ? [0, 0, 1]
            : [0, 0, 1, 1, 2];
      const openSeats = seatsPattern[h % seatsPattern.length]! * Math.max(1, hot);
      out.push({
        row: {
          id,
          name: level.name,
          family: role.family,
          // The framework's "… - management" levels share ranks with the practitioner levels of the
          // same role; as their own ladder, no two roles share a rung.
          track: / - management$/i.test(level.name) ? `${role.role} (management)` : role.role,
          levelName: level.name,
          ladderRank: level.rank,
          description: level.description || role.description,
          departmentId: departmentForRole(role),
          openSeats,
          // Updated by the demo seed to current holders + open seats once people exist.
          plannedHeadcount: openSeats,
          source: 'ddat',
        },
        requirements: reqs.map((r) => ({ roleId: id, skillId: r.skillId, minLevel: r.minLevel, weight: 1, essential: essentialIds.has(r.skillId) })),
      });
    }
  }
  return out;
}

export async function importDepartments(db: DbOrTx): Promise<number> {
  await db
    .insert(departments)
    .values(DEPARTMENTS.map((d) => ({ id: d.id, name: d.name })))
    .onConflictDoUpdate({ target: departments.id, set: { name: sql`excluded.name` } });
  return DEPARTMENTS.length;
}

export async function importSkills(db: DbOrTx): Promise<number> {
  const rows = buildSkillRows();
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insert(skills)
      .values(rows.slice(i, i + 200))
      .onConflictDoUpdate({
        target: skills.id,
        set: {
          name: sql`excluded.name`,
          framework: sql`excluded.framework`,
          code: sql`excluded.code`,
          url: sql`excluded.url`,
          description: sql`excluded.description`,
          aliases: sql`excluded.aliases`,
          levelDescriptions: sql`excluded.level_descriptions`,
        },
      });
  }
  return rows.length;
}

/**
 * Upsert the DDaT role profiles and replace their requirements. Open seats and planned headcount
 * are only set on first insert: once HR edits them, a re-import must not undo the edit.
 */
export async function importDdatRoleProfiles(db: DbOrTx): Promise<number> {
  const profiles = buildDdatRoleProfiles();
  for (let i = 0; i < profiles.length; i += 100) {
    const chunk = profiles.slice(i, i + 100);
    await db
      .insert(roleProfiles)
      .values(chunk.map((p) => p.row))
      .onConflictDoUpdate({
        target: roleProfiles.id,
        set: {
          name: sql`excluded.name`,
          family: sql`excluded.family`,
          track: sql`excluded.track`,
          levelName: sql`excluded.level_name`,
          ladderRank: sql`excluded.ladder_rank`,
          description: sql`excluded.description`,
          departmentId: sql`excluded.department_id`,
          source: sql`excluded.source`,
        },
      });
    const ids = chunk.map((p) => p.row.id);
    await db.delete(roleRequirements).where(inArray(roleRequirements.roleId, ids));
    const reqs = chunk.flatMap((p) => p.requirements);
    if (reqs.length) await db.insert(roleRequirements).values(reqs);
  }
  return profiles.length;
}

/** Departments, skills and DDaT role profiles, in one transaction. */
export async function importTaxonomy(db: DbOrTx): Promise<{ departments: number; skills: number; roleProfiles: number }> {
  return db.transaction(async (tx) => ({
    departments: await importDepartments(tx),
    skills: await importSkills(tx),
    roleProfiles: await importDdatRoleProfiles(tx),
  }));
}
