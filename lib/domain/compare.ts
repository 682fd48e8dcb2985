// Side-by-side comparison: the skill matrix, strengths and gaps in one line, and CSV. Pure.
import { levelName } from './levels';
import { computeMatch, type BreakdownEntry, type Requirement } from './match-score';

export const MIN_COMPARE = 2;
export const MAX_COMPARE = 4;

/** `a,b,c` (or repeated params) -> 2 to 4 distinct ids, or a sentence saying what is wrong. */
export function parseCompareIds(raw: string | string[] | undefined): { ids: string[] } | { error: string } {
  const parts = (Array.isArray(raw) ? raw : [raw ?? ''])
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter(Boolean);
  const ids = [...new Set(parts)];
  if (ids.some((id) => id.length > 200)) return { error: 'One of the ids is not a valid person id.' };
  if (ids.length < MIN_COMPARE) {
    return { error: `Choose at least ${MIN_COMPARE} people to compare (${ids.length === 0 ? 'none were' : 'only one was'} given). Tick people in search results or a shortlist, then Compare.` };
  }
  if (ids.length > MAX_COMPARE) return { error: `Compare up to ${MAX_COMPARE} people at a time (${ids.length} were given). Remove some and try again.` };
  return { ids };
}

export type ComparePerson = { id: string; name: string; skills: { skill: string; level: number; credentialIds: string[] }[] };
export type CompareRequirement = Requirement & { name: string };

export type MatrixCell = { achieved: number; required: number | null; met: boolean | null; credentialIds: string[] };
export type MatrixRow = {
  skill: string;
  name: string;
  required: number | null;
  weight: number | null;
  essential: boolean | null;
  /** True for requirement rows; the other rows are further skills the group holds. */
  isRequirement: boolean;
  cells: MatrixCell[];
};
export type ComparedPerson = {
  id: string;
  name: string;
  /** 0..1; null when there are no requirements to score against. */
  score: number | null;
  eligible: boolean;
  breakdown: BreakdownEntry[];
  strengths: string[];
  gaps: string[];
  summary: string;
};
export type Comparison = { rows: MatrixRow[]; people: ComparedPerson[]; hasRequirements: boolean };

/**
 * Rows: the requirements first, in their order, then every other skill anyone in the group holds,
 * most widely held and highest first, so a comparison shows what each person brings beyond the ask.
 */
export function buildComparison(requirements: CompareRequirement[], persons: ComparePerson[], skillNames: Map<string, string>): Comparison {
  const hasRequirements = requirements.length > 0;
  const levelOf = persons.map((p) => new Map(p.skills.map((s) => [s.skill, s])));

  const required = new Set(requirements.map((r) => r.skill));
  const tally = new Map<string, { holders: number; total: number }>();
  for (const p of persons) for (const s of p.skills) {
    if (required.has(s.skill) || s.level <= 0) continue;
    const t = tally.get(s.skill) ?? { holders: 0, total: 0 };
    t.holders += 1;
    t.total += s.level;
    tally.set(s.skill, t);
  }
  const nameOfHeld = (skill: string) => skillNames.get(skill) ?? skill;
  const rowSkills: { skill: string; name: string; req: CompareRequirement | null }[] = [
    ...requirements.map((r) => ({ skill: r.skill, name: r.name, req: r })),
    ...[...tally.entries()]
      .sort((a, b) => b[1].holders - a[1].holders || b[1].total - a[1].total || nameOfHeld(a[0]).localeCompare(nameOfHeld(b[0])) || a[0].localeCompare(b[0]))
      .map(([skill]) => ({ skill, name: nameOfHeld(skill), req: null })),
  ];

  const rows: MatrixRow[] = rowSkills.map(({ skill, name, req }) => ({
    skill,
    name,
    required: req?.minLevel ?? null,
    weight: req?.weight ?? null,
    essential: req?.essential ?? null,
    isRequirement: req !== null,
    cells: levelOf.map((m) => {
      const have = m.get(skill);
      const achieved = have?.level ?? 0;
      return { achieved, required: req?.minLevel ?? null, met: req ? achieved >= req.minLevel : null, credentialIds: have?.credentialIds ?? [] };
    }),
  }));

  const nameOf = (skill: string) => requirements.find((r) => r.skill === skill)?.name ?? skillNames.get(skill) ?? skill;
  const comparedPeople = persons.map((p, i): ComparedPerson => {
    const match = computeMatch(requirements, p.skills);
    let strengths: string[];
    let gaps: string[];
    if (hasRequirements) {
      // Strengths: met requirements, those exceeded by the most first; gaps: unmet, essential ones
      // first (they exclude a person from results), then the largest shortfall.
      strengths = match.breakdown
        .filter((b) => b.met)
        .sort((a, b) => b.achieved - b.required - (a.achieved - a.required) || b.weight - a.weight)
        .map((b) => `${nameOf(b.skill)} ${levelName(b.achieved)}`);
      gaps = match.breakdown
        .filter((b) => !b.met)
        .sort((a, b) => Number(b.essential) - Number(a.essential) || b.required - b.achieved - (a.required - a.achieved))
        .map((b) => `${nameOf(b.skill)} ${b.achieved === 0 ? 'none' : levelName(b.achieved)} of ${levelName(b.required)}${b.essential ? ' (essential)' : ''}`);
    } else {
      // No requirements: strengths are where this person is the highest of the group, gaps where they lack a skill others hold.
      strengths = [];
      gaps = [];
      for (const row of rows) {
        const mine = row.cells[i]?.achieved ?? 0;
        const best = Math.max(...row.cells.map((c) => c.achieved));
        if (mine > 0 && mine === best) strengths.push(`${row.name} ${levelName(mine)}`);
        if (mine === 0 && best > 0) gaps.push(`${row.name} none`);
      }
    }
    return {
      id: p.id,
      name: p.name,
      score: hasRequirements ? match.score : null,
      eligible: match.eligible,
      breakdown: match.breakdown,
      strengths,
      gaps,
      summary: summaryLine(strengths, gaps),
    };
  });

  return { rows, people: comparedPeople, hasRequirements };
}

/** "Strong in A, B and 2 more; missing C" in one line. */
export function summaryLine(strengths: string[], gaps: string[], max = 3): string {
  const list = (items: string[]) => (items.length <= max ? joinAnd(items) : `${items.slice(0, max).join(', ')} and ${items.length - max} more`);
  const parts: string[] = [];
  parts.push(strengths.length ? `Strong in ${list(strengths)}` : 'No strengths against these skills');
  parts.push(gaps.length ? `gaps: ${list(gaps)}` : 'no gaps');
  return `${parts.join('; ')}.`;
}

function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The matrix as CSV rows: a header of people, a match row, then one row per skill. */
export function comparisonCsvRows(comparison: Comparison): string[][] {
  const header = ['Skill', 'Required level', 'Weight', 'Essential', ...comparison.people.map((p) => p.name)];
  const rows: string[][] = [header];
  if (comparison.hasRequirements) {
    rows.push(['Match %', '', '', '', ...comparison.people.map((p) => (p.score === null ? '' : String(Math.round(p.score * 100))))]);
  }
  for (const row of comparison.rows) {
    rows.push([
      row.name,
      row.required === null ? '' : `${row.required} ${levelName(row.required)}`,
      row.weight === null ? '' : String(row.weight),
      row.essential === null ? '' : row.essential ? 'yes' : 'no',
      ...row.cells.map((c) => {
        const level = c.achieved === 0 ? '0 none' : `${c.achieved} ${levelName(c.achieved)}`;
        return c.met === null ? level : `${level} ${c.met ? '(met)' : '(not met)'}`;
      }),
    ]);
  }
  rows.push(['Summary', '', '', '', ...comparison.people.map((p) => p.summary)]);
  return rows;
}

/**
 * One CSV field. Quotes when needed (RFC 4180), and neutralises spreadsheet formulas: a cell that
 * starts with = + - @ or a control character is prefixed with ' so Excel or Sheets never runs a
 * name someone typed into a credential as a formula (CSV injection, OWASP).
 */
export function csvField(value: string): string {
  let v = value;
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(rows: string[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** More axes than this make a radar unreadable; the matrix always lists every row. */
export const MAX_RADAR_AXES = 12;
/** Below this a radar is a line or a point, not a shape: the page draws bars instead. */
export const MIN_RADAR_AXES = 3;

/**
 * What the chart draws: the first rows (requirements first, then the most widely held), and how it
 * draws them: a radar from three axes, bars for one or two (a two-axis "radar" is a line).
 */
export function chartRows(rows: MatrixRow[]): { kind: 'radar' | 'bars' | 'none'; rows: MatrixRow[]; omitted: number } {
  if (rows.length === 0) return { kind: 'none', rows: [], omitted: 0 };
  const shown = rows.slice(0, MAX_RADAR_AXES);
  return { kind: shown.length >= MIN_RADAR_AXES ? 'radar' : 'bars', rows: shown, omitted: rows.length - shown.length };
}

/** Bias-reduced review: "Person A", "Person B", … in the order asked, with the id alongside. */
export function anonymousLabel(index: number): string {
  return `Person ${String.fromCharCode(65 + (index % 26))}${index >= 26 ? Math.floor(index / 26) + 1 : ''}`;
}
