// Test support, not shipped code paths: what Elasticsearch would answer to the requests this engine
// builds, computed from the documented, deterministic semantics of the core query DSL it uses, so the
// scoring can be checked against the domain oracle without a cluster (none can run here; the contract
// suite checks the real thing whenever ELASTICSEARCH_URL is set).
//
// Semantics modelled (Elasticsearch 7.10-9.x reference, "Query DSL"; Lucene's scorers):
// - `bool`: a document matches when every `filter`/`must` clause matches, no `must_not` clause does, and
//   at least `minimum_should_match` `should` clauses do (default 0 with a filter/must clause, else 1);
//   its score is the sum of its matching `must` and `should` clauses' scores (filter context scores 0),
//   accumulated in double and returned as a 32-bit float (Lucene's DisjunctionSumScorer / ReqOptSumScorer).
// - `constant_score`: matches when its filter does; scores its `boost` as a float.
// - `nested`: matches when one object of the path matches; `score_mode` max / sum / avg / min / none.
// - `dis_max`: matches when a query does; scores the best matching query's score plus `tie_breaker`
//   times the others'.
// - `term` / `terms` / `range` / `exists` on keyword, boolean, integer and date fields (dates compared
//   as instants); `match_all` / `match_none`.
// - `min_score` drops hits scoring below it; `sort` on `_score` and fields with `order` and `missing`.
// Text queries (`prefix`, `fuzzy`, `match_phrase`) are not modelled: they are filters, never scored,
// and the contract suite covers them.
import type { estypes } from '@elastic/elasticsearch';

type Q = estypes.QueryDslQueryContainer;
type Json = unknown;

export type Evaluated = { matches: boolean; score: number };

const NO_MATCH: Evaluated = { matches: false, score: 0 };

/** The values of `field` (a dotted path) in `doc`, flattened over arrays; inside a nested object the path prefix is dropped. */
function valuesOf(doc: Json, field: string, nestedPath: string | null): Json[] {
  const path = nestedPath && field.startsWith(`${nestedPath}.`) ? field.slice(nestedPath.length + 1) : field;
  let current: Json[] = [doc];
  for (const key of path.split('.')) {
    current = current.flatMap((v) => {
      if (v === null || typeof v !== 'object') return [];
      const next = (v as Record<string, Json>)[key];
      return next === undefined || next === null ? [] : Array.isArray(next) ? next.filter((x) => x !== null) : [next];
    });
  }
  return current;
}

/** Comparable form: dates (ISO strings) as epoch ms, everything else as is. */
function comparable(v: Json): Json {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return new Date(v).getTime();
  return v;
}

function sameValue(a: Json, b: Json): boolean {
  return comparable(a) === comparable(b);
}

export function evaluate(query: Q, doc: Json, nestedPath: string | null = null): Evaluated {
  const kinds = Object.keys(query);
  if (kinds.length !== 1) throw new Error(`evaluator: one query kind per container, got ${kinds.join(', ')}`);
  if (query.match_all) return { matches: true, score: Math.fround(query.match_all.boost ?? 1) };
  if (query.match_none) return NO_MATCH;
  if (query.term) {
    const [field, spec] = Object.entries(query.term)[0]!;
    const value = typeof spec === 'object' && spec !== null && 'value' in spec ? (spec as { value: Json }).value : spec;
    return valuesOf(doc, field, nestedPath).some((v) => sameValue(v, value)) ? { matches: true, score: 1 } : NO_MATCH;
  }
  if (query.terms) {
    const [field, values] = Object.entries(query.terms).filter(([k]) => k !== 'boost')[0]! as [string, Json[]];
    return valuesOf(doc, field, nestedPath).some((v) => values.some((x) => sameValue(v, x))) ? { matches: true, score: 1 } : NO_MATCH;
  }
  if (query.range) {
    const [field, bounds] = Object.entries(query.range)[0]! as [string, { gt?: Json; gte?: Json; lt?: Json; lte?: Json }];
    const inRange = (raw: Json) => {
      const v = comparable(raw) as number;
      const b = (x: Json) => comparable(x) as number;
      return (bounds.gt === undefined || v > b(bounds.gt)) && (bounds.gte === undefined || v >= b(bounds.gte)) && (bounds.lt === undefined || v < b(bounds.lt)) && (bounds.lte === undefined || v <= b(bounds.lte));
    };
    return valuesOf(doc, field, nestedPath).some(inRange) ? { matches: true, score: 1 } : NO_MATCH;
  }
  if (query.exists) return valuesOf(doc, query.exists.field, nestedPath).length > 0 ? { matches: true, score: 1 } : NO_MATCH;
  if (query.constant_score) {
    return evaluate(query.constant_score.filter, doc, nestedPath).matches ? { matches: true, score: Math.fround(query.constant_score.boost ?? 1) } : NO_MATCH;
  }
  if (query.bool) return evaluateBool(query.bool, doc, nestedPath);
  if (query.dis_max) {
    const scores = query.dis_max.queries.map((q) => evaluate(q, doc, nestedPath)).filter((e) => e.matches).map((e) => e.score);
    if (scores.length === 0) return NO_MATCH;
    const best = Math.max(...scores);
    const others = scores.reduce((a, b) => a + b, 0) - best;
    return { matches: true, score: Math.fround(best + (query.dis_max.tie_breaker ?? 0) * others) };
  }
  if (query.nested) {
    const { path, query: inner, score_mode: mode = 'avg' } = query.nested;
    const rows = valuesOf(doc, path, nestedPath);
    const scores = rows.map((row) => evaluate(inner, row, path)).filter((e) => e.matches).map((e) => e.score);
    if (scores.length === 0) return NO_MATCH;
    const sum = scores.reduce((a, b) => a + b, 0);
    const score = mode === 'max' ? Math.max(...scores) : mode === 'min' ? Math.min(...scores) : mode === 'sum' ? sum : mode === 'none' ? 0 : sum / scores.length;
    return { matches: true, score: Math.fround(score) };
  }
  throw new Error(`evaluator: query kind not modelled: ${kinds[0]}`);
}

function list(clauses: Q | Q[] | undefined): Q[] {
  return clauses === undefined ? [] : Array.isArray(clauses) ? clauses : [clauses];
}

function evaluateBool(bool: estypes.QueryDslBoolQuery, doc: Json, nestedPath: string | null): Evaluated {
  const filter = list(bool.filter);
  const must = list(bool.must);
  const should = list(bool.should);
  for (const q of [...filter, ...must]) if (!evaluate(q, doc, nestedPath).matches) return NO_MATCH;
  for (const q of list(bool.must_not)) if (evaluate(q, doc, nestedPath).matches) return NO_MATCH;
  const minimum = bool.minimum_should_match !== undefined ? Number(bool.minimum_should_match) : filter.length + must.length > 0 ? 0 : should.length > 0 ? 1 : 0;
  // Lucene accumulates the clause scores in a double and returns a float.
  let score = 0;
  for (const q of must) score += evaluate(q, doc, nestedPath).score;
  let matched = 0;
  for (const q of should) {
    const e = evaluate(q, doc, nestedPath);
    if (e.matches) {
      matched += 1;
      score += e.score;
    }
  }
  if (matched < minimum) return NO_MATCH;
  return { matches: true, score: Math.fround(score) };
}

export type EvaluatedHit<T> = { doc: T; score: number; sort: Json[] };

/** A search request over `docs`: matching, `min_score`, `sort`, total and the `from`/`size` page. */
export function evaluateSearch<T>(
  request: Pick<estypes.SearchRequest, 'query' | 'sort' | 'from' | 'size' | 'min_score' | 'search_after'>,
  docs: T[],
): { total: number; hits: EvaluatedHit<T>[] } {
  const query = request.query ?? { match_all: {} };
  const sort = (Array.isArray(request.sort) ? request.sort : request.sort ? [request.sort] : [{ _score: { order: 'desc' } }]) as estypes.SortCombinations[];
  const matched = docs.flatMap((doc) => {
    const e = evaluate(query, JSON.parse(JSON.stringify(doc)) as Json);
    if (!e.matches || (request.min_score !== undefined && e.score < Math.fround(request.min_score))) return [];
    return [{ doc, score: e.score, sort: sort.map((s) => sortValue(s, doc, e.score)) }];
  });
  matched.sort((a, b) => compareTuple(sort, a.sort, b.sort));
  // search_after: only hits strictly after these sort values (the total still counts every match).
  const after = request.search_after;
  const rest = after ? matched.filter((h) => compareTuple(sort, h.sort, after as Json[]) > 0) : matched;
  const from = request.from ?? 0;
  return { total: matched.length, hits: rest.slice(from, from + (request.size ?? 10)) };
}

function compareTuple(sort: estypes.SortCombinations[], a: Json[], b: Json[]): number {
  for (let i = 0; i < sort.length; i++) {
    const c = compareSortValues(sort[i]!, a[i] ?? null, b[i] ?? null);
    if (c !== 0) return c;
  }
  return 0;
}

function sortSpec(s: estypes.SortCombinations): { field: string; order: 'asc' | 'desc'; missing: '_first' | '_last' } {
  if (typeof s === 'string') return { field: s, order: s === '_score' ? 'desc' : 'asc', missing: '_last' };
  const [field, spec] = Object.entries(s)[0]!;
  const o = (typeof spec === 'string' ? { order: spec } : spec) as { order?: 'asc' | 'desc'; missing?: '_first' | '_last' };
  return { field, order: o.order ?? (field === '_score' ? 'desc' : 'asc'), missing: o.missing ?? '_last' };
}

function sortValue(s: estypes.SortCombinations, doc: Json, score: number): Json {
  const { field } = sortSpec(s);
  if (field === '_score') return score;
  const values = valuesOf(doc, field, null).map(comparable);
  return values.length === 0 ? null : values[0];
}

function compareSortValues(s: estypes.SortCombinations, a: Json, b: Json): number {
  const { order, missing } = sortSpec(s);
  if (a === null || b === null) {
    if (a === b) return 0;
    // `missing` places absent values regardless of the order.
    return (a === null) === (missing === '_first') ? -1 : 1;
  }
  // Keywords sort by their UTF-8 bytes.
  const c = typeof a === 'string' && typeof b === 'string' ? Buffer.compare(Buffer.from(a), Buffer.from(b)) : (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  return order === 'asc' ? c : -c;
}
