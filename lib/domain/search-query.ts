// The search query model shared by the API, the /search page (URL), saved searches and every engine.
import { z } from 'zod';
import { MAX_MIN_CREDENTIALS, type BreakdownEntry } from './match-score';
import { parseTextQuery } from './text-query';

/** Role profiles rank through the same query, and a DDaT role level lists up to ~25 skills. */
export const MAX_REQUIREMENTS = 50;
export const MAX_PAGE_SIZE = 100;
/** Deep pagination is refused: nobody reads result 10,000, and engines must not be asked for it. */
export const MAX_RESULT_WINDOW = 10_000;
/** Long enough for a Boolean search string pasted from another tool; the parser caps its words (MAX_TEXT_TERMS). */
export const MAX_TEXT_LENGTH = 500;

export const FACETS = ['skill', 'level', 'issuer', 'department', 'location', 'kind'] as const;
export type FacetName = (typeof FACETS)[number];
export const SORTS = ['match', 'recent', 'name'] as const;

/** Related skills one requirement may take as partial evidence (the page offers the top few). */
export const MAX_RELATED_SKILLS = 5;

export const requirementSchema = z.object({
  skill: z.string().min(1, 'choose a skill').max(200),
  minLevel: z.number().int().min(1, 'levels run from 1 to 5').max(5, 'levels run from 1 to 5'),
  weight: z.number().min(0.1, 'weight must be at least 0.1').max(10, 'weight must be at most 10').default(1),
  essential: z.boolean().default(true),
  /** At least this many verified credentials behind the level (lib/domain/match-score.ts). */
  minCredentials: z
    .number()
    .int()
    .min(1, 'ask for at least 1 verified credential')
    .max(MAX_MIN_CREDENTIALS, `at most ${MAX_MIN_CREDENTIALS} verified credentials can be asked for`)
    .optional(),
  /** Related skills counted as partial evidence when this optional requirement is not met. */
  related: z
    .array(z.string().min(1).max(200).regex(/^[^,~]+$/, 'a skill id cannot contain "," or "~"'))
    .max(MAX_RELATED_SKILLS, `at most ${MAX_RELATED_SKILLS} related skills per requirement`)
    .optional(),
});

/** Rules across one requirement's fields (kept out of requirementSchema so it stays extendable). */
function checkRequirement(r: z.output<typeof requirementSchema>, ctx: z.RefinementCtx, index: number): void {
  if (r.related && r.related.length > 0) {
    // An essential requirement must be met by the skill itself: related evidence never satisfies it.
    if (r.essential) ctx.addIssue({ code: 'custom', path: [index, 'related'], message: 'related skills count only toward optional requirements' });
    if (r.related.includes(r.skill)) ctx.addIssue({ code: 'custom', path: [index, 'related'], message: 'a skill cannot be related to itself' });
    if (new Set(r.related).size !== r.related.length) ctx.addIssue({ code: 'custom', path: [index, 'related'], message: 'each related skill may appear only once' });
  }
}

const stringList = z.array(z.string().min(1).max(200)).max(50).default([]);

export const searchFiltersSchema = z
  .object({
    kind: z.array(z.enum(['employee', 'candidate'])).max(2).default([]),
    department: stringList,
    location: stringList,
    issuer: stringList,
    /** Current role titles (internal mobility ranking). */
    currentRole: stringList,
    /**
     * Role profile ids people currently hold (people.current_role_profile_id): the real link to a
     * ladder, used for promotion candidates, where a title match would miss renamed or custom roles.
     */
    currentRoleProfile: z.array(z.string().min(1).max(200)).max(50).optional(),
    openToMobility: z.boolean().optional(),
    verifiedOnly: z.boolean().default(true),
    /**
     * Only levels proven by issuers on the trusted list count (self-reported levels never do, whatever
     * verifiedOnly says): a skill counts at the highest level trusted issuers alone prove.
     */
    trustedOnly: z.boolean().default(false),
    /** Only people whose match score is at least this (0..1). */
    minScore: z.number().min(0).max(1).optional(),
  })
  .strict();

export const searchQuerySchema = z
  .object({
    requirements: z
      .array(requirementSchema)
      .max(MAX_REQUIREMENTS, `at most ${MAX_REQUIREMENTS} skill requirements`)
      .default([])
      .refine((rs) => new Set(rs.map((r) => r.skill)).size === rs.length, 'each skill may appear only once')
      .superRefine((rs, ctx) => rs.forEach((r, i) => checkRequirement(r, ctx, i))),
    text: z
      .string()
      .max(MAX_TEXT_LENGTH, `search text is limited to ${MAX_TEXT_LENGTH} characters`)
      .default('')
      // The query language (lib/domain/text-query.ts): a query that cannot be parsed is a 422 saying how to fix it.
      .superRefine((text, ctx) => {
        if (text.length > MAX_TEXT_LENGTH) return;
        const parsed = parseTextQuery(text);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
      }),
    filters: searchFiltersSchema.default({ kind: [], department: [], location: [], issuer: [], currentRole: [], verifiedOnly: true, trustedOnly: false }),
    sort: z.enum(SORTS).default('match'),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
    facets: z.array(z.enum(FACETS)).default([]),
  })
  .strict()
  .refine((q) => q.page * q.pageSize <= MAX_RESULT_WINDOW, {
    message: `results beyond the first ${MAX_RESULT_WINDOW} are not available; narrow the search`,
    path: ['page'],
  });

export type SearchQuery = z.output<typeof searchQuerySchema>;
export type SearchQueryInput = z.input<typeof searchQuerySchema>;
export type SearchRequirement = SearchQuery['requirements'][number];

export type SearchHit = {
  personId: string;
  name: string;
  headline: string;
  kind: 'employee' | 'candidate';
  departmentId: string | null;
  location: string;
  /** 0..1 (1 when the query has no requirements: the page then shows no match % at all). */
  score: number;
  /** Tie-breaks among equal scores (lib/domain/match-score.ts): levels above the minimums (weighted), credentials behind met requirements. */
  surplus: number;
  evidence: number;
  /**
   * `untrusted`: the achieved level is not proven by an issuer on the trusted list (shown marked
   * "issuer not on your trusted list"); never true under the trustedOnly filter.
   */
  breakdown: (Omit<BreakdownEntry, 'credit' | 'weight' | 'essential'> & { untrusted: boolean })[];
  verifiedCredentialCount: number;
  lastVerifiedAt: string | null;
};

export type FacetBucket = { value: string; count: number };
export type SearchResult = {
  total: number;
  hits: SearchHit[];
  facets: Partial<Record<FacetName, FacetBucket[]>>;
};
