// The contract suite's corpus and oracle (test support, not shipped code paths).
// The corpus goes into a real database as people, credentials and person_skills, and reaches the
// engines only through loadPersonDocs + indexPeople, like production data. The oracle answers the
// same queries in plain TypeScript straight from lib/domain (computeMatch, compareByMatch,
// canSeePerson), so both engines are held to the domain's rules, not to each other.
import type { DbOrTx } from '../db/client';
import { achievements, credentials, departments, issuers, people, personSkills, skills } from '../db/schema';
import { compareByMatch, computeMatch } from '../domain/match-score';
import { canSeePerson, type VisibilityScope } from '../domain/permissions';
import type { FacetBucket, SearchQuery, SearchResult } from '../domain/search-query';
import type { InsightsAggregations, InsightsFilters, PersonDoc } from './engine';
import { buildHit, countedSkills, FACET_SIZE, insightsWindow } from './scoring';
import { matchesTextQuery } from '../domain/text-query';
import { documentText, queryTextExpr } from './text-tokens';

export const CORPUS_NOW = new Date('2026-06-01T12:00:00Z');
export const PY = 'onet:python';
export const VIZ = 'ddat:data-visualisation';
export const UR = 'ddat:user-research';
export const SQLS = 'onet:sql';
export const ML = 'ddat:machine-learning';
export const DEV = 'ddat:programming-and-build';
export const SKILL_NAMES: Record<string, string> = {
  [PY]: 'Python',
  [VIZ]: 'Data visualisation',
  [UR]: 'User research',
  [SQLS]: 'SQL',
  [ML]: 'Machine learning',
  [DEV]: 'Programming and build',
};
/** Aliases as the taxonomy import stores them (data/skill-aliases.json in production). */
export const SKILL_ALIASES: Record<string, string[]> = {
  [ML]: ['ML'],
  [VIZ]: ['Dataviz', 'Data visualization'],
  [DEV]: ['JS'],
};
const SKILL_IDS = Object.keys(SKILL_NAMES);
const DEPARTMENTS = ['data', 'design', 'engineering'];
const LOCATIONS = ['London', 'Leeds', 'Manchester', 'Bristol', ''];
const ISSUERS = ['did:key:issuer-alpha', 'did:key:issuer-beta', 'https://gamma.example/issuer'];
/** On the trusted list: alpha and beta; gamma is not (its levels are marked and excluded by "trusted issuers only"). */
export const TRUSTED_ISSUERS = new Set(ISSUERS.slice(0, 2));

/**
 * `trustedLevel` (verified rows): the level trusted issuers alone prove; left out, it follows the
 * proving credential's issuer: its level when trusted, else two below (none under 3), as if a
 * trusted issuer had certified a lower rung. `trustedExpiresAt` defaults to `expiresAt`.
 */
const ISSUER_NAMES = ['Alpha Academy', 'Beta Institute', 'Gamma Université'];

/**
 * `proofs`: how many of the person's verified credentials back a verified row (default 1), or of their
 * unverified ones a self-reported row (default 0).
 */
type SkillSpec = { skill: string; level: number; verified?: boolean; expiresAt?: string; achievedAt?: string; trustedLevel?: number | null; trustedExpiresAt?: string; proofs?: number };
/** 'unverified': nothing to check (a course-completion row); it backs self-reported levels only. */
type CredSpec = { name: string; issuer: string; issuedAt: string; status?: 'verified' | 'revoked' | 'expired' | 'unverified' };
type PersonSpec = {
  id: string;
  name: string;
  kind?: 'employee' | 'candidate';
  headline?: string;
  location?: string;
  departmentId?: string | null;
  currentRole?: string;
  /** The role profile held (a real link, independent of the title). */
  currentRoleProfileId?: string | null;
  openToMobility?: boolean;
  searchable?: boolean;
  skills: SkillSpec[];
  credentials: CredSpec[];
};

/** Hand-made people for the named cases; ids sort in a known order. */
export const NAMED: PersonSpec[] = [
  // The cross-matching trap: Python 4 + Visualisation 2 must not match "Python >= 2 and Visualisation >= 4".
  { id: 'n-cross', name: 'Cora Cross', kind: 'candidate', location: 'London', skills: [{ skill: PY, level: 4 }, { skill: VIZ, level: 2 }], credentials: [{ name: 'Python Advanced', issuer: ISSUERS[0]!, issuedAt: '2025-03-01T00:00:00Z' }] },
  { id: 'n-both', name: 'Bea Both', kind: 'candidate', location: 'London', headline: 'Analyst who codes', skills: [{ skill: PY, level: 2 }, { skill: VIZ, level: 4 }], credentials: [{ name: 'Dataviz Pro', issuer: ISSUERS[1]!, issuedAt: '2025-04-01T00:00:00Z' }] },
  // Self-reported Python 5 over verified 2.
  { id: 'n-self', name: 'Sam Selfish', kind: 'candidate', location: 'Leeds', skills: [{ skill: PY, level: 2 }, { skill: PY, level: 5, verified: false }], credentials: [{ name: 'Python Working', issuer: ISSUERS[0]!, issuedAt: '2024-01-01T00:00:00Z' }] },
  // Only self-reported.
  { id: 'n-selfonly', name: 'Olly Only', kind: 'candidate', location: 'Leeds', skills: [{ skill: PY, level: 3, verified: false }], credentials: [] },
  // Expired Python 5 (counts for nothing at CORPUS_NOW), valid Visualisation 3.
  { id: 'n-expired', name: 'Ed Expired', kind: 'candidate', location: 'Bristol', skills: [{ skill: PY, level: 5, expiresAt: '2026-01-01T00:00:00Z' }, { skill: VIZ, level: 3, expiresAt: '2027-01-01T00:00:00Z' }], credentials: [{ name: 'Viz Practitioner', issuer: ISSUERS[2]!, issuedAt: '2025-05-05T00:00:00Z' }] },
  // A revoked credential: the pipeline derived no verified level from it, and its name and issuer are not indexed.
  { id: 'n-revoked', name: 'Rita Revoked', kind: 'candidate', location: 'Bristol', skills: [{ skill: UR, level: 2 }], credentials: [{ name: 'Quantum Python Wizard', issuer: ISSUERS[2]!, issuedAt: '2025-06-01T00:00:00Z', status: 'revoked' }, { name: 'Research Basics', issuer: ISSUERS[0]!, issuedAt: '2024-06-01T00:00:00Z' }] },
  // Ties: same skills; t1/t2 differ by the most recent credential, t3/t4 tie on everything but id.
  { id: 'n-tie1', name: 'Tia One', kind: 'candidate', location: 'Manchester', skills: [{ skill: SQLS, level: 3 }], credentials: [{ name: 'SQL Practitioner', issuer: ISSUERS[1]!, issuedAt: '2025-01-01T00:00:00Z' }] },
  { id: 'n-tie2', name: 'Tia Two', kind: 'candidate', location: 'Manchester', skills: [{ skill: SQLS, level: 3 }], credentials: [{ name: 'SQL Practitioner', issuer: ISSUERS[1]!, issuedAt: '2025-09-01T00:00:00Z' }] },
  { id: 'n-tie3', name: 'Tia Three', kind: 'candidate', location: 'Manchester', skills: [{ skill: SQLS, level: 3 }], credentials: [{ name: 'SQL Practitioner', issuer: ISSUERS[1]!, issuedAt: '2025-02-02T00:00:00Z' }] },
  { id: 'n-tie4', name: 'Tia Four', kind: 'candidate', location: 'Manchester', skills: [{ skill: SQLS, level: 3 }], credentials: [{ name: 'SQL Practitioner', issuer: ISSUERS[1]!, issuedAt: '2025-02-02T00:00:00Z' }] },
  // Visibility: employees in and out of mobility, and a candidate who withdrew consent.
  { id: 'n-emp-mobile', name: 'Mo Mobile', kind: 'employee', departmentId: 'data', currentRole: 'Data analyst', currentRoleProfileId: 'role-data-analyst', openToMobility: true, skills: [{ skill: PY, level: 3 }], credentials: [{ name: 'Python Practitioner', issuer: ISSUERS[0]!, issuedAt: '2025-07-01T00:00:00Z' }] },
  { id: 'n-emp-stay', name: 'Stan Stay', kind: 'employee', departmentId: 'data', currentRole: 'Data scientist', currentRoleProfileId: 'role-senior-data-scientist', openToMobility: false, skills: [{ skill: PY, level: 5 }, { skill: ML, level: 3 }], credentials: [{ name: 'Python Expert', issuer: ISSUERS[0]!, issuedAt: '2025-08-01T00:00:00Z' }] },
  { id: 'n-emp-design', name: 'Dee Design', kind: 'employee', departmentId: 'design', currentRole: 'User researcher', openToMobility: false, skills: [{ skill: UR, level: 5 }, { skill: PY, level: 1 }], credentials: [{ name: 'Research Expert', issuer: ISSUERS[2]!, issuedAt: '2025-02-01T00:00:00Z' }] },
  // Trust: Python Expert from an untrusted issuer over Working from a trusted one; Viz only untrusted.
  { id: 'n-untrusted', name: 'Una Trusted', kind: 'candidate', location: 'Leeds', skills: [{ skill: PY, level: 5, trustedLevel: 2 }, { skill: VIZ, level: 3, trustedLevel: null }], credentials: [{ name: 'Python Expert', issuer: ISSUERS[2]!, issuedAt: '2025-10-01T00:00:00Z' }, { name: 'Python Working', issuer: ISSUERS[0]!, issuedAt: '2024-10-01T00:00:00Z' }] },
  // The trusted evidence expired (2026-01-01) while an untrusted one at the same level still stands.
  { id: 'n-trust-expired', name: 'Tex Trusted', kind: 'candidate', location: 'Leeds', skills: [{ skill: PY, level: 4, trustedLevel: 4, trustedExpiresAt: '2026-01-01T00:00:00Z' }], credentials: [{ name: 'Python Advanced', issuer: ISSUERS[2]!, issuedAt: '2025-11-01T00:00:00Z' }] },
  { id: 'n-hidden', name: 'Hal Hidden', kind: 'candidate', location: 'London', searchable: false, skills: [{ skill: PY, level: 5 }], credentials: [{ name: 'Python Expert', issuer: ISSUERS[0]!, issuedAt: '2025-08-01T00:00:00Z' }] },
  // Text: a person named London who lives in Leeds, a "Senior" headline, US spelling in a credential name.
  { id: 'n-senior', name: 'Nadia London', kind: 'candidate', location: 'Leeds', headline: 'Senior data analyst', skills: [{ skill: VIZ, level: 3 }], credentials: [{ name: 'Data Visualization Foundations', issuer: ISSUERS[1]!, issuedAt: '2024-11-01T00:00:00Z' }] },
  // Accents in the name; Python 2 backed by two credentials (the evidence tie-break) but older ones than n-working's.
  { id: 'n-junior', name: 'Zoë Ångström', kind: 'candidate', location: 'London', headline: 'Junior data engineer', skills: [{ skill: PY, level: 2, proofs: 2 }], credentials: [{ name: 'Python Working', issuer: ISSUERS[0]!, issuedAt: '2024-02-01T00:00:00Z' }, { name: 'Python Foundations', issuer: ISSUERS[2]!, issuedAt: '2024-03-01T00:00:00Z' }] },
  // "london" must not find Landon (a known word gets no typo tolerance); "londn" finds both.
  { id: 'n-landon', name: 'Landon Hale', kind: 'candidate', location: 'Bristol', skills: [{ skill: SQLS, level: 1 }], credentials: [{ name: 'SQL Foundations', issuer: ISSUERS[1]!, issuedAt: '2024-05-01T00:00:00Z' }] },
  // Programming 3 verified by one credential and self-reported at the same level from three unverified
  // course certificates: with self-reported levels included the verified row is the one counted, so
  // the evidence is 1, not 3 (Elasticsearch must not take the row with more credentials).
  {
    id: 'n-vouch',
    name: 'Vera Vouch',
    kind: 'candidate',
    location: 'Manchester',
    skills: [{ skill: DEV, level: 3 }, { skill: DEV, level: 3, verified: false, proofs: 3 }],
    credentials: [
      { name: 'Build Craft Certificate', issuer: ISSUERS[1]!, issuedAt: '2025-03-03T00:00:00Z' },
      ...[1, 2, 3].map((n) => ({ name: `Build Craft Course ${n}`, issuer: ISSUERS[2]!, issuedAt: '2025-01-0' + n + 'T00:00:00Z', status: 'unverified' as const })),
    ],
  },
  { id: 'n-working', name: 'Wendy Working', kind: 'candidate', location: 'Leeds', headline: 'Data engineer', skills: [{ skill: PY, level: 2 }], credentials: [{ name: 'Python Working', issuer: ISSUERS[0]!, issuedAt: '2025-10-01T00:00:00Z' }] },
  // Long phrases: every three-word run of "cloud data platform engineering leadership" is in one of her
  // credential names, but the five words are not in a row in either (the embedded engine's run terms
  // only narrow such a phrase; the text decides).
  {
    id: 'n-phrase', name: 'Phoebe Runs', kind: 'candidate', location: 'Leeds', skills: [{ skill: SQLS, level: 2 }],
    credentials: [{ name: 'Cloud Data Platform Engineering', issuer: ISSUERS[1]!, issuedAt: '2025-02-01T00:00:00Z' }, { name: 'Data Platform Engineering Leadership', issuer: ISSUERS[1]!, issuedAt: '2025-03-01T00:00:00Z' }],
  },
];

/** Deterministic pseudo-random people so broad queries, facets and pagination have volume. */
export function generatedPeople(count: number, seed = 7): PersonSpec[] {
  let state = seed >>> 0;
  const rand = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const first = ['Ada', 'Ben', 'Chen', 'Dara', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jo'];
  const last = ['Smith', 'Okafor', 'Nguyen', 'Garcia', 'Khan', 'Novak', 'Silva', 'Berg'];
  const out: PersonSpec[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rand() < 0.5 ? 'employee' : 'candidate';
    const skillsOf: SkillSpec[] = [];
    for (const skill of SKILL_IDS) {
      const r = rand();
      if (r < 0.45) continue;
      skillsOf.push({
        skill,
        level: 1 + Math.floor(rand() * 5),
        expiresAt: rand() < 0.1 ? (rand() < 0.5 ? '2025-12-31T00:00:00Z' : '2027-12-31T00:00:00Z') : undefined,
        achievedAt: `202${3 + Math.floor(rand() * 3)}-0${1 + Math.floor(rand() * 9)}-15T00:00:00Z`,
        // 1 to 3 credentials behind the level (as many as the person has): "at least N verified
        // credentials" needs volume. Not drawn from rand(), so the rest of the corpus is unchanged.
        proofs: 1 + ((i * 7 + skillsOf.length) % 3),
      });
      if (rand() < 0.15) skillsOf.push({ skill, level: 1 + Math.floor(rand() * 5), verified: false });
    }
    const creds: CredSpec[] = [];
    const nCreds = Math.floor(rand() * 4);
    for (let c = 0; c < nCreds; c++) {
      creds.push({
        name: `${SKILL_NAMES[pick(SKILL_IDS)]} ${pick(['Foundations', 'Practitioner', 'Advanced'])}`,
        issuer: pick(ISSUERS),
        // Some share a date on purpose: ties on the most recent credential must fall to the id.
        issuedAt: `202${4 + Math.floor(rand() * 2)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-01T00:00:00Z`,
        status: rand() < 0.1 ? 'revoked' : 'verified',
      });
    }
    out.push({
      id: `g-${String(i).padStart(4, '0')}`,
      name: `${pick(first)} ${pick(last)}`,
      kind,
      headline: pick(['Data person', 'Researcher and writer', 'Engineer', 'Analyst', '']),
      location: pick(LOCATIONS),
      departmentId: kind === 'employee' ? pick(DEPARTMENTS) : null,
      currentRole: kind === 'employee' ? pick(['Data analyst', 'Data scientist', 'Developer']) : '',
      openToMobility: rand() < 0.4,
      searchable: rand() < 0.93,
      skills: skillsOf,
      credentials: creds,
    });
  }
  return out;
}

/** Write the corpus as production data would look after verification and ingest. */
export async function insertCorpus(db: DbOrTx, specs: PersonSpec[]): Promise<void> {
  await db.insert(departments).values(DEPARTMENTS.map((id) => ({ id, name: id[0]!.toUpperCase() + id.slice(1) }))).onConflictDoNothing();
  await db
    .insert(skills)
    .values(SKILL_IDS.map((id) => ({ id, name: SKILL_NAMES[id]!, framework: id.startsWith('onet:') ? ('O*NET' as const) : ('UK DDaT' as const), aliases: SKILL_ALIASES[id] ?? [] })))
    .onConflictDoNothing();
  await db
    .insert(issuers)
    .values(ISSUERS.map((id, i) => ({ id, name: ISSUER_NAMES[i]!, trust: TRUSTED_ISSUERS.has(id) ? ('trusted' as const) : ('unknown' as const) })))
    .onConflictDoNothing();
  const achievementRows = new Map<string, { id: string; name: string }>();
  for (const p of specs) for (const c of p.credentials) achievementRows.set(c.name, { id: `ach:${c.name}`, name: c.name });
  if (achievementRows.size > 0) await db.insert(achievements).values([...achievementRows.values()]).onConflictDoNothing();

  const personRows = specs.map((p) => ({
    id: p.id,
    kind: p.kind ?? ('candidate' as const),
    name: p.name,
    email: `${p.id}@example.test`,
    headline: p.headline ?? '',
    location: p.location ?? '',
    departmentId: p.departmentId ?? null,
    currentRole: p.currentRole ?? '',
    // Generated people hold the profile their title names (no extra draw: the generated corpus stays the same).
    currentRoleProfileId: p.currentRoleProfileId !== undefined ? p.currentRoleProfileId : p.currentRole ? `role-${p.currentRole.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : null,
    openToMobility: p.openToMobility ?? false,
    searchable: p.searchable ?? true,
  }));
  for (let i = 0; i < personRows.length; i += 500) await db.insert(people).values(personRows.slice(i, i + 500));

  const credRows = specs.flatMap((p) =>
    p.credentials.map((c, i) => ({
      id: `${p.id}-c${i}`,
      personId: p.id,
      format: 'ob3-ldp' as const,
      raw: '{}',
      contentHash: `${p.id}-c${i}`,
      achievementId: `ach:${c.name}`,
      issuerId: c.issuer,
      issuedAt: new Date(c.issuedAt),
      status: c.status ?? ('verified' as const),
      source: 'seed',
    })),
  );
  for (let i = 0; i < credRows.length; i += 500) await db.insert(credentials).values(credRows.slice(i, i + 500));

  const skillRows = specs.flatMap((p) => {
    const verifiedCreds = p.credentials.flatMap((c, i) => (c.status === undefined || c.status === 'verified' ? [{ id: `${p.id}-c${i}`, issuer: c.issuer }] : []));
    const unverifiedCreds = p.credentials.flatMap((c, i) => (c.status === 'unverified' ? [{ id: `${p.id}-c${i}`, issuer: c.issuer }] : []));
    return p.skills.map((s) => {
      const verified = s.verified ?? true;
      const proof = verified ? verifiedCreds.slice(0, s.proofs ?? 1) : unverifiedCreds.slice(0, s.proofs ?? 0);
      const byTrusted = proof.length > 0 && TRUSTED_ISSUERS.has(proof[0]!.issuer);
      const trustedLevel = !verified ? null : s.trustedLevel !== undefined ? s.trustedLevel : byTrusted ? s.level : s.level >= 3 && proof.length > 0 ? s.level - 2 : null;
      const trustedExpiresAt = s.trustedExpiresAt ?? s.expiresAt;
      return {
        personId: p.id,
        skillId: s.skill,
        verified,
        level: s.level,
        credentialIds: proof.map((c) => c.id),
        issuerIds: proof.map((c) => c.issuer),
        achievedAt: s.achievedAt ? new Date(s.achievedAt) : null,
        expiresAt: s.expiresAt ? new Date(s.expiresAt) : null,
        trustedLevel,
        trustedCredentialIds: trustedLevel === null ? [] : proof.map((c) => c.id),
        trustedExpiresAt: trustedLevel !== null && trustedExpiresAt ? new Date(trustedExpiresAt) : null,
      };
    });
  });
  for (let i = 0; i < skillRows.length; i += 500) await db.insert(personSkills).values(skillRows.slice(i, i + 500));
}

function inScope(doc: PersonDoc, scope: VisibilityScope): boolean {
  // canSeePerson needs an actor; build the one whose scope this is.
  if (scope.all) return canSeePerson({ id: 'x', role: 'hr', departmentId: null }, doc);
  if (!doc.searchable) return false;
  if (scope.candidates && doc.kind === 'candidate') return true;
  if (scope.mobileEmployees && doc.kind === 'employee' && doc.openToMobility) return true;
  return scope.departmentId !== null && doc.kind === 'employee' && doc.departmentId === scope.departmentId;
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function buckets(values: string[]): FacetBucket[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || byteOrder(a.value, b.value))
    .slice(0, FACET_SIZE);
}

/** The reference answer, computed from lib/domain only. */
export function referenceSearch(docs: PersonDoc[], query: SearchQuery, scope: VisibilityScope, now = CORPUS_NOW): SearchResult {
  const textExpr = queryTextExpr(query.text);
  // Every word of every indexed document, whoever may see it (typo tolerance applies only to words no document has).
  const indexedWords = new Set(docs.flatMap((d) => Object.values(documentText(d)).flat(2)));
  const f = query.filters;
  const matched = docs.flatMap((doc) => {
    if (!inScope(doc, scope)) return [];
    if (f.kind.length > 0 && !f.kind.includes(doc.kind)) return [];
    if (f.department.length > 0 && (doc.departmentId === null || !f.department.includes(doc.departmentId))) return [];
    if (f.location.length > 0 && !f.location.includes(doc.location)) return [];
    if (f.currentRole.length > 0 && !f.currentRole.includes(doc.currentRole)) return [];
    if (f.currentRoleProfile?.length && (doc.currentRoleProfileId === null || !f.currentRoleProfile.includes(doc.currentRoleProfileId))) return [];
    if (f.openToMobility !== undefined && doc.openToMobility !== f.openToMobility) return [];
    if (f.issuer.length > 0 && !doc.issuerIds.some((i) => f.issuer.includes(i))) return [];
    if (!matchesTextQuery(textExpr, documentText(doc), (word) => indexedWords.has(word))) return [];
    // The verified levels alone for requirements asking for a minimum of verified credentials.
    const counted = countedSkills(doc.skills, { verifiedOnly: f.verifiedOnly, trustedOnly: f.trustedOnly, now });
    const verified = f.trustedOnly ? counted : countedSkills(doc.skills, { verifiedOnly: true, now });
    const match = computeMatch(query.requirements, counted, verified);
    if (!match.eligible) return [];
    if (f.minScore !== undefined && match.score < f.minScore) return [];
    return [{ doc, score: match.score, surplus: match.surplus, evidence: match.evidence, counted, firstLevel: match.breakdown[0]?.achieved ?? 0 }];
  });
  const sorted = matched.slice().sort((a, b) => {
    if (query.sort === 'name') return byteOrder(a.doc.name, b.doc.name) || byteOrder(a.doc.personId, b.doc.personId);
    const ra = { personId: a.doc.personId, lastVerifiedAt: a.doc.lastVerifiedAt ? new Date(a.doc.lastVerifiedAt) : null };
    const rb = { personId: b.doc.personId, lastVerifiedAt: b.doc.lastVerifiedAt ? new Date(b.doc.lastVerifiedAt) : null };
    if (query.sort === 'recent') return compareByMatch({ ...ra, score: 0 }, { ...rb, score: 0 });
    return compareByMatch({ ...ra, score: a.score, surplus: a.surplus, evidence: a.evidence }, { ...rb, score: b.score, surplus: b.surplus, evidence: b.evidence });
  });
  const start = (query.page - 1) * query.pageSize;
  const hits = sorted.slice(start, start + query.pageSize).map((m) => buildHit(m.doc, query, now));
  const facets: SearchResult['facets'] = {};
  for (const name of query.facets) {
    const values = matched.flatMap((m): string[] => {
      switch (name) {
        case 'kind':
          return [m.doc.kind];
        case 'department':
          return m.doc.departmentId ? [m.doc.departmentId] : [];
        case 'location':
          return m.doc.location ? [m.doc.location] : [];
        case 'issuer':
          return m.doc.issuerIds;
        case 'skill':
          return m.counted.map((s) => s.skill);
        case 'level':
          // The level the first requirement reads (the verified level when it asks for credentials).
          return m.firstLevel > 0 ? [String(m.firstLevel)] : [];
      }
    });
    facets[name] = buckets(values);
  }
  return { total: matched.length, hits, facets };
}

export function referenceAggregate(docs: PersonDoc[], filters: InsightsFilters, scope: VisibilityScope, now = CORPUS_NOW): InsightsAggregations {
  const minLevel = filters.minLevel ?? 1;
  const emps = docs.filter((d) => d.kind === 'employee' && inScope(d, scope) && (filters.departments.length === 0 || (d.departmentId !== null && filters.departments.includes(d.departmentId))));
  const levels = new Map<string, [number, number, number, number, number]>();
  const deptSkill = new Map<string, number>();
  const sizes = new Map<string, number>();
  const months = new Map<string, number>();
  const window = insightsWindow(filters.from, filters.to);
  const firstMonths = new Map<string, number>();
  let coveredBefore = 0;
  for (const e of emps) {
    if (e.departmentId) sizes.set(e.departmentId, (sizes.get(e.departmentId) ?? 0) + 1);
    for (const s of countedSkills(e.skills, { verifiedOnly: true, now })) {
      if (filters.skills.length > 0 && !filters.skills.includes(s.skill)) continue;
      const arr = levels.get(s.skill) ?? [0, 0, 0, 0, 0];
      for (let l = 1; l <= 5; l++) if (s.level >= l) arr[l - 1]! += 1;
      levels.set(s.skill, arr);
      if (e.departmentId && s.level >= minLevel) {
        const key = `${e.departmentId}\u0000${s.skill}`;
        deptSkill.set(key, (deptSkill.get(key) ?? 0) + 1);
      }
    }
    // Coverage over time: the person's earliest qualifying achievedAt (undated wins: covered from the start).
    const qualifying = e.skills.filter(
      (s) => s.verified && (s.expiresAt === null || new Date(s.expiresAt) > now) && (filters.coverageLevels ?? []).some((p) => p.skill === s.skill && s.level >= p.level),
    );
    if (qualifying.length > 0) {
      const dates = qualifying.map((s) => (s.achievedAt === null ? null : new Date(s.achievedAt).toISOString()));
      const first = dates.includes(null) ? null : (dates as string[]).reduce((a, b) => (a < b ? a : b));
      if (first === null || (window.from && first < window.from)) coveredBefore += 1;
      else if (!window.to || first <= window.to) firstMonths.set(first.slice(0, 7), (firstMonths.get(first.slice(0, 7)) ?? 0) + 1);
    }
    for (const d of e.verifiedCredentialDates) {
      const t = new Date(d).toISOString();
      if (window.from && t < window.from) continue;
      if (window.to && t > window.to) continue;
      months.set(t.slice(0, 7), (months.get(t.slice(0, 7)) ?? 0) + 1);
    }
  }
  return {
    employeeCount: emps.length,
    skillLevelCounts: [...levels.entries()].sort((a, b) => byteOrder(a[0], b[0])).map(([skill, atLeast]) => ({ skill, atLeast })),
    departmentSkill: [...deptSkill.entries()]
      .map(([k, count]) => {
        const [departmentId, skill] = k.split('\u0000') as [string, string];
        return { departmentId, skill, count };
      })
      .sort((a, b) => byteOrder(a.departmentId, b.departmentId) || byteOrder(a.skill, b.skill)),
    departmentSizes: [...sizes.entries()].sort((a, b) => byteOrder(a[0], b[0])).map(([departmentId, count]) => ({ departmentId, count })),
    credentialsPerMonth: [...months.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([month, count]) => ({ month, count })),
    firstCoveredPerMonth: [...firstMonths.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([month, count]) => ({ month, count })),
    coveredBeforeFrom: coveredBefore,
  };
}

/** The skill picker's counts (issue 13 item 3): people in the scope with a verified, unexpired level in each skill. */
export function referenceSkillHolders(docs: PersonDoc[], skillIds: string[], scope: VisibilityScope, now = CORPUS_NOW): Map<string, number> {
  const out = new Map<string, number>();
  for (const doc of docs) {
    if (!inScope(doc, scope)) continue;
    for (const s of countedSkills(doc.skills, { verifiedOnly: true, now })) {
      if (skillIds.includes(s.skill)) out.set(s.skill, (out.get(s.skill) ?? 0) + 1);
    }
  }
  return out;
}
