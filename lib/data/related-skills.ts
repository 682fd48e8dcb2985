import 'server-only';
// Related skills for the search page (issue 13 item 4): skills co-held with a requirement's skill in
// this organisation (skill_cooccurrence, recomputed by the indexer) and its framework neighbours
// (lib/domain/related-skills.ts over the shipped DDaT and O*NET data). Skill relationships are
// aggregates over everyone with a minimum of co-holders (COOCCURRENCE_MIN_PEOPLE): they name skills,
// never people, so no visibility scope applies; the page itself requires people.search.
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client';
import { frameworkNeighbours, mergeRelatedSkills, type FrameworkData, type RelatedSkillSource } from '../domain/related-skills';
import { MAX_RELATED_SKILLS } from '../domain/search-query';
import { ddatSkillId, loadTaxonomy, onetSkillId } from '../seed/taxonomy-data';
import { getSkillsByIds } from './skills';

export type RelatedSkill = {
  id: string;
  name: string;
  source: RelatedSkillSource;
  /** Co-held: the share of the skill's holders who also hold this one (0..1); framework: null. */
  share: number | null;
  /** Framework neighbours: why ("asked for together in the DDaT role Data analyst"). */
  reason: string | null;
};

let frameworks: FrameworkData | undefined;

function frameworkData(): FrameworkData {
  frameworks ??= (() => {
    const t = loadTaxonomy();
    return {
      ddatRoleLevels: t.ddatRoles.flatMap((role) => role.levels.map((level) => ({ name: level.name, skills: level.skills.map((s) => ddatSkillId(s.skill)) }))),
      onetSkills: t.onetSkills.map((s) => ({ id: onetSkillId(s.slug), commodity: s.commodity, occupationCount: s.occupationCount })),
    };
  })();
  return frameworks;
}

/**
 * For each skill: up to `limit` related skills that exist in the taxonomy, co-held first, without
 * the skills in `exclude` (e.g. those already required). Skills with none are absent from the map.
 */
export async function getRelatedSkills(db: DbOrTx, skillIds: string[], options: { limit?: number; exclude?: string[] } = {}): Promise<Map<string, RelatedSkill[]>> {
  const limit = options.limit ?? MAX_RELATED_SKILLS;
  const wanted = [...new Set(skillIds)].slice(0, 50);
  const out = new Map<string, RelatedSkill[]>();
  if (wanted.length === 0) return out;
  const rows = rowsOf<{ skill_id: string; related_skill_id: string; share: number }>(
    await db.execute(sql`select skill_id, related_skill_id, share from skill_cooccurrence
      where skill_id in (${sql.join(wanted.map((id) => sql`${id}`), sql`, `)}) and rank <= ${limit + wanted.length}
      order by skill_id, rank`),
  );
  const shares = new Map(rows.map((r) => [`${r.skill_id}\u0000${r.related_skill_id}`, Number(r.share)]));
  // Framework data names skills this database may not have (not imported): keep only those it has.
  const candidates = wanted.map((id) => ({
    id,
    coHeld: rows.filter((r) => r.skill_id === id).map((r) => r.related_skill_id),
    framework: frameworkNeighbours(id, frameworkData(), 50),
  }));
  const names = await getSkillsByIds(db, candidates.flatMap((c) => [...c.coHeld, ...c.framework.map((n) => n.skill)]));
  for (const c of candidates) {
    const merged = mergeRelatedSkills(
      c.id,
      c.coHeld.filter((id) => names.has(id)),
      c.framework.filter((n) => names.has(n.skill)),
      limit,
      options.exclude,
    );
    const list = merged.map((r): RelatedSkill => ({ id: r.skill, name: names.get(r.skill)!.name, source: r.source, share: shares.get(`${c.id}\u0000${r.skill}`) ?? null, reason: r.reason }));
    if (list.length > 0) out.set(c.id, list);
  }
  return out;
}
