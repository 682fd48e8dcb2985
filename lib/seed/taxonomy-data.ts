// The shipped skill frameworks (data/, built by scripts/build-data.ts) as typed values, and the
// product's own choices on top of them: ids, departments, which DDaT family goes to which department.
// Read from the project's data/ folder at run time, never from ../shared.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mapDdatLevel, type LevelValue } from '../domain/levels';

export type DdatSkill = {
  slug: string;
  name: string;
  description: string;
  levels: Record<'Awareness' | 'Working' | 'Practitioner' | 'Expert', string>;
};
export type DdatRoleLevel = {
  name: string;
  slug: string;
  /** Seniority within the role, 1 = most junior; "- management" variants share their sibling's rank. */
  rank: number;
  track: 'individual' | 'management';
  description: string;
  skills: { skill: string; level: string }[];
};
export type DdatRole = { family: string; role: string; slug: string; description: string; levels: DdatRoleLevel[] };
export type OnetSkill = {
  slug: string;
  name: string;
  commodity: string;
  aliases: string[];
  inDemand: boolean;
  occupationCount: number;
  exampleOccupations: string[];
};

const DATA_DIR = path.join(process.cwd(), 'data');
/** data/skill-aliases.json: skill id -> extra aliases (synonyms, abbreviations, spellings) with why. */
type SkillAliases = Record<string, { aliases: string[]; note: string }>;
let cache: { ddatSkills: DdatSkill[]; ddatRoles: DdatRole[]; onetSkills: OnetSkill[]; skillAliases: SkillAliases } | undefined;

function readJson<T>(relative: string): T {
  return JSON.parse(readFileSync(path.join(DATA_DIR, relative), 'utf8')) as T;
}

export function loadTaxonomy() {
  cache ??= {
    ddatSkills: readJson<DdatSkill[]>('uk-ddat/skills.json'),
    ddatRoles: readJson<DdatRole[]>('uk-ddat/roles.json'),
    onetSkills: readJson<OnetSkill[]>('onet-30.0/technology-skills.json'),
    skillAliases: readJson<{ aliases: SkillAliases }>('skill-aliases.json').aliases,
  };
  return cache;
}

export const DDAT_FRAMEWORK = 'UK DDaT';
export const ddatSkillId = (slug: string) => `ddat:${slug}`;
export const onetSkillId = (slug: string) => `onet:${slug}`;
export const ddatSkillUrl = (slug: string) => `https://ddat-capability-framework.service.gov.uk/skill/${slug}`;
/** Role profile ids are stable so the import is idempotent and URLs survive a re-seed. */
export const ddatRoleProfileId = (levelSlug: string) => `ddat-${levelSlug}`;

/** The DDaT level word onto the 1-5 scale (lib/domain/levels.ts crosswalk). */
export function ddatLevelValue(word: string): LevelValue {
  const mapped = mapDdatLevel(word);
  if (!mapped) throw new Error(`Unknown DDaT level "${word}"`);
  return mapped.level;
}

export const DEPARTMENTS = [
  { id: 'data', name: 'Data' },
  { id: 'engineering', name: 'Software engineering' },
  { id: 'product', name: 'Product and delivery' },
  { id: 'design', name: 'Design' },
  { id: 'user-research', name: 'User research' },
  { id: 'architecture', name: 'Architecture' },
  { id: 'security', name: 'Security' },
  { id: 'operations', name: 'IT operations' },
] as const;
export type DepartmentId = (typeof DEPARTMENTS)[number]['id'];

/** Where a DDaT role sits in the demo organisation. Roles override their family's department. */
const FAMILY_DEPARTMENT: Record<string, DepartmentId> = {
  Architecture: 'architecture',
  Data: 'data',
  'IT operations': 'operations',
  'Product and delivery': 'product',
  'Quality assurance testing (QAT)': 'engineering',
  'Software development': 'engineering',
  'User-centred design': 'design',
};
const ROLE_DEPARTMENT: Record<string, DepartmentId> = {
  'Security architect': 'security',
  'Network architect': 'security',
  'Incident manager': 'security',
  'User researcher': 'user-research',
};

export function departmentForRole(role: Pick<DdatRole, 'family' | 'role'>): DepartmentId {
  return ROLE_DEPARTMENT[role.role] ?? FAMILY_DEPARTMENT[role.family] ?? 'operations';
}

/** Stable small integers from a string (FNV-1a), for deterministic choices that do not depend on the seed. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
