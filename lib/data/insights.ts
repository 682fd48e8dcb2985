import 'server-only';
// HR insights: verified supply (search-engine aggregations, so SQL and Elasticsearch give the same
// numbers) against demand (role profiles x open seats, from the database), and the people behind
// any bar or cell. Only actors with 'insights.view' get here; people lists follow the visibility rule.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { auditLog, departments, people, personSkills, roleProfiles, roleRequirements, skills } from '../db/schema';
import { AppError } from '../domain/app-error';
import {
  addMonths,
  chartCsv,
  computeSkillDemand,
  computeSupplyDemand,
  coverageMatrix,
  coverageOverTime,
  credentialsPerMonthSeries,
  drillDownKindSchema,
  levelDistribution,
  parseInsightsFilters,
  type DrillDownKind,
  type InsightsChart,
  type InsightsChartData,
  type InsightsFilterValues,
  type ParsedInsightsFilters,
  type RoleDemandInput,
  type SkillDemand,
  type SupplyDemandRow,
} from '../domain/insights';
import { levelName, type LevelValue } from '../domain/levels';
import { can, canSeePerson, visibilityScope, type Actor, type VisibilityScope } from '../domain/permissions';
import type { InsightsAggregations, SearchEngine } from '../search/engine';
import { getSearchEngine } from '../search/get-search-engine';

/** Skills drawn in the heatmap and the level chart (the table and CSV of supply vs demand list all). */
export const CHART_SKILL_LIMIT = 12;
export const DRILL_DOWN_PAGE_SIZE = 50;

export type InsightsOptions = { db?: DbOrTx; engine?: SearchEngine; now?: Date };
type SearchParamsLike = Record<string, string | string[] | undefined> | URLSearchParams;

export type MissingFilterValue = { field: 'department' | 'family' | 'skill'; value: string };

export type InsightsReport = {
  filters: InsightsFilterValues;
  /** Filter values that could not be read (bad level, bad month). */
  problems: string[];
  /** Filter values that name nothing in this organisation: the page says so instead of drawing charts. */
  missing: MissingFilterValue[];
  choices: { departments: { id: string; name: string }[]; families: string[]; skills: { id: string; name: string }[] };
  engine: 'embedded' | 'elasticsearch';
  employeeCount: number;
  roleProfileCount: number;
  openSeats: number;
  plannedHeadcount: number;
  data: InsightsChartData;
};

function assertInsights(actor: Actor): void {
  if (!can(actor, 'insights.view')) throw new AppError('forbidden', 'Workforce insights are for HR and administrators.');
}

function toParsed(input: ParsedInsightsFilters | SearchParamsLike, now: Date): ParsedInsightsFilters {
  if (!(input instanceof URLSearchParams) && 'filters' in input && typeof input.filters === 'object' && input.filters !== null && !Array.isArray(input.filters)) {
    return input as ParsedInsightsFilters;
  }
  return parseInsightsFilters(input as SearchParamsLike, now);
}

/** ISO bounds of a month range: the first instant of `from` to the last of `to`. */
function rangeBounds(from: string, to: string): { from: string; to: string } {
  const end = new Date(Date.parse(`${addMonths(to, 1)}-01T00:00:00.000Z`) - 1);
  return { from: `${from}-01T00:00:00.000Z`, to: end.toISOString() };
}

function emptyData(): InsightsChartData {
  return { supplyDemand: [], coverage: { departments: [], skills: [], cells: [] }, levels: [], credentialsPerMonth: [], coverageOverTime: [] };
}

/** Employees in scope as SQL, the same rule as canSeePerson for the employee half of it. */
function employeeScopeSql(scope: VisibilityScope, departmentIds: string[]): SQL {
  const parts: SQL[] = [sql`${people.kind} = 'employee'`];
  if (departmentIds.length > 0) parts.push(inArray(people.departmentId, departmentIds));
  if (!scope.all) {
    const visible: SQL[] = [];
    if (scope.mobileEmployees) visible.push(sql`${people.openToMobility} = true`);
    if (scope.departmentId) visible.push(eq(people.departmentId, scope.departmentId));
    parts.push(sql`${people.searchable} = true`);
    parts.push(visible.length > 0 ? sql`(${sql.join(visible, sql` or `)})` : sql`false`);
  }
  return and(...parts)!;
}

async function loadChoices(db: DbOrTx) {
  const [deps, families, skillRows] = await Promise.all([
    db.select({ id: departments.id, name: departments.name }).from(departments).orderBy(asc(departments.name)),
    db.selectDistinct({ family: roleProfiles.family }).from(roleProfiles).orderBy(asc(roleProfiles.family)),
    // Only skills some role profile asks for: the rest has no demand to chart.
    db
      .selectDistinct({ id: skills.id, name: skills.name })
      .from(skills)
      .innerJoin(roleRequirements, eq(roleRequirements.skillId, skills.id))
      .orderBy(asc(skills.name)),
  ]);
  return { departments: deps, families: families.map((f) => f.family).filter((f) => f !== ''), skills: skillRows };
}

async function findMissing(db: DbOrTx, filters: InsightsFilterValues, choices: Awaited<ReturnType<typeof loadChoices>>): Promise<MissingFilterValue[]> {
  const missing: MissingFilterValue[] = [];
  const depIds = new Set(choices.departments.map((d) => d.id));
  for (const d of filters.departments) if (!depIds.has(d)) missing.push({ field: 'department', value: d });
  const families = new Set(choices.families);
  for (const f of filters.families) if (!families.has(f)) missing.push({ field: 'family', value: f });
  if (filters.skills.length > 0) {
    // A skill may exist without any role asking for it: that is "no demand", not "missing".
    const known = await db.select({ id: skills.id }).from(skills).where(inArray(skills.id, filters.skills));
    const ids = new Set(known.map((k) => k.id));
    for (const s of filters.skills) if (!ids.has(s)) missing.push({ field: 'skill', value: s });
  }
  return missing;
}

async function loadRoleDemand(db: DbOrTx, filters: Pick<InsightsFilterValues, 'departments' | 'families'>): Promise<RoleDemandInput[]> {
  const where: SQL[] = [];
  // Demand of a department is the open seats of its own role profiles; a profile without a
  // department belongs to no department's view (it still counts when no department is chosen).
  if (filters.departments.length > 0) where.push(inArray(roleProfiles.departmentId, filters.departments));
  if (filters.families.length > 0) where.push(inArray(roleProfiles.family, filters.families));
  const roles = await db
    .select({
      roleId: roleProfiles.id,
      name: roleProfiles.name,
      family: roleProfiles.family,
      departmentId: roleProfiles.departmentId,
      openSeats: roleProfiles.openSeats,
      plannedHeadcount: roleProfiles.plannedHeadcount,
    })
    .from(roleProfiles)
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(asc(roleProfiles.id));
  if (roles.length === 0) return [];
  const reqs = await db
    .select({ roleId: roleRequirements.roleId, skillId: roleRequirements.skillId, minLevel: roleRequirements.minLevel })
    .from(roleRequirements)
    .innerJoin(roleProfiles, eq(roleProfiles.id, roleRequirements.roleId))
    .where(where.length > 0 ? and(...where) : undefined);
  const byRole = new Map<string, { skillId: string; minLevel: number }[]>();
  for (const r of reqs) {
    const list = byRole.get(r.roleId) ?? [];
    list.push({ skillId: r.skillId, minLevel: r.minLevel });
    byRole.set(r.roleId, list);
  }
  return roles.map((r) => ({ ...r, requirements: byRole.get(r.roleId) ?? [] }));
}

/** Demand restricted to the chosen skills; a chosen skill no profile asks for shows with no demand. */
function demandFor(roles: RoleDemandInput[], filters: InsightsFilterValues): SkillDemand[] {
  const all = computeSkillDemand(roles);
  if (filters.skills.length === 0) return all;
  const byId = new Map(all.map((d) => [d.skillId, d]));
  return filters.skills.map(
    (skillId) =>
      byId.get(skillId) ?? {
        skillId,
        // No profile states a level: count any verified level unless the level filter says otherwise.
        requiredLevel: filters.level ?? 1,
        openSeats: 0,
        plannedHeadcount: 0,
        seatsByLevel: [0, 0, 0, 0, 0],
        roleCount: 0,
      },
  );
}

/**
 * The engine's coverage figures in the shape `coverageOverTime` reads: one entry per covered
 * employee (null = covered before the window or undated; a month's first day otherwise).
 */
function firstCoveredDates(agg: Pick<InsightsAggregations, 'firstCoveredPerMonth' | 'coveredBeforeFrom'>): (string | null)[] {
  const dates: (string | null)[] = new Array<string | null>(agg.coveredBeforeFrom).fill(null);
  for (const p of agg.firstCoveredPerMonth) for (let i = 0; i < p.count; i++) dates.push(`${p.month}-01T00:00:00.000Z`);
  return dates;
}

/**
 * Everything /insights draws, for one set of filters. Filter values that name nothing come back in
 * `missing` with empty charts; an organisation without employees or role profiles gives zeros, never
 * an error.
 */
export async function getInsights(actor: Actor, input: ParsedInsightsFilters | SearchParamsLike, options: InsightsOptions = {}): Promise<InsightsReport> {
  assertInsights(actor);
  const now = options.now ?? new Date();
  const db = options.db ?? (await getDb());
  const { filters, problems } = toParsed(input, now);
  const choices = await loadChoices(db);
  const engine = options.engine ?? (await getSearchEngine(db));
  const base = { filters, problems, choices, engine: engine.kind } as const;

  const missing = await findMissing(db, filters, choices);
  if (missing.length > 0) {
    return { ...base, missing, employeeCount: 0, roleProfileCount: 0, openSeats: 0, plannedHeadcount: 0, data: emptyData() };
  }

  const roles = await loadRoleDemand(db, filters);
  const demand = demandFor(roles, filters);
  const scope = visibilityScope(actor);
  const bounds = rangeBounds(filters.from, filters.to);
  const skillIds = demand.map((d) => d.skillId);

  // Demand first, because coverage over time counts each demanded skill at its own required level.
  const names = new Map(choices.skills.map((s) => [s.id, s.name]));
  if (filters.skills.some((s) => !names.has(s))) {
    const extra = await db.select({ id: skills.id, name: skills.name }).from(skills).where(inArray(skills.id, filters.skills));
    for (const s of extra) names.set(s.id, s.name);
  }
  const overall = await engine.aggregate(
    {
      departments: filters.departments,
      skills: skillIds,
      minLevel: 1,
      from: bounds.from,
      to: bounds.to,
      coverageLevels: demand.map((d) => ({ skill: d.skillId, level: filters.level ?? d.requiredLevel })),
    },
    scope,
  );
  const supplyDemand = computeSupplyDemand(demand, overall.skillLevelCounts, names, filters.level);
  const charted = supplyDemand.slice(0, CHART_SKILL_LIMIT);

  // Coverage is counted at each skill's own level; the engine takes one minLevel per call, so one
  // call per distinct level (at most five).
  const byLevel = new Map<number, string[]>();
  for (const row of charted) byLevel.set(row.level, [...(byLevel.get(row.level) ?? []), row.skillId]);
  const perLevel = await Promise.all(
    [...byLevel].map(([level, ids]) => engine.aggregate({ departments: filters.departments, skills: ids, minLevel: level }, scope)),
  );
  const departmentSkill: InsightsAggregations['departmentSkill'] = [];
  perLevel.forEach((agg, i) => {
    const ids = new Set([...byLevel.values()][i]);
    for (const cell of agg.departmentSkill) if (ids.has(cell.skill)) departmentSkill.push(cell);
  });
  const heatDepartments = filters.departments.length > 0 ? choices.departments.filter((d) => filters.departments.includes(d.id)) : choices.departments;
  const coverage = coverageMatrix(
    heatDepartments,
    charted.map((r) => ({ id: r.skillId, name: r.skillName, level: r.level })),
    departmentSkill,
    overall.departmentSizes,
  );

  return {
    ...base,
    missing,
    employeeCount: overall.employeeCount,
    roleProfileCount: roles.length,
    openSeats: roles.reduce((s, r) => s + Math.max(0, r.openSeats), 0),
    plannedHeadcount: roles.reduce((s, r) => s + Math.max(0, r.plannedHeadcount), 0),
    data: {
      supplyDemand,
      coverage,
      levels: levelDistribution(
        charted.map((r) => r.skillId),
        overall.skillLevelCounts,
        overall.employeeCount,
        names,
      ),
      credentialsPerMonth: credentialsPerMonthSeries(overall.credentialsPerMonth, filters.from, filters.to),
      coverageOverTime: coverageOverTime(firstCoveredDates(overall), overall.employeeCount, filters.from, filters.to),
    },
  };
}

/** One chart's data as CSV, recorded in the audit log (exports leave the product). */
export async function exportInsightsCsv(actor: Actor, chart: InsightsChart, input: SearchParamsLike, options: InsightsOptions = {}): Promise<{ filename: string; csv: string; report: InsightsReport }> {
  const report = await getInsights(actor, input, options);
  const db = options.db ?? (await getDb());
  await db.insert(auditLog).values({
    actorId: actor.id,
    action: 'insights.export',
    subjectType: 'insights',
    subjectId: chart,
    detail: { filters: report.filters },
  });
  const stamp = `${report.filters.from}_${report.filters.to}`;
  return { filename: `skillproof-${chart}-${stamp}.csv`, csv: chartCsv(chart, report.data), report };
}

// ---------------------------------------------------------------------------------------------
// Drill-down: the people behind a number
// ---------------------------------------------------------------------------------------------

export type InsightPerson = {
  id: string;
  name: string;
  currentRole: string;
  departmentId: string | null;
  departmentName: string | null;
  openToMobility: boolean;
  /** Highest verified level in the skill (0: none). */
  level: number;
  achievedAt: string | null;
};

export type InsightPeople = {
  kind: DrillDownKind;
  skill: { id: string; name: string } | null;
  level: LevelValue;
  levelSource: 'filter' | 'required';
  departments: { id: string; name: string }[];
  families: string[];
  /** What is missing when the page cannot answer (unknown skill, department, bad kind). */
  problems: string[];
  people: InsightPerson[];
  total: number;
  page: number;
  pageSize: number;
  /** The demand behind the number: role profiles asking for the skill, most open seats first. */
  roles: { id: string; name: string; departmentId: string | null; openSeats: number; plannedHeadcount: number; minLevel: number }[];
  demand: number;
  /** Verified supply at the level (for the gap kind: the number the list is measured against). */
  supply: number;
};

/**
 * The people behind a bar or heatmap cell (`?skill=&level=&department=&family=&kind=supply|gap`):
 * supply = employees in scope with a verified level >= level; gap = employees who hold the skill
 * verified but below the level, highest first (the nearest to closing it by reskilling); level =
 * exactly at the level (one segment of the level distribution). Everyone
 * listed is someone the actor may see.
 */
export async function getInsightPeople(actor: Actor, params: SearchParamsLike, options: Omit<InsightsOptions, 'engine'> = {}): Promise<InsightPeople> {
  assertInsights(actor);
  const now = options.now ?? new Date();
  const db = options.db ?? (await getDb());
  const { filters, problems } = parseInsightsFilters(params, now);
  const read = (key: string) => (params instanceof URLSearchParams ? params.get(key) : [params[key]].flat()[0]) ?? undefined;
  const kindParsed = drillDownKindSchema.safeParse(read('kind') ?? 'supply');
  const kind: DrillDownKind = kindParsed.success ? kindParsed.data : 'supply';
  if (!kindParsed.success) problems.push(`"${read('kind')}" is not a list: use kind=supply, kind=gap or kind=level.`);
  const pageRaw = Number(read('page') ?? '1');
  const page = Number.isInteger(pageRaw) && pageRaw >= 1 && pageRaw <= 10_000 ? pageRaw : 1;

  const choices = await loadChoices(db);
  const missing = await findMissing(db, filters, choices);
  for (const m of missing) problems.push(`There is no ${m.field} "${m.value}" in this organisation.`);
  const skillId = filters.skills[0];
  if (!skillId) problems.push('Choose a skill to see the people behind it.');
  const [skillRow] = skillId ? await db.select({ id: skills.id, name: skills.name }).from(skills).where(eq(skills.id, skillId)) : [];

  const result: InsightPeople = {
    kind,
    skill: skillRow ?? null,
    level: filters.level ?? 1,
    levelSource: filters.level ? 'filter' : 'required',
    departments: choices.departments.filter((d) => filters.departments.includes(d.id)),
    families: filters.families,
    problems,
    people: [],
    total: 0,
    page,
    pageSize: DRILL_DOWN_PAGE_SIZE,
    roles: [],
    demand: 0,
    supply: 0,
  };
  if (!skillRow || missing.length > 0) return result;

  const roles = await loadRoleDemand(db, filters);
  const demand = computeSkillDemand(roles).find((d) => d.skillId === skillRow.id);
  result.level = filters.level ?? demand?.requiredLevel ?? 1;
  result.demand = demand?.openSeats ?? 0;
  result.roles = roles
    .flatMap((r) => {
      const req = r.requirements.find((q) => q.skillId === skillRow.id);
      return req ? [{ id: r.roleId, name: r.name, departmentId: r.departmentId, openSeats: r.openSeats, plannedHeadcount: r.plannedHeadcount, minLevel: req.minLevel }] : [];
    })
    .sort((a, b) => b.openSeats - a.openSeats || a.name.localeCompare(b.name));

  const scope = visibilityScope(actor);
  const level = result.level;
  const levelCond =
    kind === 'supply' ? sql`${personSkills.level} >= ${level}` : kind === 'gap' ? sql`${personSkills.level} < ${level}` : sql`${personSkills.level} = ${level}`;
  const where = and(
    eq(personSkills.skillId, skillRow.id),
    eq(personSkills.verified, true),
    sql`(${personSkills.expiresAt} is null or ${personSkills.expiresAt} > ${now.toISOString()})`,
    employeeScopeSql(scope, filters.departments),
  );
  const [counts] = await db
    .select({
      listed: sql<number>`count(*) filter (where ${levelCond})`.mapWith(Number),
      supply: sql<number>`count(*) filter (where ${personSkills.level} >= ${level})`.mapWith(Number),
    })
    .from(personSkills)
    .innerJoin(people, eq(people.id, personSkills.personId))
    .where(where);
  result.total = counts?.listed ?? 0;
  result.supply = counts?.supply ?? 0;

  const rows = await db
    .select({
      id: people.id,
      name: people.name,
      kind: people.kind,
      currentRole: people.currentRole,
      departmentId: people.departmentId,
      departmentName: departments.name,
      openToMobility: people.openToMobility,
      searchable: people.searchable,
      level: personSkills.level,
      achievedAt: personSkills.achievedAt,
    })
    .from(personSkills)
    .innerJoin(people, eq(people.id, personSkills.personId))
    .leftJoin(departments, eq(departments.id, people.departmentId))
    .where(and(where, levelCond))
    .orderBy(sql`${personSkills.level} desc`, asc(people.name), asc(people.id))
    .limit(DRILL_DOWN_PAGE_SIZE)
    .offset((page - 1) * DRILL_DOWN_PAGE_SIZE);
  // The SQL already applies the visibility rule; the domain function is the rule itself, so a
  // person it refuses never reaches the page even if the two ever drift apart.
  result.people = rows
    .filter((r) => canSeePerson(actor, r))
    .map((r) => ({
      id: r.id,
      name: r.name,
      currentRole: r.currentRole,
      departmentId: r.departmentId,
      departmentName: r.departmentName,
      openToMobility: r.openToMobility,
      level: r.level,
      achievedAt: r.achievedAt ? r.achievedAt.toISOString() : null,
    }));
  return result;
}

export function describeDrillDown(result: Pick<InsightPeople, 'kind' | 'skill' | 'level'>): string {
  const skill = result.skill?.name ?? 'this skill';
  if (result.kind === 'supply') return `Employees with a verified ${skill} level of ${levelName(result.level)} (${result.level}) or higher`;
  if (result.kind === 'level') return `Employees whose verified ${skill} level is exactly ${levelName(result.level)} (${result.level})`;
  return `Employees who hold ${skill} verified below ${levelName(result.level)} (${result.level}): the nearest to closing the gap`;
}

export type { SupplyDemandRow };
