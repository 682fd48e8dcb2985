// The embedded search engine: SQL over the application's own database (PGlite in-process or a Postgres
// server), reading its own derived tables (search_documents, search_document_skills, search_skill_facts,
// search_doc_facets) that the indexer fills from PersonDoc, exactly as it fills Elasticsearch. One
// statement per search scores every candidate on ids only, cuts the page, counts total and facets on
// the same materialised matched set, and reads the page's people in full (their breakdown rows) and
// the checks it was built on (skill keys, known skills): one round trip when warm (runSearch).
import { inArray, sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { isPostgresServer, rowsOf, type DbOrTx } from '../db/client';
import { queryWithLocalSettings } from '../db/local-settings';
import { ownValue } from '../domain/own-value';
import { searchDocumentSkills, searchDocuments } from '../db/schema';
import { scopeAllows, type VisibilityScope, type VisiblePerson } from '../domain/permissions';
import type { FacetBucket, FacetName, SearchQuery, SearchResult } from '../domain/search-query';
import type { EngineHealth, InsightsAggregations, InsightsFilters, PersonDoc, ReindexProgress, SearchEngine } from './engine';
import { buildHit, FACET_SIZE, insightsWindow } from './scoring';
import { MAX_EVIDENCE_PER_REQUIREMENT, RELATED_CREDIT_FACTOR } from '../domain/match-score';
import { MAX_FUZZY_EXPANSIONS, MAX_PREFIX_EXPANSIONS, MIN_PREFIX_LENGTH, TEXT_FIELDS, textLeaves, typoBudget, typoDistance, type TextExpr, type TextPhrase, type TextWord } from '../domain/text-query';
import { documentFieldText, documentTerms, documentText, documentVocabulary, FIELD_CODE, fieldTerm, MAX_INDEXED_RUN, queryTextExpr } from './text-tokens';
import { flatStatement } from './statement-text';

export type EmbeddedEngineOptions = {
  /** The clock that decides which skills have expired (tests freeze it). */
  now?: () => Date;
  /**
   * Told how the skill/issuer/kind/department/location facets of each search were counted (on the matched set, or totals minus
   * the complement) and when a search (re)computed the scope's totals (tests assert the path).
   */
  onFacetPath?: (path: 'matched' | 'complement' | 'cells' | 'filled' | 'shared') => void;
  /** Documents written or deleted between two vacuums of the index tables (default VACUUM_AFTER_WRITES). */
  vacuumAfterWrites?: number;
};

/**
 * PGlite has no autovacuum: rewritten and deleted documents leave dead rows that every later scan
 * still reads (a full reindex without it doubles the tables). After this many documents written or
 * deleted on a database handle, the engine vacuums its tables, so the space is reused and the
 * statistics stay fresh (on a Postgres server, autovacuum would too; an extra vacuum is harmless).
 */
export const VACUUM_AFTER_WRITES = 20_000;
/**
 * ... or this share of the documents the index held at the last vacuum, if more (as Postgres'
 * autovacuum_vacuum_scale_factor): a 1,000,000-person reindex otherwise vacuumed and analysed every
 * table 50 times (each time scanning the whole text index), 17 times with it.
 */
export const VACUUM_SCALE_FACTOR = 0.2;
const writesSinceVacuum = new WeakMap<object, number>();
/** Documents in the index at the last vacuum, per database handle. */
const documentsAtVacuum = new WeakMap<object, number>();
// With the per-cell counts of migrations 0017 and 0018: every index write updates their rows in place
// (dead rows each time), and a whole count of the cell totals read 2-3 times the pages it needed on a
// freshly seeded demo (107-139 ms before a vacuum, 34-36 ms after).
const INDEX_TABLES = sql.raw(
  'search_documents, search_document_skills, search_skill_facts, search_skill_keys, search_doc_facets, search_cells, search_terms, search_doc_text, search_text_keys, ' +
    'search_cell_people, search_cell_skills, search_cell_expiring, search_cell_issuers, search_cell_skill_levels, search_cell_expiring_levels, search_cell_months, search_cell_credential_dates',
);

/**
 * People who share every attribute the scope and the cell filters read (kind, department, location,
 * open to mobility, searchable), with their facet counts. A query whose matched set is a union of
 * cells (no essential requirement, text, issuer, role or minimum score) takes its facets from them.
 */
type Cell = VisiblePerson & { cellNo: number; location: string; people: number; skill: [string, number][]; issuer: [string, number][] };

/** Facet totals of the whole index by cell, valid for one index version and time span. */
type CellTotals = {
  version: number;
  /** The clock when computed; valid for `at` in [computedAt, nextExpiry). */
  computedAt: number;
  nextExpiry: number;
  cells: Cell[];
  /** Sums per scope (sumCells without filters), and per scope and cell filters (filteredSums), computed on first use. */
  byScope: Map<string, CellSums>;
  /** totalsState.localWrites when computed: a write by this process since makes them suspect. */
  localWrites: number;
};

/** `buckets`: each facet's buckets over these sums, made once (the sums never change; see toBuckets). */
type CellSums = { people: number; counts: Record<TotalFacet, Map<string, number>>; buckets?: Partial<Record<TotalFacet, FacetBucket[]>> };

/** Facets that totals can answer (`level` depends on the query's first requirement). */
const TOTAL_FACETS = ['skill', 'issuer', 'kind', 'department', 'location'] as const;
type TotalFacet = (typeof TOTAL_FACETS)[number];
const isTotalFacet = (name: FacetName): name is TotalFacet => (TOTAL_FACETS as readonly string[]).includes(name);

/**
 * This process's cell-totals state, kept on globalThis: Next bundles the instrumentation hook (which
 * runs the in-process indexer, the server's only index writer) apart from the route handlers (the
 * searches), each with its own copy of this module. With module-level state the searches never heard
 * of the indexer's writes and its patched totals: every import made them find the index version moved
 * and count the totals whole (30 whole counts in a 30 s mix on Postgres, 47 ms each).
 */
type TotalsState = {
  /**
   * Cell totals per (database handle, verified only or not). Shared by every engine over the same
   * handle (getSearchEngine makes one per request) and every scope; used only when the index version
   * read in the search's own snapshot matches, so other processes' writes invalidate them too.
   */
  cache: WeakMap<object, Map<boolean, CellTotals>>;
  /** A cell-totals statement running per (database handle, verified only), see cellTotalsOnce. */
  inFlight: WeakMap<object, Map<boolean, TotalsFlight>>;
  /**
   * Index writes (documents written or deleted, a reindex's removals) through any embedded engine of
   * this process, counted after they are done. Cached cell totals remember the count they were
   * computed at: a write of our own patches them (patchesFor) or, when it cannot, makes them suspect
   * so that they are counted again BEFORE the next search. Writes by other processes are caught by the
   * index version each search statement returns.
   */
  localWrites: number;
  /** Local index writes under way (settled once counted and their patches applied). */
  writing: Set<Promise<void>>;
};
const totalsState: TotalsState = ((globalThis as unknown as { skillproofCellTotals?: TotalsState }).skillproofCellTotals ??= {
  cache: new WeakMap(),
  inFlight: new WeakMap(),
  localWrites: 0,
  writing: new Set(),
});
// A state object made by an older copy of this module (a dev server's reload) may lack newer fields.
totalsState.writing ??= new Set();

/**
 * Longest a search that found the index version moved waits for a local write still finishing (its
 * commit is visible to other connections a moment before this process hears of it, so on a Postgres
 * server a search statement could see it first and count the totals whole: about one whole count per
 * import in the load mix). Longer writes (a reindex batch) are not waited for.
 */
const WAIT_FOR_LOCAL_WRITE_MS = 200;
const totalsCache = totalsState.cache;

/**
 * Skill id -> integer key (null: a taxonomy skill never indexed) per database handle, for skills that
 * have a key or that the taxonomy holds (so bounded by the taxonomy, whatever ids requests send).
 * search_skill_keys is insert-only, but a test may empty the index: every search statement returns
 * the keys of its own snapshot, and a difference updates this map and reruns it.
 */
const skillKeyCache = new WeakMap<object, Map<string, number | null>>();

function skillKeyCacheFor(db: DbOrTx): Map<string, number | null> {
  let cache = skillKeyCache.get(db);
  if (!cache) {
    cache = new Map();
    skillKeyCache.set(db, cache);
  }
  return cache;
}

/** Longest a single search statement may run before Postgres cancels it. */
export const SEARCH_TIMEOUT_MS = 15_000;

/** Memory per hash/sort of one search (the default 4 MB spills broad facet joins in batches). */
const SEARCH_WORK_MEM = '32MB';

/**
 * Local to each search statement. Broad matches hash tens of thousands of people for their facets:
 * keep that in memory. JIT off as for writes (writeDocs): compiling a search's plan costs more than
 * running it.
 */
const SEARCH_SETTINGS = { statement_timeout: String(SEARCH_TIMEOUT_MS), work_mem: SEARCH_WORK_MEM, jit: 'off', plan_cache_mode: 'force_custom_plan' };
/**
 * On a Postgres server, over a small index, a search statement runs on its generic plan (planned
 * once per shape and pooled connection, not for every search). Planning was half of a search
 * statement's time at 2,000 people (1.2-1.5 ms of 2-3 ms, every search) and a third of Postgres's CPU
 * under the load benchmark. Measured per statement against force_custom_plan (the load benchmark's
 * search mix, 120 searches replayed, min of 5 runs each, Postgres 15, session 22): at 2,000 people
 * 292 -> 161 ms in all, every statement faster; at 100,000 people 11.2 -> 12.0 s, no statement
 * shape faster (execution is 15-180 ms there, planning a few per cent of it, and the plan built
 * for the values is as good or better). Between the two it was not measured, so the generic plan
 * is used only up to GENERIC_PLAN_MAX_PEOPLE visible people (from the cached cell totals; without
 * them, planned for the values). Never on PGlite: there a generic plan of the whole-cell statement
 * took 216 ms where its own took 8 (session 20). A plan never changes what a statement returns.
 */
const SEARCH_SETTINGS_GENERIC = { ...SEARCH_SETTINGS, plan_cache_mode: 'force_generic_plan' };
export const GENERIC_PLAN_MAX_PEOPLE = 5_000;

/** Rows per INSERT: well under Postgres' 65,535 bind parameters. */
const INSERT_CHUNK = 2000;

export function createEmbeddedEngine(db: DbOrTx, options: EmbeddedEngineOptions = {}): SearchEngine {
  const now = options.now ?? (() => new Date());
  const genericPlansAllowed = isPostgresServer(db);
  const vacuumAfterWrites = options.vacuumAfterWrites ?? VACUUM_AFTER_WRITES;

  async function writeDocs(tx: DbOrTx, docs: PersonDoc[], touched: TouchedCells): Promise<void> {
    // On a Postgres server built with LLVM (Debian's, most packages) JIT is on by default, and the
    // fill functions' set-returning calls are estimated at millions of rows: each write paid 1.5-3 s
    // of JIT compilation for a few milliseconds of work (7 documents: 2.6 s with JIT, 8 ms without).
    // PGlite has no JIT; the setting is a no-op there. Transaction-local.
    await tx.execute(sql`select set_config('jit', 'off', true)`);
    const ids = docs.map((d) => d.personId);
    for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
      await deleteDocs(tx, ids.slice(i, i + INSERT_CHUNK), touched);
    }
    // One JSON parameter per chunk, expanded by Postgres (jsonb_to_recordset): far fewer bind
    // parameters and round trips than a multi-row VALUES list, which is what bulk indexing needs.
    const vocabulary = new Set<string>();
    /** Each document's text terms (search_doc_text), and all of them once (their keys). */
    const textRows: { person_id: string; terms: string[] }[] = [];
    const docRows = docs.map((d) => {
      const text = documentText(d);
      for (const term of documentVocabulary(text)) vocabulary.add(term);
      textRows.push({ person_id: d.personId, terms: documentTerms(text) });
      return {
      person_id: d.personId,
      kind: d.kind,
      name: d.name,
      headline: d.headline,
      location: d.location,
      department_id: d.departmentId,
      current_role: d.currentRole,
      current_role_profile_id: d.currentRoleProfileId,
      open_to_mobility: d.openToMobility,
      searchable: d.searchable,
      field_text: documentFieldText(text),
      issuer_ids: d.issuerIds,
      verified_credential_count: d.verifiedCredentialCount,
      last_verified_at: d.lastVerifiedAt,
      verified_credential_dates: d.verifiedCredentialDates,
      };
    });
    // New words join the vocabulary that tolerant words expand against (sorted: a stable lock order
    // when two writers add words at once).
    const terms = [...vocabulary].sort();
    for (let i = 0; i < terms.length; i += INSERT_CHUNK * 5) {
      const json = JSON.stringify(terms.slice(i, i + INSERT_CHUNK * 5));
      await tx.execute(sql`insert into search_terms (term) select t from jsonb_array_elements_text(${json}::jsonb) as x(t) order by 1 on conflict do nothing`);
    }
    for (let i = 0; i < docRows.length; i += INSERT_CHUNK) {
      const json = JSON.stringify(docRows.slice(i, i + INSERT_CHUNK));
      await tx.execute(sql`insert into search_documents (person_id, kind, name, headline, location, department_id, "current_role", current_role_profile_id,
          open_to_mobility, searchable, field_text, issuer_ids, verified_credential_count, last_verified_at, verified_credential_dates)
        select person_id, kind::person_kind, name, headline, location, department_id, "current_role", current_role_profile_id,
          open_to_mobility, searchable, field_text, issuer_ids, verified_credential_count, last_verified_at, verified_credential_dates
        from jsonb_to_recordset(${json}::jsonb) as x(person_id text, kind text, name text, headline text, location text, department_id text,
          "current_role" text, current_role_profile_id text, open_to_mobility boolean, searchable boolean, field_text text, issuer_ids text[],
          verified_credential_count int, last_verified_at timestamptz, verified_credential_dates timestamptz[])`);
    }
    const skillRows = docs.flatMap((d) =>
      d.skills.map((s) => ({
        person_id: d.personId,
        skill_id: s.skill,
        verified: s.verified,
        level: s.level,
        credential_ids: s.credentialIds,
        achieved_at: s.achievedAt,
        expires_at: s.expiresAt,
        trusted_level: s.trustedLevel,
        trusted_credential_ids: s.trustedCredentialIds,
        trusted_expires_at: s.trustedExpiresAt,
      })),
    );
    // New skill ids get their integer key first (sorted: a stable lock order between writers).
    const skillIds = JSON.stringify([...new Set(skillRows.map((r) => r.skill_id))]);
    await tx.execute(sql`insert into search_skill_keys (skill_id) select t from jsonb_array_elements_text(${skillIds}::jsonb) as x(t) order by 1 on conflict do nothing`);
    // The wide rows and their narrow facet copy, keyed by integers, from one parse of the rows: the
    // copy used to read the wide rows back by person id after writing them.
    for (let i = 0; i < skillRows.length; i += INSERT_CHUNK * 5) {
      const json = JSON.stringify(skillRows.slice(i, i + INSERT_CHUNK * 5));
      await tx.execute(sql`with x as materialized (
          select person_id, skill_id, verified, level, credential_ids, achieved_at, expires_at, trusted_level,
            coalesce(trusted_credential_ids, '[]'::jsonb) as trusted_credential_ids, trusted_expires_at
          from jsonb_to_recordset(${json}::jsonb) as x(person_id text, skill_id text, verified boolean, level int, credential_ids jsonb,
            achieved_at timestamptz, expires_at timestamptz, trusted_level int, trusted_credential_ids jsonb, trusted_expires_at timestamptz)
        ),
        wide as (
          insert into search_document_skills (person_id, skill_id, verified, level, credential_ids, achieved_at, expires_at,
            trusted_level, trusted_credential_ids, trusted_expires_at)
          select person_id, skill_id, verified, level, credential_ids, achieved_at, expires_at, trusted_level, trusted_credential_ids, trusted_expires_at from x
        )
        insert into search_skill_facts (doc_no, skill_no, level, verified, expires_at, trusted_level, trusted_expires_at, credentials, trusted_credentials)
        select d.doc_no, k.skill_no, x.level, x.verified, x.expires_at, x.trusted_level, x.trusted_expires_at,
          least(jsonb_array_length(x.credential_ids), 32767), least(jsonb_array_length(x.trusted_credential_ids), 32767)
        from x join search_documents d on d.person_id = x.person_id join search_skill_keys k on k.skill_id = x.skill_id`);
    }
    for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
      const chunk = ids.slice(i, i + INSERT_CHUNK);
      // The narrow per-document rows searches read (migration 0008 defines them from the rows above).
      await tx.execute(sql`select search_doc_facets_fill(array(select doc_no from search_documents where person_id in (${list(chunk)})))`);
      const added = rowsOf<{ cells: number[] | null }>(
        await tx.execute(sql`select array(select distinct cell_no from search_doc_facets where doc_no in (select doc_no from search_documents where person_id in (${list(chunk)}))) as cells`),
      )[0];
      for (const cell of added?.cells ?? []) touched.cells.add(Number(cell));
    }
    await writeTextTerms(tx, textRows);
  }

  /** VACUUM ANALYZE of the index tables (not possible inside a transaction: then left to the caller's handle). */
  async function vacuum(): Promise<void> {
    if (db instanceof PgTransaction) return;
    writesSinceVacuum.set(db, 0);
    await db.execute(sql`vacuum analyze ${INDEX_TABLES}`);
    // The row estimate the analyse just made (no count of a million-row table).
    const row = rowsOf<{ n: number | string }>(await db.execute(sql`select greatest(reltuples, 0)::bigint as n from pg_class where oid = 'search_documents'::regclass`))[0];
    documentsAtVacuum.set(db, Number(row?.n ?? 0));
  }

  /**
   * A local index write begins: searches that find the index version moved meanwhile wait for it to
   * be counted (cellTotalsOnce). `finished` counts it (totalsState.localWrites) and applies its patches
   * (none if it failed), in that order and at once, after the transaction ended.
   */
  function beginLocalWrite(): (patches: TotalsPatch[]) => void {
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    totalsState.writing.add(done);
    return (patches) => {
      totalsState.localWrites++;
      applyPatches(db, patches);
      totalsState.writing.delete(done);
      settle();
    };
  }

  async function noteWrites(count: number): Promise<void> {
    const written = (writesSinceVacuum.get(db) ?? 0) + count;
    writesSinceVacuum.set(db, written);
    if (written >= Math.max(vacuumAfterWrites, VACUUM_SCALE_FACTOR * (documentsAtVacuum.get(db) ?? 0))) await vacuum();
  }

  /**
   * One search, in the common case ONE round trip: the statement reads the skill keys it was built
   * with and the taxonomy's known skills (checkSkills) in its own snapshot, ranks, counts facets and
   * returns the page's documents and breakdown rows. What it was built from is cached and checked
   * by the statement itself, so a write is seen by the next search (read-after-write stays exact):
   * - skill keys (search_skill_keys, insert-only): cached per database handle; the statement returns
   *   the keys of the snapshot and a difference reruns it with those;
   * - cell totals: cached per handle and index version; refreshed first when this process wrote the
   *   index since (the indexer runs in the web server), otherwise when the statement reports another
   *   version (another process wrote): the complement path then already counted the matched set, a
   *   whole-cell answer is run again.
   */
  async function runSearch(query: SearchQuery, scope: VisibilityScope, checkSkills: boolean): Promise<{ result: SearchResult; unknownSkills: string[] }> {
    const at = now();
    // Cell totals count verified / any levels; a "trusted issuers only" search counts its own facets.
    const wantsTotals = query.facets.some(isTotalFacet) && !query.filters.trustedOnly;
    const cache = cacheFor(db);
    const cached = wantsTotals ? cache.get(query.filters.verifiedOnly) : undefined;
    // Time-valid (no counted row expires between when they were computed and now) and no index write
    // by this process since.
    let totals = cached && totalsCurrentAt(cached, at) ? cached : undefined;
    const refreshTotals = async (minVersion: number) => {
      const { totals: fresh, shared } = await cellTotalsOnce(db, query.filters.verifiedOnly, at, minVersion);
      totals = fresh;
      // Not over totals a local write has patched since this count began (they are newer).
      if (!shared && fresh.localWrites === totalsState.localWrites) cache.set(query.filters.verifiedOnly, fresh);
      options.onFacetPath?.(shared ? 'shared' : 'filled');
    };
    if (wantsTotals && !totals) await refreshTotals(0);
    // Related skills too: they score partial credit and the breakdown names them.
    const skillIds = [...new Set(query.requirements.flatMap((r) => [r.skill, ...(r.related ?? [])]))];
    const keyCache = skillKeyCacheFor(db);
    /** This search's keys (null: none), from the cache or looked up for the ids it does not hold. */
    const searchKeys = new Map(skillIds.flatMap((id) => (keyCache.has(id) ? [[id, keyCache.get(id) ?? null] as const] : [])));
    const missing = skillIds.filter((id) => !searchKeys.has(id));
    if (missing.length > 0) {
      const found = await resolveSkillKeys(db, missing);
      for (const id of missing) searchKeys.set(id, found.get(id) ?? null);
    }
    const text = await prepareText(db, queryTextExpr(query.text));
    const checks: SearchChecks = { skillIds, knownSkills: checkSkills };

    let row: SearchRow | undefined;
    let used: CellTotals | undefined;
    let viaCells = false;
    for (let attempt = 0; ; attempt++) {
      used = totals;
      // A whole-cell query takes every facet but `level` from the totals: its statement only ranks.
      // After two tries against a changing index, count this search's facets itself.
      viaCells = used !== undefined && attempt < 2 && matchesWholeCells(query);
      const keys = new Map(skillIds.flatMap((id) => (searchKeys.get(id) == null ? [] : [[id, searchKeys.get(id)!] as const])));
      const complement = used ? { visible: scopeSums(used, scope).people, version: used.version } : undefined;
      // A runaway search must not hold the database: on a Postgres server it is cancelled after
      // SEARCH_TIMEOUT_MS (searchPeople answers 422). PGlite has no statement timeout (no signals in
      // WebAssembly); there the settings only size the hashes.
      // Prepared (named per connection): parsing and analysing the statement was about a sixth of a
      // search's time on the PGlite worker (a shape repeats across searches: values are parameters).
      // Its text and parameters rendered in one walk (flatStatement): drizzle's own rendering of this
      // tree was ~145 µs of the main thread a search.
      // Planned for its own values every time (SEARCH_SETTINGS' plan_cache_mode): on PGlite a generic
      // plan of the whole-cell statement took 216 ms where its own took 8. On a Postgres server over
      // a small index, its generic plan (SEARCH_SETTINGS_GENERIC).
      const generic = genericPlansAllowed && complement !== undefined && complement.visible <= GENERIC_PLAN_MAX_PEOPLE;
      row = (await queryWithLocalSettings<SearchRow>(db, generic ? SEARCH_SETTINGS_GENERIC : SEARCH_SETTINGS, flatStatement(pathStatement(query, scope, at, keys, text, complement, viaCells, checks)), { prepared: true }))[0];
      const snapshotKeys = row?.skill_keys ?? {};
      const keysChanged = skillIds.some((id) => (searchKeys.get(id) ?? null) !== (ownValue(snapshotKeys, id) ?? null));
      const known = new Set(row?.known_skills ?? []);
      for (const id of skillIds) {
        const key = ownValue(snapshotKeys, id) ?? null;
        searchKeys.set(id, key);
        // Remembered: a key, or "none" for a skill the taxonomy holds. Never an id the taxonomy lacks
        // (or not checked): ids come from requests, and the cache must stay bounded by the taxonomy.
        if (key !== null) keyCache.set(id, key);
        else if (known.has(id)) keyCache.set(id, null);
        else keyCache.delete(id);
      }
      // Another process wrote the index since the totals were counted: count them again for the next searches.
      const stale = used !== undefined && Number(row?.index_version ?? -1) !== used.version;
      if (stale) await refreshTotals(Number(row?.index_version ?? 0));
      if (!keysChanged && !(stale && viaCells)) break;
      if (attempt >= 4) throw new Error('The search index kept changing under this search (skill keys); try again.');
    }
    const scoped = used ? scopeSums(used, scope) : undefined;
    const fromCells = viaCells && used ? filteredSums(used, scope, query.filters) : undefined;
    const total = row?.total === null && fromCells ? fromCells.people : Number(row?.total ?? 0);
    const hits = (row?.hits ?? []).flatMap(([personId, , doc]) => (doc ? [buildHit(indexedDocOf(personId, doc), query, at)] : []));
    const facets: SearchResult['facets'] = {};
    for (const name of query.facets) {
      const value = row?.facets?.[name];
      if (fromCells && isTotalFacet(name)) {
        options.onFacetPath?.('cells');
        facets[name] = sumsBuckets(fromCells, name);
      } else if (value && !Array.isArray(value) && scoped && isTotalFacet(name)) {
        // Counted over the visible people NOT matched: the matched counts are totals minus those.
        options.onFacetPath?.('complement');
        facets[name] = minusComplement(scoped.counts[name], value.minus);
      } else {
        if (isTotalFacet(name)) options.onFacetPath?.('matched');
        facets[name] = ((Array.isArray(value) ? value : null) ?? []).map(([v, count]): FacetBucket => ({ value: String(v), count: Number(count) }));
      }
    }
    const known = new Set(row?.known_skills ?? []);
    return { result: { total, hits, facets }, unknownSkills: checkSkills ? skillIds.filter((id) => !known.has(id)) : [] };
  }

  const engine: SearchEngine = {
    kind: 'embedded',

    async indexPeople(docs) {
      if (docs.length === 0) return;
      // Last write wins within one batch too, so a person listed twice is indexed once.
      const unique = [...new Map(docs.map((d) => [d.personId, d])).values()];
      const finished = beginLocalWrite();
      let patches: TotalsPatch[] = [];
      try {
        patches = await db.transaction(async (tx) => {
          const touched: TouchedCells = { versionBefore: undefined, cells: new Set() };
          await writeDocs(tx, unique, touched);
          return patchesFor(tx, db, touched, now());
        });
      } finally {
        finished(patches);
      }
      await noteWrites(unique.length);
    },

    async deletePeople(personIds) {
      if (personIds.length === 0) return;
      const finished = beginLocalWrite();
      let patches: TotalsPatch[] = [];
      try {
        patches = await db.transaction(async (tx) => {
          const touched: TouchedCells = { versionBefore: undefined, cells: new Set() };
          for (let i = 0; i < personIds.length; i += INSERT_CHUNK) {
            await deleteDocs(tx, personIds.slice(i, i + INSERT_CHUNK), touched);
          }
          return patchesFor(tx, db, touched, now());
        });
      } finally {
        finished(patches);
      }
      await noteWrites(personIds.length);
    },

    async search(query, scope, searchOptions) {
      const checkSkills = searchOptions?.checkSkills === true;
      const { result, unknownSkills } = await runSearch(query, scope, checkSkills);
      return checkSkills ? { ...result, unknownSkills } : result;
    },

    async aggregate(filters, scope) {
      return aggregateEmbedded(db, filters, scope, now());
    },

    async countSkillHolders(skillIds, scope) {
      return countSkillHoldersEmbedded(db, skillIds, scope, now(), cacheFor(db).get(true));
    },

    async health(): Promise<EngineHealth> {
      try {
        // The people per cell the triggers of migration 0017 keep (one search_doc_facets row per
        // document): a few hundred rows, where counting the documents read all of them on every
        // health probe (3-16 ms at 2,000 people, growing with the index).
        const row = rowsOf<{ n: number }>(await db.execute(sql`select coalesce(sum(people), 0)::int as n from search_cell_people`))[0];
        const documents = Number(row?.n ?? 0);
        return { engine: 'embedded', ok: true, message: `Embedded SQL search: ${documents} people indexed.`, documents, indexName: 'search_documents' };
      } catch (err) {
        return { engine: 'embedded', ok: false, message: `Embedded search index unreadable: ${(err as Error).message}`, documents: null };
      }
    },

    async reindex(loadDocs, onProgress?: (p: ReindexProgress) => void) {
      // The embedded index lives in the same database, so there is no second index to swap to: every
      // person's document is replaced in its own small transaction (a search sees the old or the new
      // document, never none), then documents not rewritten since the start (people who no longer
      // exist) are removed. No transaction stays open while documents are loaded: on PGlite, with one
      // connection, that would block the loader's own reads.
      onProgress?.({ phase: 'creating', done: 0, total: 0 });
      const mark = rowsOf<{ t: string }>(await db.execute(sql`select clock_timestamp()::text as t`))[0]?.t;
      let done = 0;
      const total = await loadDocs(async (docs) => {
        await engine.indexPeople(docs);
        done += docs.length;
        onProgress?.({ phase: 'indexing', done, total: 0 });
      });
      onProgress?.({ phase: 'swapping', done, total });
      let removed = 0;
      if (mark) {
        await db.transaction(async (tx) => {
          await tx.execute(sql`delete from search_skill_facts where doc_no in (select doc_no from search_documents where indexed_at < ${mark}::timestamptz)`);
          await tx.execute(sql`delete from search_doc_facets where doc_no in (select doc_no from search_documents where indexed_at < ${mark}::timestamptz)`);
          await tx.execute(sql`delete from search_doc_text where doc_no in (select doc_no from search_documents where indexed_at < ${mark}::timestamptz)`);
          await tx.execute(sql`delete from search_document_skills where person_id in (select person_id from search_documents where indexed_at < ${mark}::timestamptz)`);
          removed = Number(
            rowsOf<{ n: number }>(await tx.execute(sql`with gone as (delete from search_documents where indexed_at < ${mark}::timestamptz returning 1) select count(*)::int as n from gone`))[0]?.n ?? 0,
          );
        });
      }
      // Fresh statistics after a bulk load, so the planner sizes the facet joins right, and a fresh
      // visibility map, so requirement levels are read from the covering index alone; unless the
      // last batch's write just did exactly that and nothing changed since (a second vacuum of the
      // whole index cost 6 s per 20,000 people on PGlite).
      if (removed > 0) totalsState.localWrites++;
      if ((writesSinceVacuum.get(db) ?? 0) > 0 || removed > 0) await vacuum();
      onProgress?.({ phase: 'done', done, total });
    },
  };
  return engine;
}

/**
 * EXPLAIN ANALYZE of the statement a warm engine runs for this search (for the benchmark's --explain):
 * the same totals, whole-cell or complement path, skill keys and prepared text as search() uses.
 */
export async function explainSearch(db: DbOrTx, query: SearchQuery, scope: VisibilityScope, at: Date = new Date(), analyze = true): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('work_mem', ${SEARCH_WORK_MEM}, true), set_config('jit', 'off', true)`);
    const wantsTotals = query.facets.some(isTotalFacet) && !query.filters.trustedOnly;
    const totals = wantsTotals ? await computeCellTotals(tx, query.filters.verifiedOnly, at) : undefined;
    const wholeCells = totals !== undefined && matchesWholeCells(query);
    const keys = await resolveSkillKeys(tx, query.requirements.flatMap((r) => [r.skill, ...(r.related ?? [])]));
    const text = await prepareText(tx, queryTextExpr(query.text));
    const skillIds = [...new Set(query.requirements.flatMap((r) => [r.skill, ...(r.related ?? [])]))];
    const statement = pathStatement(query, scope, at, keys, text, totals ? complementOf(totals, scope) : undefined, wholeCells, { skillIds, knownSkills: true });
    // Without analyze: the plan and its planning time alone (what every search pays before running).
    const rows = rowsOf<Record<string, string>>(await tx.execute(analyze ? sql`explain (analyze, buffers off) ${statement}` : sql`explain (summary on) ${statement}`));
    return `${wholeCells ? 'whole-cell path (ranking only)' : totals ? 'complement path' : 'matched path'}\n${rows.map((r) => Object.values(r)[0]).join('\n')}`;
  });
}

type SearchRow = {
  /** null when the statement only ranked a whole-cell query (the total is the cells' people). */
  total: number | null;
  index_version: number | string;
  /** The page: person id, score and the person's document (null if it is gone). */
  hits: [string, number, PageDoc | null][] | null;
  facets: Record<string, [string, number][] | { minus: [string, number][] } | null> | null;
  /** The skill keys of the statement's snapshot, for the requested skills that have one. */
  skill_keys: Record<string, number> | null;
  /** The requested skills the taxonomy holds (only when asked: SearchChecks.knownSkills). */
  known_skills: string[] | null;
};

/** What a search statement reads besides the search: the skills whose keys it used (and checks). */
type SearchChecks = { skillIds: readonly string[]; knownSkills: boolean };

/** Timestamps travel as epoch milliseconds (exact: extract(epoch) is numeric), rebuilt as ISO strings. */
type EpochMs = number | null;
/** One breakdown row of search_document_skills (the requirement and related skills only). */
type PageSkill = [skill: string, level: number, verified: boolean, credentialIds: string[], achievedAt: EpochMs, expiresAt: EpochMs, trustedLevel: number | null, trustedCredentialIds: string[], trustedExpiresAt: EpochMs];
/** A page person's search_documents fields that a hit shows, and their breakdown rows. */
type PageDoc = [name: string, headline: string, kind: PersonDoc['kind'], departmentId: string | null, location: string, verifiedCredentialCount: number, lastVerifiedAt: EpochMs, skills: PageSkill[]];

const isoOfMs = (ms: EpochMs): string | null => (ms === null ? null : new Date(Number(ms)).toISOString());

/** A hit's source from the statement's page document (what loadIndexedDocs read in two more statements). */
function indexedDocOf(personId: string, doc: PageDoc): Parameters<typeof buildHit>[0] {
  const [name, headline, kind, departmentId, location, verifiedCredentialCount, lastVerifiedAt, skills] = doc;
  return {
    personId,
    name,
    headline,
    kind,
    departmentId,
    location,
    verifiedCredentialCount: Number(verifiedCredentialCount),
    lastVerifiedAt: isoOfMs(lastVerifiedAt),
    skills: skills.map(([skill, level, verified, credentialIds, achievedAt, expiresAt, trustedLevel, trustedCredentialIds, trustedExpiresAt]) => ({
      skill,
      level: Number(level),
      verified,
      credentialIds,
      issuerIds: [],
      achievedAt: isoOfMs(achievedAt),
      expiresAt: isoOfMs(expiresAt),
      trustedLevel: trustedLevel === null ? null : Number(trustedLevel),
      trustedCredentialIds,
      trustedExpiresAt: isoOfMs(trustedExpiresAt),
    })),
  };
}

const epochMs = (column: SQL) => sql`floor(extract(epoch from ${column}) * 1000)::bigint`;

/**
 * The page person `p.person_id`'s document and breakdown rows, as one JSON array (PageDoc): read in
 * the search statement itself, from the same snapshot, instead of two statements after it.
 */
function pageDocument(skillIds: readonly string[]): SQL {
  const skills =
    skillIds.length === 0
      ? sql`'[]'::jsonb`
      : sql`(select coalesce(jsonb_agg(jsonb_build_array(s.skill_id, s.level, s.verified, s.credential_ids, ${epochMs(sql`s.achieved_at`)}, ${epochMs(sql`s.expires_at`)},
            s.trusted_level, s.trusted_credential_ids, ${epochMs(sql`s.trusted_expires_at`)})), '[]'::jsonb)
          from search_document_skills s where s.person_id = pd.person_id and s.skill_id in (${list(skillIds)}))`;
  return sql`(select jsonb_build_array(pd.name, pd.headline, pd.kind, pd.department_id, pd.location, pd.verified_credential_count, ${epochMs(sql`pd.last_verified_at`)}, ${skills})
    from search_documents pd where pd.person_id = p.person_id)`;
}

/** The statement's check columns (SearchChecks). */
function checkColumns(checks: SearchChecks | undefined): SQL {
  if (!checks || checks.skillIds.length === 0) return sql`, null::jsonb as skill_keys, null::jsonb as known_skills`;
  const ids = list(checks.skillIds);
  const known = checks.knownSkills ? sql`(select coalesce(jsonb_agg(k.id), '[]'::jsonb) from skills k where k.id in (${ids}))` : sql`null::jsonb`;
  return sql`, (select jsonb_object_agg(k.skill_id, k.skill_no) from search_skill_keys k where k.skill_id in (${ids})) as skill_keys, ${known} as known_skills`;
}

/** Cached totals answer a search at `at`: no counted row expires in between, and no local index write since. */
function totalsCurrentAt(totals: CellTotals, at: Date): boolean {
  return totals.computedAt <= at.getTime() && at.getTime() < totals.nextExpiry && totals.localWrites === totalsState.localWrites;
}

/** A cell-totals statement running for (database handle, verified only), and what it can stand for. */
type TotalsFlight = { at: number; localWrites: number; totals: Promise<CellTotals> };
const totalsInFlight = totalsState.inFlight;

/**
 * Cell totals for a search at `at`, counted at most once at a time per handle and mode. After an index
 * write every search in flight finds the cached totals suspect at once; each counting them again for
 * itself (30 ms a count on the 2,000-person demo's PGlite, 657 counts in 40 s of the load benchmark's
 * mix, 20 of the database thread's 26 CPU-s) starved the one database thread. A search joins the count
 * already running when that count stands for it: started no later than the search's clock (so it
 * counted every row valid at `at`), after the same local writes, and in a snapshot at least as new as
 * `minVersion` (the index version the search's own statement saw, when that is why it asks). Otherwise
 * it counts for itself. Either way the search statement still checks the version it was given.
 */
async function cellTotalsOnce(db: DbOrTx, verifiedOnly: boolean, at: Date, minVersion: number): Promise<{ totals: CellTotals; shared: boolean }> {
  let flights = totalsInFlight.get(db);
  if (!flights) {
    flights = new Map();
    totalsInFlight.set(db, flights);
  }
  // Found stale by its statement: a local write whose commit it saw may still be finishing here; its
  // patch then makes the totals current without a count.
  if (minVersion > 0 && totalsState.writing.size > 0) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(totalsState.writing), new Promise<void>((resolve) => (timer = setTimeout(resolve, WAIT_FOR_LOCAL_WRITE_MS)))]);
    clearTimeout(timer);
  }
  // Or another process wrote, and a search that found the same a moment earlier has counted them
  // already (on a Postgres server the statements run side by side).
  const cached = minVersion > 0 ? cacheFor(db).get(verifiedOnly) : undefined;
  if (cached && cached.version >= minVersion && totalsCurrentAt(cached, at)) {
    return { totals: cached, shared: true };
  }
  const running = flights.get(verifiedOnly);
  if (running && running.localWrites === totalsState.localWrites && running.at <= at.getTime()) {
    const totals = await running.totals.catch(() => undefined);
    if (totals && totals.version >= minVersion && at.getTime() < totals.nextExpiry) return { totals, shared: true };
  }
  const flight: TotalsFlight = { at: at.getTime(), localWrites: totalsState.localWrites, totals: computeCellTotals(db, verifiedOnly, at) };
  flights.set(verifiedOnly, flight);
  try {
    return { totals: await flight.totals, shared: false };
  } finally {
    if (flights.get(verifiedOnly) === flight) flights.delete(verifiedOnly);
  }
}

/**
 * What one local index write changed, for the cached totals: the cells whose people it removed or
 * added (so whose per-cell counts the triggers of migration 0017 changed), and the index version
 * just before it.
 */
type TouchedCells = { versionBefore: number | undefined; cells: Set<number> };

/** Cached totals (`base`) and the touched cells counted again in the write's own transaction. */
type TotalsPatch = { verifiedOnly: boolean; base: CellTotals; touched: Set<number>; counted: CellTotals };

/**
 * Run at the end of a local index write's transaction `tx` (on the engine's `db`): for each cached mode whose totals describe the
 * index exactly as it was before this write (its version, still time-valid, no other local write
 * since), count the touched cells again, in this transaction, so in the snapshot the write commits.
 * A one-person write touches one or two cells of the few hundred; counting all of them again after
 * every import cost 37 ms of the database thread at 2,000 people (issue 12 item 6). Anything else
 * (no cached totals, another writer between, a reindex's removals) leaves the totals to be counted
 * again whole, as before.
 */
async function patchesFor(tx: DbOrTx, db: DbOrTx, touched: TouchedCells, at: Date): Promise<TotalsPatch[]> {
  const cache = totalsCache.get(db);
  if (!cache || touched.versionBefore === undefined) return [];
  const patches: TotalsPatch[] = [];
  for (const [verifiedOnly, base] of cache) {
    const current = base.version === touched.versionBefore && base.localWrites === totalsState.localWrites && base.computedAt <= at.getTime() && at.getTime() < base.nextExpiry;
    if (!current) continue;
    // Counted at the base's own instant, so the patched totals hold from then on, as the base did: a
    // search that began before this write (its clock earlier than the write's) can still use them.
    const cells = [...touched.cells].sort((a, b) => a - b);
    patches.push({ verifiedOnly, base, touched: touched.cells, counted: await computeCellTotals(tx, verifiedOnly, new Date(base.computedAt), cells) });
  }
  return patches;
}

/**
 * After the write committed (and totalsState.localWrites counted it): the patched totals replace the cached
 * ones they were made from, unless something replaced those meanwhile. Untouched cells keep their
 * counts (no row of theirs changed); valid from the base's instant until the earlier of the two expiries.
 */
function applyPatches(db: DbOrTx, patches: TotalsPatch[]): void {
  const cache = cacheFor(db);
  for (const { verifiedOnly, base, touched, counted } of patches) {
    if (cache.get(verifiedOnly) !== base) continue;
    cache.set(verifiedOnly, {
      version: counted.version,
      computedAt: counted.computedAt,
      nextExpiry: Math.min(base.nextExpiry, counted.nextExpiry),
      cells: [...base.cells.filter((c) => !touched.has(c.cellNo)), ...counted.cells],
      byScope: new Map(),
      localWrites: totalsState.localWrites,
    });
  }
}

function cacheFor(db: DbOrTx): Map<boolean, CellTotals> {
  let cache = totalsCache.get(db);
  if (!cache) {
    cache = new Map();
    totalsCache.set(db, cache);
  }
  return cache;
}

/** The index version in the current statement's snapshot (bumped by triggers on every index write). */
const indexVersion = sql`coalesce((select version from search_index_state where id = 1), 0)`;

/**
 * Facet totals of every indexed person by cell (see Cell), with the index version of the same
 * snapshot and the next instant a counted skill expires (the totals are exact until then). Read from
 * the per-cell counts the triggers of migration 0017 maintain on every write (a few thousand rows),
 * not from the documents: never-expiring skills as counted, plus the expiring ones whose latest expiry
 * is after `at`.
 */
export async function computeCellTotals(tx: DbOrTx, verifiedOnly: boolean, at: Date, onlyCells?: readonly number[]): Promise<CellTotals> {
  // Read before the statement: a write finishing while it runs leaves these totals suspect, not trusted.
  const localWrites = totalsState.localWrites;
  const instant = at.toISOString();
  // Some cells only (the ones a local write touched, see TouchedCells): by the tables' primary keys.
  const cellList = onlyCells === undefined ? undefined : `{${onlyCells.map((n) => Math.trunc(n)).join(',')}}`;
  const inCells = cellList === undefined ? sql`` : sql` and cell_no = any(${cellList}::int[])`;
  const row = rowsOf<{ version: number | string; next_expiry: number | string | null; cells: [number, string, string, string, boolean, boolean, number, Record<string, number>, Record<string, number>][] | null }>(
    await tx.execute(sql`with skills as (
        select x.cell_no, jsonb_object_agg(k.skill_id, x.c) as counts from (
          select cell_no, skill_no, sum(people)::int as c from (
            select cell_no, skill_no, people from search_cell_skills where verified_only = ${verifiedOnly}${inCells}
            union all
            select cell_no, skill_no, people from search_cell_expiring where verified_only = ${verifiedOnly} and until > ${instant}::timestamptz${inCells}
          ) u group by 1, 2 having sum(people) <> 0
        ) x join search_skill_keys k on k.skill_no = x.skill_no group by 1
      ), issuers as (
        select cell_no, jsonb_object_agg(issuer_id, people) as counts from search_cell_issuers where people <> 0${inCells} group by 1
      )
      select ${indexVersion} as version,
        (select floor(extract(epoch from min(until)) * 1000)::float8 from search_cell_expiring
           where verified_only = ${verifiedOnly} and people <> 0 and until > ${instant}::timestamptz${inCells}) as next_expiry,
        (select jsonb_agg(jsonb_build_array(p.cell_no, c.kind, c.department_id, c.location, c.open_to_mobility, c.searchable, p.people,
           coalesce(s.counts, '{}'::jsonb), coalesce(i.counts, '{}'::jsonb)))
         from search_cell_people p join search_cells c on c.cell_no = p.cell_no
         left join skills s on s.cell_no = p.cell_no left join issuers i on i.cell_no = p.cell_no
         where p.people <> 0${cellList === undefined ? sql`` : sql` and p.cell_no = any(${cellList}::int[])`}) as cells`),
  )[0]!;
  return {
    version: Number(row.version),
    computedAt: at.getTime(),
    // Floored to milliseconds: at worst the totals are recomputed a fraction of a millisecond early.
    nextExpiry: row.next_expiry === null ? Number.POSITIVE_INFINITY : Number(row.next_expiry),
    byScope: new Map(),
    localWrites,
    cells: (row.cells ?? []).map(([cellNo, kind, departmentId, location, openToMobility, searchable, people, skill, issuer]) => ({
      cellNo: Number(cellNo),
      kind: kind as Cell['kind'],
      departmentId: departmentId === '' ? null : departmentId,
      location,
      openToMobility,
      searchable,
      people: Number(people),
      skill: Object.entries(skill).map(([v, c]) => [v, Number(c)]),
      issuer: Object.entries(issuer).map(([v, c]) => [v, Number(c)]),
    })),
  };
}

/** search_doc_facets' skill array columns for this mode: never-expiring skills, expiring skills, their expiry. */
function skillArrays(verifiedOnly: boolean): [SQL, SQL, SQL] {
  return verifiedOnly
    ? [sql.raw('skills_verified'), sql.raw('expiring_verified'), sql.raw('expiring_verified_until')]
    : [sql.raw('skills_any'), sql.raw('expiring_any'), sql.raw('expiring_any_until')];
}

/** The skill array columns skillFacetCounts reads for this mode, from `alias`. */
function skillArrayColumns(verifiedOnly: boolean, alias: string): SQL {
  return sql.join(
    skillArrays(verifiedOnly).map((column) => sql`${sql.raw(alias)}.${column}`),
    sql`, `,
  );
}

/**
 * The skill facet over `source` (a relation with search_doc_facets' skill array columns): people per
 * skill key, mapped back to skill ids. A person counts once per skill (the arrays are distinct per
 * person): from the never-expiring array, or the expiring one when that skill's latest expiry is
 * after `at`. The arrays' elements are produced in the select list (a ProjectSet), much cheaper per
 * person on Postgres than unnest in FROM or a lookup of the person's fact rows.
 */
function skillFacetCounts(source: SQL, verifiedOnly: boolean, at: Date): SQL {
  const [forever, expiring, until] = skillArrays(verifiedOnly);
  return sql`select k.skill_id as v, x.c from (
      select skill_no, count(*)::int as c from (
        select unnest(${forever}) as skill_no from ${source}
        union all
        select e.skill_no from (
          select unnest(${expiring}) as skill_no, unnest(${until}) as until from ${source} where cardinality(${expiring}) > 0
        ) e where e.until > ${at.toISOString()}::timestamptz
      ) p group by 1
    ) x join search_skill_keys k on k.skill_no = x.skill_no`;
}

const essentialCount = (query: SearchQuery) => query.requirements.filter((r) => r.essential).length;

/** True when the query's matched set is exactly the people of the cells its scope and filters allow. */
function matchesWholeCells(query: SearchQuery): boolean {
  // Every other filter (issuer, role, role profile, minimum score, and any added later) narrows the
  // match below whole cells unless it is empty: listed by what IS a cell attribute, so a new filter
  // can never be answered from the cells by mistake.
  const othersEmpty = Object.entries(query.filters).every(
    ([name, value]) => CELL_FILTERS.has(name) || value === undefined || (Array.isArray(value) && value.length === 0),
  );
  return query.requirements.every((r) => !r.essential) && queryTextExpr(query.text) === null && othersEmpty;
}

/** Filters a cell decides (cellPasses), or that choose which totals (verified only; trusted only never uses them). */
const CELL_FILTERS = new Set(['kind', 'department', 'location', 'openToMobility', 'verifiedOnly', 'trustedOnly']);

/** The filters of a whole-cell query, over a cell (scopeCondition and searchStatement's filters, in JS). */
function cellPasses(f: SearchQuery['filters'], c: Cell): boolean {
  return (
    (f.kind.length === 0 || f.kind.includes(c.kind)) &&
    (f.department.length === 0 || (c.departmentId !== null && f.department.includes(c.departmentId))) &&
    (f.location.length === 0 || f.location.includes(c.location)) &&
    (f.openToMobility === undefined || c.openToMobility === f.openToMobility)
  );
}

/** People and facet counts over the cells the scope (and filters, if given) allow. */
function sumCells(totals: CellTotals, scope: VisibilityScope, filters?: SearchQuery['filters']): CellSums {
  const counts: Record<TotalFacet, Map<string, number>> = { skill: new Map(), issuer: new Map(), kind: new Map(), department: new Map(), location: new Map() };
  const add = (m: Map<string, number>, v: string, c: number) => m.set(v, (m.get(v) ?? 0) + c);
  let people = 0;
  for (const c of totals.cells) {
    if (!scopeAllows(scope, c) || (filters && !cellPasses(filters, c))) continue;
    people += c.people;
    add(counts.kind, c.kind, c.people);
    if (c.departmentId !== null) add(counts.department, c.departmentId, c.people);
    if (c.location !== '') add(counts.location, c.location, c.people);
    for (const [v, n] of c.skill) add(counts.skill, v, n);
    for (const [v, n] of c.issuer) add(counts.issuer, v, n);
  }
  return { people, counts };
}

/** The scope's sums, kept with the totals (every search of the scope reads them). */
function scopeSums(totals: CellTotals, scope: VisibilityScope): CellSums {
  const key = JSON.stringify(scope);
  let sums = totals.byScope.get(key);
  if (!sums) {
    sums = sumCells(totals, scope);
    totals.byScope.set(key, sums);
  }
  return sums;
}

/** At most this many filtered whole-cell sums are kept per cached totals (filters come from requests). */
const FILTERED_SUMS_KEPT = 256;

/**
 * The sums of a whole-cell query's cells: the scope's own (kept with the totals) when its filters
 * narrow no cell, else kept per scope and filters (up to FILTERED_SUMS_KEPT). Summing every cell's
 * facet maps for each search was ~0.2-0.3 ms of the main thread a search (lane pg-load's profile).
 */
function filteredSums(totals: CellTotals, scope: VisibilityScope, f: SearchQuery['filters']): CellSums {
  if (f.kind.length === 0 && f.department.length === 0 && f.location.length === 0 && f.openToMobility === undefined) return scopeSums(totals, scope);
  // An array: a scope's own key (scopeSums) is a JSON object, so the two never collide.
  const key = JSON.stringify([scope, f.kind, f.department, f.location, f.openToMobility ?? null]);
  let sums = totals.byScope.get(key);
  if (!sums) {
    sums = sumCells(totals, scope, f);
    if (totals.byScope.size < FILTERED_SUMS_KEPT) totals.byScope.set(key, sums);
  }
  return sums;
}

/** The facet's buckets over `sums`, sorted once per sums object; a copy for each answer. */
function sumsBuckets(sums: CellSums, name: TotalFacet): FacetBucket[] {
  const buckets = (sums.buckets ??= {});
  const made = (buckets[name] ??= toBuckets(sums.counts[name]));
  return made.map((b) => ({ value: b.value, count: b.count }));
}

/**
 * The statement for the path a search takes: over whole cells, facets and (ranking by score) the total
 * come from the cells and the statement only ranks; otherwise it matches and counts its facets (over
 * the complement when the totals allow).
 */
function pathStatement(
  query: SearchQuery,
  scope: VisibilityScope,
  at: Date,
  keys: Awaited<ReturnType<typeof resolveSkillKeys>>,
  text: PreparedText,
  complement: { visible: number; version: number } | undefined,
  wholeCells: boolean,
  checks?: SearchChecks,
): SQL {
  return wholeCells
    ? searchStatement({ ...query, facets: query.facets.filter((name) => !isTotalFacet(name)) }, scope, at, keys, undefined, true, text, checks)
    : searchStatement(query, scope, at, keys, complement, false, text, checks);
}

/** What searchStatement needs of the totals to take the complement path for `scope`. */
export function complementOf(totals: CellTotals, scope: VisibilityScope): { visible: number; version: number } {
  return { visible: scopeSums(totals, scope).people, version: totals.version };
}

/** Counts as facet buckets: count desc, then value in byte order, top FACET_SIZE, zeros dropped. */
function toBuckets(counts: ReadonlyMap<string, number>): FacetBucket[] {
  const out: FacetBucket[] = [];
  for (const [value, count] of counts) if (count > 0) out.push({ value, count });
  out.sort((a, b) => b.count - a.count || compareCodePoints(a.value, b.value));
  return out.slice(0, FACET_SIZE);
}

/**
 * Byte order of the strings' UTF-8 (code point order; what Buffer.compare of the two encodings gives)
 * without encoding them on every comparison. UTF-16 code units compare in code point order except
 * that surrogates (U+D800-DFFF, the halves of code points above U+FFFF) must sort above U+E000-FFFF:
 * shifted so, the first differing unit decides as the code points would.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000;
    if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

/** Totals minus the complement's counts, as facet buckets. */
function minusComplement(totals: ReadonlyMap<string, number>, complement: [string, number][]): FacetBucket[] {
  const minus = new Map(complement.map(([v, c]) => [String(v), Number(c)]));
  return toBuckets(new Map([...totals].map(([v, total]) => [v, total - (minus.get(v) ?? 0)])));
}

/**
 * The documents' search_doc_text rows, from their terms (documentTerms; what search_doc_text_fill of
 * migration 0016 writes from field_text). New terms get their key first, in a statement of their own
 * so that the second one's snapshot also sees keys another writer committed meanwhile (its insert of
 * them did nothing). Keys are looked up by one hash join per chunk, not per document.
 */
async function writeTextTerms(tx: DbOrTx, rows: { person_id: string; terms: string[] }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const terms = JSON.stringify([...new Set(chunk.flatMap((r) => r.terms))]);
    // Sorted: a stable lock order when two writers add terms at once.
    await tx.execute(sql`insert into search_text_keys (term) select t from jsonb_array_elements_text(${terms}::jsonb) as x(t) order by 1 on conflict do nothing`);
    await tx.execute(sql`with x as materialized (select person_id, terms from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(person_id text, terms text[])),
        t as (select x.person_id, array_agg(k.term_no order by k.term_no) as terms
          from x cross join unnest(x.terms) as u(term) join search_text_keys k on k.term = u.term group by x.person_id)
      insert into search_doc_text (doc_no, terms)
      select d.doc_no, coalesce(t.terms, '{}') from x join search_documents d on d.person_id = x.person_id left join t on t.person_id = x.person_id`);
  }
}

/** Removes people's documents from every index table (facts first: they are found by doc_no). */
async function deleteDocs(tx: DbOrTx, personIds: string[], touched: TouchedCells): Promise<void> {
  await tx.execute(sql`delete from search_skill_facts where doc_no in (select doc_no from search_documents where person_id in (${list(personIds)}))`);
  // The cells losing these people, and the index version: the statement above bumped it in this
  // transaction (its trigger holds the version row until commit), so one less is the version of the
  // index just before this write, whoever wrote last.
  const gone = rowsOf<{ version: number | string; cells: number[] | null }>(
    await tx.execute(sql`with gone as (delete from search_doc_facets where doc_no in (select doc_no from search_documents where person_id in (${list(personIds)})) returning cell_no)
      select ${indexVersion} as version, array(select distinct cell_no from gone) as cells`),
  )[0];
  touched.versionBefore ??= Number(gone?.version ?? 0) - 1;
  for (const cell of gone?.cells ?? []) touched.cells.add(Number(cell));
  await tx.execute(sql`delete from search_doc_text where doc_no in (select doc_no from search_documents where person_id in (${list(personIds)}))`);
  await tx.delete(searchDocumentSkills).where(inArray(searchDocumentSkills.personId, personIds));
  await tx.delete(searchDocuments).where(inArray(searchDocuments.personId, personIds));
}

function list(values: readonly (string | number | boolean)[]): SQL {
  return sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
}

function textArray(values: readonly string[]): SQL {
  return values.length === 0 ? sql`'{}'::text[]` : sql`ARRAY[${list(values)}]::text[]`;
}

/** The visibility rule of lib/domain/permissions.ts (canSeePerson) as SQL over search_documents `d`. */
export function scopeCondition(scope: VisibilityScope): SQL {
  if (scope.all) return sql`true`;
  const parts: SQL[] = [];
  if (scope.candidates) parts.push(sql`d.kind = 'candidate'`);
  if (scope.mobileEmployees) parts.push(sql`(d.kind = 'employee' and d.open_to_mobility)`);
  if (scope.departmentId !== null) parts.push(sql`(d.kind = 'employee' and d.department_id = ${scope.departmentId})`);
  if (parts.length === 0) return sql`false`;
  return sql`(d.searchable and (${sql.join(parts, sql` or `)}))`;
}

/**
 * A skill row counts when verified (or self-reported levels are included) and not expired at `at`;
 * under "trusted issuers only", when it has a trusted level that has not expired.
 */
function countedRow(verifiedOnly: boolean, at: Date, trustedOnly = false): SQL {
  if (trustedOnly) {
    return sql`(s.verified and s.trusted_level is not null and (s.trusted_expires_at is null or s.trusted_expires_at > ${at.toISOString()}::timestamptz))`;
  }
  const expiry = sql`(s.expires_at is null or s.expires_at > ${at.toISOString()}::timestamptz)`;
  return verifiedOnly ? sql`(s.verified and ${expiry})` : expiry;
}

/** Integer keys of the given skill ids (skills never indexed have none). */
export async function resolveSkillKeys(db: DbOrTx, skillIds: readonly string[]): Promise<Map<string, number>> {
  if (skillIds.length === 0) return new Map();
  const rows = rowsOf<{ skill_id: string; skill_no: number }>(
    await db.execute(sql`select skill_id, skill_no from search_skill_keys where skill_id in (${list([...new Set(skillIds)])})`),
  );
  return new Map(rows.map((r) => [r.skill_id, Number(r.skill_no)]));
}

/**
 * `complement`: cached totals of the scope (visible people, index version). When the statement's own
 * snapshot has that version and the match holds more than half the visible people, every facet but
 * `level` comes back as `{ minus: counts over the visible people NOT matched }` (all values; empty,
 * without reading anything, when everyone visible matched) for the caller to subtract from the
 * totals; otherwise as buckets counted on the matched set.
 */
export function searchStatement(
  query: SearchQuery,
  scope: VisibilityScope,
  at: Date,
  skillKeys: ReadonlyMap<string, number> = new Map(),
  complement?: { visible: number; version: number },
  holdersOnly = false,
  text: PreparedText = NO_TEXT,
  checks?: SearchChecks,
): SQL {
  const reqs = query.requirements;
  const f = query.filters;
  const counted = countedRow(f.verifiedOnly, at, f.trustedOnly);
  // The level column a requirement reads: under "trusted issuers only", the level trusted issuers alone prove.
  const levelColumn = f.trustedOnly ? sql`s.trusted_level` : sql`s.level`;
  // The credentials behind that level (the evidence tie-break): trusted issuers' alone under "trusted issuers only".
  const credentialsColumn = f.trustedOnly ? sql`s.trusted_credentials` : sql`s.credentials`;
  const lvl = (i: number) => sql.raw(`l${i}`);
  // Only ranking by score can skip the people who hold none of the requirement skills (see below).
  const rankHolders = holdersOnly && reqs.length > 0 && essentialCount(query) === 0 && query.sort === 'match' && f.minScore === undefined;

  // `d` is the narrow per-document row (search_doc_facets); only the text filter reads search_documents.
  const conditions: SQL[] = [scopeCondition(scope)];
  // Compared as the enum (a text cast would hide the column's statistics from the planner).
  if (f.kind.length > 0) conditions.push(sql`d.kind in (${sql.join(f.kind.map((k) => sql`${k}::person_kind`), sql`, `)})`);
  if (f.department.length > 0) conditions.push(sql`d.department_id in (${list(f.department)})`);
  if (f.location.length > 0) conditions.push(sql`d.location in (${list(f.location)})`);
  if (f.currentRole.length > 0) conditions.push(sql`d.current_role in (${list(f.currentRole)})`);
  // The narrow facets row does not carry the role profile; this filter is rare (promotion candidates), so it reads search_documents.
  if (f.currentRoleProfile?.length) conditions.push(sql`d.doc_no in (select r.doc_no from search_documents r where r.current_role_profile_id in (${list(f.currentRoleProfile)}))`);
  if (f.openToMobility !== undefined) conditions.push(sql`d.open_to_mobility = ${f.openToMobility}`);
  if (f.issuer.length > 0) conditions.push(sql`d.issuer_ids && ${textArray(f.issuer)}`);
  const textExpr = queryTextExpr(query.text);
  // Each word or phrase is a semi-join on search_doc_text's GIN index (see textCondition).
  if (textExpr) conditions.push(textCondition(textExpr, text));

  let levels = sql``;
  let from = sql`search_doc_facets d`;
  let score: SQL = sql`1::float8`;
  let surplus: SQL = sql`0::float8`;
  let evidence: SQL = sql`0`;
  let levelColumns = sql``;
  if (reqs.length > 0) {
    // Levels from the narrow integer table, grouped by doc_no (a skill id never indexed has no
    // key: nobody holds it, level 0). The keys are constants here (resolved beforehand) so the
    // planner reads only these skills' rows from the covering (skill_no, doc_no, level, ...) index.
    const no = (skill: string) => skillKeys.get(skill);
    // Related skills (issue 13 item 4) of an optional requirement: their keys, without the skill's own.
    const relatedKeys = (i: number): number[] => {
      const r = reqs[i]!;
      if (r.essential || !r.related) return [];
      return [...new Set(r.related.flatMap((id) => (id === r.skill || no(id) === undefined ? [] : [no(id)!])))];
    };
    const known = [...new Set([...reqs.flatMap((r) => (no(r.skill) === undefined ? [] : [no(r.skill)!])), ...reqs.flatMap((_, i) => relatedKeys(i))])];
    /**
     * Requirement i's counted row in a doc_no group of fact rows, packed in one integer so that one
     * max() picks it the way countedSkills does (highest level, then verified) and carries its
     * credential count: level * LEVEL_UNIT + verified * VERIFIED_UNIT + min(credentials, 31).
     */
    const levelOf = (i: number) => {
      const k = no(reqs[i]!.skill);
      // A requirement asking for verified credentials reads the verified row alone (match-score.ts).
      const verifiedRow = reqs[i]!.minCredentials !== undefined ? sql` and s.verified` : sql``;
      return k === undefined
        ? sql`0`
        : sql`coalesce(max(${levelColumn} * ${sql.raw(String(LEVEL_UNIT))} + (case when s.verified then ${sql.raw(String(VERIFIED_UNIT))} else 0 end) + least(${credentialsColumn}, ${sql.raw(String(MAX_EVIDENCE_PER_REQUIREMENT))})) filter (where s.skill_no = ${k}::int${verifiedRow}), 0)`;
    };
    // Parameters, not constants: the statement's text (a named statement per connection, at most
    // PREPARED_PER_CONNECTION of them) then depends on how many requirements and which are essential,
    // not on their levels, so a connection keeps the few shapes the load asks for instead of running
    // most of the hundreds of level combinations unnamed (parsed and planned every time).
    const packedMin = (i: number) => sql`${reqs[i]!.minLevel * LEVEL_UNIT}::int`;
    /**
     * Requirement i met by a packed value: the level at the minimum and, when it asks for N verified
     * credentials, the verified bit and at least N credentials (the packing's low bits).
     */
    const metPacked = (i: number, packedValue: SQL) => {
      const n = reqs[i]!.minCredentials;
      return n === undefined
        ? sql`${packedValue} >= ${packedMin(i)}`
        : sql`(${packedValue} >= ${packedMin(i)} and ${packedValue} % ${sql.raw(String(LEVEL_UNIT))} >= ${VERIFIED_UNIT + n}::int)`;
    };
    const rel = (i: number) => sql.raw(`r${i}`);
    const pivots = reqs.flatMap((_, i) => {
      const keys = relatedKeys(i);
      // The best related level, for partial credit (requirement i's related skills, counted rows).
      const related = keys.length > 0 ? [sql`coalesce(max(${levelColumn}) filter (where s.skill_no in (${list(keys)})), 0) as ${rel(i)}`] : [];
      return [sql`${levelOf(i)} as ${lvl(i)}`, ...related];
    });
    const essentials = reqs.flatMap((r, i) => (r.essential ? [i] : []));
    const holdersJoin = sql`lv join search_doc_facets d on d.doc_no = lv.doc_no`;
    const reqRows = sql`${known.length > 0 ? sql`s.skill_no in (${list(known)})` : sql`false`} and ${counted}`;
    const grouped = (having: SQL = sql``, only: SQL = sql``) =>
      sql`lv as materialized (select s.doc_no, ${sql.join(pivots, sql`, `)} from search_skill_facts s where ${reqRows}${only} group by s.doc_no ${having}),`;
    if (essentials.length === reqs.length) {
      // Every requirement essential: the requirement skills' rows are exactly what finding the
      // holders reads, so group them once (index-only) and keep the groups meeting every level.
      levels = grouped(sql`having ${sql.join(essentials.map((i) => metPacked(i, levelOf(i))), sql` and `)}`);
      from = holdersJoin;
    } else if (essentials.length > 0) {
      // Essential requirements are filters: only people holding every essential skill at its level
      // can match. Find them first (one index-only range per essential skill, intersected) and read
      // the requirement levels of those people alone (by (skill_no, doc_no) on the covering index
      // when they are few, a hash semi-join when many) instead of grouping every holder of the
      // optional skills too. Distinct: with self-reported levels a person can have two rows of one skill.
      const holders = essentials.map((i) => {
        const k = no(reqs[i]!.skill);
        return k === undefined
          ? sql`select doc_no from search_skill_facts where false`
          : sql`select distinct s.doc_no from search_skill_facts s where s.skill_no = ${k}::int and ${levelColumn} >= ${reqs[i]!.minLevel} and ${counted}${
              reqs[i]!.minCredentials !== undefined ? sql` and s.verified and ${credentialsColumn} >= ${reqs[i]!.minCredentials}` : sql``
            }`;
      });
      levels = sql`ess as materialized (${sql.join(holders, sql` intersect `)}),
        lv as materialized (
          select s.doc_no, ${sql.join(pivots, sql`, `)} from search_skill_facts s
          where ${reqRows} and s.doc_no in (select doc_no from ess) group by s.doc_no
        ),`;
      from = holdersJoin;
    } else {
      // With a filter beyond the scope (location, department, text...) and several requirement
      // skills, only the filtered people's rows are grouped: the skills' rows are scanned anyway,
      // but hashing a few thousand groups instead of every holder is cheaper (the filter is an index
      // scan of the narrow table). One skill's rows come sorted by doc_no and group as they stream.
      const filtered = conditions.length > 1 && known.length > 1;
      levels = grouped(sql``, filtered ? sql` and s.doc_no in (select d.doc_no from search_doc_facets d where ${sql.join(conditions, sql` and `)})` : sql``);
      from = rankHolders ? holdersJoin : sql`search_doc_facets d left join lv on lv.doc_no = d.doc_no`;
    }
    for (const i of essentials) conditions.push(metPacked(i, sql`lv.${lvl(i)}`));
    // Evaluated in the same order and with the same float8 operations as computeMatch, so the
    // rounded scores (and surpluses) are bit-for-bit the ones lib/domain computes.
    const totalWeight = reqs.reduce((sum, r) => sum + r.weight, 0);
    const packed = (i: number) => sql`coalesce(lv.${lvl(i)}, 0)`;
    const levelAt = (i: number) => sql`(${packed(i)} / ${sql.raw(String(LEVEL_UNIT))})`;
    const met = (i: number) => metPacked(i, packed(i));
    const terms = reqs.map((r, i) => {
      const a = levelAt(i);
      // Unmet: half of min(level, minimum) / minimum (a level without the credentials asked for counts
      // as the minimum), or a related skill's partial credit when that is more (computeMatch).
      const own = sql`0.5::float8 * (least(${a}, ${r.minLevel})::float8 / ${r.minLevel}::float8)`;
      const unmet = relatedKeys(i).length > 0
        ? sql`greatest(${own}, ${sql.raw(String(RELATED_CREDIT_FACTOR * 0.5))}::float8 * (least(coalesce(lv.${rel(i)}, 0), ${r.minLevel})::float8 / ${r.minLevel}::float8))`
        : own;
      const credit = sql`(case when ${met(i)} then 1::float8 else ${unmet} end)`;
      return sql`(${r.weight}::float8 * ${credit})`;
    });
    score = sql`(floor(((${sql.join(terms, sql` + `)}) / ${totalWeight}::float8) * 1000000::float8 + 0.5::float8) / 1000000::float8)`;
    const surplusTerms = reqs.map((r, i) => sql`(case when ${met(i)} then ${r.weight}::float8 * (${levelAt(i)} - ${r.minLevel})::float8 else 0::float8 end)`);
    surplus = sql`(floor((0::float8 + ${sql.join(surplusTerms, sql` + `)}) * 1000000::float8 + 0.5::float8) / 1000000::float8)`;
    const evidenceTerms = reqs.map((_, i) => sql`(case when ${met(i)} then ${packed(i)} % ${sql.raw(String(VERIFIED_UNIT))} else 0 end)`);
    evidence = sql`(${sql.join(evidenceTerms, sql` + `)})`;
    levelColumns = sql`, ${levelAt(0)} as first_level`;
  }
  // The matched set is materialised once and read by the page and every facet: carry only the
  // columns this query reads (broad matches hold tens of thousands of rows).
  const extras: SQL[] = [];
  if (query.sort === 'name') extras.push(sql`d.name`);
  // Kind, department and location are attributes of the person's cell: count people per cell (one
  // int group by), then cells per attribute value (a few hundred rows), instead of three text group bys.
  const byCell = query.facets.some((name) => name === 'kind' || name === 'department' || name === 'location');
  if (byCell) extras.push(sql`d.cell_no`);
  if (query.facets.includes('issuer')) extras.push(sql`d.issuer_ids`);
  if (query.facets.includes('skill')) extras.push(f.trustedOnly ? sql`d.doc_no as facet_doc_no` : skillArrayColumns(f.verifiedOnly, 'd'));
  if (complement) extras.push(sql`d.doc_no`);
  const matchedExtras = extras.length > 0 ? sql`, ${sql.join(extras, sql`, `)}` : sql``;
  const minScore = f.minScore !== undefined ? sql`where score >= ${f.minScore}::float8` : sql``;

  const order =
    query.sort === 'name'
      ? sql`name collate "C" asc, person_id collate "C" asc`
      : query.sort === 'recent'
        ? sql`last_verified_at desc nulls last, person_id collate "C" asc`
        : sql`score desc, surplus desc, evidence desc, last_verified_at desc nulls last, person_id collate "C" asc`;
  const offset = (query.page - 1) * query.pageSize;
  // Each page person's document and breakdown rows (the requirement and related skills).
  const doc = pageDocument(checks?.skillIds ?? [...new Set(reqs.flatMap((r) => [r.skill, ...(r.related ?? [])]))]);

  // How many matched: counted once (a CTE is computed once however often it is read).
  const matchedCount = sql`(select n from matched_count)`;
  const sameVersion = complement ? sql`${indexVersion} = ${complement.version}::bigint` : sql`false`;
  // Broad match (more than half the visible people) and the cached totals are of this snapshot's
  // index: count the smaller complement. Postgres runs only the CASE branch taken (lazy initplans,
  // and a CTE is computed only when first read).
  // Each branch's subquery appears once in the statement: a facet's matched-set count written in two
  // branches was planned twice (the statement carries six facets, and planning it was a large part of
  // a search's fixed cost).
  const orComplement = (onMatched: SQL, onComplement: SQL): SQL =>
    complement
      ? sql`(case when ${sameVersion} and ${matchedCount} = ${complement.visible}::int then '{"minus": []}'::jsonb
          when ${sameVersion} and ${matchedCount} * 2 > ${complement.visible}::int
          then jsonb_build_object('minus', (select coalesce(jsonb_agg(jsonb_build_array(v, c)), '[]'::jsonb) from (${onComplement}) z))
          else ${onMatched} end)`
      : onMatched;
  const ofCells = (set: 'matched' | 'comp', column: 'kind' | 'department_id' | 'location') =>
    sql`select c.${sql.raw(column)}::text as v, sum(x.n)::int as c from ${sql.raw(`${set}_cells`)} x join search_cells c on c.cell_no = x.cell_no
      where c.${sql.raw(column)}::text <> '' group by 1`;
  // Issuers per person come out of the array in the select list (a ProjectSet), like skills.
  const issuers = (set: 'matched' | 'comp') => sql`select i as v, count(*)::int as c from (select unnest(issuer_ids) as i from ${sql.raw(set)}) u group by 1`;
  const facetSql = (name: FacetName): SQL => {
    const bucket = (inner: SQL) => sql`(select coalesce(jsonb_agg(jsonb_build_array(v, c) order by c desc, v collate "C"), '[]'::jsonb)
      from (select v, c from (${inner}) a order by c desc, v collate "C" limit ${FACET_SIZE}) b)`;
    switch (name) {
      case 'kind':
        return orComplement(bucket(ofCells('matched', 'kind')), ofCells('comp', 'kind'));
      case 'department':
        // Cells hold '' for no department (candidates): not a facet value, like an empty location.
        return orComplement(bucket(ofCells('matched', 'department_id')), ofCells('comp', 'department_id'));
      case 'location':
        return orComplement(bucket(ofCells('matched', 'location')), ofCells('comp', 'location'));
      case 'issuer':
        return orComplement(bucket(issuers('matched')), issuers('comp'));
      case 'skill':
        // Trusted levels are not in the per-document skill arrays: read the matched people's fact rows.
        if (f.trustedOnly) {
          return bucket(sql`select k.skill_id as v, count(distinct s.doc_no)::int as c from matched m
            join search_skill_facts s on s.doc_no = m.facet_doc_no join search_skill_keys k on k.skill_no = s.skill_no
            where ${counted} group by 1`);
        }
        return orComplement(bucket(skillFacetCounts(sql`matched`, f.verifiedOnly, at)), skillFacetCounts(sql`comp`, f.verifiedOnly, at));
      case 'level':
        // The level each matched person counts on the first requirement's skill (none without requirements).
        return reqs.length === 0
          ? sql`'[]'::jsonb`
          : bucket(sql`select first_level::text as v, count(*)::int as c from matched where first_level > 0 group by 1`);
    }
  };
  const facetPairs = [...new Set(query.facets)].map((name) => sql`${name}::text, ${facetSql(name)}`);
  const facets = facetPairs.length > 0 ? sql`jsonb_build_object(${sql.join(facetPairs, sql`, `)})` : sql`'{}'::jsonb`;

  // The visible people not matched (read only by the complement branch above).
  const comp = complement
    ? sql`, comp as materialized (
        select d.doc_no, d.issuer_ids, d.cell_no, ${skillArrayColumns(f.verifiedOnly, 'd')} from search_doc_facets d
        where ${scopeCondition(scope)} and not exists (select 1 from matched m where m.doc_no = d.doc_no)
      ), comp_cells as materialized (select cell_no, count(*)::int as n from comp group by 1)`
    : sql``;

  if (rankHolders) {
    // Ranking a whole-cell query (the caller knows its total and facets from the cell totals): only
    // holders of a requirement skill can score above 0, so `matched` holds just them (all the level
    // facet reads); everyone else scores 0 and ranks by most recent credential then id, so when the
    // positive scores do not fill the page, the first of those join the candidates. A one-time
    // filter skips that scan otherwise.
    const depth = offset + query.pageSize;
    return sql`with ${levels} matched as materialized (
        select d.person_id, d.last_verified_at, ${score} as score, ${surplus} as surplus, ${evidence} as evidence ${levelColumns}
        from ${from} where ${sql.join(conditions, sql` and `)}
      )
      select null as total, ${indexVersion} as index_version,
        (select coalesce(jsonb_agg(jsonb_build_array(person_id, score, ${doc}) order by ${order}), '[]'::jsonb) from (
          select person_id, score, surplus, evidence, last_verified_at from (
            select person_id, score, surplus, evidence, last_verified_at from matched
            union all
            (select d.person_id, 0::float8 as score, 0::float8 as surplus, 0 as evidence, d.last_verified_at from search_doc_facets d
              where ${sql.join(conditions, sql` and `)} and not exists (select 1 from lv where lv.doc_no = d.doc_no)
                and (select count(*) from matched where score > 0) < ${depth}::int
              order by d.last_verified_at desc nulls last, d.person_id collate "C" limit ${depth}::int)
          ) u order by ${order} limit ${query.pageSize} offset ${offset}) p) as hits,
        ${facets} as facets${checkColumns(checks)}`;
  }
  return sql`with ${levels} matched as materialized (
      select * from (
        select d.person_id, d.last_verified_at, ${score} as score, ${surplus} as surplus, ${evidence} as evidence ${levelColumns} ${matchedExtras}
        from ${from}
        where ${sql.join(conditions, sql` and `)}
      ) x ${minScore}
    ), matched_count as materialized (select count(*)::int as n from matched)
    ${byCell ? sql`, matched_cells as materialized (select cell_no, count(*)::int as n from matched group by 1)` : sql``} ${comp}
    select
      ${matchedCount} as total,
      ${indexVersion} as index_version,
      (select coalesce(jsonb_agg(jsonb_build_array(person_id, score, ${doc}) order by ${order}), '[]'::jsonb)
         from (select person_id, ${query.sort === 'name' ? sql`name, ` : sql``}score, surplus, evidence, last_verified_at
               from matched order by ${order} limit ${query.pageSize} offset ${offset}) p) as hits,
      ${facets} as facets${checkColumns(checks)}`;
}

/**
 * HR insights from the per-cell counts the triggers of migrations 0017/0018 maintain on every write,
 * not from the documents: the employees' cells in scope (search_cells: kind, department, mobility,
 * searchable are cell attributes), their people, verified levels per skill (never-expiring ones as
 * counted, expiring ones whose expiry is after `at`: a person has one verified row per skill) and
 * verified credentials per issue month (the months a window cuts through are counted from the
 * per-instant counts, so any window is exact). Only coverage over time reads rows: the qualifying
 * skill rows of the (skill, level) pairs, for the employees in scope.
 */
async function aggregateEmbedded(db: DbOrTx, filters: InsightsFilters, scope: VisibilityScope, at: Date): Promise<InsightsAggregations> {
  const minLevel = filters.minLevel ?? 1;
  const instant = at.toISOString();
  // scopeCondition and the department filter read d.kind / d.department_id / ..., which cells have too ('' = none).
  const cellConds: SQL[] = [sql`d.kind = 'employee'`, scopeCondition(scope)];
  if (filters.departments.length > 0) cellConds.push(sql`d.department_id in (${list(filters.departments)})`);
  const skillFilter = filters.skills.length > 0 ? sql` and skill_no in (select skill_no from search_skill_keys where skill_id in (${list(filters.skills)}))` : sql``;
  const window = insightsWindow(filters.from, filters.to);
  const perMonth = monthCounts(window);
  // Coverage over time: one row per covered employee (first qualifying date, or undated), so a person
  // covered by two skills counts once, in the month of the earlier one. The pairs travel as one JSON
  // parameter (the same SQL on PGlite and node-postgres).
  const pairs = filters.coverageLevels ?? [];
  const before: SQL[] = [sql`undated`];
  if (window.from) before.push(sql`first_at < ${window.from}::timestamptz`);
  const inWindow: SQL[] = [sql`not undated`];
  if (window.from) inWindow.push(sql`first_at >= ${window.from}::timestamptz`);
  if (window.to) inWindow.push(sql`first_at <= ${window.to}::timestamptz`);
  const coverage =
    pairs.length === 0
      ? sql``
      : sql`, cov as materialized (
      select min(s.achieved_at) as first_at, bool_or(s.achieved_at is null) as undated
      from search_document_skills s
      join jsonb_to_recordset(${JSON.stringify(pairs.map((p) => ({ skill: p.skill, level: p.level })))}::jsonb) as r(skill text, level int) on r.skill = s.skill_id and s.level >= r.level
      join search_doc_facets f on f.person_id = s.person_id
      where ${countedRow(true, at)} and f.cell_no in (select cell_no from cells)
      group by s.person_id
    )`;

  const statement = sql`with cells as materialized (
      select d.cell_no, d.department_id from search_cells d where ${sql.join(cellConds, sql` and `)}
    ), emp as materialized (
      select c.cell_no, c.department_id, p.people from cells c join search_cell_people p on p.cell_no = c.cell_no where p.people <> 0
    ), lv as materialized (
      select u.cell_no, k.skill_id, u.level, sum(u.people)::int as n from (
        select cell_no, skill_no, level, people from search_cell_skill_levels where cell_no in (select cell_no from cells)${skillFilter}
        union all
        select cell_no, skill_no, level, people from search_cell_expiring_levels
        where until > ${instant}::timestamptz and cell_no in (select cell_no from cells)${skillFilter}
      ) u join search_skill_keys k on k.skill_no = u.skill_no group by 1, 2, 3 having sum(u.people) <> 0
    ) ${coverage}
    select
      (select coalesce(sum(people), 0)::int from emp) as employee_count,
      (select coalesce(jsonb_agg(jsonb_build_array(skill_id, c1, c2, c3, c4, c5) order by skill_id collate "C"), '[]'::jsonb) from (
        select skill_id,
          coalesce(sum(n) filter (where level >= 1), 0)::int as c1, coalesce(sum(n) filter (where level >= 2), 0)::int as c2,
          coalesce(sum(n) filter (where level >= 3), 0)::int as c3, coalesce(sum(n) filter (where level >= 4), 0)::int as c4,
          coalesce(sum(n) filter (where level >= 5), 0)::int as c5
        from lv group by skill_id) a) as skill_levels,
      (select coalesce(jsonb_agg(jsonb_build_array(department_id, skill_id, c) order by department_id collate "C", skill_id collate "C"), '[]'::jsonb) from (
        select c.department_id, lv.skill_id, sum(lv.n)::int as c from lv join cells c on c.cell_no = lv.cell_no
        where c.department_id <> '' and lv.level >= ${minLevel} group by 1, 2 having sum(lv.n) <> 0) b) as department_skill,
      (select coalesce(jsonb_agg(jsonb_build_array(department_id, c) order by department_id collate "C"), '[]'::jsonb) from (
        select department_id, sum(people)::int as c from emp where department_id <> '' group by 1) c) as department_sizes,
      (select coalesce(jsonb_agg(jsonb_build_array(m, c) order by m), '[]'::jsonb) from (
        select m, sum(c)::int as c from (${perMonth}) x group by 1 having sum(c) <> 0) d) as per_month,
      ${pairs.length === 0 ? sql`0` : sql`(select count(*)::int from cov where ${sql.join(before, sql` or `)})`} as covered_before,
      ${
        pairs.length === 0
          ? sql`'[]'::jsonb`
          : sql`(select coalesce(jsonb_agg(jsonb_build_array(m, c) order by m), '[]'::jsonb) from (
        select to_char(first_at at time zone 'UTC', 'YYYY-MM') as m, count(*)::int as c
        from cov where ${sql.join(inWindow, sql` and `)} group by 1) f)`
      } as first_covered`;
  const row = rowsOf<{
    employee_count: number;
    skill_levels: [string, number, number, number, number, number][];
    department_skill: [string, string, number][];
    department_sizes: [string, number][];
    per_month: [string, number][];
    covered_before: number;
    first_covered: [string, number][];
  }>(await db.execute(statement))[0];
  return {
    employeeCount: Number(row?.employee_count ?? 0),
    skillLevelCounts: (row?.skill_levels ?? []).map(([skill, ...c]) => ({ skill, atLeast: [c[0], c[1], c[2], c[3], c[4]].map(Number) as [number, number, number, number, number] })),
    departmentSkill: (row?.department_skill ?? []).map(([departmentId, skill, count]) => ({ departmentId, skill, count: Number(count) })),
    departmentSizes: (row?.department_sizes ?? []).map(([departmentId, count]) => ({ departmentId, count: Number(count) })),
    credentialsPerMonth: (row?.per_month ?? []).map(([month, count]) => ({ month, count: Number(count) })),
    firstCoveredPerMonth: (row?.first_covered ?? []).map(([month, count]) => ({ month, count: Number(count) })),
    coveredBeforeFrom: Number(row?.covered_before ?? 0),
  };
}

/**
 * Verified credentials of the `cells` per UTC issue month ("m", "c" rows, to be summed by month)
 * within the window [from, to]: whole months from search_cell_months, and the month(s) holding an
 * end of the window from the per-instant counts, so the ends are exact to the microsecond.
 */
function monthCounts(window: { from: string | null; to: string | null }): SQL {
  const monthOf = (iso: string) => iso.slice(0, 7);
  const parts: SQL[] = [];
  const whole: SQL[] = [sql`m.cell_no in (select cell_no from cells)`];
  if (window.from) whole.push(sql`m.month > ${monthOf(window.from)}`);
  if (window.to) whole.push(sql`m.month < ${monthOf(window.to)}`);
  parts.push(sql`select m.month as m, m.credentials as c from search_cell_months m where ${sql.join(whole, sql` and `)}`);
  const edges = [...new Set([window.from, window.to].flatMap((iso) => (iso ? [monthOf(iso)] : [])))];
  for (const month of edges) {
    const start = `${month}-01T00:00:00.000Z`;
    const [y, mo] = month.split('-').map(Number) as [number, number];
    const next = new Date(Date.UTC(y, mo, 1)).toISOString();
    const conds: SQL[] = [sql`x.cell_no in (select cell_no from cells)`, sql`x.issued_at >= ${start}::timestamptz`, sql`x.issued_at < ${next}::timestamptz`];
    if (window.from) conds.push(sql`x.issued_at >= ${window.from}::timestamptz`);
    if (window.to) conds.push(sql`x.issued_at <= ${window.to}::timestamptz`);
    parts.push(sql`select ${month}::text as m, x.credentials as c from search_cell_credential_dates x where ${sql.join(conds, sql` and `)}`);
  }
  return sql.join(parts, sql` union all `);
}

/** The packing of a requirement's counted fact row (see searchStatement's levelOf). */
const VERIFIED_UNIT = MAX_EVIDENCE_PER_REQUIREMENT + 1;
const LEVEL_UNIT = VERIFIED_UNIT * 2;

/** For each tolerant word of a query (by token): the index words it matches (itself, prefix and typo expansions). */
export type WordExpansions = Map<string, string[]>;

/** A query's text, resolved before its statement: tolerant words' expansions and the integer key of every term it looks up. */
export type PreparedText = { expansions: WordExpansions; termNos: ReadonlyMap<string, number> };
const NO_TEXT: PreparedText = { expansions: new Map(), termNos: new Map() };

/**
 * Resolves a text query against the index in two small statements, so that the search statement
 * itself is integer GIN lookups on search_doc_text with constant keys the planner can estimate.
 * (1) Every tolerant word is expanded against the vocabulary (search_terms, distinct words: small).
 * The definition of a match is lib/domain's wordMatches: SQL only narrows the candidates (prefix:
 * `like 'w%'` on the trigram index, the first MAX_PREFIX_EXPANSIONS in byte order, as
 * Elasticsearch's top_terms rewrite keeps them; typos: a length window and a Levenshtein distance of at
 * most twice the budget, which every word within the budget's transposition distance also meets), then
 * typoDistance decides, closest first, at most MAX_FUZZY_EXPANSIONS. A word some indexed document has
 * as typed (in any field) gets no typo expansion: the same statement probes the documents for it
 * (search_terms may keep words of deleted documents). (2) The terms the expression looks up (each
 * word and expansion in each of its fields; each phrase as its runs of up to MAX_INDEXED_RUN words)
 * are mapped to their keys; a term without a key is in no document.
 */
export async function prepareText(db: DbOrTx, expr: TextExpr | null): Promise<PreparedText> {
  if (expr === null) return NO_TEXT;
  const leaves = textLeaves(expr);
  const tolerant = [...new Set(leaves.flatMap((leaf) => (leaf.kind === 'word' && leaf.tolerant ? [leaf.token] : [])))];
  const candidates = tolerant.map((token) => ({ token, ownKeys: [] as number[], prefixes: [] as string[], typos: [] as { term: string; distance: number }[] }));
  if (tolerant.length > 0) {
    // (1a) Each tolerant word's own keys (as typed, in any field) and its prefix and typo candidates
    // from the vocabulary. The "is it indexed as typed" probe is NOT made here: with the keys still
    // unknown to the planner it was an array subquery, planned as a sequential scan of every
    // document's terms, and a typo (in no document) read all 100,000 rows (300-900 ms) to find none.
    const parts: SQL[] = [];
    tolerant.forEach((token, i) => {
      const length = [...token].length;
      const own = JSON.stringify(TEXT_FIELDS.map((f) => fieldTerm(f, [token])));
      parts.push(sql`(select ${i}::int as i, null::text as term, term_no, 'own' as how from search_text_keys where term in (select jsonb_array_elements_text(${own}::jsonb)))`);
      if (length >= MIN_PREFIX_LENGTH) {
        parts.push(sql`(select ${i}::int as i, term, null::int as term_no, 'prefix' as how from search_terms
          where term like ${`${token}%`} and term <> ${token} order by term collate "C" limit ${MAX_PREFIX_EXPANSIONS})`);
      }
      const budget = typoBudget(token);
      if (budget > 0) {
        parts.push(sql`(select ${i}::int as i, term, null::int as term_no, 'typo' as how from search_terms
          where length(term) between ${length - budget}::int and ${length + budget}::int
            and levenshtein_less_equal(term, ${token}, ${2 * budget}::int) <= ${2 * budget}::int)`);
      }
    });
    const rows = rowsOf<{ i: number; term: string | null; term_no: number | null; how: 'own' | 'prefix' | 'typo' }>(await db.execute(sql.join(parts, sql` union all `)));
    for (const row of rows) {
      const entry = candidates[Number(row.i)]!;
      if (row.how === 'own') entry.ownKeys.push(Number(row.term_no));
      else if (row.how === 'prefix') entry.prefixes.push(row.term!);
      else {
        const budget = typoBudget(entry.token);
        const distance = typoDistance(entry.token, row.term!, budget);
        if (distance <= budget && row.term !== entry.token) entry.typos.push({ term: row.term!, distance });
      }
    }
  }
  const typosOf = (e: (typeof candidates)[number]) =>
    e.typos
      .sort((a, b) => a.distance - b.distance || Buffer.compare(Buffer.from(a.term), Buffer.from(b.term)))
      .slice(0, MAX_FUZZY_EXPANSIONS)
      .map((t) => t.term);
  // (1b) Every term the expression could look up (typo expansions included, in case the word turns
  // out not to be indexed as typed), then in one statement: their keys, and for each tolerant word
  // with keys whether some document has it as typed (a GIN probe with constant keys; search_text_keys
  // may keep the words of deleted documents). A word without keys is in no document.
  const widest: WordExpansions = new Map(candidates.map((e) => [e.token, [...new Set([e.token, ...e.prefixes, ...typosOf(e)])]]));
  const terms = new Set<string>();
  for (const leaf of leaves) for (const term of leafTerms(leaf, widest).flat()) terms.add(term);
  const probes = candidates.flatMap((e, i) =>
    e.ownKeys.length === 0 ? [] : [sql`(select ${i}::int as i, null::text as term, null::int as term_no where exists (select 1 from search_doc_text x where x.terms && ${intArray(e.ownKeys)}))`],
  );
  const keyRows = rowsOf<{ i: number | null; term: string | null; term_no: number | null }>(
    await db.execute(
      sql.join(
        [sql`(select null::int as i, term, term_no from search_text_keys where term in (select jsonb_array_elements_text(${JSON.stringify([...terms])}::jsonb)))`, ...probes],
        sql` union all `,
      ),
    ),
  );
  const indexed = new Set(keyRows.flatMap((r) => (r.i === null ? [] : [Number(r.i)])));
  // A word some document has as typed gets no typo expansion (as Elasticsearch's engine decides it).
  const expansions: WordExpansions = new Map(
    candidates.map((e, i) => [e.token, [...new Set([e.token, ...e.prefixes, ...(indexed.has(i) ? [] : typosOf(e))])]]),
  );
  return { expansions, termNos: new Map(keyRows.flatMap((r) => (r.term === null ? [] : [[r.term, Number(r.term_no)] as const]))) };
}

/**
 * The terms a word or phrase looks up, one list per field: a word's tokens (with its expansions when
 * tolerant); a phrase as one run (up to MAX_INDEXED_RUN words) or as all its runs of that length,
 * every one of which a matching value must contain (then checked against the text itself).
 */
function leafTerms(leaf: TextWord | TextPhrase, expansions: WordExpansions): string[][] {
  if (leaf.kind === 'word') {
    const tokens = leaf.tolerant ? (expansions.get(leaf.token) ?? [leaf.token]) : [leaf.token];
    return leaf.fields.map((f) => tokens.map((token) => fieldTerm(f, [token])));
  }
  const runs: string[][] = [];
  const n = Math.min(leaf.tokens.length, MAX_INDEXED_RUN);
  for (let i = 0; i + n <= leaf.tokens.length; i++) runs.push(leaf.tokens.slice(i, i + n));
  return leaf.fields.map((f) => runs.map((run) => fieldTerm(f, run)));
}

/**
 * The text expression as a condition on search_doc_facets `d`. An anchored (sub)expression (every
 * document it matches has one of its positive words or phrases) is ONE semi-join, "d.doc_no in (the
 * search_doc_text rows satisfying the whole expression)": Postgres combines its words' GIN lookups
 * (BitmapAnd for AND, BitmapOr for OR) and checks NOT and longer phrases on those rows alone. So
 * `fay jones` reads the few documents with both words, and `analyst -senior` only the analysts (one
 * semi-join per word used to read every document of each word, and every document of the negated
 * one: "-location:london" alone was 11,000 rows at 100,000 people). What is not anchored (a NOT at
 * the top, an OR with a NOT branch) is combined from its parts, a NOT as "not in (anchored part)", so
 * no condition reads every document's text.
 */
function textCondition(expr: TextExpr, text: PreparedText): SQL {
  if (anchored(expr)) return sql`d.doc_no in (select x.doc_no from search_doc_text x where ${rowCondition(expr, text)})`;
  // Not anchored, so an and/or/not (words and phrases are anchored).
  return booleanCondition(expr, (child) => textCondition(child, text)) ?? sql`false`;
}

/** An and / or / not node as SQL over its children's conditions (null for a word or phrase). */
function booleanCondition(expr: TextExpr, child: (e: TextExpr) => SQL): SQL | null {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return sql`(${sql.join(expr.children.map(child), expr.kind === 'and' ? sql` and ` : sql` or `)})`;
    case 'not':
      return sql`(not ${child(expr.child)})`;
    default:
      return null;
  }
}

/** True when every document the expression matches has one of its (positive) words or phrases. */
function anchored(expr: TextExpr): boolean {
  switch (expr.kind) {
    case 'word':
    case 'phrase':
      return true;
    case 'and':
      return expr.children.some(anchored);
    case 'or':
      return expr.children.every(anchored);
    case 'not':
      return false;
  }
}

/**
 * The expression over one document's search_doc_text row `x` (every indexed document has exactly one,
 * possibly empty): a word or phrase is its term keys overlapping the row's (a term without a key is in
 * no document); a phrase longer than MAX_INDEXED_RUN needs all its runs in one field, then the words
 * in a row within one value on the document's text (see documentFieldText).
 */
function rowCondition(expr: TextExpr, text: PreparedText): SQL {
  switch (expr.kind) {
    case 'and':
    case 'or':
    case 'not':
      return booleanCondition(expr, (child) => rowCondition(child, text))!;
    case 'word': {
      const nos = leafTerms(expr, text.expansions).flat().flatMap((term) => keyOf(text, term));
      return nos.length === 0 ? sql`false` : sql`x.terms && ${intArray(nos)}`;
    }
    case 'phrase': {
      // Per field: every run's key must be there (a run without a key is in no document of that field).
      const perField = leafTerms(expr, text.expansions).flatMap((runs) => {
        const nos = runs.flatMap((term) => keyOf(text, term));
        return nos.length === runs.length ? [nos] : [];
      });
      if (perField.length === 0) return sql`false`;
      if (expr.tokens.length <= MAX_INDEXED_RUN) return sql`x.terms && ${intArray(perField.flat())}`;
      const codes = expr.fields.map((f) => FIELD_CODE[f]).join('');
      const pattern = `\\|[${codes}] ([^|]* )?${expr.tokens.map(escapeRegex).join(' ')} `;
      return sql`((${sql.join(
        perField.map((nos) => sql`x.terms @> ${intArray(nos)}`),
        sql` or `,
      )}) and exists (select 1 from search_documents w where w.doc_no = x.doc_no and w.field_text ~ ${pattern}))`;
    }
  }
}

function keyOf(text: PreparedText, term: string): number[] {
  const no = text.termNos.get(term);
  return no === undefined ? [] : [no];
}

/** Integer keys as an int4[] literal (numbers from the database: nothing user-typed). */
function intArray(values: readonly number[]): SQL {
  return sql.raw(`'{${[...new Set(values)].map((v) => String(Math.trunc(v))).join(',')}}'::int4[]`);
}

/** Tokens are letters and digits only; escaped anyway so a pattern can never be more than literal words. */
function escapeRegex(token: string): string {
  return token.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&');
}

/**
 * Skill picker counts (issue 13 item 3): people in the scope with a verified, unexpired level in each
 * skill. When a broad search has cached the verified cell totals and they are still current (same
 * index version, no row expired since), the scope's sums already hold every skill's count: no scan.
 * Otherwise only the asked skills' fact rows are read (covering index by skill), joined with the
 * narrow per-document rows for the scope.
 */
async function countSkillHoldersEmbedded(db: DbOrTx, skillIds: string[], scope: VisibilityScope, at: Date, totals: CellTotals | undefined): Promise<Map<string, number>> {
  const wanted = [...new Set(skillIds)];
  const out = new Map<string, number>();
  if (wanted.length === 0) return out;
  if (totals && totals.computedAt <= at.getTime() && at.getTime() < totals.nextExpiry) {
    const version = rowsOf<{ v: number | string }>(await db.execute(sql`select ${indexVersion} as v`))[0];
    if (Number(version?.v ?? -1) === totals.version) {
      const counts = scopeSums(totals, scope).counts.skill;
      for (const id of wanted) if ((counts.get(id) ?? 0) > 0) out.set(id, counts.get(id)!);
      return out;
    }
  }
  const rows = rowsOf<{ skill_id: string; n: number }>(
    await db.execute(sql`select k.skill_id, count(distinct s.doc_no)::int as n
      from search_skill_keys k join search_skill_facts s on s.skill_no = k.skill_no join search_doc_facets d on d.doc_no = s.doc_no
      where k.skill_id in (${list(wanted)}) and ${countedRow(true, at)} and ${scopeCondition(scope)}
      group by 1`),
  );
  for (const r of rows) if (Number(r.n) > 0) out.set(r.skill_id, Number(r.n));
  return out;
}
