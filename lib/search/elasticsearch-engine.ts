// The Elasticsearch engine (@elastic/elasticsearch 8.x; talks to Elasticsearch 8.x and 9.x clusters).
// The only file that imports the client. Core query DSL and mapping types only.
//
// Layout: a versioned index `<prefix>-people-v<N>-<timestamp>` behind the alias `<prefix>-people`;
// every read and write goes through the alias, and `reindex` builds a new index (refresh off, no
// replicas, bulk-loaded from a stream), restores the configured replicas and refresh, refreshes, and
// moves the alias with one `indices.updateAliases` call. Shards and replicas come from the env
// (ELASTICSEARCH_SHARDS, default 1; ELASTICSEARCH_REPLICAS, default auto 0-1).
//
// Scoring (lib/search/elasticsearch-scoring.ts): each requirement is one `nested` clause whose
// constant scores are integers, so Elasticsearch's float sum is exact and its `_score` orders people
// by match score, surplus and evidence exactly; the sort adds recency and id (compareByMatch). One
// request returns the page, the exact total and the facets. Essentials and every filter are in
// filter context. Breakdowns and the score shown are built from `_source` with lib/domain.
// User text never reaches a query parser: lib/domain/text-query.ts parses it and lib/search/text-tokens.ts
// normalises it; each word becomes `term` / `prefix` / `fuzzy` queries on one keyword field per text
// field (tokens indexed as normalised in TypeScript, so both engines compare the same tokens), each
// phrase a `match_phrase` on a whitespace-analysed copy of the same words, and AND / OR / NOT `bool`.
import { Client, type estypes } from '@elastic/elasticsearch';
import { compareByMatch, MAX_EVIDENCE_PER_REQUIREMENT } from '../domain/match-score';
import { bulkDelete, bulkIndex, streamFromLoader } from './elasticsearch-bulk';
import { countBits, minScoreKey, planScore, requirementClause, type ScorePlan } from './elasticsearch-scoring';
import type { VisibilityScope } from '../domain/permissions';
import type { FacetBucket, SearchHit, SearchQuery, SearchResult } from '../domain/search-query';
import type { EngineHealth, InsightsAggregations, InsightsFilters, PersonDoc, PersonDocSkill, ReindexProgress, SearchEngine } from './engine';
import { buildHit, FACET_SIZE, insightsWindow } from './scoring';
import { MAX_FUZZY_EXPANSIONS, MIN_PREFIX_LENGTH, TEXT_FIELDS, textLeaves, typoBudget, type TextExpr, type TextField } from '../domain/text-query';
import { documentText, queryTextExpr } from './text-tokens';

/**
 * 2: skills carry trustedLevel / trustedCredentialIds / trustedExpiresAt ("trusted issuers only").
 * Changes are additive: an index of an older version gets the new fields by put-mapping on first use
 * (the documents are rewritten through the outbox), so no reindex is needed to upgrade.
 * 3: per-field text tokens and phrases, issuer names, credential counts per skill row. Existing
 * documents have none of them until rewritten, so an index named for an older version is reported
 * `outdated` by health() and the indexer's bootstrap rebuilds it (reindex, alias swap).
 * 4: per skill row `countBits` / `trustedCountBits` (the evidence tie-break scored in Elasticsearch)
 * and `shadowed` / `shadowedUntil` on self-reported rows a verified row of the same skill at the same
 * level or higher outranks (so `score_mode: max` picks the row the domain picks). Older indices are
 * `outdated`: scores would miss the evidence until rebuilt.
 */
/*
 * 4 (search-features): skills carry trustedCredentialCount ("at least N verified credentials" under
 * "trusted issuers only").
 * 5: per skill row `countBits` / `trustedCountBits` (the evidence tie-break scored in Elasticsearch)
 * and `shadowed` / `shadowedUntil` on self-reported rows a verified row of the same skill at the same
 * level or higher outranks (so `score_mode: max` picks the row the domain picks). Older indices are
 * `outdated`: scores would miss the evidence until rebuilt.
 */
export const MAPPING_VERSION = 5;
/**
 * Results fetched beyond the page end for an exact re-rank, only when the query's score key cannot
 * carry the tie-breaks (plan 'score' or 'float', see elasticsearch-scoring.ts); never in the common case.
 */
const RERANK_MARGIN = 100;
const MAX_WINDOW = 10_000;

export type ElasticsearchEngineOptions = {
  node: string;
  apiKey?: string;
  username?: string;
  password?: string;
  indexPrefix: string;
  now?: () => Date;
  /** Refresh after each write (tests); production relies on the 1 s refresh interval. */
  refresh?: boolean;
  requestTimeoutMs?: number;
  /** Primary shards of new indices (ELASTICSEARCH_SHARDS). Default 1. */
  shards?: number;
  /** Replicas (ELASTICSEARCH_REPLICAS); undefined: auto-expand 0-1. */
  replicas?: number;
  /** Bulk request size and requests in flight (defaults in elasticsearch-bulk.ts). */
  bulk?: { flushBytes?: number; concurrency?: number };
};

export type ElasticsearchEngine = SearchEngine & {
  readonly alias: string;
  /** Delete every index of this prefix (test clean-up). */
  dropAll(): Promise<void>;
  /** HTTP requests this engine's client has sent (retries included): the bench prints them per query. */
  requestCount(): number;
};

/** What a stored skill row adds to PersonDocSkill (see MAPPING_VERSION 4 and elasticsearch-scoring.ts). */
type EsSkillExtras = {
  credentialCount: number;
  trustedCredentialCount: number;
  countBits: number[];
  trustedCountBits: number[];
  shadowed?: boolean;
  shadowedUntil?: string | null;
};

/** The document as stored: PersonDoc plus the fields queries read. */
export type EsDoc = Omit<PersonDoc, 'verifiedCredentialDates' | 'skills'> & {
  skills: (PersonDocSkill & EsSkillExtras)[];
  /** Each text field's distinct words (exact, prefix and fuzzy queries). */
  textTokens: Record<TextField, string[]>;
  /** Each text field's values as space-joined words (phrases; whitespace analyzer). */
  textPhrases: Record<TextField, string[]>;
  credentials: { issuedAt: string }[];
  locationKey: string | null;
};

const keywordFields = Object.fromEntries(TEXT_FIELDS.map((f) => [f, { type: 'keyword' as const }]));
// Words are already normalised: split on spaces only, no lower-casing or stemming that could disagree with the embedded engine.
const phraseFields = Object.fromEntries(TEXT_FIELDS.map((f) => [f, { type: 'text' as const, analyzer: 'whitespace', norms: false }]));

const mappings: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  _meta: { mappingVersion: MAPPING_VERSION },
  properties: {
    personId: { type: 'keyword' },
    kind: { type: 'keyword' },
    name: { type: 'keyword' },
    email: { type: 'keyword', index: false, doc_values: false },
    headline: { type: 'text', index: false },
    location: { type: 'keyword', index: false, doc_values: false },
    locationKey: { type: 'keyword' },
    departmentId: { type: 'keyword' },
    currentRole: { type: 'keyword' },
    currentRoleProfileId: { type: 'keyword' },
    openToMobility: { type: 'boolean' },
    searchable: { type: 'boolean' },
    textTokens: { properties: keywordFields },
    textPhrases: { properties: phraseFields },
    credentialNames: { type: 'keyword', index: false, doc_values: false },
    skillNames: { type: 'keyword', index: false, doc_values: false },
    issuerIds: { type: 'keyword' },
    issuerNames: { type: 'keyword', index: false, doc_values: false },
    verifiedCredentialCount: { type: 'integer' },
    lastVerifiedAt: { type: 'date' },
    updatedAt: { type: 'date' },
    skills: {
      type: 'nested',
      properties: {
        skill: { type: 'keyword' },
        level: { type: 'integer' },
        verified: { type: 'boolean' },
        credentialIds: { type: 'keyword', index: false, doc_values: false },
        credentialCount: { type: 'integer' },
        trustedCredentialCount: { type: 'integer' },
        countBits: { type: 'integer' },
        trustedCountBits: { type: 'integer' },
        shadowed: { type: 'boolean' },
        shadowedUntil: { type: 'date' },
        issuerIds: { type: 'keyword' },
        achievedAt: { type: 'date' },
        expiresAt: { type: 'date' },
        trustedLevel: { type: 'integer' },
        trustedCredentialIds: { type: 'keyword', index: false, doc_values: false },
        trustedExpiresAt: { type: 'date' },
      },
    },
    credentials: { type: 'nested', properties: { issuedAt: { type: 'date' } } },
  },
};

export function toEsDoc(d: PersonDoc): EsDoc {
  const { verifiedCredentialDates, ...rest } = d;
  const text = documentText(d);
  return {
    ...rest,
    skills: d.skills.map((s) => ({
      ...s,
      credentialCount: Math.min(MAX_EVIDENCE_PER_REQUIREMENT, s.credentialIds.length),
      trustedCredentialCount: Math.min(MAX_EVIDENCE_PER_REQUIREMENT, (s.trustedCredentialIds ?? []).length),
      countBits: countBits(s.credentialIds.length),
      trustedCountBits: countBits((s.trustedCredentialIds ?? []).length),
      ...shadowOf(s, d.skills),
    })),
    updatedAt: d.updatedAt || new Date(0).toISOString(),
    textTokens: Object.fromEntries(TEXT_FIELDS.map((f) => [f, [...new Set(text[f].flat())]])) as Record<TextField, string[]>,
    textPhrases: Object.fromEntries(TEXT_FIELDS.map((f) => [f, text[f].map((words) => words.join(' '))])) as Record<TextField, string[]>,
    credentials: verifiedCredentialDates.map((issuedAt) => ({ issuedAt })),
    locationKey: d.location === '' ? null : d.location,
  };
}

/**
 * A self-reported row is shadowed while a verified row of the same skill at the same level or higher
 * counts (countedSkills prefers that verified row, and its credentials are the evidence); the verified
 * row's expiry ends the shadow. Verified rows are never shadowed.
 */
function shadowOf(row: PersonDocSkill, rows: PersonDocSkill[]): Pick<EsSkillExtras, 'shadowed' | 'shadowedUntil'> {
  if (row.verified) return {};
  const verified = rows.find((r) => r.verified && r.skill === row.skill);
  if (!verified || verified.level < row.level) return {};
  return { shadowed: true, shadowedUntil: verified.expiresAt };
}

export function createElasticsearchEngine(options: ElasticsearchEngineOptions): ElasticsearchEngine {
  const client = new Client({
    node: options.node,
    auth: options.apiKey ? { apiKey: options.apiKey } : options.username ? { username: options.username, password: options.password ?? '' } : undefined,
    requestTimeout: options.requestTimeoutMs ?? 10_000,
    maxRetries: 2,
  });
  let requests = 0;
  // One event per HTTP attempt actually sent (an error here is a request that could not be built).
  client.diagnostic.on('request', (err) => {
    if (!err) requests += 1;
  });
  const now = options.now ?? (() => new Date());
  const alias = `${options.indexPrefix}-people`;
  const refresh = options.refresh ? ('wait_for' as const) : false;
  const bulkTuning = { flushBytes: options.bulk?.flushBytes, concurrency: options.bulk?.concurrency };
  let ensured: Promise<void> | null = null;

  const newIndexName = () => `${alias}-v${MAPPING_VERSION}-${Date.now()}`;

  const shards = options.shards ?? 1;
  /** The serving replica settings; a bulk load runs with none and gets these at the swap. */
  const servingReplicas: estypes.IndicesIndexSettings =
    options.replicas === undefined ? { auto_expand_replicas: '0-1' } : { auto_expand_replicas: 'false', number_of_replicas: options.replicas };

  async function createIndex(name: string, withAlias: boolean, bulkLoading = false): Promise<void> {
    await client.indices.create({
      index: name,
      settings: {
        number_of_shards: shards,
        // Loading: no replica copies to write and no refreshes (segments are built once, at the end).
        ...(bulkLoading ? { auto_expand_replicas: 'false', number_of_replicas: 0 } : servingReplicas),
        refresh_interval: bulkLoading ? '-1' : SERVING_REFRESH,
        // Result windows are capped by the query schema; keep the engine's own cap in step.
        max_result_window: MAX_WINDOW + RERANK_MARGIN,
      },
      mappings,
      // The write index: if two processes create a first index at once, the second creation is
      // refused (one write index per alias) instead of leaving the alias on two indices, where
      // every write would fail for want of a write index.
      aliases: withAlias ? { [alias]: { is_write_index: true } } : undefined,
    });
  }

  /** The alias exists (first use creates the first index behind it). */
  function ensureIndex(): Promise<void> {
    ensured ??= (async () => {
      const exists = await client.indices.existsAlias({ name: alias });
      if (exists) {
        // An index created by an older version of this engine: add the fields this one writes
        // (additive only; a strict mapping would otherwise refuse every document).
        await client.indices.putMapping({ index: alias, properties: mappings.properties, _meta: { mappingVersion: MAPPING_VERSION } });
      } else {
        try {
          await createIndex(newIndexName(), true);
        } catch (err) {
          // Another process may have created it at the same moment.
          if (!(await client.indices.existsAlias({ name: alias }))) throw err;
        }
      }
    })().catch((err: unknown) => {
      ensured = null;
      throw err;
    });
    return ensured;
  }

  const guesses = new IndexedWordGuesses();

  const engine: ElasticsearchEngine = {
    kind: 'elasticsearch',
    alias,

    requestCount: () => requests,

    async indexPeople(docs) {
      if (docs.length === 0) return;
      await ensureIndex();
      await bulkIndex(client, docs, toEsDoc, { ...bulkTuning, index: alias, refresh });
    },

    async deletePeople(personIds) {
      if (personIds.length === 0) return;
      await ensureIndex();
      await bulkDelete(client, personIds, { ...bulkTuning, index: alias, refresh });
    },

    async search(query, scope) {
      await ensureIndex();
      return searchEs(client, alias, query, scope, now(), guesses);
    },

    async aggregate(filters, scope) {
      await ensureIndex();
      return aggregateEs(client, alias, filters, scope, now());
    },

    async countSkillHolders(skillIds, scope) {
      const wanted = [...new Set(skillIds)];
      if (wanted.length === 0) return new Map();
      await ensureIndex();
      const res = await client.search(buildSkillHoldersRequest(alias, wanted, scope, now()));
      const values = (((res.aggregations as AggTree | undefined)?.skills as AggTree | undefined)?.counted as AggTree | undefined)?.values;
      return new Map(termsBuckets(values).flatMap((b) => ((b.people?.doc_count ?? 0) > 0 ? [[String(b.key), b.people!.doc_count] as [string, number]] : [])));
    },

    async health(): Promise<EngineHealth> {
      try {
        const h = await client.cluster.health({ timeout: '2s' });
        const exists = await client.indices.existsAlias({ name: alias });
        const documents = exists ? (await client.count({ index: alias })).count : 0;
        const indexName = exists ? Object.keys(await client.indices.getAlias({ name: alias }))[0] : undefined;
        // An index built with an older mapping (e.g. before per-field text) refuses new documents
        // (dynamic: strict) and lacks fields queries read: the indexer's bootstrap rebuilds it.
        const outdated = indexName !== undefined && mappingVersionOf(indexName) < MAPPING_VERSION;
        return {
          engine: 'elasticsearch',
          ok: h.status !== 'red',
          message: `Elasticsearch cluster "${h.cluster_name}" is ${h.status}; ${documents} people in ${indexName ?? 'no index yet'}${outdated ? ` (mapping v${mappingVersionOf(indexName)}, needs a reindex to v${MAPPING_VERSION})` : ''}.`,
          documents,
          indexName,
          outdated,
        };
      } catch (err) {
        return { engine: 'elasticsearch', ok: false, message: `Elasticsearch cannot be reached: ${(err as Error).message}`, documents: null };
      }
    },

    async reindex(loadDocs, onProgress?: (p: ReindexProgress) => void) {
      const index = newIndexName();
      onProgress?.({ phase: 'creating', done: 0, total: 0 });
      await createIndex(index, false, true);
      // Searches keep reading the alias (the old index) until the swap below.
      let done = 0;
      const source = streamFromLoader<PersonDoc>((onBatch) =>
        loadDocs(async (docs) => {
          await onBatch(docs);
          done += docs.length;
          onProgress?.({ phase: 'indexing', done, total: 0 });
        }),
      );
      try {
        try {
          await bulkIndex(client, source.items, toEsDoc, { ...bulkTuning, index, refresh: false });
        } catch (err) {
          // The writer failed: stop the loader too (its next batch is refused) and report the write error.
          source.stop(err);
          await source.loaded.catch(() => undefined);
          throw err;
        }
        const total = await source.loaded;
        onProgress?.({ phase: 'swapping', done, total });
        await client.indices.putSettings({ index, settings: { ...servingReplicas, refresh_interval: SERVING_REFRESH } });
        await client.indices.refresh({ index });
        const current = await aliasTargets(client, alias);
        // One call: readers see the old index or the new one, never neither.
        await client.indices.updateAliases({
          actions: [...current.map((old) => ({ remove: { index: old, alias } })), { add: { index, alias, is_write_index: true } }],
        });
        ensured = Promise.resolve();
        for (const old of current) await client.indices.delete({ index: old }).catch(() => undefined);
        onProgress?.({ phase: 'done', done, total });
      } catch (err) {
        await client.indices.delete({ index }).catch(() => undefined);
        throw err;
      }
    },

    async dropAll() {
      // Elasticsearch 8 refuses wildcard deletes by default (action.destructive_requires_name): name them.
      const names = Object.keys(await client.indices.get({ index: `${alias}-v*`, allow_no_indices: true, ignore_unavailable: true }));
      for (const index of names) await client.indices.delete({ index });
      ensured = null;
    },
  };
  return engine;
}

/** How often a serving index makes writes visible to searches (Elasticsearch's default). */
const SERVING_REFRESH = '1s';

/** The indices the alias points at now (none before the first index exists). */
async function aliasTargets(client: Client, alias: string): Promise<string[]> {
  return (await client.indices.existsAlias({ name: alias })) ? Object.keys(await client.indices.getAlias({ name: alias })) : [];
}

type Q = estypes.QueryDslQueryContainer;

/** The mapping version in an index name `<alias>-v<N>-<timestamp>` (0 when it has none). */
export function mappingVersionOf(indexName: string): number {
  const m = /-v(\d+)-\d+$/.exec(indexName);
  return m ? Number(m[1]) : 0;
}

export function scopeQuery(scope: VisibilityScope): Q {
  if (scope.all) return { match_all: {} };
  const should: Q[] = [];
  if (scope.candidates) should.push({ term: { kind: 'candidate' } });
  if (scope.mobileEmployees) should.push({ bool: { filter: [{ term: { kind: 'employee' } }, { term: { openToMobility: true } }] } });
  if (scope.departmentId !== null) should.push({ bool: { filter: [{ term: { kind: 'employee' } }, { term: { departmentId: scope.departmentId } }] } });
  if (should.length === 0) return { match_none: {} };
  return { bool: { filter: [{ term: { searchable: true } }], should, minimum_should_match: 1 } };
}

/**
 * Conditions on one nested skill row for it to count (verified unless self-reported is included;
 * unexpired); under "trusted issuers only", verified with a trusted level that has not expired.
 */
function countedRow(filters: SearchQuery['filters'], at: Date): Q[] {
  if (filters.trustedOnly) return [{ term: { 'skills.verified': true } }, { exists: { field: 'skills.trustedLevel' } }, unexpired('skills.trustedExpiresAt', at)];
  return filters.verifiedOnly ? [{ term: { 'skills.verified': true } }, unexpired('skills.expiresAt', at)] : [unexpired('skills.expiresAt', at)];
}

/** A date field that is absent (never expires) or after `at`. */
function unexpired(field: string, at: Date): Q {
  return { bool: { should: [{ bool: { must_not: [{ exists: { field } }] } }, { range: { [field]: { gt: at.toISOString() } } }], minimum_should_match: 1 } };
}

/** Insights count verified levels, trusted or not. */
const VERIFIED_LEVELS = { verifiedOnly: true, trustedOnly: false } as SearchQuery['filters'];

/** The level field a query counts: the level trusted issuers alone prove, under "trusted issuers only". */
const levelField = (filters: SearchQuery['filters']) => (filters.trustedOnly ? 'skills.trustedLevel' : 'skills.level');

/** The credentials behind that level: trusted issuers' alone under "trusted issuers only". */
const credentialCountField = (filters: SearchQuery['filters']) => (filters.trustedOnly ? 'skills.trustedCredentialCount' : 'skills.credentialCount');

/**
 * The rows a requirement reads: the counted rows, and for "at least N verified credentials" the
 * verified row alone (lib/domain/match-score.ts; a person has at most one verified row per skill).
 */
function requirementRows(r: SearchQuery['requirements'][number], counted: Q[]): Q[] {
  return [{ term: { 'skills.skill': r.skill } }, ...counted, ...(r.minCredentials !== undefined ? [{ term: { 'skills.verified': true } }] : [])];
}

/** On a requirement's row: met (the level at the minimum and, if asked, at least N credentials). */
function metRow(r: SearchQuery['requirements'][number], filters: SearchQuery['filters']): Q[] {
  return [{ range: { [levelField(filters)]: { gte: r.minLevel } } }, ...(r.minCredentials !== undefined ? [{ range: { [credentialCountField(filters)]: { gte: r.minCredentials } } }] : [])];
}

/** Filters (always filter context) and, when `plan` is given, one scoring clause per requirement. */
function filtersQuery(query: SearchQuery, scope: VisibilityScope, at: Date, plan: ScorePlan | null, indexedWords?: ReadonlySet<string>): { filter: Q[]; should: Q[] } {
  const f = query.filters;
  const filter: Q[] = [scopeQuery(scope)];
  if (f.kind.length > 0) filter.push({ terms: { kind: f.kind } });
  if (f.department.length > 0) filter.push({ terms: { departmentId: f.department } });
  if (f.location.length > 0) filter.push({ terms: { locationKey: f.location } });
  if (f.currentRole.length > 0) filter.push({ terms: { currentRole: f.currentRole } });
  if (f.currentRoleProfile?.length) filter.push({ terms: { currentRoleProfileId: f.currentRoleProfile } });
  if (f.openToMobility !== undefined) filter.push({ term: { openToMobility: f.openToMobility } });
  if (f.issuer.length > 0) filter.push({ terms: { issuerIds: f.issuer } });
  const textExpr = queryTextExpr(query.text);
  if (textExpr) filter.push(textQuery(textExpr, indexedWords));

  const counted = countedRow(f, at);
  const level = levelField(f);
  const should: Q[] = [];
  // The scoring clauses count a self-reported row only while no verified row at its level or above
  // counts (the domain takes the verified row then, with its credentials as the evidence).
  const scored = f.verifiedOnly || f.trustedOnly ? counted : [...counted, { bool: { must_not: [{ bool: { filter: [{ term: { 'skills.shadowed': true } }, unexpired('skills.shadowedUntil', at)] } }] } }];
  const countBitsField = f.trustedOnly ? 'skills.trustedCountBits' : 'skills.countBits';
  query.requirements.forEach((r, i) => {
    if (r.essential) {
      filter.push({ nested: { path: 'skills', query: { bool: { filter: [...requirementRows(r, counted), ...metRow(r, f)] } } } });
    }
    if (plan) {
      const fields = { level, countBits: countBitsField, credentialCount: r.minCredentials !== undefined ? credentialCountField(f) : null };
      should.push(requirementClause(plan, query.requirements, i, requirementRows(r, scored), fields, relatedRows(r, counted)));
    }
  });
  return { filter, should };
}

/**
 * Related skills as partial evidence for an optional requirement (issue 13 item 4): the counted rows of
 * its related skills (the best one scores relatedCredit, lib/domain/match-score.ts), or null when it has none.
 */
function relatedRows(r: SearchQuery['requirements'][number], counted: Q[]): Q[] | null {
  const ids = r.essential ? [] : (r.related ?? []).filter((id) => id !== r.skill);
  return ids.length === 0 ? null : [{ terms: { 'skills.skill': ids } }, ...counted];
}

/**
 * The parsed search text as a filter (lib/domain/text-query.ts defines what matches). Tolerant words:
 * exact `term`, `prefix` from MIN_PREFIX_LENGTH characters, `fuzzy` within typoBudget (transpositions
 * count as one edit, at most MAX_FUZZY_EXPANSIONS variants); words under NOT: `term` only; phrases:
 * `match_phrase` (slop 0) on the whitespace-analysed copy, so the words are adjacent within one value.
 */
export function textQuery(expr: TextExpr, indexedWords: ReadonlySet<string> = new Set()): Q {
  const sub = (e: TextExpr) => textQuery(e, indexedWords);
  switch (expr.kind) {
    case 'and':
      return { bool: { filter: expr.children.map(sub) } };
    case 'or':
      return { bool: { should: expr.children.map(sub), minimum_should_match: 1 } };
    case 'not':
      return { bool: { must_not: [sub(expr.child)] } };
    case 'word': {
      const token = expr.token;
      // A word some document has as typed is not a typo: no fuzzy branch (lib/domain/text-query.ts).
      const budget = indexedWords.has(token) ? 0 : typoBudget(token);
      const should: Q[] = expr.fields.flatMap((f): Q[] => {
        const field = `textTokens.${f}`;
        const clauses: Q[] = [{ term: { [field]: token } }];
        if (!expr.tolerant) return clauses;
        if ([...token].length >= MIN_PREFIX_LENGTH) clauses.push({ prefix: { [field]: { value: token } } });
        if (budget > 0) clauses.push({ fuzzy: { [field]: { value: token, fuzziness: budget, transpositions: true, prefix_length: 0, max_expansions: MAX_FUZZY_EXPANSIONS } } });
        return clauses;
      });
      return { bool: { should, minimum_should_match: 1 } };
    }
    case 'phrase':
      return { bool: { should: expr.fields.map((f): Q => ({ match_phrase: { [`textPhrases.${f}`]: { query: expr.tokens.join(' '), slop: 0 } } })), minimum_should_match: 1 } };
  }
}

const bucketOrder: estypes.AggregationsAggregateOrder = [{ _count: 'desc' }, { _key: 'asc' }];
/** Buckets each shard returns for a facet: every value up to this many, so counts stay exact across shards. */
const FACET_SHARD_SIZE = 10_000;

function facetAggs(query: SearchQuery, at: Date): Record<string, estypes.AggregationsAggregationContainer> {
  const aggs: Record<string, estypes.AggregationsAggregationContainer> = {};
  const counted = countedRow(query.filters, at);
  const level = levelField(query.filters);
  // With several shards (ELASTICSEARCH_SHARDS) each shard must return every bucket for the top 50 and
  // their counts to be exact; with one shard this changes nothing.
  const terms = (field: string): estypes.AggregationsAggregationContainer => ({ terms: { field, size: FACET_SIZE, shard_size: FACET_SHARD_SIZE, order: bucketOrder } });
  for (const name of new Set(query.facets)) {
    if (name === 'kind') aggs.kind = terms('kind');
    if (name === 'department') aggs.department = terms('departmentId');
    if (name === 'location') aggs.location = terms('locationKey');
    if (name === 'issuer') aggs.issuer = terms('issuerIds');
    if (name === 'skill') {
      // Counted in people (reverse_nested), not rows: with self-reported levels a person may have two rows.
      aggs.skill = {
        nested: { path: 'skills' },
        aggs: {
          counted: {
            filter: { bool: { filter: counted } },
            aggs: {
              values: {
                terms: { field: 'skills.skill', size: FACET_SIZE, shard_size: FACET_SHARD_SIZE, order: [{ people: 'desc' }, { _key: 'asc' }] },
                aggs: { people: { reverse_nested: {} } },
              },
            },
          },
        },
      };
    }
    if (name === 'level' && query.requirements.length > 0) {
      // People whose best counted level on the first requirement's skill is L = (at least L) - (at least L+1).
      const first = query.requirements[0]!;
      aggs.level = {
        nested: { path: 'skills' },
        aggs: {
          counted: {
            // The rows the first requirement reads (its verified row when it asks for credentials).
            filter: { bool: { filter: requirementRows(first, counted) } },
            aggs: Object.fromEntries(
              [1, 2, 3, 4, 5].map((l) => [`atLeast${l}`, { filter: { range: { [level]: { gte: l } } }, aggs: { people: { reverse_nested: {} } } }]),
            ),
          },
        },
      };
    }
  }
  return aggs;
}

type Bucket = { key: string | number; doc_count: number; people?: { doc_count: number } };
type AggTree = Record<string, unknown>;

function termsBuckets(agg: unknown): Bucket[] {
  return ((agg as { buckets?: Bucket[] } | undefined)?.buckets ?? []) as Bucket[];
}

function parseFacets(query: SearchQuery, aggs: AggTree | undefined): SearchResult['facets'] {
  const facets: SearchResult['facets'] = {};
  const simple = (b: Bucket): FacetBucket => ({ value: String(b.key), count: b.doc_count });
  for (const name of query.facets) {
    if (name === 'skill') {
      const values = ((aggs?.skill as AggTree | undefined)?.counted as AggTree | undefined)?.values;
      facets.skill = termsBuckets(values).map((b) => ({ value: String(b.key), count: b.people?.doc_count ?? b.doc_count }));
    } else if (name === 'level') {
      if (query.requirements.length === 0) {
        facets.level = [];
        continue;
      }
      const counted = (aggs?.level as AggTree | undefined)?.counted as AggTree | undefined;
      const atLeast = [1, 2, 3, 4, 5, 6].map((l) => ((counted?.[`atLeast${l}`] as { people?: { doc_count: number } } | undefined)?.people?.doc_count ?? 0));
      const buckets = [1, 2, 3, 4, 5]
        .map((l) => ({ value: String(l), count: atLeast[l - 1]! - atLeast[l]! }))
        .filter((b) => b.count > 0)
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
      facets.level = buckets.slice(0, FACET_SIZE);
    } else {
      facets[name] = termsBuckets(aggs?.[name]).map(simple);
    }
  }
  return facets;
}

/** What a hit is built from: the rest of `_source` (text tokens, phrases, dates) never leaves the cluster. */
const HIT_SOURCE = ['personId', 'name', 'headline', 'kind', 'departmentId', 'location', 'verifiedCredentialCount', 'lastVerifiedAt', 'skills'];

/** How a query is ranked: its score plan (null without requirements: everyone scores 1) and whether a window is re-ranked. */
export function rankingOf(query: SearchQuery): { plan: ScorePlan | null; rerank: boolean } {
  const plan = query.requirements.length > 0 ? planScore(query.requirements) : null;
  // Only when the score key cannot carry the tie-breaks (elasticsearch-scoring.ts) and the order is by match.
  return { plan, rerank: query.sort === 'match' && plan !== null && plan.kind !== 'exact' };
}

/** The main search request (exported so tests can check what reaches Elasticsearch). */
export function buildSearchRequest(
  alias: string,
  query: SearchQuery,
  scope: VisibilityScope,
  at: Date,
  indexedWords?: ReadonlySet<string>,
): estypes.SearchRequest & { query: Q } {
  const { plan, rerank } = rankingOf(query);
  const minScore = plan ? effectiveMinScore(query) : undefined;
  // Scores matter for the match order and a minimum score; a name or recency sort without a minimum
  // needs none, so its requirements are only the essentials' filters.
  const scored = plan !== null && (query.sort === 'match' || minScore !== undefined);
  const { filter, should } = filtersQuery(query, scope, at, scored ? plan : null, indexedWords);
  const esQuery: Q = should.length > 0 ? { bool: { filter, should, minimum_should_match: 0 } } : { bool: { filter } };
  const byRecency: estypes.SortCombinations[] = [{ lastVerifiedAt: { order: 'desc', missing: '_last' } }, { personId: 'asc' }];
  const sort: estypes.SortCombinations[] =
    query.sort === 'name'
      ? [{ name: 'asc' }, { personId: 'asc' }]
      : query.sort === 'recent' || plan === null
        ? // compareByMatch when every score, surplus and evidence is equal: most recent first, then id.
          byRecency
        : [{ _score: { order: 'desc' } }, ...byRecency];
  const pageEnd = query.page * query.pageSize;
  return {
    index: alias,
    query: esQuery,
    sort,
    from: rerank ? 0 : (query.page - 1) * query.pageSize,
    size: rerank ? Math.min(pageEnd + RERANK_MARGIN, MAX_WINDOW + RERANK_MARGIN) : query.pageSize,
    track_total_hits: true,
    min_score: minScore === undefined || !plan ? undefined : plan.kind === 'float' ? Math.max(0, minScore - MIN_SCORE_SLACK) : minScoreKey(plan, minScore),
    _source: HIT_SOURCE,
    aggs: facetAggs(query, at),
  };
}

/** Float plan only: admit people a hair below the minimum score, then decide exactly from the domain score. */
const MIN_SCORE_SLACK = 1e-5;

/**
 * The minimum score to apply, if any: every score is at least 0, so a minimum of 0 is none (applied,
 * every person scoring 0 would be "within the slack" and checked one by one).
 */
function effectiveMinScore(query: SearchQuery): number | undefined {
  const minScore = query.filters.minScore;
  return minScore !== undefined && minScore > 0 ? minScore : undefined;
}

/** The tolerant words of the text that may get a typo branch: whether some document has them as typed decides. */
export function typoCheckedWords(text: string): string[] {
  return [...new Set(textLeaves(queryTextExpr(text)).flatMap((leaf) => (leaf.kind === 'word' && leaf.tolerant && typoBudget(leaf.token) > 0 ? [leaf.token] : [])))];
}

/** Which of `words` some indexed document has as typed (in any text field, whoever may see it): one size-0 `filters` aggregation. */
function vocabularyBody(words: string[]): estypes.MsearchMultisearchBody {
  return {
    size: 0,
    aggs: {
      words: {
        filters: {
          filters: Object.fromEntries(words.map((w, i) => [`w${i}`, { bool: { should: TEXT_FIELDS.map((f): Q => ({ term: { [`textTokens.${f}`]: w } })), minimum_should_match: 1 } }])),
        },
      },
    },
  };
}

function indexedWordsFrom(words: string[], res: estypes.SearchResponse): Set<string> {
  const buckets = ((res.aggregations as AggTree | undefined)?.words as { buckets?: Record<string, { doc_count: number }> } | undefined)?.buckets ?? {};
  return new Set(words.filter((_, i) => (buckets[`w${i}`]?.doc_count ?? 0) > 0));
}

/**
 * The last answer seen for each word (indexed as typed or not), bounded. Only a guess: the search sent
 * with the vocabulary check is built on it, and used only when the check confirms it, so a stale guess
 * costs a second request, never a wrong result. Unknown words are guessed indexed (most typed words are
 * spelt right).
 */
export class IndexedWordGuesses {
  private readonly seen = new Map<string, boolean>();
  constructor(private readonly capacity = 10_000) {}
  guess(words: string[]): Set<string> {
    return new Set(words.filter((w) => this.seen.get(w) ?? true));
  }
  learn(words: string[], indexed: ReadonlySet<string>): void {
    for (const w of words) {
      this.seen.delete(w);
      this.seen.set(w, indexed.has(w));
    }
    for (const oldest of this.seen.keys()) {
      if (this.seen.size <= this.capacity) break;
      this.seen.delete(oldest);
    }
  }
}

function okResponse(item: estypes.MsearchResponseItem<EsDoc> | undefined): estypes.SearchResponse<EsDoc> {
  if (!item || 'error' in item) {
    const error = item && 'error' in item ? item.error : undefined;
    throw new Error(`Elasticsearch refused a search: ${error?.type ?? 'no response'} ${error?.reason ?? ''}`.trim());
  }
  return item;
}

/**
 * One round trip in the common case: without typo-checked words, one search; with them, one
 * `msearch` carrying the vocabulary check and the search built on the guess of its answer (a second
 * search only when the guess was wrong). Exported for the evaluator test (a client answering from the
 * documented DSL semantics).
 */
export async function searchEs(client: Client, alias: string, query: SearchQuery, scope: VisibilityScope, at: Date, guesses: IndexedWordGuesses): Promise<SearchResult> {
  const words = typoCheckedWords(query.text);
  let indexedWords: ReadonlySet<string> = new Set();
  let res: estypes.SearchResponse<EsDoc>;
  if (words.length === 0) {
    res = await client.search<EsDoc>(buildSearchRequest(alias, query, scope, at));
  } else {
    const guess = guesses.guess(words);
    const { index: _index, ...body } = buildSearchRequest(alias, query, scope, at, guess);
    const m = await client.msearch<EsDoc>({ searches: [{ index: alias }, vocabularyBody(words), { index: alias }, body as estypes.MsearchMultisearchBody] });
    indexedWords = indexedWordsFrom(words, okResponse(m.responses[0]));
    guesses.learn(words, indexedWords);
    const confirmed = words.every((w) => guess.has(w) === indexedWords.has(w));
    res = confirmed ? okResponse(m.responses[1]) : await client.search<EsDoc>(buildSearchRequest(alias, query, scope, at, indexedWords));
  }
  const { plan, rerank } = rankingOf(query);
  const minScore = plan ? effectiveMinScore(query) : undefined;
  let total = typeof res.hits.total === 'number' ? res.hits.total : (res.hits.total?.value ?? 0);
  let hits = res.hits.hits.flatMap((h) => (h._source ? [buildHit(fromEs(h._source), query, at)] : []));

  if (plan?.kind === 'float' && minScore !== undefined) {
    // Float scores (weights with more than three decimals, or a huge denominator): those within the
    // float slack of the minimum are decided exactly, lowest first. Never for the integer plans.
    const esQuery = buildSearchRequest(alias, query, scope, at, indexedWords).query;
    hits = hits.filter((h) => h.score >= minScore);
    const sure = await client.count({ index: alias, query: esQuery, min_score: minScore + MIN_SCORE_SLACK } as estypes.CountRequest);
    const borderline = total - sure.count;
    if (borderline > 0) {
      const low = await client.search<EsDoc>({
        index: alias,
        query: esQuery,
        sort: [{ _score: { order: 'asc' } }, { personId: 'asc' }],
        size: Math.min(borderline, MAX_WINDOW),
        min_score: Math.max(0, minScore - MIN_SCORE_SLACK),
        _source: HIT_SOURCE,
      });
      const exact = low.hits.hits.filter((h) => h._source && buildHit(fromEs(h._source), query, at).score >= minScore).length;
      total = sure.count + exact;
    }
  }

  if (rerank && plan?.kind === 'score') {
    // The key is the exact score alone: the window is exact unless the people tied with the page's
    // last one (in Elasticsearch's order) run past it; then fetch the rest of that tie (every hit
    // after the window's last with the same key). Float keys (plan 'float') have no exact ties to find.
    const window = res.hits.hits;
    const pageEnd = query.page * query.pageSize;
    const boundary = window[pageEnd - 1]?.sort?.[0];
    const last = window.at(-1);
    if (boundary !== undefined && last?.sort && last.sort[0] === boundary && window.length < total) {
      const request = buildSearchRequest(alias, query, scope, at, indexedWords);
      const rest = await client.search<EsDoc>({
        index: alias,
        query: request.query,
        sort: request.sort,
        size: MAX_WINDOW,
        min_score: Number(boundary),
        search_after: last.sort,
        track_total_hits: false,
        _source: HIT_SOURCE,
      });
      hits.push(...rest.hits.hits.flatMap((h) => (h._source ? [buildHit(fromEs(h._source), query, at)] : [])));
    }
  }

  if (rerank) {
    // The key does not carry the tie-breaks: they are decided here over the window (page end + margin).
    const ranked = (h: SearchHit) => ({ personId: h.personId, score: h.score, surplus: h.surplus, evidence: h.evidence, lastVerifiedAt: toDate(h.lastVerifiedAt) });
    hits.sort((a, b) => compareByMatch(ranked(a), ranked(b)));
    hits = hits.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  }
  return { total, hits, facets: parseFacets(query, res.aggregations as AggTree | undefined) };
}

function toDate(v: string | null): Date | null {
  return v ? new Date(v) : null;
}

function fromEs(src: EsDoc): Parameters<typeof buildHit>[0] {
  return {
    personId: src.personId,
    name: src.name,
    headline: src.headline,
    kind: src.kind,
    departmentId: src.departmentId ?? null,
    location: src.location,
    verifiedCredentialCount: src.verifiedCredentialCount,
    lastVerifiedAt: src.lastVerifiedAt ? new Date(src.lastVerifiedAt).toISOString() : null,
    skills: (src.skills ?? []).map(
      ({ credentialCount: _count, trustedCredentialCount: _trusted, countBits: _bits, trustedCountBits: _trustedBits, shadowed: _shadowed, shadowedUntil: _until, ...s }): PersonDocSkill => ({
        ...s,
        achievedAt: s.achievedAt ?? null,
        expiresAt: s.expiresAt ? new Date(s.expiresAt).toISOString() : null,
      }),
    ),
  };
}

/** The first instant of the UTC month after the month of `iso`. */
function nextMonthStart(iso: string): string {
  const d = new Date(iso);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString();
}

/**
 * Coverage over time, counted in people: a person is covered by instant X when one of their
 * qualifying rows has `achievedAt` < X or none at all (undated: covered from the start). A
 * date_histogram on skills.achievedAt would count rows, so a person with two qualifying skills
 * would count in two months; instead one `filters` bucket per cut-off (before `from`, then the end of
 * each month, the last one `to` itself) with `reverse_nested` gives the people covered by then, exactly,
 * and the monthly first-covered counts are the differences of consecutive cut-offs.
 */
/** One size-0 search over the employees' qualifying skill rows (nested); returns the `qualifying` aggregation's results. */
async function qualifyingAggs(
  client: Client,
  alias: string,
  employees: Q[],
  qualifying: Q,
  aggs: Record<string, estypes.AggregationsAggregationContainer>,
): Promise<AggTree | undefined> {
  const res = await client.search({
    index: alias,
    size: 0,
    query: { bool: { filter: employees } },
    aggs: { skills: { nested: { path: 'skills' }, aggs: { qualifying: { filter: qualifying, aggs } } } },
  });
  return ((res.aggregations as AggTree | undefined)?.skills as AggTree | undefined)?.qualifying as AggTree | undefined;
}

async function coverageEs(
  client: Client,
  alias: string,
  employees: Q[],
  qualifying: Q,
  window: { from: string | null; to: string | null },
): Promise<Pick<InsightsAggregations, 'firstCoveredPerMonth' | 'coveredBeforeFrom'>> {
  const undated: Q = { bool: { must_not: [{ exists: { field: 'skills.achievedAt' } }] } };
  const coveredBy = (range: estypes.QueryDslDateRangeQuery): Q => ({ bool: { should: [undated, { range: { 'skills.achievedAt': range } }], minimum_should_match: 1 } });
  let { from, to } = window;
  if (!from || !to) {
    // An open end: the window runs from the earliest to the latest qualifying date.
    const q = (await qualifyingAggs(client, alias, employees, qualifying, {
      first: { min: { field: 'skills.achievedAt' } },
      last: { max: { field: 'skills.achievedAt' } },
    })) as { first?: { value: number | null }; last?: { value: number | null } } | undefined;
    const first = q?.first?.value;
    const last = q?.last?.value;
    if (typeof first !== 'number' || typeof last !== 'number') {
      // No dated qualifying row: no month to count; the undated ones (if any) are all "before".
      from = from ?? new Date(0).toISOString();
      to = new Date(-1).toISOString();
    } else {
      from = from ?? new Date(first).toISOString();
      to = to ?? new Date(last).toISOString();
    }
  }
  const cutoffs: { key: string; month: string | null; range: estypes.QueryDslDateRangeQuery }[] = [{ key: 'before', month: null, range: { lt: from } }];
  if (from <= to) {
    for (let start = from; start <= to; start = nextMonthStart(start)) {
      const end = nextMonthStart(start);
      cutoffs.push({ key: `m${cutoffs.length}`, month: start.slice(0, 7), range: end > to ? { lte: to } : { lt: end } });
    }
  }
  const byCutoff = await qualifyingAggs(client, alias, employees, qualifying, {
    by: {
      filters: { filters: Object.fromEntries(cutoffs.map((c) => [c.key, coveredBy(c.range)])) },
      aggs: { people: { reverse_nested: {} } },
    },
  });
  const buckets = (byCutoff?.by as { buckets?: Record<string, Bucket> } | undefined)?.buckets ?? {};
  const people = (key: string) => buckets[key]?.people?.doc_count ?? 0;
  const coveredBeforeFrom = people('before');
  const firstCoveredPerMonth: InsightsAggregations['firstCoveredPerMonth'] = [];
  let previous = coveredBeforeFrom;
  for (const c of cutoffs.slice(1)) {
    const covered = people(c.key);
    if (covered > previous && c.month) firstCoveredPerMonth.push({ month: c.month, count: covered - previous });
    previous = covered;
  }
  return { firstCoveredPerMonth, coveredBeforeFrom };
}

async function aggregateEs(client: Client, alias: string, filters: InsightsFilters, scope: VisibilityScope, at: Date): Promise<InsightsAggregations> {
  const minLevel = filters.minLevel ?? 1;
  const employees: Q[] = [{ term: { kind: 'employee' } }, scopeQuery(scope)];
  if (filters.departments.length > 0) employees.push({ terms: { departmentId: filters.departments } });
  const verifiedRow: Q[] = [...countedRow(VERIFIED_LEVELS, at)];
  if (filters.skills.length > 0) verifiedRow.push({ terms: { 'skills.skill': filters.skills } });
  const window = insightsWindow(filters.from, filters.to);
  const range: estypes.QueryDslDateRangeQuery = {};
  if (window.from) range.gte = window.from;
  if (window.to) range.lte = window.to;
  const levelRanges = [1, 2, 3, 4, 5].map((l) => ({ key: String(l), from: l }));

  const res = await client.search({
    index: alias,
    size: 0,
    track_total_hits: true,
    query: { bool: { filter: employees } },
    aggs: {
      skills: {
        nested: { path: 'skills' },
        aggs: {
          counted: {
            filter: { bool: { filter: verifiedRow } },
            aggs: {
              bySkill: {
                terms: { field: 'skills.skill', size: 10_000, order: { _key: 'asc' } },
                aggs: { levels: { range: { field: 'skills.level', ranges: levelRanges } } },
              },
            },
          },
        },
      },
      departments: {
        terms: { field: 'departmentId', size: 10_000, order: { _key: 'asc' } },
        aggs: {
          skills: {
            nested: { path: 'skills' },
            aggs: {
              counted: {
                filter: { bool: { filter: [...verifiedRow, { range: { 'skills.level': { gte: minLevel } } }] } },
                aggs: { bySkill: { terms: { field: 'skills.skill', size: 10_000, order: { _key: 'asc' } } } },
              },
            },
          },
        },
      },
      credentials: {
        nested: { path: 'credentials' },
        aggs: {
          inWindow: {
            filter: Object.keys(range).length > 0 ? { range: { 'credentials.issuedAt': range } } : { match_all: {} },
            aggs: {
              perMonth: { date_histogram: { field: 'credentials.issuedAt', calendar_interval: 'month', format: 'yyyy-MM', time_zone: 'UTC', min_doc_count: 1 } },
            },
          },
        },
      },
    },
  });
  const aggs = res.aggregations as AggTree | undefined;
  const bySkill = termsBuckets(((aggs?.skills as AggTree | undefined)?.counted as AggTree | undefined)?.bySkill) as (Bucket & { levels?: { buckets: Bucket[] } })[];
  const departments = termsBuckets(aggs?.departments) as (Bucket & { skills?: { counted?: { bySkill?: { buckets: Bucket[] } } } })[];
  const months = termsBuckets(((aggs?.credentials as AggTree | undefined)?.inWindow as AggTree | undefined)?.perMonth) as (Bucket & { key_as_string?: string })[];
  const total = typeof res.hits.total === 'number' ? res.hits.total : (res.hits.total?.value ?? 0);
  const pairs = filters.coverageLevels ?? [];
  const coverage =
    pairs.length === 0
      ? { firstCoveredPerMonth: [], coveredBeforeFrom: 0 }
      : await coverageEs(client, alias, employees, {
          bool: {
            filter: [...countedRow(VERIFIED_LEVELS, at)],
            should: pairs.map((p) => ({ bool: { filter: [{ term: { 'skills.skill': p.skill } }, { range: { 'skills.level': { gte: p.level } } }] } })),
            minimum_should_match: 1,
          },
        }, window);
  const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  return {
    employeeCount: total,
    skillLevelCounts: bySkill
      .map((b) => {
        const counts = [1, 2, 3, 4, 5].map((l) => b.levels?.buckets.find((x) => String(x.key) === String(l))?.doc_count ?? 0);
        return { skill: String(b.key), atLeast: counts as [number, number, number, number, number] };
      })
      .filter((s) => s.atLeast[0] > 0)
      .sort((a, b) => byteOrder(a.skill, b.skill)),
    departmentSkill: departments
      .flatMap((d) => (d.skills?.counted?.bySkill?.buckets ?? []).map((s) => ({ departmentId: String(d.key), skill: String(s.key), count: s.doc_count })))
      .sort((a, b) => byteOrder(a.departmentId, b.departmentId) || byteOrder(a.skill, b.skill)),
    departmentSizes: departments.map((d) => ({ departmentId: String(d.key), count: d.doc_count })).sort((a, b) => byteOrder(a.departmentId, b.departmentId)),
    credentialsPerMonth: months.map((m) => ({ month: m.key_as_string ?? String(m.key), count: m.doc_count })),
    ...coverage,
  };
}

/**
 * Skill picker counts (issue 13 item 3): people in the scope (reverse_nested, so a person counts once
 * per skill) with a verified, unexpired row of each asked skill. One size-0 request.
 */
export function buildSkillHoldersRequest(alias: string, skillIds: string[], scope: VisibilityScope, at: Date): estypes.SearchRequest {
  return {
    index: alias,
    size: 0,
    query: { bool: { filter: [scopeQuery(scope)] } },
    aggs: {
      skills: {
        nested: { path: 'skills' },
        aggs: {
          counted: {
            filter: { bool: { filter: [{ terms: { 'skills.skill': skillIds } }, ...countedRow(VERIFIED_LEVELS, at)] } },
            aggs: { values: { terms: { field: 'skills.skill', size: skillIds.length }, aggs: { people: { reverse_nested: {} } } } },
          },
        },
      },
    },
  };
}
