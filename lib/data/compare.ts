import 'server-only';
// Side by side: 2-4 people against the current search's requirements or a role profile. People the
// actor may not see are treated exactly like unknown ids, so compare never confirms who exists.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { auditLog, personSkills, roleProfiles, roleRequirements, skills } from '../db/schema';
import { AppError } from '../domain/app-error';
import { anonymousLabel, buildComparison, comparisonCsvRows, parseCompareIds, toCsv, type Comparison, type CompareRequirement } from '../domain/compare';
import { can, type Actor } from '../domain/permissions';
import type { SearchQuery } from '../domain/search-query';
import { getVisiblePeople, type PersonSummary } from './people';

export type CompareInput = {
  /** Raw `ids` parameter: "a,b,c" or repeated values. */
  ids: string | string[] | undefined;
  /** The search whose requirements to compare against (from the `q`/`r` URL params). */
  query?: SearchQuery | null;
  /** A role profile id; takes precedence over `query` when both are given. */
  roleId?: string | null;
  /** Bias-reduced review: names, locations and headlines are replaced before they leave lib/data. */
  anonymise?: boolean;
};

export type CompareResult = Comparison & {
  persons: PersonSummary[];
  /** Per person, the skills whose compared level no trusted issuer proves (marked in the matrix). */
  untrusted: Record<string, string[]>;
  anonymised: boolean;
  against: { kind: 'search'; verifiedOnly: boolean } | { kind: 'role'; id: string; name: string } | { kind: 'none' };
};

async function roleRequirementsFor(db: DbOrTx, actor: Actor, roleId: string): Promise<{ name: string; requirements: CompareRequirement[] }> {
  if (!can(actor, 'roles.view')) throw new AppError('forbidden', 'You do not have access to role profiles.');
  const [role] = await db.select({ id: roleProfiles.id, name: roleProfiles.name }).from(roleProfiles).where(eq(roleProfiles.id, roleId.slice(0, 200))).limit(1);
  if (!role) throw new AppError('not_found', 'This role profile does not exist.');
  const reqs = await db
    .select({ skill: roleRequirements.skillId, name: skills.name, minLevel: roleRequirements.minLevel, weight: roleRequirements.weight, essential: roleRequirements.essential })
    .from(roleRequirements)
    .innerJoin(skills, eq(skills.id, roleRequirements.skillId))
    .where(eq(roleRequirements.roleId, role.id))
    .orderBy(asc(skills.name));
  return { name: role.name, requirements: reqs };
}

export async function getComparison(db: DbOrTx, actor: Actor, input: CompareInput): Promise<CompareResult> {
  if (!can(actor, 'people.search')) throw new AppError('forbidden', 'You do not have access to compare people.');
  const parsed = parseCompareIds(input.ids);
  if ('error' in parsed) throw new AppError('invalid_input', parsed.error, { ids: [parsed.error] });

  const persons = await getVisiblePeople(db, actor, parsed.ids);
  const missing = parsed.ids.length - persons.length;
  if (missing > 0) {
    // Say how many, not which: naming the hidden ones would confirm they exist.
    throw new AppError('not_found', `${missing === 1 ? 'One of the people' : `${missing} of the people`} to compare could not be found. They may have been removed, or they are not visible to you.`);
  }

  let requirements: CompareRequirement[] = [];
  let against: CompareResult['against'] = { kind: 'none' };
  let verifiedOnly = true;
  let trustedOnly = false;
  if (input.roleId) {
    const role = await roleRequirementsFor(db, actor, input.roleId);
    requirements = role.requirements;
    against = { kind: 'role', id: input.roleId, name: role.name };
  } else if (input.query && input.query.requirements.length > 0) {
    verifiedOnly = input.query.filters.verifiedOnly;
    trustedOnly = input.query.filters.trustedOnly;
    const ids = input.query.requirements.map((r) => r.skill);
    const known = new Map((await db.select({ id: skills.id, name: skills.name }).from(skills).where(inArray(skills.id, ids))).map((s) => [s.id, s.name]));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw new AppError('invalid_input', `Unknown skill${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`, { requirements: unknown.map((u) => `unknown skill ${u}`) });
    requirements = input.query.requirements.map((r) => ({ ...r, name: known.get(r.skill)! }));
    against = { kind: 'search', verifiedOnly };
  }

  const rows = await db
    .select({
      personId: personSkills.personId,
      skill: personSkills.skillId,
      name: skills.name,
      level: personSkills.level,
      verified: personSkills.verified,
      credentialIds: personSkills.credentialIds,
      trustedLevel: personSkills.trustedLevel,
      trustedCredentialIds: personSkills.trustedCredentialIds,
    })
    .from(personSkills)
    .innerJoin(skills, eq(skills.id, personSkills.skillId))
    .where(and(inArray(personSkills.personId, parsed.ids), verifiedOnly || trustedOnly ? eq(personSkills.verified, true) : undefined));

  const skillNames = new Map<string, string>();
  const byPerson = new Map<string, Map<string, { skill: string; level: number; credentialIds: string[]; untrusted: boolean }>>();
  for (const r of rows) {
    skillNames.set(r.skill, r.name);
    const m = byPerson.get(r.personId) ?? new Map();
    const prev = m.get(r.skill);
    // "Trusted issuers only" (as in search): the level trusted issuers alone prove.
    const entry = trustedOnly
      ? r.trustedLevel === null
        ? null
        : { skill: r.skill, level: r.trustedLevel, credentialIds: r.trustedCredentialIds, untrusted: false }
      : { skill: r.skill, level: r.level, credentialIds: r.verified ? r.credentialIds : [], untrusted: r.verified && (r.trustedLevel ?? 0) < r.level };
    // With self-reported included, the higher of the two levels counts (as in search).
    if (entry && (!prev || entry.level > prev.level)) m.set(r.skill, entry);
    byPerson.set(r.personId, m);
  }
  const untrusted = Object.fromEntries(persons.map((p) => [p.id, [...(byPerson.get(p.id)?.values() ?? [])].filter((s) => s.untrusted).map((s) => s.skill)]));

  // Anonymised: everything that names or places a person (name, e-mail, location, headline, current
  // role, department) is replaced here, so neither the page, the chart nor the CSV can show it.
  const shown = input.anonymise
    ? persons.map((p, i) => ({ ...p, name: anonymousLabel(i), email: '', location: '', headline: '', currentRole: '', departmentId: null, departmentName: null }))
    : persons;
  const comparison = buildComparison(
    requirements,
    shown.map((p) => ({ id: p.id, name: p.name, skills: [...(byPerson.get(p.id)?.values() ?? [])] })),
    skillNames,
  );
  return { ...comparison, persons: shown, against, untrusted, anonymised: Boolean(input.anonymise) };
}

/** The matrix as CSV; written to the audit log (who exported whom). */
export async function exportComparisonCsv(db: DbOrTx, actor: Actor, input: CompareInput): Promise<{ filename: string; csv: string }> {
  const result = await getComparison(db, actor, input);
  await db.insert(auditLog).values({
    actorId: actor.id,
    action: 'compare.export',
    subjectType: 'people',
    subjectId: result.persons.map((p) => p.id).join(','),
    detail: { people: result.persons.map((p) => p.id), against: result.against, anonymised: result.anonymised },
  });
  const rows = comparisonCsvRows(result);
  // Anonymised exports carry the ids (the reviewer's only handle), in the order of the columns.
  if (result.anonymised) rows.splice(1, 0, ['Person id', '', '', '', ...result.persons.map((p) => p.id)]);
  return { filename: `compare-${result.anonymised ? 'anonymised-' : ''}${new Date().toISOString().slice(0, 10)}.csv`, csv: toCsv(rows) };
}

export type RoleOption = { id: string; name: string; family: string };

/** Role profiles to compare against, grouped by family in the picker. */
export async function listRoleOptions(db: DbOrTx, actor: Actor): Promise<RoleOption[]> {
  if (!can(actor, 'roles.view')) return [];
  return db
    .select({ id: roleProfiles.id, name: roleProfiles.name, family: roleProfiles.family })
    .from(roleProfiles)
    .orderBy(asc(roleProfiles.family), asc(roleProfiles.track), asc(roleProfiles.ladderRank), asc(roleProfiles.name));
}
