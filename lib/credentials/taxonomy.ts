// The shipped skill frameworks (data/uk-ddat, data/onet-30.0) as SkillRefs, for the CLI and tests;
// the app itself maps against the `skills` table (lib/data/ingest-credentials.ts loadSkillIndex).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SkillRef } from './map-skills';

type DdatSkill = { slug: string; name: string };
type OnetSkill = { slug: string; name: string; aliases?: string[] };

export const DDAT_SKILL_URL = 'https://ddat-capability-framework.service.gov.uk/skill/';

/** Null when the data folder is not there (e.g. the CLI run from elsewhere). */
export function loadShippedSkills(dataDir = path.resolve(process.cwd(), 'data')): SkillRef[] | null {
  const ddatFile = path.join(dataDir, 'uk-ddat/skills.json');
  const onetFile = path.join(dataDir, 'onet-30.0/technology-skills.json');
  if (!existsSync(ddatFile) || !existsSync(onetFile)) return null;
  const ddat = JSON.parse(readFileSync(ddatFile, 'utf8')) as DdatSkill[];
  const onet = JSON.parse(readFileSync(onetFile, 'utf8')) as OnetSkill[];
  return [
    ...ddat.map((s): SkillRef => ({ id: `ddat:${s.slug}`, name: s.name, framework: 'UK DDaT', code: s.slug, url: `${DDAT_SKILL_URL}${s.slug}`, aliases: [] })),
    ...onet.map((s): SkillRef => ({ id: `onet:${s.slug}`, name: s.name, framework: 'O*NET', code: s.slug, url: null, aliases: s.aliases ?? [] })),
  ];
}
