// The demo catalog: badge classes (OB 3.0 Achievements) people can go and earn, from a few did:key
// issuers derived from fixed seeds (the same DIDs on every installation, independent of SEED).
// One badge per DDaT skill and DDaT level (Awareness, Working, Practitioner, Expert), so a pathway can
// close any gap in any DDaT role; technology badges for the O*NET skills the departments use; and
// certificates that several badges add up to (stacks, via part_of).
import type { AchievementSkillJson, AlignmentJson, ResultDescriptionJson } from '../db/schema';
import { LEVELS } from '../domain/levels';
import {
  DDAT_FRAMEWORK,
  ddatLevelValue,
  ddatSkillId,
  ddatSkillUrl,
  loadTaxonomy,
  onetSkillId,
  type DepartmentId,
} from './taxonomy-data';

export type DemoIssuer = {
  key: 'academy' | 'data-campus' | 'design-school' | 'cloud-institute' | 'tech-college';
  /** Input of deriveIssuerKey: fixed, so the issuer DIDs are the same on every installation. */
  seed: string;
  name: string;
  url: string;
  trust: 'trusted' | 'unknown';
};

export const DEMO_ISSUERS: readonly DemoIssuer[] = [
  { key: 'academy', seed: 'skillproof-demo:government-digital-and-data-academy', name: 'Government Digital and Data Academy', url: 'https://academy.skillproof.demo', trust: 'trusted' },
  { key: 'data-campus', seed: 'skillproof-demo:data-science-campus', name: 'Data Science Campus', url: 'https://campus.skillproof.demo', trust: 'trusted' },
  { key: 'design-school', seed: 'skillproof-demo:service-design-school', name: 'Service Design School', url: 'https://design-school.skillproof.demo', trust: 'trusted' },
  { key: 'cloud-institute', seed: 'skillproof-demo:cloud-and-security-institute', name: 'Cloud and Security Institute', url: 'https://cloud-institute.skillproof.demo', trust: 'trusted' },
  { key: 'tech-college', seed: 'skillproof-demo:northern-tech-college', name: 'Northern Tech College', url: 'https://tech-college.skillproof.demo', trust: 'unknown' },
];

/** Which issuer teaches a DDaT skill: by the role family that asks for it most. */
const FAMILY_ISSUER: Record<string, DemoIssuer['key']> = {
  Data: 'data-campus',
  'User-centred design': 'design-school',
  'Product and delivery': 'design-school',
  'IT operations': 'cloud-institute',
  Architecture: 'academy',
  'Software development': 'academy',
  'Quality assurance testing (QAT)': 'academy',
};

/** Technology badges (O*NET hot technologies) and the departments whose people earn them. */
export const TECH_SKILLS: Record<DepartmentId, string[]> = {
  data: ['python', 'structured-query-language-sql', 'r', 'tableau', 'microsoft-power-bi', 'apache-spark', 'sas', 'postgresql'],
  engineering: ['javascript', 'typescript', 'react', 'node-js', 'python', 'oracle-java', 'c-sharp', 'go', 'git', 'docker', 'postgresql', 'selenium'],
  operations: ['linux', 'amazon-web-services-aws-software', 'microsoft-azure-software', 'docker', 'kubernetes', 'ansible-software', 'jenkins-ci'],
  security: ['linux', 'amazon-web-services-aws-software', 'microsoft-azure-software', 'kubernetes', 'ibm-terraform'],
  architecture: ['amazon-web-services-aws-software', 'microsoft-azure-software', 'kubernetes', 'ibm-terraform', 'structured-query-language-sql'],
  design: ['figma', 'hypertext-markup-language-html', 'cascading-style-sheets-css', 'google-analytics'],
  'user-research': ['figma', 'google-analytics', 'microsoft-excel'],
  product: ['atlassian-jira', 'microsoft-excel', 'google-analytics', 'structured-query-language-sql'],
};

/** DDaT levels get a badge each; technology badges exist at Working, Practitioner and Expert. */
const DDAT_BADGE_LEVELS = ['Awareness', 'Working', 'Practitioner', 'Expert'] as const;
const TECH_BADGE_LEVELS = [2, 3, 5] as const;

export type CatalogBadge = {
  id: string;
  issuerKey: DemoIssuer['key'];
  name: string;
  description: string;
  type: 'Badge' | 'Certificate';
  criteria: string;
  alignments: AlignmentJson[];
  resultDescriptions: ResultDescriptionJson[];
  skills: AchievementSkillJson[];
  partOf: string[];
  /** For the seed: which skill and level a holder has. Certificates have none of their own. */
  skillId: string | null;
  level: number | null;
};

const slugLevel = (level: number) => LEVELS.find((l) => l.value === level)!.name.toLowerCase();

/**
 * The one rubric every demo issuer uses: the product's five levels with points 1-5. Ordering by
 * points and by DDaT words agree on it, so the mapper's answer does not depend on which it trusts.
 */
function rubric(achievementId: string, alignment: AlignmentJson, requiredLevel: number): ResultDescriptionJson {
  return {
    id: `${achievementId}#result`,
    name: 'Assessed proficiency',
    resultType: 'RubricCriterionLevel',
    alignments: [alignment],
    rubricCriterionLevels: LEVELS.map((l) => ({
      id: `${achievementId}#level-${l.value}`,
      name: l.name,
      level: String(l.value),
      points: String(l.value),
      description: `${l.name} (${l.value} of 5)`,
    })),
    requiredLevel: `${achievementId}#level-${requiredLevel}`,
  };
}

export function rubricLevelId(achievementId: string, level: number): string {
  return `${achievementId}#level-${level}`;
}

let cached: CatalogBadge[] | undefined;

export function buildCatalog(): CatalogBadge[] {
  if (cached) return cached;
  const { ddatSkills, ddatRoles, onetSkills } = loadTaxonomy();
  const issuerByKey = new Map(DEMO_ISSUERS.map((i) => [i.key, i]));

  // The family that asks for each skill most often decides its issuer.
  const familyCount = new Map<string, Map<string, number>>();
  for (const role of ddatRoles)
    for (const level of role.levels)
      for (const s of level.skills) {
        const m = familyCount.get(s.skill) ?? new Map<string, number>();
        m.set(role.family, (m.get(role.family) ?? 0) + 1);
        familyCount.set(s.skill, m);
      }
  const issuerFor = (slug: string): DemoIssuer['key'] => {
    const counts = [...(familyCount.get(slug) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return FAMILY_ISSUER[counts[0]?.[0] ?? ''] ?? 'academy';
  };

  const badges: CatalogBadge[] = [];
  for (const skill of ddatSkills) {
    const issuerKey = issuerFor(skill.slug);
    const issuer = issuerByKey.get(issuerKey)!;
    const alignment: AlignmentJson = { targetName: skill.name, targetFramework: DDAT_FRAMEWORK, targetCode: skill.slug, targetUrl: ddatSkillUrl(skill.slug) };
    for (const word of DDAT_BADGE_LEVELS) {
      const level = ddatLevelValue(word);
      const id = `${issuer.url}/achievements/${skill.slug}/${slugLevel(level)}`;
      badges.push({
        id,
        issuerKey,
        name: `${skill.name}: ${word}`,
        description: skill.levels[word] || skill.description,
        type: 'Badge',
        criteria: `Assessed against the UK DDaT Capability Framework description of ${skill.name} at ${word} level, through a portfolio of work and a practical assessment.`,
        alignments: [alignment],
        resultDescriptions: [rubric(id, alignment, level)],
        skills: [{ skillId: ddatSkillId(skill.slug), level, sourceLevel: word, sourceFramework: DDAT_FRAMEWORK }],
        partOf: [],
        skillId: ddatSkillId(skill.slug),
        level,
      });
    }
  }

  const onetBySlug = new Map(onetSkills.map((s) => [s.slug, s]));
  const techSlugs = [...new Set(Object.values(TECH_SKILLS).flat())].sort();
  const college = issuerByKey.get('tech-college')!;
  for (const slug of techSlugs) {
    const skill = onetBySlug.get(slug);
    if (!skill) throw new Error(`Technology badge for unknown O*NET skill ${slug}`);
    // OB 3.0 requires targetUrl; O*NET OnLine's technology search page is the public address of the skill.
    const alignment: AlignmentJson = {
      targetName: skill.name,
      targetFramework: 'O*NET',
      targetCode: slug,
      targetUrl: `https://www.onetonline.org/search/tech/example?e=${encodeURIComponent(skill.name)}`,
    };
    for (const level of TECH_BADGE_LEVELS) {
      const id = `${college.url}/achievements/${slug}/${slugLevel(level)}`;
      const levelWord = LEVELS.find((l) => l.value === level)!.name;
      badges.push({
        id,
        issuerKey: 'tech-college',
        name: `${skill.name}: ${levelWord}`,
        description: `Hands-on assessment of ${skill.name} at ${levelWord} level.`,
        type: 'Badge',
        criteria: `Passed the ${levelWord.toLowerCase()} practical assessment in ${skill.name}.`,
        alignments: [alignment],
        resultDescriptions: [rubric(id, alignment, level)],
        skills: [{ skillId: onetSkillId(slug), level, sourceLevel: `${levelWord} (${level} points)`, sourceFramework: 'OB 3.0 rubric' }],
        partOf: [],
        skillId: onetSkillId(slug),
        level,
      });
    }
  }

  // Certificates: for the middle rung of each role with three or more rungs, the badges for the
  // level's four highest asks add up to a "<role level> certificate" from the same issuers.
  const byId = new Map(badges.map((b) => [b.id, b]));
  const badgeFor = (slug: string, level: number) => badges.find((b) => b.skillId === ddatSkillId(slug) && b.level === level);
  for (const role of ddatRoles) {
    const ladder = role.levels.filter((l) => l.track === 'individual');
    if (ladder.length < 3) continue;
    const middle = ladder[Math.floor(ladder.length / 2)]!;
    const asks = middle.skills
      .map((s) => ({ slug: s.skill, level: ddatLevelValue(s.level) }))
      .sort((a, b) => b.level - a.level || a.slug.localeCompare(b.slug))
      .slice(0, 4);
    const parts = asks.map((a) => badgeFor(a.slug, a.level)).filter((b): b is CatalogBadge => Boolean(b));
    if (parts.length < 3) continue;
    const issuer = issuerByKey.get(FAMILY_ISSUER[role.family] ?? 'academy')!;
    const id = `${issuer.url}/achievements/certificates/${middle.slug}`;
    for (const part of parts) byId.get(part.id)!.partOf.push(id);
    badges.push({
      id,
      issuerKey: issuer.key,
      name: `${middle.name} certificate`,
      description: `Awarded for holding all of: ${parts.map((p) => p.name).join('; ')}.`,
      type: 'Certificate',
      criteria: `Earn the ${parts.length} badges of this certificate.`,
      alignments: parts.flatMap((p) => p.alignments),
      resultDescriptions: [],
      skills: parts.flatMap((p) => p.skills),
      partOf: [],
      skillId: null,
      level: null,
    });
  }
  cached = badges;
  return badges;
}

/** The OB 3.0 Achievement object a credential for `badge` embeds. */
export function achievementDocument(badge: CatalogBadge, issuer: { did: string; name: string; url: string }): Record<string, unknown> {
  return {
    id: badge.id,
    type: ['Achievement'],
    achievementType: badge.type === 'Certificate' ? 'Certificate' : 'Badge',
    name: badge.name,
    description: badge.description,
    criteria: { narrative: badge.criteria },
    creator: { id: issuer.did, type: ['Profile'], name: issuer.name, url: issuer.url },
    alignment: badge.alignments.map((a) => ({ type: ['Alignment'], ...a })),
    resultDescription: badge.resultDescriptions.map((d) => ({
      id: d.id,
      type: ['ResultDescription'],
      name: d.name,
      resultType: d.resultType,
      alignment: (d.alignments ?? []).map((a) => ({ type: ['Alignment'], ...a })),
      requiredLevel: d.requiredLevel,
      rubricCriterionLevel: (d.rubricCriterionLevels ?? []).map((r) => ({ id: r.id, type: ['RubricCriterionLevel'], name: r.name, level: r.level, points: r.points, description: r.description })),
    })),
  };
}
