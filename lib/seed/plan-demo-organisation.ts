// The demo organisation as a plan (pure, deterministic from the seed): who works where, in which
// DDaT role level, and which badges each person earned when, with which fate (fine, revoked,
// expired, tampered). The seed turns the plan into real signed credentials and runs them through
// verification and ingest; nothing here writes anything.
import { Faker, base, en, en_GB } from '@faker-js/faker';
import { DEPARTMENTS, departmentForRole, loadTaxonomy, ddatLevelValue, ddatRoleProfileId, ddatSkillId, onetSkillId, type DepartmentId, type DdatRole, type DdatRoleLevel } from './taxonomy-data';
import { buildCatalog, TECH_SKILLS, type CatalogBadge } from './catalog';

export const LOCATIONS = [
  'London',
  'London',
  'London',
  'Manchester',
  'Leeds',
  'Bristol',
  'Birmingham',
  'Edinburgh',
  'Glasgow',
  'Cardiff',
  'Newcastle',
  'Sheffield',
  'Nottingham',
  'Belfast',
  'Remote (UK)',
  'Remote (UK)',
];

export type CredentialFate = 'ok' | 'revoked' | 'expired' | 'tampered';

export type PlannedCredential = {
  badgeId: string;
  issuerKey: CatalogBadge['issuerKey'];
  issuedAt: Date;
  validUntil: Date | null;
  fate: CredentialFate;
  proof: 'data-integrity' | 'vc-jwt';
  /** Recipient as a salted sha256 IdentityObject instead of a plain mailto: subject id. */
  hashedRecipient: boolean;
  withEvidence: boolean;
  /** Seeded uuid (credential id), so the same seed signs the same bytes. */
  uuid: string;
  salt: string;
};

export type PlannedCourse = { course: string; provider: string; completedAt: Date; url: string };

export type PlannedPerson = {
  id: string;
  kind: 'employee' | 'candidate';
  name: string;
  email: string;
  headline: string;
  location: string;
  departmentId: DepartmentId | null;
  currentRole: string;
  currentRoleProfileId: string | null;
  openToMobility: boolean;
  credentials: PlannedCredential[];
  courses: PlannedCourse[];
};

const DDAT_STEPS = [1, 2, 3, 5];
const stepUp = (level: number) => DDAT_STEPS[DDAT_STEPS.indexOf(level) + 1] ?? null;
const stepDown = (level: number) => DDAT_STEPS[DDAT_STEPS.indexOf(level) - 1] ?? null;

const DAY = 24 * 60 * 60 * 1000;
const YEAR = 365 * DAY;

/** Self-reported course completions (a LinkedIn Learning / MOOC export), mapped by the course title. */
const COURSES: { course: string; provider: string }[] = [
  { course: 'Python for Data Analysis', provider: 'LinkedIn Learning' },
  { course: 'SQL Essential Training', provider: 'LinkedIn Learning' },
  { course: 'Agile Foundations', provider: 'LinkedIn Learning' },
  { course: 'User Research Methods', provider: 'Coursera' },
  { course: 'Introduction to Cloud Computing', provider: 'edX' },
  { course: 'Data Visualisation with Tableau', provider: 'Coursera' },
  { course: 'Accessibility for Web Design', provider: 'FutureLearn' },
  { course: 'JavaScript Essential Training', provider: 'LinkedIn Learning' },
];

export function planDemoOrganisation(options: { people: number; seed: number; now: Date }): PlannedPerson[] {
  const faker = new Faker({ locale: [en_GB, en, base] });
  faker.seed(options.seed);
  const { ddatRoles } = loadTaxonomy();
  const catalog = buildCatalog();
  const badgeBySkillLevel = new Map(catalog.filter((b) => b.skillId).map((b) => [`${b.skillId}|${b.level}`, b]));

  const coreFaker = new Faker({ locale: [en_GB, en, base] });
  coreFaker.seed(options.seed + CORE_SKILL_SEED_OFFSET);
  const coreSkills = crossCuttingSkills(ddatRoles);

  const rolesByDepartment = new Map<DepartmentId, { role: DdatRole; level: DdatRoleLevel }[]>();
  for (const role of ddatRoles) {
    const dept = departmentForRole(role);
    for (const level of role.levels) {
      const list = rolesByDepartment.get(dept) ?? [];
      list.push({ role, level });
      rolesByDepartment.set(dept, list);
    }
  }
  // Department sizes of a digital and data organisation: engineering and data largest.
  const departmentWeights: { weight: number; value: DepartmentId }[] = [
    { weight: 22, value: 'engineering' },
    { weight: 20, value: 'data' },
    { weight: 14, value: 'product' },
    { weight: 11, value: 'design' },
    { weight: 7, value: 'user-research' },
    { weight: 9, value: 'architecture' },
    { weight: 6, value: 'security' },
    { weight: 11, value: 'operations' },
  ];
  const departmentName = new Map(DEPARTMENTS.map((d) => [d.id, d.name]));

  const emails = new Set<string>();
  const uniqueEmail = (local: string, domain: string) => {
    const clean = local.toLowerCase().normalize('NFKD').replace(/[^a-z0-9.]+/g, '').replace(/\.+/g, '.').replace(/^\.|\.$/g, '') || 'person';
    let email = `${clean}@${domain}`;
    for (let n = 2; emails.has(email); n++) email = `${clean}${n}@${domain}`;
    emails.add(email);
    return email;
  };

  const people: PlannedPerson[] = [];
  const employees = Math.round(options.people * 0.7);
  for (let i = 0; i < options.people; i++) {
    const kind = i < employees ? 'employee' : 'candidate';
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const dept = faker.helpers.weightedArrayElement(departmentWeights);
    const options2 = rolesByDepartment.get(dept)!;
    // Pyramids: more people at the lower and middle rungs than at the top.
    const pick = faker.helpers.weightedArrayElement(options2.map((o) => ({ weight: rungWeight(o.role, o.level), value: o })));
    const { role, level } = pick;
    const openToMobility = kind === 'employee' ? faker.number.float() < 0.35 : true;
    const years = Math.max(1, Math.round(level.rank * 2.5 + faker.number.int({ min: -1, max: 4 })));
    const person: PlannedPerson = {
      id: faker.string.uuid(),
      kind,
      name: `${first} ${last}`,
      email: kind === 'employee' ? uniqueEmail(`${first}.${last}`, 'org.skillproof.demo') : uniqueEmail(`${first}.${last}`, faker.helpers.arrayElement(['example.com', 'example.org', 'example.net'])),
      headline:
        kind === 'employee'
          ? `${level.name}, ${departmentName.get(dept)} · ${years} years in ${role.family.toLowerCase()}`
          : `${faker.helpers.arrayElement(['Experienced', 'Aspiring', 'Freelance', 'Career-changing'])} ${role.role.toLowerCase()} looking for a ${level.name.toLowerCase()} role`,
      location: faker.helpers.arrayElement(LOCATIONS),
      departmentId: kind === 'employee' ? dept : null,
      currentRole: level.name,
      currentRoleProfileId: kind === 'employee' ? ddatRoleProfileId(level.slug) : null,
      openToMobility,
      credentials: [],
      courses: [],
    };

    // Skill levels follow the role level: most asks met, some exceeded, some not yet.
    const earned = new Map<string, number>();
    for (const ask of level.skills) {
      const required = ddatLevelValue(ask.level);
      const r = faker.number.float();
      const met = kind === 'employee' ? 0.72 : 0.6;
      let achieved: number | null = required;
      if (r < met) achieved = required;
      else if (r < met + 0.1) achieved = stepUp(required) ?? required;
      else if (r < 0.95) achieved = stepDown(required);
      else achieved = null;
      if (achieved) earned.set(ddatSkillId(ask.skill), achieved);
    }
    // People open to mobility have started on the next rung's asks. In the departments that ran a
    // reskilling programme those badges were earned in its window (the last RESKILLING_MONTHS), so
    // their verified supply visibly grows; elsewhere they were earned any time.
    // The programme also enrolled a quarter of the other employees there, one to three asks each.
    const reskilled = new Set<string>();
    const inProgramme = kind === 'employee' && RESKILLING_DEPARTMENTS.has(dept) && (openToMobility || faker.number.float() < 0.25);
    if (openToMobility || inProgramme) {
      const next = role.levels.find((l) => l.rank === level.rank + 1 && l.track === 'individual');
      for (const ask of faker.helpers.arrayElements(next?.skills ?? [], inProgramme ? { min: 1, max: 3 } : { min: 0, max: 2 })) {
        const id = ddatSkillId(ask.skill);
        const lvl = ddatLevelValue(ask.level);
        if (lvl > (earned.get(id) ?? 0) && inProgramme) reskilled.add(id);
        earned.set(id, Math.max(earned.get(id) ?? 0, lvl));
      }
    }
    // The programme's other half: cross-skilling into the hiring hotspots (data, security,
    // architecture) from any department, a rung at or below the person's own. This is what puts
    // verified data skills outside the data department.
    if (kind === 'employee' && faker.number.float() < (inProgramme ? 0.6 : 0.12)) {
      const target = faker.helpers.arrayElement(CROSS_SKILLING_TARGETS);
      const rungs = (rolesByDepartment.get(target) ?? []).filter((o) => o.level.rank <= level.rank && o.level.track === 'individual');
      if (rungs.length > 0) {
        const rung = faker.helpers.arrayElement(rungs);
        for (const ask of faker.helpers.arrayElements(rung.level.skills, { min: 1, max: 2 })) {
          const id = ddatSkillId(ask.skill);
          const lvl = ddatLevelValue(ask.level);
          if (lvl > (earned.get(id) ?? 0)) {
            earned.set(id, lvl);
            if (inProgramme) reskilled.add(id);
          }
        }
      }
    }
    // Technology skills used in the department, at a level that grows with seniority.
    const techLevel = level.rank <= 2 ? 2 : level.rank <= 4 ? 3 : 5;
    for (const slug of faker.helpers.arrayElements(TECH_SKILLS[dept], { min: 1, max: 2 })) {
      const lvl = faker.number.float() < 0.2 ? (stepDown(techLevel) ?? techLevel) : techLevel;
      earned.set(onetSkillId(slug), Math.max(earned.get(onetSkillId(slug)) ?? 0, lvl));
    }

    for (const [skillId, achieved] of [...earned.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      const badge = badgeBySkillLevel.get(`${skillId}|${achieved}`) ?? badgeBySkillLevel.get(`${skillId}|${stepDown(achieved)}`);
      if (!badge) continue;
      const issuedAt = reskilled.has(skillId) ? reskillingIssueDate(faker, options.now) : seasonalIssueDate(faker, options.now);
      person.credentials.push(plannedCredential(faker, badge, issuedAt, options.now));
      // Some people also hold the rung below, earned earlier: the level shown is still the highest.
      const lower = stepDown(badge.level ?? 0);
      const lowerBadge = lower ? badgeBySkillLevel.get(`${skillId}|${lower}`) : undefined;
      if (lowerBadge && faker.number.float() < 0.12) {
        const earlier = new Date(issuedAt.getTime() - faker.number.int({ min: 60, max: 500 }) * DAY);
        person.credentials.push(plannedCredential(faker, lowerBadge, earlier, options.now));
      }
    }
    // Cross-cutting skills practised beyond the role that lists them (see CORE_SKILL_MIN_FAMILIES),
    // drawn from their own generator so every other draw of the plan stays as it was.
    if (kind === 'employee') {
      const options3 = coreSkills.filter((slug) => !earned.has(ddatSkillId(slug)));
      const coreLevel = level.rank <= 2 ? 2 : 3;
      for (const slug of coreFaker.helpers.arrayElements(options3, { min: 1, max: 3 })) {
        const badge = badgeBySkillLevel.get(`${ddatSkillId(slug)}|${coreLevel}`);
        if (badge) person.credentials.push(plannedCredential(coreFaker, badge, seasonalIssueDate(coreFaker, options.now), options.now));
      }
    }
    if (faker.number.float() < 0.15) {
      for (const c of faker.helpers.arrayElements(COURSES, { min: 1, max: 2 })) {
        person.courses.push({
          ...c,
          completedAt: new Date(options.now.getTime() - faker.number.int({ min: 10, max: 700 }) * DAY),
          url: `https://courses.skillproof.demo/certificates/${faker.string.alphanumeric(12)}`,
        });
      }
    }
    people.push(person);
  }
  return people;
}

/**
 * Cross-cutting skills: those the DDaT framework asks for in at least this many of its seven role
 * families (strategic thinking, stakeholder relationship management, communicating between the
 * technical and non-technical, user focus, testing, ... twelve in all). A real organisation practises
 * them everywhere, not only in the roles that list them: each employee also holds one to three of
 * them that their own role does not ask for, at Working (rungs 1-2) or Practitioner (rung 3 and up).
 * Without this, every department outside the one a skill's roles sit in showed 0 % for it, and the
 * HR heatmap was mostly zeros.
 */
export const CORE_SKILL_MIN_FAMILIES = 3;
/** The core-skill draws use their own generator (seed + this), leaving every other draw unchanged. */
const CORE_SKILL_SEED_OFFSET = 7919;

export function crossCuttingSkills(roles: DdatRole[]): string[] {
  const families = new Map<string, Set<string>>();
  for (const role of roles) for (const level of role.levels) for (const ask of level.skills) families.set(ask.skill, (families.get(ask.skill) ?? new Set()).add(role.family));
  return [...families].filter(([, f]) => f.size >= CORE_SKILL_MIN_FAMILIES).map(([slug]) => slug).sort();
}

/** Departments that ran a reskilling programme (data and engineering: the demand is there). */
export const RESKILLING_DEPARTMENTS: ReadonlySet<DepartmentId> = new Set<DepartmentId>(['data', 'engineering']);
export const RESKILLING_MONTHS = 9;
/** Where cross-skilling leads: the departments hiring hardest (see DEMAND_HOTSPOTS in import-taxonomy). */
const CROSS_SKILLING_TARGETS: DepartmentId[] = ['data', 'data', 'security', 'architecture'];
/** How far back badges go: three years. */
export const HISTORY_MONTHS = 36;

/**
 * Relative training activity by calendar month (index 0 = January), as in a UK public-sector
 * organisation: a rush before the financial year ends on 31 March (budgets spent), a second peak in
 * the autumn learning season, troughs in August and December (holidays), a slow April (new budgets
 * not yet released).
 */
export const SEASONALITY = [1.0, 1.15, 1.6, 0.7, 1.0, 1.05, 0.8, 0.45, 1.1, 1.35, 1.3, 0.5] as const;

/**
 * Weight of the month `monthsAgo` before now: the season times a growth trend (credential activity
 * grew about 60 % over the three years as the organisation adopted verified badges).
 */
export function issueMonthWeight(monthsAgo: number, now: Date): number {
  const calendarMonth = (((now.getUTCMonth() - monthsAgo) % 12) + 12) % 12;
  const growth = 1 + 0.6 * ((HISTORY_MONTHS - 1 - monthsAgo) / (HISTORY_MONTHS - 1));
  // The current month only as far as it has gone (badges are at least five days old).
  const share = monthsAgo === 0 ? Math.max(0, (now.getUTCDate() - 5) / 30) : 1;
  return SEASONALITY[calendarMonth]! * growth * share;
}

/** A day within the month `monthsAgo` before now (at least five days ago), deterministic from the faker. */
function dayInMonthAgo(faker: Faker, now: Date, monthsAgo: number): Date {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1);
  const end = Math.min(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo + 1, 1), now.getTime() - 5 * DAY);
  const days = Math.max(1, Math.floor((end - start) / DAY));
  return new Date(Math.min(start + faker.number.int({ min: 0, max: days - 1 }) * DAY + 10 * 60 * 60 * 1000, now.getTime() - 5 * DAY));
}

function seasonalIssueDate(faker: Faker, now: Date): Date {
  const months = Array.from({ length: HISTORY_MONTHS }, (_, m) => ({ weight: issueMonthWeight(m, now), value: m })).filter((m) => m.weight > 0);
  const monthsAgo = faker.helpers.weightedArrayElement(months);
  return dayInMonthAgo(faker, now, monthsAgo);
}

function reskillingIssueDate(faker: Faker, now: Date): Date {
  // Whole months of the programme (the current month only once it is a week old).
  const newest = now.getUTCDate() > 7 ? 0 : 1;
  return dayInMonthAgo(faker, now, faker.number.int({ min: newest, max: RESKILLING_MONTHS - 1 + newest }));
}

function rungWeight(role: DdatRole, level: DdatRoleLevel): number {
  const top = Math.max(...role.levels.map((l) => l.rank));
  const shape = top <= 1 ? 1 : [4, 5, 4, 2.5, 1.5, 1, 0.7][Math.min(level.rank - 1, 6)]!;
  return level.track === 'management' ? shape * 0.4 : shape;
}

function plannedCredential(faker: Faker, badge: CatalogBadge, issuedAt: Date, now: Date): PlannedCredential {
  // About a third of badges carry an expiry (2-3 years); those issued long enough ago have expired.
  const validUntil = faker.number.float() < 0.35 ? new Date(issuedAt.getTime() + faker.number.int({ min: 2 * 365, max: 3 * 365 }) * DAY) : null;
  const r = faker.number.float();
  let fate: CredentialFate = r < 0.05 ? 'revoked' : r < 0.07 ? 'tampered' : 'ok';
  if (fate === 'ok' && validUntil && validUntil < now) fate = 'expired';
  // A few more expired ones among recent badges: short-lived (one year) certifications.
  let until = validUntil;
  if (fate === 'ok' && !validUntil && r > 0.97 && now.getTime() - issuedAt.getTime() > YEAR) {
    until = new Date(issuedAt.getTime() + YEAR);
    fate = 'expired';
  }
  return {
    badgeId: badge.id,
    issuerKey: badge.issuerKey,
    issuedAt,
    validUntil: until,
    fate,
    // Data Integrity costs ~20x a VC-JWT to sign and verify (JSON-LD canonicalisation): a sixth of
    // the badges keeps both proof formats well represented while 2,000 people seed in about two minutes.
    proof: faker.number.float() < 0.16 ? 'data-integrity' : 'vc-jwt',
    hashedRecipient: faker.number.float() < 0.5,
    withEvidence: faker.number.float() < 0.3,
    uuid: faker.string.uuid(),
    salt: faker.string.alphanumeric(16),
  };
}
