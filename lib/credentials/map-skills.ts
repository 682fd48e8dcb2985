// From what a credential says (alignments, results, rubric levels, its name) to skills in the
// taxonomy and levels on the product's 1-5 scale. Pure: no I/O; the index is built by the caller.
//
// Skill lookup, per alignment, first hit wins:
//   1. targetUrl (exact, case-insensitive, trailing slash ignored)
//   2. targetFramework + targetCode (framework names normalised: "UK DDaT" = "DDaT", "O*NET" = "ONET")
//   3. targetName, then targetCode, against skill names and aliases (case-insensitive)
//   unknown -> a `custom:<hash>` skill named after the alignment, its framework/code/URL kept.
// Level, per skill, highest evidence wins:
//   1. Result.achievedLevel against the ResultDescription's rubricCriterionLevel list (ordered by
//      points/level, not by label: lib/domain/levels.ts mapRubricLevel). A result description with
//      its own alignments applies to those skills only; otherwise to every aligned skill.
//   2. Level words in the achievement name: UK DDaT (Awareness/Working/Practitioner/Expert),
//      SFIA ("SFIA level 5"), common words (basic, intermediate, advanced...).
//   3. Otherwise DEFAULT_LEVEL (2, Working) with sourceLevel "unspecified".
import { createHash } from 'node:crypto';
import type { AlignmentJson } from '../db/schema';
import { mapDdatLevel, mapLevelWord, mapRubricLevel, mapSfiaLevel, type MappedLevel } from '../domain/levels';
import type { MappedSkill, NormalizedCredential } from './types';

export type SkillRef = { id: string; name: string; framework: string; code: string | null; url: string | null; aliases: string[] };

export type SkillIndex = {
  readonly skills: readonly SkillRef[];
  readonly byUrl: ReadonlyMap<string, SkillRef>;
  readonly byCode: ReadonlyMap<string, SkillRef>;
  readonly byName: ReadonlyMap<string, SkillRef[]>;
};

/** A credential that names a skill but no level proves it at this level (documented in docs/credentials.md). */
export const DEFAULT_LEVEL = 2;
export const DEFAULT_SOURCE = { sourceLevel: 'unspecified', sourceFramework: 'default' } as const;

const FRAMEWORK_ALIASES: Record<string, string> = {
  ukddat: 'ukddat',
  ddat: 'ukddat',
  ukddatcapabilityframework: 'ukddat',
  ddatcapabilityframework: 'ukddat',
  govukddat: 'ukddat',
  onet: 'onet',
  onetsoc: 'onet',
  onetonline: 'onet',
  onettechnologyskills: 'onet',
  esco: 'esco',
  sfia: 'sfia',
  custom: 'custom',
};

export function normalizeFramework(framework: string | undefined | null): string {
  const key = (framework ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  return FRAMEWORK_ALIASES[key] ?? key;
}

function normalizeUrl(url: string): string {
  return url.trim().toLowerCase().replace(/\/+$/, '');
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

export function buildSkillIndex(skills: SkillRef[]): SkillIndex {
  const byUrl = new Map<string, SkillRef>();
  const byCode = new Map<string, SkillRef>();
  const byName = new Map<string, SkillRef[]>();
  for (const skill of skills) {
    if (skill.url) byUrl.set(normalizeUrl(skill.url), skill);
    const fw = normalizeFramework(skill.framework);
    const code = skill.code ?? skill.id.split(':').slice(1).join(':');
    if (code) byCode.set(`${fw}|${code.toLowerCase()}`, skill);
    for (const name of [skill.name, ...skill.aliases]) {
      const key = normalizeName(name);
      if (!key) continue;
      const list = byName.get(key) ?? [];
      if (!list.includes(skill)) list.push(skill);
      byName.set(key, list);
    }
  }
  return { skills, byUrl, byCode, byName };
}

/** Deterministic id for a skill no framework in the index knows: the same alignment always gets the same id. */
export function customSkillId(alignment: AlignmentJson): string {
  const basis = alignment.targetUrl ? normalizeUrl(alignment.targetUrl) : `${normalizeFramework(alignment.targetFramework)}|${(alignment.targetCode ?? alignment.targetName).toLowerCase()}`;
  return `custom:${createHash('sha256').update(basis).digest('hex').slice(0, 16)}`;
}

export function findSkill(alignment: AlignmentJson, index: SkillIndex): SkillRef | null {
  if (alignment.targetUrl) {
    const hit = index.byUrl.get(normalizeUrl(alignment.targetUrl));
    if (hit) return hit;
  }
  const fw = normalizeFramework(alignment.targetFramework);
  if (alignment.targetCode) {
    const hit = index.byCode.get(`${fw}|${alignment.targetCode.toLowerCase()}`);
    if (hit) return hit;
  }
  for (const candidate of [alignment.targetName, alignment.targetCode]) {
    if (!candidate) continue;
    const hits = index.byName.get(normalizeName(candidate));
    if (!hits?.length) continue;
    // Same framework first; otherwise the same name in another framework is taken as the same skill.
    return hits.find((s) => normalizeFramework(s.framework) === fw) ?? hits[0]!;
  }
  return null;
}

/** Level words in a name: DDaT first (the framework the product speaks), then SFIA, then common words. */
export function levelFromName(name: string): MappedLevel | null {
  const ddat = /\b(awareness|working|practitioner|expert)\b/i.exec(name);
  if (ddat) {
    const mapped = mapDdatLevel(ddat[1]!);
    if (mapped) return { ...mapped, sourceLevel: name };
  }
  const sfia = /\bsfia\s*(?:level\s*)?([1-7])\b/i.exec(name);
  if (sfia) {
    const mapped = mapSfiaLevel(Number(sfia[1]));
    if (mapped) return { ...mapped, sourceLevel: name };
  }
  return mapLevelWord(name);
}

type Target = { alignment: AlignmentJson; skill: SkillRef; isNew: boolean };

function resolveTargets(alignments: AlignmentJson[], index: SkillIndex, created: Map<string, SkillRef>): Target[] {
  const out: Target[] = [];
  for (const alignment of alignments) {
    const found = findSkill(alignment, index);
    if (found) {
      out.push({ alignment, skill: found, isNew: false });
      continue;
    }
    const id = customSkillId(alignment);
    let skill = created.get(id);
    if (!skill) {
      skill = { id, name: alignment.targetName, framework: 'custom', code: alignment.targetCode ?? null, url: alignment.targetUrl ?? null, aliases: [] };
      created.set(id, skill);
    }
    out.push({ alignment, skill, isNew: true });
  }
  return out;
}

/**
 * Skills and levels one credential proves (or, for self-reported ones, claims). `newSkills` are the
 * custom skills to create for alignments no framework in the index knows.
 */
export function mapCredentialSkills(credential: NormalizedCredential, index: SkillIndex): { skills: MappedSkill[]; newSkills: SkillRef[] } {
  const created = new Map<string, SkillRef>();
  const achievement = credential.achievement;
  // No achievement, no skill: a CLR's skills come from the credentials inside it, and a credential
  // that is not an Open Badge (a membership, an ID) asserts nothing about skills, whatever its name.
  if (achievement.standsForCredential) return { skills: [], newSkills: [] };
  const best = new Map<string, MappedSkill>();
  const offer = (skillId: string, level: MappedLevel) => {
    const current = best.get(skillId);
    if (!current || level.level > current.level) best.set(skillId, { skillId, level: level.level, sourceLevel: level.sourceLevel, sourceFramework: level.sourceFramework });
  };

  let achievementTargets = resolveTargets(achievement.alignments, index, created);
  // No alignments (course certificates, plain badges): the achievement's own name, stripped of its
  // level ("Python: Practitioner" -> "Python"), may be a skill's name or alias. Exact matches only.
  if (achievementTargets.length === 0 && !credential.results.some((r) => r.alignments?.length)) {
    const bare = achievement.name.split(/\s[-:–(|]\s?|:\s/)[0] ?? '';
    for (const candidate of [achievement.name, bare]) {
      const hit = candidate.trim() ? index.byName.get(normalizeName(candidate)) : undefined;
      if (hit?.[0]) {
        achievementTargets = [{ alignment: { targetName: candidate.trim() }, skill: hit[0], isNew: false }];
        break;
      }
    }
  }
  const rungsById = new Map<string, (typeof achievement.resultDescriptions)[number]>();
  for (const rd of achievement.resultDescriptions) for (const rung of rd.rubricCriterionLevels ?? []) if (rung.id) rungsById.set(rung.id, rd);

  // 1. Results against their rubric.
  for (const result of credential.results) {
    if (!result.achievedLevel) continue;
    let rd = achievement.resultDescriptions.find((d) => d.id && d.id === result.resultDescription);
    // Issuers sometimes point the result at one description and the level at another's rubric.
    if (!rd?.rubricCriterionLevels?.length) rd = rungsById.get(result.achievedLevel) ?? rd;
    const rungs = rd?.rubricCriterionLevels ?? [];
    const level = mapRubricLevel(result.achievedLevel, rungs, `OB 3.0 rubric${rd?.name ? `: ${rd.name}` : ''}`) ?? levelFromName(result.achievedLevel);
    if (!level) continue;
    const scoped = [...(rd?.alignments ?? []), ...(result.alignments ?? [])];
    const targets = scoped.length ? resolveTargets(scoped, index, created) : achievementTargets;
    // A result scoped to a sub-item (e.g. "Final Project") also speaks for the achievement's skills
    // only when it has no scope of its own.
    for (const t of targets) offer(t.skill.id, level);
  }

  // 2./3. Every aligned skill gets a level: from the achievement name, else the default.
  const fromName = levelFromName(achievement.name);
  for (const t of achievementTargets) {
    if (best.has(t.skill.id)) continue;
    const fromAlignment = levelFromName(t.alignment.targetName);
    offer(t.skill.id, fromName ?? (fromAlignment && fromAlignment.sourceFramework !== 'common words' ? fromAlignment : null) ?? { level: DEFAULT_LEVEL, ...DEFAULT_SOURCE });
  }

  const skills = [...best.values()].sort((a, b) => a.skillId.localeCompare(b.skillId));
  const used = new Set(skills.map((s) => s.skillId));
  return { skills, newSkills: [...created.values()].filter((s) => used.has(s.id)) };
}

/** The alignment a custom skill was made from, to keep as its source. */
export function alignmentForSkill(credential: NormalizedCredential, skillId: string): AlignmentJson | null {
  const all = [...credential.achievement.alignments, ...credential.achievement.resultDescriptions.flatMap((d) => d.alignments ?? []), ...credential.results.flatMap((r) => r.alignments ?? [])];
  return all.find((a) => customSkillId(a) === skillId) ?? null;
}
