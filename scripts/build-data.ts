// Regenerates data/ (the skill frameworks the product ships) from the third-party fixtures in
// ../shared/fixtures/taxonomy. Run by hand when the fixtures change: `npx tsx scripts/build-data.ts`.
// The output is committed; the product never reads ../shared at run time.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

const root = process.cwd();
const fixtures = path.resolve(root, process.argv[2] ?? '../shared/fixtures/taxonomy');
const out = path.join(root, 'data');

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    // C, C++ and C# must not collide: "c", "c-plus-plus", "c-sharp".
    .replace(/\+/g, ' plus ')
    .replace(/#/g, ' sharp ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

type Row = Record<string, string>;
const readCsv = (file: string): Row[] => parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true, relax_quotes: true }) as Row[];
const readTsv = (file: string): Row[] =>
  parse(readFileSync(file), { columns: true, bom: true, delimiter: '\t', quote: false, skip_empty_lines: true, relax_column_count: true }) as Row[];

const DDAT_LEVEL_WORDS = ['Awareness', 'Working', 'Practitioner', 'Expert'] as const;

function buildDdat() {
  const skillRows = readCsv(path.join(fixtures, 'uk-ddat/skills.csv'));
  const skills = skillRows.map((r) => ({
    slug: slugify(r['Skill Name']!),
    name: r['Skill Name']!.trim(),
    description: (r['Skill Description'] ?? '').trim(),
    levels: Object.fromEntries(DDAT_LEVEL_WORDS.map((w) => [w, (r[w] ?? '').trim()])),
  }));
  const slugByName = new Map(skills.map((s) => [s.name, s.slug]));

  const roleRows = readCsv(path.join(fixtures, 'uk-ddat/roles.csv'));
  type Level = { name: string; description: string; skills: { skill: string; level: string }[] };
  type Role = { family: string; role: string; description: string; levels: Map<string, Level> };
  const roles = new Map<string, Role>();
  for (const r of roleRows) {
    const family = r['Role Family']!.trim();
    const roleName = r['Role']!.trim();
    const levelName = r['Role Level']!.trim();
    const skillLevel = r['Skill Level']!.trim();
    // The four "Chief digital and data" roles are marked NOT IN USE in the framework: no levels, no skills.
    if (levelName === 'NOT IN USE' || skillLevel === 'NOT IN USE') continue;
    const key = `${family}|${roleName}`;
    let role = roles.get(key);
    if (!role) roles.set(key, (role = { family, role: roleName, description: (r['Role Description'] ?? '').trim(), levels: new Map() }));
    let level = role.levels.get(levelName);
    if (!level) role.levels.set(levelName, (level = { name: levelName, description: (r['Role Level Description'] ?? '').trim(), skills: [] }));
    const skill = slugByName.get(r['Skill Name']!.trim());
    if (!skill) throw new Error(`Role level ${levelName} requires unknown skill ${r['Skill Name']}`);
    if (!level.skills.some((s) => s.skill === skill)) level.skills.push({ skill, level: skillLevel });
  }
  const points: Record<string, number> = { Awareness: 1, Working: 2, Practitioner: 3, Expert: 5 };
  const out = [...roles.values()].map((role) => {
    const levels = [...role.levels.values()];
    const weight = (l: Level) => l.skills.reduce((sum, s) => sum + (points[s.level] ?? 0), 0);
    const ordered = orderRoleLevels(levels, weight);
    return { family: role.family, role: role.role, slug: slugify(role.role), description: role.description, levels: ordered };
  });
  return { skills, roles: out };
}

// The CSV lists role levels alphabetically, not by seniority. Seniority comes from the title's
// grade word (the DDaT naming convention), and within one grade word from how much the level asks
// for (sum of required skill levels), e.g. "Configuration analyst" < "Change and release manager".
// A "- management" variant is a parallel track of the same grade: it shares its sibling's rank.
const GRADE_WORDS: [RegExp, number][] = [
  [/\b(apprentice|trainee)\b/i, 0],
  [/\bjunior\b/i, 1],
  [/\bassociate\b/i, 2],
  [/\bsenior\b/i, 4],
  [/\bmajor\b/i, 4],
  [/\blead\b/i, 5],
  [/\bprincipal\b/i, 6],
  [/\b(head|chief)\b/i, 7],
];
function grade(name: string): number {
  for (const [re, g] of GRADE_WORDS) if (re.test(name)) return g;
  return 3;
}
function orderRoleLevels<L extends { name: string; description: string; skills: { skill: string; level: string }[] }>(levels: L[], weight: (l: L) => number) {
  const isManagement = (l: L) => /-\s*management$/i.test(l.name);
  const base = levels.filter((l) => !isManagement(l)).sort((a, b) => grade(a.name) - grade(b.name) || weight(a) - weight(b) || a.name.localeCompare(b.name));
  const rankByName = new Map(base.map((l, i) => [l.name.trim().toLowerCase(), i + 1]));
  const ranked = base.map((l, i) => ({ ...l, rank: i + 1, track: 'individual' as string }));
  for (const l of levels.filter(isManagement)) {
    const sibling = l.name.replace(/\s*-\s*management$/i, '').trim().toLowerCase();
    ranked.push({ ...l, rank: rankByName.get(sibling) ?? base.length + 1, track: 'management' });
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || a.track.localeCompare(b.track))
    .map((l) => ({ name: l.name.trim(), slug: slugify(l.name), rank: l.rank, track: l.track, description: l.description, skills: l.skills }));
}

// Vendor names that people drop in conversation: "Microsoft Excel" is searched as "Excel".
const VENDOR_PREFIX = /^(Microsoft|Oracle|Adobe|Google|IBM|Apache|Amazon|Autodesk|The MathWorks|SAP|Atlassian|Salesforce|Intuit|Apple|Cisco|Red Hat|VMware|Epic Systems|Meta|Facebook)\s+/;

// Stripping the vendor from these leaves an everyday word that would match far too much.
const GENERIC_WORDS = new Set(['software', 'office', 'word', 'access', 'project', 'database', 'docs', 'dynamics', 'windows', 'teams', 'forms', 'sheets', 'drive', 'analytics', 'cloud', 'server']);

function onetAliases(name: string): string[] {
  const aliases = new Set<string>();
  // "Structured query language SQL", "Hypertext markup language HTML": the trailing acronym.
  const acronym = name.match(/\s([A-Z][A-Z0-9+#.]{1,})$/)?.[1];
  // Only when the words before it spell it ("Eclipse IDE" is not an IDE called "IDE").
  const initials = name.split(/\s+/).slice(0, -1).map((w) => w[0]!.toUpperCase()).join('');
  const letters = (acronym ?? '').replace(/[^A-Z]/g, '');
  let at = 0;
  for (const ch of initials) if (ch === letters[at]) at += 1;
  if (acronym && letters.length > 0 && at === letters.length) aliases.add(acronym);
  const noVendor = name.replace(VENDOR_PREFIX, '').replace(/\s+software$/i, '').trim();
  if (noVendor && noVendor !== name) aliases.add(noVendor);
  const noSoftware = name.replace(/\s+software$/i, '').trim();
  if (noSoftware !== name) aliases.add(noSoftware);
  return [...aliases].filter((a) => a.length > 1 && a.toLowerCase() !== name.toLowerCase() && !GENERIC_WORDS.has(a.toLowerCase()));
}

function buildOnet() {
  const tech = readTsv(path.join(fixtures, 'onet-30.0/Technology Skills.txt'));
  const occupations = new Map(readTsv(path.join(fixtures, 'onet-30.0/Occupation Data.txt')).map((r) => [r['O*NET-SOC Code']!, r['Title']!]));
  // Hot technologies only (O*NET's "frequently included in employer job postings" flag), deduplicated
  // by name: the long tail of 8,000+ product names would drown the skill picker.
  const byName = new Map<string, { name: string; commodity: string; occupations: Set<string>; inDemand: boolean }>();
  for (const r of tech) {
    if (r['Hot Technology'] !== 'Y') continue;
    const name = r['Example']!.trim();
    let entry = byName.get(name);
    if (!entry) byName.set(name, (entry = { name, commodity: r['Commodity Title']!.trim(), occupations: new Set(), inDemand: false }));
    entry.occupations.add(r['O*NET-SOC Code']!);
    if (r['In Demand'] === 'Y') entry.inDemand = true;
  }
  const skills = [...byName.values()]
    .sort((a, b) => b.occupations.size - a.occupations.size || a.name.localeCompare(b.name))
    .map((e) => ({
      slug: slugify(e.name),
      name: e.name,
      commodity: e.commodity,
      aliases: onetAliases(e.name),
      inDemand: e.inDemand,
      occupationCount: e.occupations.size,
      // A handful of occupation titles, for the skill's description ("used by ...").
      exampleOccupations: [...e.occupations]
        .map((code) => occupations.get(code))
        .filter((t): t is string => Boolean(t))
        .slice(0, 5),
    }));
  const slugs = new Set<string>();
  for (const s of skills) {
    if (slugs.has(s.slug)) throw new Error(`Duplicate O*NET slug ${s.slug}`);
    slugs.add(s.slug);
  }
  return skills;
}

function main() {
  const ddat = buildDdat();
  const onet = buildOnet();
  mkdirSync(path.join(out, 'uk-ddat'), { recursive: true });
  mkdirSync(path.join(out, 'onet-30.0'), { recursive: true });
  writeFileSync(path.join(out, 'uk-ddat/skills.json'), JSON.stringify(ddat.skills, null, 1) + '\n');
  writeFileSync(path.join(out, 'uk-ddat/roles.json'), JSON.stringify(ddat.roles, null, 1) + '\n');
  writeFileSync(path.join(out, 'onet-30.0/technology-skills.json'), JSON.stringify(onet, null, 1) + '\n');
  const levelCount = ddat.roles.reduce((n, r) => n + r.levels.length, 0);
  console.log(`data/: ${ddat.skills.length} DDaT skills, ${ddat.roles.length} DDaT roles with ${levelCount} role levels, ${onet.length} O*NET hot technologies`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(root, 'scripts/build-data.ts')) main();
