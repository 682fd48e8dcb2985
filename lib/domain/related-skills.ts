// Framework neighbours (issue 13 item 4): skills the shipped frameworks put together, as a second
// source of related skills beside co-occurrence (which needs people holding both). Pure: the data
// layer hands in the frameworks (data/uk-ddat/roles.json, data/onet-30.0/technology-skills.json).
//   - UK DDaT: two skills are neighbours when the same role levels ask for both; the more role
//     levels they share, the closer.
//   - O*NET: two technology skills are neighbours when O*NET files them under the same commodity
//     (e.g. "Object or component oriented development software": Python, R, Java); more widely
//     used technologies (occupation count) first.

export type FrameworkData = {
  /** Each DDaT role level: its name and the skill ids it asks for. */
  ddatRoleLevels: { name: string; skills: string[] }[];
  /** O*NET technology skills: id, commodity title and how many occupations use it. */
  onetSkills: { id: string; commodity: string; occupationCount: number }[];
};

export type FrameworkNeighbour = { skill: string; reason: string };

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function frameworkNeighbours(skill: string, data: FrameworkData, limit = 5): FrameworkNeighbour[] {
  const shared = new Map<string, { count: number; example: string }>();
  for (const level of data.ddatRoleLevels) {
    if (!level.skills.includes(skill)) continue;
    for (const other of new Set(level.skills)) {
      if (other === skill) continue;
      const entry = shared.get(other);
      if (entry) entry.count += 1;
      else shared.set(other, { count: 1, example: level.name });
    }
  }
  const ddat = [...shared.entries()]
    .sort(([a, x], [b, y]) => y.count - x.count || byteOrder(a, b))
    .map(([id, { count, example }]): FrameworkNeighbour => ({
      skill: id,
      reason: count === 1 ? `asked for together in the DDaT role ${example}` : `asked for together in ${count} DDaT role levels, e.g. ${example}`,
    }));
  const self = data.onetSkills.find((s) => s.id === skill);
  const onet = self
    ? data.onetSkills
        .filter((s) => s.id !== skill && s.commodity === self.commodity)
        .sort((a, b) => b.occupationCount - a.occupationCount || byteOrder(a.id, b.id))
        .map((s): FrameworkNeighbour => ({ skill: s.id, reason: `both O*NET “${self.commodity}”` }))
    : [];
  return [...ddat, ...onet].slice(0, limit);
}

export type RelatedSkillSource = 'co-held' | 'framework';
export type RelatedSkillRef = { skill: string; source: RelatedSkillSource; reason: string | null };

/**
 * A skill's related skills, co-held ones first (what this organisation's people actually combine),
 * then framework neighbours not already listed, without the skill itself or `exclude`, at most `limit`.
 */
export function mergeRelatedSkills(skill: string, coHeld: string[], framework: FrameworkNeighbour[], limit: number, exclude: readonly string[] = []): RelatedSkillRef[] {
  const out: RelatedSkillRef[] = [];
  const seen = new Set([skill, ...exclude]);
  for (const id of coHeld) {
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ skill: id, source: 'co-held', reason: null });
  }
  for (const n of framework) {
    if (seen.has(n.skill)) continue;
    seen.add(n.skill);
    out.push({ skill: n.skill, source: 'framework', reason: n.reason });
  }
  return out.slice(0, limit);
}
