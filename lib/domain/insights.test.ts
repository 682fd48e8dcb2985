import { describe, expect, test } from 'vitest';
import {
  addMonths,
  chartCsv,
  computeSkillDemand,
  computeSupplyDemand,
  coverageMatrix,
  coverageOverTime,
  credentialsPerMonthSeries,
  csvField,
  drillDownCsv,
  heatShade,
  insightsCsvFilename,
  monthLabel,
  monthTicks,
  parseHeatmapSelection,
  parseMonth,
  type InsightsFilterValues,
  insightsQueryString,
  levelDistribution,
  monthsBetween,
  parseInsightsFilters,
  requiredLevel,
  type InsightsChartData,
  type RoleDemandInput,
  heatmapCandidates,
  heatmapDefault,
  type SupplyDemandRow,
} from './insights';
import type { LevelValue } from './levels';

const NOW = new Date('2026-11-23T05:00:00Z');

describe('requiredLevel (seat-weighted mode, ties to the higher level)', () => {
  test.each([
    ['no profiles', [], null],
    ['one profile', [{ minLevel: 3, seats: 2 }], 3],
    ['most seats win over more profiles', [{ minLevel: 2, seats: 1 }, { minLevel: 2, seats: 1 }, { minLevel: 4, seats: 5 }], 4],
    ['a tie goes to the higher level', [{ minLevel: 2, seats: 3 }, { minLevel: 3, seats: 3 }], 3],
    ['no open seats anywhere: each profile counts once', [{ minLevel: 2, seats: 0 }, { minLevel: 2, seats: 0 }, { minLevel: 5, seats: 0 }], 2],
    ['profiles without seats do not vote when others have seats', [{ minLevel: 5, seats: 0 }, { minLevel: 5, seats: 0 }, { minLevel: 1, seats: 1 }], 1],
    ['out-of-scale levels are clamped', [{ minLevel: 9, seats: 1 }], 5],
  ])('%s', (_name, entries, expected) => {
    expect(requiredLevel(entries)).toBe(expected);
  });
});

const roles: RoleDemandInput[] = [
  { roleId: 'r1', name: 'Data analyst', family: 'Data', departmentId: 'data', openSeats: 3, plannedHeadcount: 10, requirements: [{ skillId: 'sql', minLevel: 3 }, { skillId: 'viz', minLevel: 2 }] },
  { roleId: 'r2', name: 'Senior data analyst', family: 'Data', departmentId: 'data', openSeats: 1, plannedHeadcount: 4, requirements: [{ skillId: 'sql', minLevel: 5 }] },
  { roleId: 'r3', name: 'Developer', family: 'Engineering', departmentId: null, openSeats: 0, plannedHeadcount: 7, requirements: [{ skillId: 'sql', minLevel: 2 }, { skillId: 'code', minLevel: 3 }] },
];

describe('computeSkillDemand', () => {
  test('sums open seats and planned headcount per skill and picks the required level', () => {
    const demand = computeSkillDemand(roles);
    expect(demand.map((d) => [d.skillId, d.requiredLevel, d.openSeats, d.plannedHeadcount, d.roleCount])).toEqual([
      ['code', 3, 0, 7, 1],
      ['sql', 3, 4, 21, 3],
      ['viz', 2, 3, 10, 1],
    ]);
    expect(demand.find((d) => d.skillId === 'sql')!.seatsByLevel).toEqual([0, 0, 3, 0, 1]);
  });

  test('a skill listed twice in one profile counts once', () => {
    const demand = computeSkillDemand([{ ...roles[0]!, requirements: [{ skillId: 'sql', minLevel: 3 }, { skillId: 'sql', minLevel: 4 }] }]);
    expect(demand).toHaveLength(1);
    expect(demand[0]!.openSeats).toBe(3);
  });

  test('no profiles, no demand', () => {
    expect(computeSkillDemand([])).toEqual([]);
  });
});

describe('computeSupplyDemand', () => {
  const names = new Map([
    ['sql', 'SQL'],
    ['viz', 'Data visualisation'],
    ['code', 'Programming'],
  ]);
  const counts = [
    { skill: 'sql', atLeast: [10, 6, 1, 1, 0] as const },
    { skill: 'viz', atLeast: [2, 0, 0, 0, 0] as const },
  ];

  test.each([
    // skill order (largest gap first), then [supply, demand, gap] for sql
    ['at the required level', null, ['sql', 'viz', 'code'], { sql: [1, 4, 3], viz: [0, 3, 3], code: [0, 0, 0] }],
    ['with the level filter at 1', 1, ['viz', 'code', 'sql'], { sql: [10, 4, -6], viz: [2, 3, 1], code: [0, 0, 0] }],
  ] as const)('%s', (_name, level, order, expected) => {
    const rows = computeSupplyDemand(computeSkillDemand(roles), counts, names, level);
    expect(rows.map((r) => r.skillId)).toEqual(order);
    for (const [skill, [supply, demand, gap]] of Object.entries(expected)) {
      const row = rows.find((r) => r.skillId === skill)!;
      expect([row.supply, row.demand, row.gap]).toEqual([supply, demand, gap]);
      expect(row.level).toBe(level ?? row.requiredLevel);
    }
  });

  test('ties on gap break by demand, then by name', () => {
    const rows = computeSupplyDemand(
      [
        { skillId: 'b', requiredLevel: 1, openSeats: 2, plannedHeadcount: 0, seatsByLevel: [2, 0, 0, 0, 0], roleCount: 1 },
        { skillId: 'a', requiredLevel: 1, openSeats: 2, plannedHeadcount: 0, seatsByLevel: [2, 0, 0, 0, 0], roleCount: 1 },
        { skillId: 'c', requiredLevel: 1, openSeats: 3, plannedHeadcount: 0, seatsByLevel: [3, 0, 0, 0, 0], roleCount: 1 },
      ],
      [{ skill: 'c', atLeast: [1, 0, 0, 0, 0] }],
      new Map(),
    );
    expect(rows.map((r) => r.skillId)).toEqual(['c', 'a', 'b']);
  });
});

describe('levelDistribution', () => {
  test('exact counts from at-least counts, and the people with no verified level', () => {
    const [row] = levelDistribution(['sql'], [{ skill: 'sql', atLeast: [10, 6, 1, 1, 0] }], 25, new Map([['sql', 'SQL']]));
    expect(row).toEqual({ skillId: 'sql', skillName: 'SQL', none: 15, exact: [4, 5, 0, 1, 0], total: 25 });
    expect(row!.none + row!.exact.reduce((a, b) => a + b, 0)).toBe(25);
  });

  test('a skill nobody holds is all "none", never negative', () => {
    expect(levelDistribution(['x'], [], 3, new Map())[0]).toMatchObject({ none: 3, exact: [0, 0, 0, 0, 0] });
    expect(levelDistribution(['x'], [{ skill: 'x', atLeast: [1, 2, 0, 0, 0] }], 0, new Map())[0]).toMatchObject({ none: 0, exact: [0, 2, 0, 0, 0] });
  });
});

describe('coverageMatrix', () => {
  test('share per department and skill; a department without employees has no share', () => {
    const m = coverageMatrix(
      [
        { id: 'data', name: 'Data' },
        { id: 'empty', name: 'Empty' },
      ],
      [{ id: 'sql', name: 'SQL', level: 3 }],
      [{ departmentId: 'data', skill: 'sql', count: 3 }],
      [{ departmentId: 'data', count: 12 }],
    );
    expect(m.departments).toEqual([
      { id: 'data', name: 'Data', size: 12 },
      { id: 'empty', name: 'Empty', size: 0 },
    ]);
    expect(m.cells).toEqual([
      { departmentId: 'data', skillId: 'sql', level: 3, count: 3, size: 12, share: 0.25 },
      { departmentId: 'empty', skillId: 'sql', level: 3, count: 0, size: 0, share: null },
    ]);
  });
});

describe('months and time series', () => {
  test.each([
    ['2026-01', 1, '2026-02'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-03', -27, '2023-12'],
  ])('addMonths(%s, %i) = %s', (m, d, expected) => {
    expect(addMonths(m, d)).toBe(expected);
  });

  test('monthsBetween is inclusive and empty when reversed', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-02', '2025-11')).toEqual([]);
  });

  test('credentials per month zero-fills the range and ignores buckets outside it', () => {
    expect(
      credentialsPerMonthSeries(
        [
          { month: '2026-01', count: 4 },
          { month: '2025-06', count: 9 },
          { month: '2026-03', count: 1 },
        ],
        '2026-01',
        '2026-03',
      ),
    ).toEqual([
      { month: '2026-01', count: 4 },
      { month: '2026-02', count: 0 },
      { month: '2026-03', count: 1 },
    ]);
  });

  test('coverage over time is cumulative, counts earlier and undated coverage from the start', () => {
    const points = coverageOverTime(['2024-05-01T00:00:00Z', null, '2026-02-10T00:00:00Z', '2026-02-28T23:00:00Z', '2026-03-01T00:00:00Z', '2027-01-01T00:00:00Z'], 10, '2026-01', '2026-03');
    expect(points).toEqual([
      { month: '2026-01', covered: 2, share: 0.2 },
      { month: '2026-02', covered: 4, share: 0.4 },
      { month: '2026-03', covered: 5, share: 0.5 },
    ]);
  });

  test('coverage of an empty organisation has no share', () => {
    expect(coverageOverTime([], 0, '2026-01', '2026-01')).toEqual([{ month: '2026-01', covered: 0, share: null }]);
  });
});

describe('parseInsightsFilters', () => {
  test('defaults: everything, the last 24 months', () => {
    expect(parseInsightsFilters({}, NOW)).toEqual({
      filters: { departments: [], families: [], skills: [], level: null, from: '2024-12', to: '2026-11' },
      problems: [],
    });
  });

  test('lists from repeated keys and commas, deduplicated', () => {
    const { filters } = parseInsightsFilters(new URLSearchParams('department=data&department=hr,data&skill=ddat:sql&family=Data&level=3&from=2026-01&to=2026-06'), NOW);
    expect(filters).toEqual({ departments: ['data', 'hr'], families: ['Data'], skills: ['ddat:sql'], level: 3, from: '2026-01', to: '2026-06' });
  });

  test.each([
    ['level=9', /Level "9" is not a level/],
    ['level=abc', /Level "abc"/],
    ['from=2026-13', /not a month for "from"/],
    ['to=yesterday', /not a month for "to"/],
    ['from=2026-06&to=2026-01', /starts \(2026-06\) after it ends \(2026-01\)/],
    ['from=1900-01&to=2026-01', /limited to 10 years/],
  ])('%s is reported, not thrown', (query, message) => {
    const { filters, problems } = parseInsightsFilters(new URLSearchParams(query), NOW);
    expect(problems.join(' ')).toMatch(message);
    expect(filters.from <= filters.to).toBe(true);
    expect(monthsBetween(filters.from, filters.to).length).toBeLessThanOrEqual(120);
  });

  test('round-trips through insightsQueryString', () => {
    const parsed = parseInsightsFilters(new URLSearchParams('department=a&department=b&skill=s&level=2&from=2025-01&to=2025-12'), NOW);
    expect(parseInsightsFilters(new URLSearchParams(insightsQueryString(parsed.filters).slice(1)), NOW)).toEqual(parsed);
  });
});

describe('CSV', () => {
  test.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['@sum', "'@sum"],
    [-3, '-3'],
    [null, ''],
    [Number.NaN, ''],
  ])('csvField(%j) = %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  const data: InsightsChartData = {
    supplyDemand: [{ skillId: 'sql', skillName: 'SQL, advanced', level: 3, requiredLevel: 3, demand: 4, plannedHeadcount: 21, supply: 1, gap: 3, roleCount: 3 }],
    coverage: coverageMatrix([{ id: 'data', name: 'Data' }], [{ id: 'sql', name: 'SQL', level: 3 }], [{ departmentId: 'data', skill: 'sql', count: 1 }], [{ departmentId: 'data', count: 3 }]),
    levels: levelDistribution(['sql'], [{ skill: 'sql', atLeast: [2, 1, 1, 0, 0] }], 5, new Map([['sql', 'SQL']])),
    credentialsPerMonth: [{ month: '2026-01', count: 7 }],
    coverageOverTime: [{ month: '2026-01', covered: 2, share: 0.4 }],
  };

  test.each([
    ['supply-demand', 'skill_id,skill,level,level_name,required_level,open_seats_demand,planned_headcount,verified_supply,gap,role_profiles\r\nsql,"SQL, advanced",3,Practitioner,3,4,21,1,3,3\r\n'],
    ['coverage', 'department_id,department,skill_id,skill,level,employees_covered,department_employees,coverage_percent\r\ndata,Data,sql,SQL,3,1,3,33.3\r\n'],
    ['levels', 'skill_id,skill,no_verified_level,level_1_awareness,level_2_working,level_3_practitioner,level_4_advanced,level_5_expert,employees\r\nsql,SQL,3,1,0,1,0,0,5\r\n'],
    ['credentials', 'month,verified_credentials_earned\r\n2026-01,7\r\n'],
    ['coverage-over-time', 'month,employees_covered,coverage_percent\r\n2026-01,2,40\r\n'],
  ] as const)('%s CSV', (chart, expected) => {
    expect(chartCsv(chart, data)).toBe(expected);
  });
});

describe('insightsQueryString', () => {
  test('empty filters give an empty string; extras are appended', () => {
    expect(insightsQueryString({})).toBe('');
    expect(insightsQueryString({ departments: ['data'], level: 3 }, { kind: 'gap', page: undefined })).toBe('?department=data&level=3&kind=gap');
  });
});

describe('insightsCsvFilename', () => {
  const base: InsightsFilterValues = { departments: [], families: [], skills: [], level: null, from: '2025-01', to: '2026-12' };
  test.each([
    ['no filters', 'supply-demand', {}, {}, 'skillproof-supply-demand-2025-01_2026-12.csv'],
    ['department and skill ids are slugged', 'coverage', { departments: ['dep:Data'], skills: ['ddat:analysis', 'onet:python'] }, {}, 'skillproof-coverage-dept-dep-data-skill-ddat-analysis+onet-python-2025-01_2026-12.csv'],
    ['family and level', 'levels', { families: ['Digital & data'], level: 3 }, {}, 'skillproof-levels-family-digital-data-level-3-2025-01_2026-12.csv'],
    ['drill-down kind and month', 'people', { skills: ['x'] }, { kind: 'credentials', month: '2026-03' }, 'skillproof-people-skill-x-kind-credentials-month-2026-03-2025-01_2026-12.csv'],
    ['hostile text cannot break the header', 'people', { departments: ['a"b\r\nc;d'] }, {}, 'skillproof-people-dept-a-b-c-d-2025-01_2026-12.csv'],
  ] as [string, string, Partial<InsightsFilterValues>, Record<string, string>, string][])('%s', (_name, subject, filters, extra, expected) => {
    expect(insightsCsvFilename(subject, { ...base, ...filters }, extra)).toBe(expected);
  });
  test('long skill lists are cut, the months kept, 150 characters at most', () => {
    const name = insightsCsvFilename('supply-demand', { ...base, skills: Array.from({ length: 40 }, (_, i) => `ddat:skill-number-${i}`) });
    expect(name.length).toBeLessThanOrEqual(150);
    expect(name.endsWith('-2025-01_2026-12.csv')).toBe(true);
    expect(name).toMatch(/^[a-z0-9+_.-]+$/);
  });
});

describe('monthTicks', () => {
  test.each([
    ['6 months: every month', '2026-01', '2026-06', 8, ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']],
    ['12 months: every 2nd, on odd calendar months', '2026-01', '2026-12', 8, ['2026-01', '2026-03', '2026-05', '2026-07', '2026-09', '2026-11']],
    ['24 months from Dec: quarters', '2024-12', '2026-11', 8, ['2025-01', '2025-04', '2025-07', '2025-10', '2026-01', '2026-04', '2026-07', '2026-10']],
    ['5 years: January of every year', '2021-06', '2026-05', 8, ['2022-01', '2023-01', '2024-01', '2025-01', '2026-01']],
    ['10 years: every 2nd January', '2016-12', '2026-11', 8, ['2018-01', '2020-01', '2022-01', '2024-01', '2026-01']],
  ])('%s', (_name, from, to, max, expected) => {
    const ticks = monthTicks(monthsBetween(from, to), max);
    expect(ticks).toEqual(expected);
    expect(ticks.length).toBeLessThanOrEqual(max);
  });
  test('no months, no ticks; labels', () => {
    expect(monthTicks([])).toEqual([]);
    expect(monthLabel('2026-03')).toBe('Mar 2026');
    expect(monthLabel('bad')).toBe('bad');
  });
});

describe('heatShade (relative to the largest share)', () => {
  test.each([
    [null, 0.5, null],
    [0, 0.5, 0],
    [0.5, 0, 0],
    [0.12, 0.12, 5],
    [0.01, 0.12, 1],
    [0.06, 0.12, 3],
    [0.5, 1, 3],
    [1, 1, 5],
  ])('share %s of max %s -> %s', (share, max, expected) => {
    expect(heatShade(share, max)).toBe(expected);
  });
});

describe('parseMonth, parseHeatmapSelection, drillDownCsv', () => {
  test('month', () => {
    expect(parseMonth('2026-02')).toBe('2026-02');
    expect(parseMonth('2026-13')).toBeNull();
    expect(parseMonth(undefined)).toBeNull();
  });
  test('heatmap selection from repeated and comma params', () => {
    expect(parseHeatmapSelection(new URLSearchParams('heatSkill=a,b&heatSkill=c&heatDepartment=d'))).toEqual({ skills: ['a', 'b', 'c'], departments: ['d'] });
    expect(parseHeatmapSelection({})).toEqual({ skills: [], departments: [] });
  });
  test('drill-down CSV: every column, formula guard', () => {
    const csv = drillDownCsv([
      { id: 'p1', name: '=Eve', currentRole: 'Analyst, data', departmentName: null, level: 3, achievedAt: '2026-03-04T00:00:00.000Z', openToMobility: true },
      { id: 'p2', name: 'Bo', currentRole: '', departmentName: 'Data', level: 0, achievedAt: null, openToMobility: false, credentials: 2 },
    ]);
    expect(csv).toBe(
      'person_id,name,current_role,department,verified_level,achieved_or_first_covered,credentials_that_month,open_to_mobility\r\n' +
        "p1,'=Eve,\"Analyst, data\",,3,2026-03-04,,yes\r\n" +
        'p2,Bo,,Data,,,2,no\r\n',
    );
  });
});

describe('the default heatmap: shortages held across departments, where most departments hold them', () => {
  const row = (skillId: string, gap: number, level = 3): SupplyDemandRow => ({ skillId, skillName: skillId, level: level as LevelValue, requiredLevel: level as LevelValue, demand: gap + 1, plannedHeadcount: 0, supply: 1, gap, roleCount: 1 });
  // In supply vs demand order (largest gap first).
  const rows = [row('niche', 20), row('broad-a', 12), row('broad-b', 9), row('half', 7), row('surplus', -3)];
  const deps = ['d1', 'd2', 'd3', 'd4'];
  const held = (skill: string, inDeps: string[]) => inDeps.map((departmentId) => ({ departmentId, skill, count: 3 }));
  const heldIn = [...held('niche', ['d1']), ...held('broad-a', deps), ...held('broad-b', deps), ...held('half', ['d1', 'd2']), ...held('surplus', deps), { departmentId: 'd3', skill: 'niche', count: 0 }];

  test('candidates: gaps held in at least half the departments first, in gap order; then the rest', () => {
    expect(heatmapCandidates(rows, heldIn, deps, 10).map((r) => r.skillId)).toEqual(['broad-a', 'broad-b', 'half', 'niche', 'surplus']);
    expect(heatmapCandidates(rows, heldIn, deps, 2).map((r) => r.skillId)).toEqual(['broad-a', 'broad-b']);
    // Departments not shown do not count toward breadth.
    expect(heatmapCandidates(rows, heldIn, ['d1', 'd3'], 10).map((r) => r.skillId)).toEqual(['niche', 'broad-a', 'broad-b', 'half', 'surplus']);
  });

  test('default: the candidates most departments hold at their level, shown in gap order', () => {
    const atLevel = [...held('broad-a', ['d1']), ...held('broad-b', ['d1', 'd2', 'd3']), ...held('half', ['d1', 'd2']), ...held('niche', [])];
    const candidates = heatmapCandidates(rows, heldIn, deps, 10);
    expect(heatmapDefault(candidates, atLevel, deps, 2).map((r) => r.skillId)).toEqual(['broad-b', 'half']);
    // Ties keep the larger gap.
    expect(heatmapDefault(candidates, [], deps, 2).map((r) => r.skillId)).toEqual(['broad-a', 'broad-b']);
  });
});
