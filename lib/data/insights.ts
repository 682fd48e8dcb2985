import 'server-only';
// HR insights: verified supply (search-engine aggregations, so SQL and Elasticsearch give the same
// numbers) against demand (role profiles x open seats, from the database), and the people behind
// any bar or cell. Only actors with 'insights.view' get here; people lists follow the visibility rule.
import { and, asc, eq, gte, inArray, or, sql, type SQL } from 'drizzle-orm';
import { getDb, type DbOrTx } from '../db/client';
import { auditLog, credentials, departments, people, personSkills, roleProfiles, roleRequirements, skills } from '../db/schema';
import { AppError } from '../domain/app-error';
import {
  addMonths,
  chartCsv,
  computeSkillDemand,
  computeSupplyDemand,
  coverageMatrix,
  heatmapCandidates,
  heatmapDefault,
  coverageOverTime,
  credentialsPerMonthSeries,
  drillDownCsv,
  drillDownKindSchema,
  insightsCsvFilename,
  levelDistribution,
  MONTH_DRILL_DOWNS,
  monthLabel,
  parseHeatmapSelection,
  parseInsightsFilters,
  parseMonth,
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
/** How many skills the default heatmap chooses its CHART_SKILL_LIMIT from (counted at their level). */
const HEATMAP_CANDIDATES = 36;
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
  /** What the heatmap was asked to show (?heatSkill=&heatDepartment=); empty: the default. */
  heatmap: { skills: string[]; departments: string[] };
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
 * Verified credentials of employees in scope that state at least one of `skillIds`, per issue month.
 * The engine indexes each person's credential dates without their skills, so with a skill filter
 * the figure comes from the database; the definition is otherwise the engine's (status verified,
 * employees in scope, issue date within the window), so with every skill chosen the two agree (tested).
 */
async function credentialsPerMonthForSkills(db: DbOrTx, scope: VisibilityScope, filters: InsightsFilterValues, skillIds: string[]): Promise<{ month: string; count: number }[]> {
  if (skillIds.length === 0) return [];
  const bounds = rangeBounds(filters.from, filters.to);
  const month = sql<string>`to_char(${credentials.issuedAt} at time zone 'UTC', 'YYYY-MM')`;
  const rows = await db
    .select({ month, count: sql<number>`count(*)::int`.mapWith(Number) })
    .from(credentials)
    .innerJoin(people, eq(people.id, credentials.personId))
    .where(and(...credentialsOfSkillsWhere(scope, filters, skillIds, bounds)))
    .groupBy(month);
  return rows;
}

function credentialsOfSkillsWhere(scope: VisibilityScope, filters: InsightsFilterValues, skillIds: string[], bounds: { from: string; to: string }): SQL[] {
  const where: SQL[] = [
    eq(credentials.status, 'verified'),
    employeeScopeSql(scope, filters.departments),
    sql`${credentials.issuedAt} >= ${bounds.from}::timestamptz`,
    sql`${credentials.issuedAt} <= ${bounds.to}::timestamptz`,
  ];
  if (skillIds.length > 0) {
    where.push(sql`exists (select 1 from jsonb_array_elements(${credentials.skills}) as cs(v) where cs.v->>'skillId' in (select jsonb_array_elements_text(${JSON.stringify(skillIds)}::jsonb)))`);
  }
  return where;
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
  const heatmap = input instanceof URLSearchParams || !('filters' in input) ? parseHeatmapSelection(input as SearchParamsLike) : { skills: [], departments: [] };
  const base = { filters, problems, choices, heatmap, engine: engine.kind } as const;

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
  // The heatmap shows the skills HR picked (among those in demand in this selection), else the
  // largest gaps.
  const picked = new Set(heatmap.skills);
  const heatPicked = supplyDemand.filter((r) => picked.has(r.skillId));
  const scopeDepartments = filters.departments.length > 0 ? choices.departments.filter((d) => filters.departments.includes(d.id)) : choices.departments;
  const heatDepartments = heatmap.departments.length > 0 ? scopeDepartments.filter((d) => heatmap.departments.includes(d.id)) : scopeDepartments;
  // Unpicked: the largest gaps held across the departments shown, then of those the ones most
  // departments hold at their level (heatmapCandidates, heatmapDefault); `overall` counted every
  // demanded skill per department at level 1 and above.
  const heatDepartmentIds = heatDepartments.map((d) => d.id);
  const candidates = heatPicked.length > 0 ? heatPicked : heatmapCandidates(supplyDemand, overall.departmentSkill, heatDepartmentIds, HEATMAP_CANDIDATES);

  // Coverage is counted at each skill's own level; the engine takes one minLevel per call, so one
  // call per distinct level (at most five).
  const byLevel = new Map<number, string[]>();
  for (const row of candidates) byLevel.set(row.level, [...(byLevel.get(row.level) ?? []), row.skillId]);
  const perLevel = await Promise.all(
    [...byLevel].map(([level, ids]) => engine.aggregate({ departments: filters.departments, skills: ids, minLevel: level }, scope)),
  );
  const departmentSkill: InsightsAggregations['departmentSkill'] = [];
  perLevel.forEach((agg, i) => {
    const ids = new Set([...byLevel.values()][i]);
    for (const cell of agg.departmentSkill) if (ids.has(cell.skill)) departmentSkill.push(cell);
  });
  const heatSkills = heatPicked.length > 0 ? heatPicked : heatmapDefault(candidates, departmentSkill, heatDepartmentIds, CHART_SKILL_LIMIT);
  const heatSkillIds = new Set(heatSkills.map((r) => r.skillId));
  const coverage = coverageMatrix(
    heatDepartments,
    heatSkills.map((r) => ({ id: r.skillId, name: r.skillName, level: r.level })),
    departmentSkill.filter((c) => heatSkillIds.has(c.skill)),
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
      // Every filter applies to every chart: with a skill filter, only credentials stating one of those skills.
      credentialsPerMonth: credentialsPerMonthSeries(
        filters.skills.length > 0 ? await credentialsPerMonthForSkills(db, scope, filters, filters.skills) : overall.credentialsPerMonth,
        filters.from,
        filters.to,
      ),
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
  return { filename: insightsCsvFilename(chart, report.filters), csv: chartCsv(chart, report.data), report };
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
  /** Highest verified level in the skill (0: none, or a month list). */
  level: number;
  /** When the level was achieved; for kind=covered the first covered date; for credentials the last issue date. */
  achievedAt: string | null;
  /** kind=credentials: verified credentials the person earned that month. */
  credentials?: number;
};

export type InsightPeople = {
  kind: DrillDownKind;
  /** The month of a month list (kind credentials / covered). */
  month: string | null;
  /** Every chosen skill (a month list counts them all; a skill list uses the first). */
  skills: string[];
  /** kind=credentials: the credentials behind the bar (the sum over people). */
  credentialCount: number;
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

/** The most rows a drill-down CSV holds (the demo organisation has 1,400 employees). */
export const DRILL_DOWN_CSV_LIMIT = 10_000;

type PersonRow = {
  id: string;
  name: string;
  kind: 'employee' | 'candidate';
  currentRole: string;
  departmentId: string | null;
  departmentName: string | null;
  openToMobility: boolean;
  searchable: boolean;
};

const personColumns = {
  id: people.id,
  name: people.name,
  kind: people.kind,
  currentRole: people.currentRole,
  departmentId: people.departmentId,
  departmentName: departments.name,
  openToMobility: people.openToMobility,
  searchable: people.searchable,
};

function toInsightPerson(r: PersonRow, level: number, achievedAt: Date | string | null, credentials?: number): InsightPerson {
  return {
    id: r.id,
    name: r.name,
    currentRole: r.currentRole,
    departmentId: r.departmentId,
    departmentName: r.departmentName,
    openToMobility: r.openToMobility,
    level,
    achievedAt: achievedAt === null ? null : new Date(achievedAt).toISOString(),
    ...(credentials === undefined ? {} : { credentials }),
  };
}

/**
 * The people behind a bar, heatmap cell or month (`?skill=&level=&department=&family=&kind=&month=`):
 * supply = employees in scope with a verified level >= level; gap = employees who hold the skill
 * verified but below the level, highest first (the nearest to closing it by reskilling); level =
 * exactly at the level (one segment of the level distribution); credentials = who earned the
 * verified credentials of `month` (stating one of the chosen skills, if any); covered = who, by the
 * end of `month`, held a skill in demand at the level counted (a point of coverage over time).
 * Everyone listed is someone the actor may see. `all` returns every row (the CSV), not one page.
 */
export async function getInsightPeople(actor: Actor, params: SearchParamsLike, options: Omit<InsightsOptions, 'engine'> & { all?: boolean } = {}): Promise<InsightPeople> {
  assertInsights(actor);
  const now = options.now ?? new Date();
  const db = options.db ?? (await getDb());
  const { filters, problems } = parseInsightsFilters(params, now);
  const read = (key: string) => (params instanceof URLSearchParams ? params.get(key) : [params[key]].flat()[0]) ?? undefined;
  const kindParsed = drillDownKindSchema.safeParse(read('kind') ?? 'supply');
  const kind: DrillDownKind = kindParsed.success ? kindParsed.data : 'supply';
  if (!kindParsed.success) problems.push(`"${read('kind')}" is not a list: use kind=supply, gap, level, credentials or covered.`);
  const pageRaw = Number(read('page') ?? '1');
  const page = Number.isInteger(pageRaw) && pageRaw >= 1 && pageRaw <= 10_000 ? pageRaw : 1;
  const limit = options.all ? DRILL_DOWN_CSV_LIMIT : DRILL_DOWN_PAGE_SIZE;
  const offset = options.all ? 0 : (page - 1) * DRILL_DOWN_PAGE_SIZE;
  const byMonth = (MONTH_DRILL_DOWNS as readonly string[]).includes(kind);

  const choices = await loadChoices(db);
  const missing = await findMissing(db, filters, choices);
  for (const m of missing) problems.push(`There is no ${m.field} "${m.value}" in this organisation.`);
  const month = byMonth ? parseMonth(read('month')) : null;
  if (byMonth && !month) problems.push(read('month') ? `"${read('month')}" is not a month: use YYYY-MM.` : 'Choose a month to see the people behind it.');
  const skillId = filters.skills[0];
  if (!skillId && !byMonth) problems.push('Choose a skill to see the people behind it.');
  const [skillRow] = skillId ? await db.select({ id: skills.id, name: skills.name }).from(skills).where(eq(skills.id, skillId)) : [];

  const result: InsightPeople = {
    kind,
    month,
    skill: skillRow ?? null,
    skills: filters.skills,
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
    credentialCount: 0,
  };
  if (missing.length > 0) return result;
  const scope = visibilityScope(actor);
  const roles = await loadRoleDemand(db, filters);

  if (byMonth) {
    if (!month) return result;
    const monthBounds = rangeBounds(month, month);
    if (kind === 'credentials') {
      const rows = await db
        .select({ ...personColumns, credentials: sql<number>`count(*)::int`.mapWith(Number), lastIssued: sql<string>`max(${credentials.issuedAt})` })
        .from(credentials)
        .innerJoin(people, eq(people.id, credentials.personId))
        .leftJoin(departments, eq(departments.id, people.departmentId))
        .where(and(...credentialsOfSkillsWhere(scope, filters, filters.skills, monthBounds)))
        .groupBy(people.id, departments.name);
      const visible = rows.filter((r) => canSeePerson(actor, r)).sort((a, b) => b.credentials - a.credentials || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      result.total = visible.length;
      result.credentialCount = visible.reduce((n, r) => n + r.credentials, 0);
      result.people = visible.slice(offset, offset + limit).map((r) => toInsightPerson(r, 0, r.lastIssued, r.credentials));
      return result;
    }
    // covered: the same pairs as the chart (each demanded skill at its required level, or the level filter).
    const pairs = demandFor(roles, filters).map((d) => ({ skill: d.skillId, level: filters.level ?? d.requiredLevel }));
    if (pairs.length === 0) return result;
    const firstAt = sql<string | null>`min(${personSkills.achievedAt})`;
    const undated = sql<boolean>`bool_or(${personSkills.achievedAt} is null)`;
    const rows = await db
      .select({ ...personColumns, firstAt, undated })
      .from(personSkills)
      .innerJoin(people, eq(people.id, personSkills.personId))
      .leftJoin(departments, eq(departments.id, people.departmentId))
      .where(
        and(
          eq(personSkills.verified, true),
          sql`(${personSkills.expiresAt} is null or ${personSkills.expiresAt} > ${now.toISOString()})`,
          employeeScopeSql(scope, filters.departments),
          or(...pairs.map((p) => and(eq(personSkills.skillId, p.skill), gte(personSkills.level, p.level)))),
        ),
      )
      .groupBy(people.id, departments.name)
      .having(sql`${undated} or ${firstAt} <= ${monthBounds.to}::timestamptz`);
    // Newest first: the people who joined the covered group most recently lead the list.
    const visible = rows
      .filter((r) => canSeePerson(actor, r))
      .map((r) => ({ ...r, first: r.undated || r.firstAt === null ? null : new Date(r.firstAt).toISOString() }))
      .sort((a, b) => (b.first ?? '').localeCompare(a.first ?? '') || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    result.total = visible.length;
    result.people = visible.slice(offset, offset + limit).map((r) => toInsightPerson(r, 0, r.first));
    return result;
  }

  if (!skillRow) return result;
  const demand = computeSkillDemand(roles).find((d) => d.skillId === skillRow.id);
  result.level = filters.level ?? demand?.requiredLevel ?? 1;
  result.demand = demand?.openSeats ?? 0;
  result.roles = roles
    .flatMap((r) => {
      const req = r.requirements.find((q) => q.skillId === skillRow.id);
      return req ? [{ id: r.roleId, name: r.name, departmentId: r.departmentId, openSeats: r.openSeats, plannedHeadcount: r.plannedHeadcount, minLevel: req.minLevel }] : [];
    })
    .sort((a, b) => b.openSeats - a.openSeats || a.name.localeCompare(b.name));

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
    .select({ ...personColumns, level: personSkills.level, achievedAt: personSkills.achievedAt })
    .from(personSkills)
    .innerJoin(people, eq(people.id, personSkills.personId))
    .leftJoin(departments, eq(departments.id, people.departmentId))
    .where(and(where, levelCond))
    .orderBy(sql`${personSkills.level} desc`, asc(people.name), asc(people.id))
    .limit(limit)
    .offset(offset);
  // The SQL already applies the visibility rule; the domain function is the rule itself, so a
  // person it refuses never reaches the page even if the two ever drift apart.
  result.people = rows.filter((r) => canSeePerson(actor, r)).map((r) => toInsightPerson(r, r.level, r.achievedAt));
  return result;
}

/** Every person of a drill-down list as CSV, named after its filters, recorded in the audit log. */
export async function exportInsightPeopleCsv(actor: Actor, params: URLSearchParams, options: Omit<InsightsOptions, 'engine'> = {}): Promise<{ filename: string; csv: string; result: InsightPeople }> {
  const result = await getInsightPeople(actor, params, { ...options, all: true });
  const db = options.db ?? (await getDb());
  const { filters } = parseInsightsFilters(params, options.now ?? new Date());
  await db.insert(auditLog).values({
    actorId: actor.id,
    action: 'insights.export',
    subjectType: 'insights',
    subjectId: `people:${result.kind}`,
    detail: { filters, month: result.month, count: result.people.length },
  });
  const filename = insightsCsvFilename('people', { ...filters, level: filters.level }, { kind: result.kind, month: result.month ?? undefined });
  return { filename, csv: drillDownCsv(result.people), result };
}

export function describeDrillDown(result: Pick<InsightPeople, 'kind' | 'skill' | 'level' | 'month' | 'skills'>): string {
  const skill = result.skill?.name ?? 'this skill';
  const month = result.month ? monthLabel(result.month) : 'this month';
  if (result.kind === 'credentials') {
    return `Employees who earned verified credentials in ${month}${result.skills.length > 0 ? ` stating ${result.skills.length === 1 ? skill : `one of ${result.skills.length} chosen skills`}` : ''}`;
  }
  if (result.kind === 'covered') return `Employees who by the end of ${month} held at least one skill in demand at the level counted`;
  if (result.kind === 'supply') return `Employees with a verified ${skill} level of ${levelName(result.level)} (${result.level}) or higher`;
  if (result.kind === 'level') return `Employees whose verified ${skill} level is exactly ${levelName(result.level)} (${result.level})`;
  return `Employees who hold ${skill} verified below ${levelName(result.level)} (${result.level}): the nearest to closing the gap`;
}

export type { SupplyDemandRow };
