// The search seam: one interface, two engines (embedded SQL, Elasticsearch), one contract suite.
// Nothing outside lib/search imports @elastic/elasticsearch; callers see only these types.
import type { VisibilityScope } from '../domain/permissions';
import type { SearchQuery, SearchResult } from '../domain/search-query';

/** One skill of a person as indexed: verified rows only count toward verified searches. */
export type PersonDocSkill = {
  skill: string;
  level: number;
  verified: boolean;
  credentialIds: string[];
  issuerIds: string[];
  achievedAt: string | null;
  expiresAt: string | null;
  /**
   * Verified rows: the highest level proven by trusted issuers alone (null: none), those credentials
   * and their earliest expiry. "Trusted issuers only" searches count this level instead of `level`.
   */
  trustedLevel: number | null;
  trustedCredentialIds: string[];
  trustedExpiresAt: string | null;
};

/**
 * A person as the engines index them: built from the database (lib/search/person-docs.ts), never
 * edited by hand. Everything search, ranking and insights need, so engines never join back at query time
 * (the embedded engine may, since it shares the database).
 */
export type PersonDoc = {
  personId: string;
  kind: 'employee' | 'candidate';
  name: string;
  email: string;
  headline: string;
  location: string;
  departmentId: string | null;
  currentRole: string;
  currentRoleProfileId: string | null;
  openToMobility: boolean;
  searchable: boolean;
  skills: PersonDocSkill[];
  /** Names of verified credentials' achievements and of skills: free-text search reads them. */
  credentialNames: string[];
  /** Names and aliases (synonyms, abbreviations, other spellings) of every skill the person has a row for. */
  skillNames: string[];
  issuerIds: string[];
  /** Names of the issuers of verified credentials (the `issuer:` text field). */
  issuerNames: string[];
  verifiedCredentialCount: number;
  lastVerifiedAt: string | null;
  /** Issue dates of verified credentials (ISO), for "earned per month" insights. */
  verifiedCredentialDates: string[];
  updatedAt: string;
};

/** Insights aggregations (HR): computed by the engine on the visible, filtered employee set. */
export type InsightsFilters = {
  departments: string[];
  skills: string[];
  /** Only verified levels at or above this count as coverage (default 1). */
  minLevel?: number;
  /** ISO dates; credentials-earned and coverage-over-time charts read only this window. */
  from?: string;
  to?: string;
  /**
   * Coverage over time: the (skill, level) pairs that count as "covered" (each skill at its own
   * required level). Independent of `skills` and `minLevel`. Empty or absent: no coverage figures.
   */
  coverageLevels?: { skill: string; level: number }[];
};

export type InsightsAggregations = {
  /** People (employees) in scope after filters. */
  employeeCount: number;
  /** For each skill: how many employees hold a verified level >= L, for L = 1..5 (index 0 is L=1). */
  skillLevelCounts: { skill: string; atLeast: [number, number, number, number, number] }[];
  /** Department x skill: employees of the department with a verified level >= minLevel. */
  departmentSkill: { departmentId: string; skill: string; count: number }[];
  /** Employees per department in scope. */
  departmentSizes: { departmentId: string; count: number }[];
  /** Verified credentials earned per month ("YYYY-MM"). */
  credentialsPerMonth: { month: string; count: number }[];
  /**
   * Employees in scope by the UTC month ("YYYY-MM") in which they were first covered: the earliest
   * `achievedAt` among their verified, unexpired skill rows meeting one of `coverageLevels` (skill
   * equal, level >= the pair's level). One count per person, not per skill. Only first dates within
   * [from, to]; months with no one are left out; ascending. An employee with a qualifying row without
   * `achievedAt` is undated and counts in `coveredBeforeFrom` instead.
   */
  firstCoveredPerMonth: { month: string; count: number }[];
  /** Employees in scope first covered before `from`, or undated (see above). */
  coveredBeforeFrom: number;
};

export type EngineHealth = {
  engine: 'embedded' | 'elasticsearch';
  ok: boolean;
  message: string;
  documents: number | null;
  indexName?: string;
  /** The index was built for an older mapping or format and must be rebuilt (the indexer's bootstrap does). */
  outdated?: boolean;
};

export type ReindexProgress = { phase: 'creating' | 'indexing' | 'swapping' | 'done'; done: number; total: number };

export interface SearchEngine {
  readonly kind: 'embedded' | 'elasticsearch';
  /** Idempotent upsert by personId. */
  indexPeople(docs: PersonDoc[]): Promise<void>;
  deletePeople(personIds: string[]): Promise<void>;
  /**
   * The query must already be validated (searchQuerySchema). Its skills must be known, unless
   * `checkSkills` is asked for and the engine reports `unknownSkills` (the embedded engine checks
   * them in its search statement: one round trip instead of two): the requirement and related skill
   * ids the taxonomy lacks, the result then meaningless. A result without `unknownSkills` was not
   * checked (searchPeople checks apart).
   */
  search(query: SearchQuery, scope: VisibilityScope, options?: { checkSkills?: boolean }): Promise<SearchResult & { unknownSkills?: string[] }>;
  aggregate(filters: InsightsFilters, scope: VisibilityScope): Promise<InsightsAggregations>;
  /**
   * For the skill picker: how many people the scope may see hold each skill at a verified,
   * unexpired level (any level). Skills nobody holds are absent (count 0).
   */
  countSkillHolders(skillIds: string[], scope: VisibilityScope): Promise<Map<string, number>>;
  health(): Promise<EngineHealth>;
  /** Build a fresh index from `docs` and switch searches to it atomically. */
  reindex(loadDocs: (onBatch: (docs: PersonDoc[]) => Promise<void>) => Promise<number>, onProgress?: (p: ReindexProgress) => void): Promise<void>;
}
