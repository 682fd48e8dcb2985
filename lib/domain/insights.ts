// HR insights maths: verified supply against role-profile demand, coverage, level distribution and
// time series, plus the CSV behind every chart. Pure: the data layer feeds it engine aggregations and
// role profiles; the page and the CSV route render what it returns, so both always agree.
import { z } from 'zod';
import { MAX_LEVEL, MIN_LEVEL, levelName, type LevelValue } from './levels';

// ---------------------------------------------------------------------------------------------
// Filters (the URL of /insights, /insights/people and the CSV export)
// ---------------------------------------------------------------------------------------------

export const INSIGHTS_CHARTS = ['supply-demand', 'coverage', 'levels', 'credentials', 'coverage-over-time'] as const;
export type InsightsChart = (typeof INSIGHTS_CHARTS)[number];

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
/** The longest time range the monthly charts draw; beyond that a line of 600 points says nothing. */
export const MAX_RANGE_MONTHS = 120;
export const DEFAULT_RANGE_MONTHS = 24;

export type InsightsFilterValues = {
  departments: string[];
  families: string[];
  skills: string[];
  /** Overrides the level role profiles require when counting supply (null: use the required level). */
  level: LevelValue | null;
  /** Inclusive months, "YYYY-MM". */
  from: string;
  to: string;
};

export type ParsedInsightsFilters = {
  filters: InsightsFilterValues;
  /** Values that could not be read, said in words; the page shows them and ignores those values. */
  problems: string[];
};

type SearchParamsLike = Record<string, string | string[] | undefined> | URLSearchParams;

function listParam(params: SearchParamsLike, key: string): string[] {
  const raw = params instanceof URLSearchParams ? params.getAll(key) : params[key];
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  // Comma lists and repeated keys both work: ?department=a,b and ?department=a&department=b.
  const out = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0 && v.length <= 200);
  return [...new Set(out)].slice(0, 50);
}

function oneParam(params: SearchParamsLike, key: string): string | undefined {
  return listParam(params, key)[0];
}

export function monthOf(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function monthsBetween(from: string, to: string): string[] {
  if (from > to) return [];
  const out: string[] = [];
  for (let m = from; m <= to && out.length <= MAX_RANGE_MONTHS; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * Read the filters from a URL. Never throws: a value that cannot be read is reported in `problems`
 * and left out, so a hand-edited URL shows the page with a message instead of an error.
 */
export function parseInsightsFilters(params: SearchParamsLike, now: Date): ParsedInsightsFilters {
  const problems: string[] = [];
  const levelRaw = oneParam(params, 'level');
  let level: LevelValue | null = null;
  if (levelRaw !== undefined) {
    const n = Number(levelRaw);
    if (Number.isInteger(n) && n >= MIN_LEVEL && n <= MAX_LEVEL) level = n as LevelValue;
    else problems.push(`Level "${levelRaw}" is not a level: levels run from 1 (Awareness) to 5 (Expert).`);
  }
  const current = monthOf(now);
  const readMonth = (key: 'from' | 'to'): string | undefined => {
    const raw = oneParam(params, key);
    if (raw === undefined) return undefined;
    if (MONTH_RE.test(raw)) return raw;
    problems.push(`"${raw}" is not a month for "${key}": use YYYY-MM, e.g. ${current}.`);
    return undefined;
  };
  let to = readMonth('to') ?? current;
  let from = readMonth('from') ?? addMonths(to, -(DEFAULT_RANGE_MONTHS - 1));
  if (from > to) {
    problems.push(`The time range starts (${from}) after it ends (${to}); showing ${to} to ${from} instead.`);
    [from, to] = [to, from];
  }
  if (monthsBetween(from, to).length > MAX_RANGE_MONTHS) {
    from = addMonths(to, -(MAX_RANGE_MONTHS - 1));
    problems.push(`The time range is limited to ${MAX_RANGE_MONTHS / 12} years; showing ${from} to ${to}.`);
  }
  return {
    filters: {
      departments: listParam(params, 'department'),
      families: listParam(params, 'family'),
      skills: listParam(params, 'skill'),
      level,
      from,
      to,
    },
    problems,
  };
}

/** The URL query for a set of filters (stable order, defaults left out when `defaults` is given). */
export function insightsQueryString(filters: Partial<InsightsFilterValues>, extra: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const d of filters.departments ?? []) params.append('department', d);
  for (const f of filters.families ?? []) params.append('family', f);
  for (const s of filters.skills ?? []) params.append('skill', s);
  if (filters.level) params.set('level', String(filters.level));
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * supply: at or above the level; gap: holding the skill below it; level: exactly at it (a stacked-bar
 * segment); credentials: who earned the verified credentials of one month (a bar of "credentials per
 * month"); covered: who was covered by the end of one month (a point of "coverage over time").
 */
export const drillDownKindSchema = z.enum(['supply', 'gap', 'level', 'credentials', 'covered']);
/** The drill-downs of a month rather than of one skill. */
export const MONTH_DRILL_DOWNS = ['credentials', 'covered'] as const;
export type DrillDownKind = z.infer<typeof drillDownKindSchema>;

// ---------------------------------------------------------------------------------------------
// Demand: role profiles x open seats
// ---------------------------------------------------------------------------------------------

export type RoleDemandInput = {
  roleId: string;
  name: string;
  family: string;
  departmentId: string | null;
  openSeats: number;
  plannedHeadcount: number;
  requirements: { skillId: string; minLevel: number }[];
};

export type SkillDemand = {
  skillId: string;
  /** The level supply is counted at (see requiredLevel). */
  requiredLevel: LevelValue;
  /** Sum of open seats of the role profiles that require the skill. */
  openSeats: number;
  /** Sum of planned headcount of the same profiles, shown alongside. */
  plannedHeadcount: number;
  /** Open seats by the level each profile asks for (index 0 = level 1). */
  seatsByLevel: [number, number, number, number, number];
  roleCount: number;
};

function clampLevel(n: number): LevelValue {
  return Math.min(MAX_LEVEL, Math.max(MIN_LEVEL, Math.round(n))) as LevelValue;
}

/**
 * The one level a skill is "required at" across many role profiles: the level asked for by the most
 * open seats (a seat-weighted mode), ties going to the higher level so supply is never flattered.
 * When none of the profiles has open seats, each profile counts once. The mode, not the maximum:
 * one senior opening should not make every practitioner in the organisation look insufficient, and
 * not the mean: a level nobody asked for would be invented.
 */
export function requiredLevel(entries: { minLevel: number; seats: number }[]): LevelValue | null {
  if (entries.length === 0) return null;
  const totalSeats = entries.reduce((s, e) => s + Math.max(0, e.seats), 0);
  const weights = [0, 0, 0, 0, 0];
  for (const e of entries) weights[clampLevel(e.minLevel) - 1]! += totalSeats > 0 ? Math.max(0, e.seats) : 1;
  let best = 0;
  for (let i = 1; i < weights.length; i++) if (weights[i]! >= weights[best]!) best = i;
  return (best + 1) as LevelValue;
}

/** Demand per skill from role profiles (already filtered by department / family by the caller). */
export function computeSkillDemand(roles: RoleDemandInput[]): SkillDemand[] {
  const bySkill = new Map<string, { entries: { minLevel: number; seats: number }[]; planned: number; roles: number }>();
  for (const role of roles) {
    const seen = new Set<string>();
    for (const req of role.requirements) {
      if (seen.has(req.skillId)) continue;
      seen.add(req.skillId);
      const acc = bySkill.get(req.skillId) ?? { entries: [], planned: 0, roles: 0 };
      acc.entries.push({ minLevel: req.minLevel, seats: role.openSeats });
      acc.planned += Math.max(0, role.plannedHeadcount);
      acc.roles += 1;
      bySkill.set(req.skillId, acc);
    }
  }
  const out: SkillDemand[] = [];
  for (const [skillId, acc] of bySkill) {
    const seatsByLevel: SkillDemand['seatsByLevel'] = [0, 0, 0, 0, 0];
    for (const e of acc.entries) seatsByLevel[clampLevel(e.minLevel) - 1]! += Math.max(0, e.seats);
    out.push({
      skillId,
      requiredLevel: requiredLevel(acc.entries)!,
      openSeats: seatsByLevel.reduce((a, b) => a + b, 0),
      plannedHeadcount: acc.planned,
      seatsByLevel,
      roleCount: acc.roles,
    });
  }
  return out.sort((a, b) => a.skillId.localeCompare(b.skillId));
}

// ---------------------------------------------------------------------------------------------
// Supply vs demand
// ---------------------------------------------------------------------------------------------

export type SkillLevelCounts = { skill: string; atLeast: readonly [number, number, number, number, number] | readonly number[] };

export type SupplyDemandRow = {
  skillId: string;
  skillName: string;
  /** The level supply is counted at: the level filter when set, otherwise the required level. */
  level: LevelValue;
  requiredLevel: LevelValue;
  demand: number;
  plannedHeadcount: number;
  supply: number;
  /** demand - supply; negative means more verified people than open seats. */
  gap: number;
  roleCount: number;
};

export function atLeastCount(counts: SkillLevelCounts | undefined, level: number): number {
  if (!counts) return 0;
  return Math.max(0, counts.atLeast[clampLevel(level) - 1] ?? 0);
}

/**
 * Supply = employees in scope whose verified level in the skill is at least `level` (the required
 * level, or the level filter); demand = open seats of the profiles that require it; gap = demand -
 * supply. Largest gap first, then larger demand, then name, so the order is total and stable.
 */
export function computeSupplyDemand(
  demand: SkillDemand[],
  counts: SkillLevelCounts[],
  skillNames: ReadonlyMap<string, string>,
  levelOverride: LevelValue | null = null,
): SupplyDemandRow[] {
  const bySkill = new Map(counts.map((c) => [c.skill, c]));
  return demand
    .map((d) => {
      const level = levelOverride ?? d.requiredLevel;
      const supply = atLeastCount(bySkill.get(d.skillId), level);
      return {
        skillId: d.skillId,
        skillName: skillNames.get(d.skillId) ?? d.skillId,
        level,
        requiredLevel: d.requiredLevel,
        demand: d.openSeats,
        plannedHeadcount: d.plannedHeadcount,
        supply,
        gap: d.openSeats - supply,
        roleCount: d.roleCount,
      };
    })
    .sort((a, b) => b.gap - a.gap || b.demand - a.demand || a.skillName.localeCompare(b.skillName) || a.skillId.localeCompare(b.skillId));
}

// ---------------------------------------------------------------------------------------------
// Level distribution
// ---------------------------------------------------------------------------------------------

export type LevelDistributionRow = {
  skillId: string;
  skillName: string;
  /** Employees in scope with no verified level in the skill. */
  none: number;
  /** Employees whose highest verified level is exactly 1..5 (index 0 = level 1). */
  exact: [number, number, number, number, number];
  total: number;
};

/** Exact counts per level from "at least" counts: exact(L) = atLeast(L) - atLeast(L+1). */
export function levelDistribution(skillIds: string[], counts: SkillLevelCounts[], employeeCount: number, skillNames: ReadonlyMap<string, string>): LevelDistributionRow[] {
  const bySkill = new Map(counts.map((c) => [c.skill, c]));
  return skillIds.map((skillId) => {
    const c = bySkill.get(skillId);
    const at = [1, 2, 3, 4, 5].map((l) => atLeastCount(c, l));
    // Counts from an engine are monotone; guard anyway so a bad bucket never draws a negative bar.
    const exact = at.map((n, i) => Math.max(0, n - (at[i + 1] ?? 0))) as LevelDistributionRow['exact'];
    const holders = at[0] ?? 0;
    return { skillId, skillName: skillNames.get(skillId) ?? skillId, none: Math.max(0, employeeCount - holders), exact, total: employeeCount };
  });
}

// ---------------------------------------------------------------------------------------------
// Department x skill coverage
// ---------------------------------------------------------------------------------------------

export type CoverageCell = {
  departmentId: string;
  skillId: string;
  level: LevelValue;
  /** Employees of the department with a verified level >= level. */
  count: number;
  /** Employees of the department in scope. */
  size: number;
  /** count / size, or null for a department without employees (nothing to cover). */
  share: number | null;
};

export type CoverageMatrix = {
  departments: { id: string; name: string; size: number }[];
  skills: { id: string; name: string; level: LevelValue }[];
  cells: CoverageCell[];
};

export function coverageMatrix(
  departments: { id: string; name: string }[],
  skills: { id: string; name: string; level: LevelValue }[],
  departmentSkill: { departmentId: string; skill: string; count: number }[],
  departmentSizes: { departmentId: string; count: number }[],
): CoverageMatrix {
  const sizes = new Map(departmentSizes.map((d) => [d.departmentId, d.count]));
  const counts = new Map(departmentSkill.map((c) => [`${c.departmentId}\u0000${c.skill}`, c.count]));
  const deps = departments.map((d) => ({ ...d, size: sizes.get(d.id) ?? 0 }));
  const cells: CoverageCell[] = [];
  for (const d of deps) {
    for (const s of skills) {
      const count = counts.get(`${d.id}\u0000${s.id}`) ?? 0;
      cells.push({ departmentId: d.id, skillId: s.id, level: s.level, count, size: d.size, share: d.size > 0 ? Math.min(1, count / d.size) : null });
    }
  }
  return { departments: deps, skills, cells };
}

// ---------------------------------------------------------------------------------------------
// Time series
// ---------------------------------------------------------------------------------------------

export type MonthCount = { month: string; count: number };

/** Every month of the range, zero-filled, from sparse engine buckets (months outside the range ignored). */
export function credentialsPerMonthSeries(points: MonthCount[], from: string, to: string): MonthCount[] {
  const byMonth = new Map<string, number>();
  for (const p of points) byMonth.set(p.month, (byMonth.get(p.month) ?? 0) + p.count);
  return monthsBetween(from, to).map((month) => ({ month, count: byMonth.get(month) ?? 0 }));
}

export type CoveragePoint = { month: string; covered: number; share: number | null };

/**
 * Cumulative verified coverage: for each month, the employees in scope who by the end of that month
 * held a verified level at or above the required level in at least one demanded skill. Input is
 * each covered employee's first qualifying date (null when the credential states none: counted as
 * covered from the start). Employees never covered are simply not in the list.
 */
export function coverageOverTime(firstCovered: (string | null)[], employeeCount: number, from: string, to: string): CoveragePoint[] {
  const months = monthsBetween(from, to);
  const newPerMonth = new Map<string, number>();
  let before = 0;
  for (const date of firstCovered) {
    const month = date ? date.slice(0, 7) : null;
    if (month === null || month < from) before += 1;
    else newPerMonth.set(month, (newPerMonth.get(month) ?? 0) + 1);
  }
  let running = before;
  return months.map((month) => {
    running += newPerMonth.get(month) ?? 0;
    return { month, covered: running, share: employeeCount > 0 ? Math.min(1, running / employeeCount) : null };
  });
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/**
 * RFC 4180 field: quoted when it holds a comma, quote or line break. Text that a spreadsheet would
 * run as a formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe (OWASP CSV injection):
 * skill and department names come from uploaded credentials.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const pct = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

export type InsightsChartData = {
  supplyDemand: SupplyDemandRow[];
  coverage: CoverageMatrix;
  levels: LevelDistributionRow[];
  credentialsPerMonth: MonthCount[];
  coverageOverTime: CoveragePoint[];
};

/** The rows behind one chart, as CSV: the same figures the chart and its table show. */
export function chartCsv(chart: InsightsChart, data: InsightsChartData): string {
  switch (chart) {
    case 'supply-demand':
      return toCsv(
        ['skill_id', 'skill', 'level', 'level_name', 'required_level', 'open_seats_demand', 'planned_headcount', 'verified_supply', 'gap', 'role_profiles'],
        data.supplyDemand.map((r) => [r.skillId, r.skillName, r.level, levelName(r.level), r.requiredLevel, r.demand, r.plannedHeadcount, r.supply, r.gap, r.roleCount]),
      );
    case 'coverage': {
      const deps = new Map(data.coverage.departments.map((d) => [d.id, d.name]));
      const skills = new Map(data.coverage.skills.map((s) => [s.id, s.name]));
      return toCsv(
        ['department_id', 'department', 'skill_id', 'skill', 'level', 'employees_covered', 'department_employees', 'coverage_percent'],
        data.coverage.cells.map((c) => [c.departmentId, deps.get(c.departmentId) ?? c.departmentId, c.skillId, skills.get(c.skillId) ?? c.skillId, c.level, c.count, c.size, pct(c.share)]),
      );
    }
    case 'levels':
      return toCsv(
        ['skill_id', 'skill', 'no_verified_level', ...[1, 2, 3, 4, 5].map((l) => `level_${l}_${levelName(l).toLowerCase()}`), 'employees'],
        data.levels.map((r) => [r.skillId, r.skillName, r.none, ...r.exact, r.total]),
      );
    case 'credentials':
      return toCsv(['month', 'verified_credentials_earned'], data.credentialsPerMonth.map((p) => [p.month, p.count]));
    case 'coverage-over-time':
      return toCsv(['month', 'employees_covered', 'coverage_percent'], data.coverageOverTime.map((p) => [p.month, p.covered, pct(p.share)]));
  }
}

// ---------------------------------------------------------------------------------------------
// File names and axis ticks
// ---------------------------------------------------------------------------------------------

/** A filter value as a file-name part: lower case letters, digits and dashes only (ids hold ':' and '/'). */
function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The file name of a CSV: the chart (or list) and every filter that shaped it, so two downloads with
 * different filters never overwrite each other and the file says what it holds, e.g.
 * `skillproof-supply-demand-dept-data-skill-ddat-analysis-level-3-2025-01_2026-12.csv`. Capped at
 * 150 characters (long lists of skills are cut, the months always kept) and safe in a header.
 */
export function insightsCsvFilename(subject: string, filters: InsightsFilterValues, extra: Record<string, string | number | undefined> = {}): string {
  const parts: string[] = [];
  const add = (label: string, values: string[]) => {
    const slugs = values.map(slug).filter((s) => s.length > 0);
    if (slugs.length > 0) parts.push(`${label}-${slugs.join('+')}`);
  };
  add('dept', filters.departments);
  add('family', filters.families);
  add('skill', filters.skills);
  if (filters.level) parts.push(`level-${filters.level}`);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') add(slug(k), [String(v)]);
  const head = `skillproof-${slug(subject) || 'export'}`;
  const tail = `${filters.from}_${filters.to}.csv`;
  let middle = parts.join('-');
  const room = 150 - head.length - tail.length - 2;
  if (middle.length > room) middle = middle.slice(0, Math.max(0, room)).replace(/[-+]+$/, '');
  return [head, middle, tail].filter((p) => p.length > 0).join('-');
}

/**
 * Tidy month ticks for a time axis: at most `maxTicks` labels, on a step of 1, 2, 3, 6 or 12 months
 * aligned to the calendar (quarters start in Jan/Apr/Jul/Oct, half-years in Jan/Jul, years in Jan),
 * so labels never land on arbitrary months the way recharts' own thinning does.
 */
export function monthTicks(months: string[], maxTicks = 8): string[] {
  if (months.length === 0) return [];
  const step = [1, 2, 3, 6, 12, 24, 60].find((s) => Math.ceil(months.length / s) <= maxTicks) ?? 120;
  return months.filter((m) => {
    const monthIndex = Number(m.slice(5, 7)) - 1;
    const yearIndex = Number(m.slice(0, 4));
    return step <= 12 ? monthIndex % step === 0 : monthIndex === 0 && yearIndex % (step / 12) === 0;
  });
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-03" -> "Mar 2026" (axis and tooltip label; the table and CSV keep YYYY-MM). */
export function monthLabel(month: string): string {
  const m = Number(month.slice(5, 7));
  return MONTH_RE.test(month) ? `${MONTH_NAMES[m - 1]} ${month.slice(0, 4)}` : month;
}

/** A month parameter ("YYYY-MM") or null. */
export function parseMonth(value: string | undefined | null): string | null {
  return value && MONTH_RE.test(value) ? value : null;
}

/**
 * Heatmap shade 0..5 for a share, relative to the largest share in the matrix: with a fixed scale
 * a matrix whose best cell is 12 % is all one pale colour; scaled to its own maximum the differences
 * show. 0 stays its own shade (nobody), so "none" never looks like "a few".
 */
export function heatShade(share: number | null, maxShare: number): number | null {
  if (share === null) return null;
  if (share <= 0 || maxShare <= 0) return 0;
  return Math.min(5, Math.max(1, Math.ceil((share / maxShare) * 5)));
}

/**
 * The heatmap's default skills, in two steps (HR can always pick others). The heatmap compares
 * departments: a gap in a skill only one department practises (a data scientist's craft) is a row of
 * zeros elsewhere and reads better on the supply vs demand chart, which lists every gap.
 *
 * 1. `heatmapCandidates`: the skills with a gap that employees of at least half the departments shown
 *    hold at any verified level (`heldIn`: department x skill counts at level 1 and above), largest
 *    gap first (the supply vs demand order); then, if there are fewer than `count`, the others in
 *    that order.
 * 2. `heatmapDefault`: of those candidates, counted at their own level (`cells`), the `limit` that the
 *    most departments hold at that level (ties: the larger gap), shown in gap order. So the default
 *    is "our shortages, and where in the organisation the people who could close them already are".
 */
export function heatmapCandidates(
  rows: SupplyDemandRow[],
  heldIn: { departmentId: string; skill: string; count: number }[],
  departmentIds: string[],
  count: number,
): SupplyDemandRow[] {
  const breadth = departmentBreadth(heldIn, departmentIds);
  const needed = Math.max(1, Math.ceil(new Set(departmentIds).size / 2));
  const isBroad = (r: SupplyDemandRow) => (breadth.get(r.skillId) ?? 0) >= needed;
  const first = rows.filter((r) => r.gap > 0 && isBroad(r));
  const rest = rows.filter((r) => !(r.gap > 0 && isBroad(r)));
  return [...first, ...rest].slice(0, count);
}

export function heatmapDefault(
  candidates: SupplyDemandRow[],
  cells: { departmentId: string; skill: string; count: number }[],
  departmentIds: string[],
  limit: number,
): SupplyDemandRow[] {
  const breadth = departmentBreadth(cells, departmentIds);
  const position = new Map(candidates.map((r, i) => [r.skillId, i]));
  const chosen = new Set(
    [...candidates]
      .sort((a, b) => (breadth.get(b.skillId) ?? 0) - (breadth.get(a.skillId) ?? 0) || position.get(a.skillId)! - position.get(b.skillId)!)
      .slice(0, limit)
      .map((r) => r.skillId),
  );
  return candidates.filter((r) => chosen.has(r.skillId));
}

/** In how many of these departments someone holds each skill (a count above zero). */
function departmentBreadth(cells: { departmentId: string; skill: string; count: number }[], departmentIds: string[]): Map<string, number> {
  const shown = new Set(departmentIds);
  const breadth = new Map<string, number>();
  for (const c of cells) if (c.count > 0 && shown.has(c.departmentId)) breadth.set(c.skill, (breadth.get(c.skill) ?? 0) + 1);
  return breadth;
}

/**
 * Which skills and departments the heatmap shows (?heatSkill=&heatDepartment=, URL-shareable).
 * Empty lists mean the default: the skills with the largest gaps, every department in scope.
 */
export function parseHeatmapSelection(params: SearchParamsLike): { skills: string[]; departments: string[] } {
  return { skills: listParam(params, 'heatSkill').slice(0, 20), departments: listParam(params, 'heatDepartment') };
}

export type DrillDownCsvRow = {
  id: string;
  name: string;
  currentRole: string;
  departmentName: string | null;
  level: number;
  achievedAt: string | null;
  openToMobility: boolean;
  credentials?: number;
};

/** The people of a drill-down list as CSV (every row, not one page). */
export function drillDownCsv(rows: DrillDownCsvRow[]): string {
  return toCsv(
    ['person_id', 'name', 'current_role', 'department', 'verified_level', 'achieved_or_first_covered', 'credentials_that_month', 'open_to_mobility'],
    rows.map((r) => [r.id, r.name, r.currentRole, r.departmentName, r.level || null, r.achievedAt ? r.achievedAt.slice(0, 10) : null, r.credentials ?? null, r.openToMobility ? 'yes' : 'no']),
  );
}
