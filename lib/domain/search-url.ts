// The whole search query <-> URL search params, so every search is a link that can be shared,
// bookmarked and reached with the back button. Pure: the /search page, saved searches and compare
// (?q=...) all go through here.
//
// Format (readable, stable, minimal: defaults are left out):
//   r=<skill id>~<level>[~w<weight>][~opt][~cred<n>][~rel:<id>,<id>]   one per requirement, in order
//     (essential unless ~opt; ~cred2: at least 2 verified credentials; ~rel:...: related skills that
//     count as partial evidence, optional requirements only)
//   q=<free text>  kind=employee  dept=<id>  loc=<text>  issuer=<id>  crole=<title>   (repeatable)
//   mobility=1|0   verified=0 (default is verified only)   minscore=<0..100>
//   sort=recent|name (match is the default)   page=<n>   size=<n>   facet=<name> (repeatable)
// `~` is an unreserved URL character, so it stays readable and never collides with skill ids
// (`ddat:user-research`, `onet:python`, `custom:<hash>`), which contain `:` but not `~`.
import { LEVELS } from './levels';
import { MAX_MIN_CREDENTIALS } from './match-score';
import {
  MAX_RELATED_SKILLS,
  FACETS,
  MAX_PAGE_SIZE,
  MAX_REQUIREMENTS,
  MAX_RESULT_WINDOW,
  MAX_TEXT_LENGTH,
  SORTS,
  searchQuerySchema,
  type FacetName,
  type SearchQuery,
  type SearchRequirement,
} from './search-query';

export type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

export type ParsedSearchUrl = {
  query: SearchQuery;
  /** One sentence per parameter that was not understood and fell back to its default. */
  notices: string[];
};

export const DEFAULT_QUERY: SearchQuery = searchQuerySchema.parse({});

const MAX_PARAM_LENGTH = 200;

function getAll(params: SearchParamsLike, key: string): string[] {
  if (params instanceof URLSearchParams) return params.getAll(key);
  const value = params[key];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function getOne(params: SearchParamsLike, key: string): string | undefined {
  return getAll(params, key)[0];
}

function cleanList(values: string[]): string[] {
  const out: string[] = [];
  for (const raw of values) {
    const v = raw.trim();
    if (v && v.length <= MAX_PARAM_LENGTH && !out.includes(v)) out.push(v);
  }
  return out.slice(0, 50);
}

/** `ddat:python~3~w2~opt` -> a requirement, or an error sentence. */
export function parseRequirementParam(raw: string): SearchRequirement | string {
  const parts = raw.split('~');
  const skill = (parts[0] ?? '').trim();
  if (!skill || skill.length > MAX_PARAM_LENGTH) return `A skill requirement "${raw.slice(0, 40)}" has no skill and was ignored.`;
  const levelText = parts[1];
  const level = levelText === undefined ? 1 : Number(levelText);
  if (!Number.isInteger(level) || level < 1 || level > 5) {
    return `The level "${levelText}" for ${skill} is not between 1 and 5; the requirement was ignored.`;
  }
  let weight = 1;
  let essential = true;
  let minCredentials: number | undefined;
  let related: string[] | undefined;
  for (const token of parts.slice(2)) {
    if (token === 'opt') essential = false;
    else if (token === 'ess') essential = true;
    else if (/^cred\d{1,3}$/.test(token)) {
      const n = Number(token.slice(4));
      if (n < 1 || n > MAX_MIN_CREDENTIALS) return `At least ${n} verified credentials for ${skill} is outside 1 to ${MAX_MIN_CREDENTIALS}; the requirement was ignored.`;
      minCredentials = n;
    } else if (token.startsWith('rel:')) {
      const ids = [...new Set(token.slice(4).split(',').map((id) => id.trim()).filter((id) => id && id !== skill && id.length <= MAX_PARAM_LENGTH))];
      if (ids.length > MAX_RELATED_SKILLS) return `At most ${MAX_RELATED_SKILLS} related skills can count for ${skill}; the requirement was ignored.`;
      related = ids.length > 0 ? ids : undefined;
    }
    else if (/^w\d+(\.\d+)?$/.test(token)) {
      const w = Number(token.slice(1));
      if (w < 0.1 || w > 10) return `The weight ${w} for ${skill} is outside 0.1 to 10; the requirement was ignored.`;
      weight = w;
    } else {
      return `"${token}" in the requirement for ${skill} is not understood; the requirement was ignored.`;
    }
  }
  // Related evidence is for optional requirements only; on an essential one it is dropped, not an error
  // (a link made optional and back keeps working).
  return {
    skill,
    minLevel: level,
    weight,
    essential,
    ...(minCredentials !== undefined ? { minCredentials } : {}),
    ...(related && !essential ? { related } : {}),
  };
}

export function formatRequirementParam(r: SearchRequirement): string {
  let out = `${r.skill}~${r.minLevel}`;
  if (r.weight !== 1) out += `~w${Number(r.weight.toFixed(2))}`;
  if (!r.essential) out += '~opt';
  if (r.minCredentials !== undefined) out += `~cred${r.minCredentials}`;
  if (r.related && r.related.length > 0 && !r.essential) out += `~rel:${r.related.join(',')}`;
  return out;
}

function parseBoolean(value: string | undefined): boolean | undefined | 'bad' {
  if (value === undefined || value === '') return undefined;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  return 'bad';
}

function parsePositiveInt(value: string | undefined): number | undefined | 'bad' {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,9}$/.test(value)) return 'bad';
  const n = Number(value);
  return n >= 1 ? n : 'bad';
}

/**
 * Read a query from URL search params. Never throws: anything not understood falls back to its
 * default and adds a notice the page shows, so a hand-edited or stale link still opens a search.
 */
export function parseSearchParams(params: SearchParamsLike): ParsedSearchUrl {
  const notices: string[] = [];

  const requirements: SearchRequirement[] = [];
  for (const raw of getAll(params, 'r')) {
    const parsed = parseRequirementParam(raw);
    if (typeof parsed === 'string') {
      notices.push(parsed);
      continue;
    }
    if (requirements.some((r) => r.skill === parsed.skill)) {
      notices.push(`${parsed.skill} was asked for twice; the first requirement was kept.`);
      continue;
    }
    if (requirements.length >= MAX_REQUIREMENTS) {
      notices.push(`At most ${MAX_REQUIREMENTS} skill requirements are used; the rest were ignored.`);
      break;
    }
    requirements.push(parsed);
  }

  let text = (getOne(params, 'q') ?? '').trim();
  if (text.length > MAX_TEXT_LENGTH) {
    notices.push(`Search text is limited to ${MAX_TEXT_LENGTH} characters; it was shortened.`);
    text = text.slice(0, MAX_TEXT_LENGTH);
  }

  const kinds = cleanList(getAll(params, 'kind'));
  const kind = kinds.filter((k): k is 'employee' | 'candidate' => k === 'employee' || k === 'candidate');
  if (kind.length !== kinds.length) notices.push('Only "employee" and "candidate" are kinds of people; other values were ignored.');

  const filters: SearchQuery['filters'] = {
    kind,
    department: cleanList(getAll(params, 'dept')),
    location: cleanList(getAll(params, 'loc')),
    issuer: cleanList(getAll(params, 'issuer')),
    currentRole: cleanList(getAll(params, 'crole')),
    verifiedOnly: true,
    trustedOnly: false,
  };

  const mobility = parseBoolean(getOne(params, 'mobility'));
  if (mobility === 'bad') notices.push('"Open to mobility" must be 1 or 0; it was ignored.');
  else if (mobility !== undefined) filters.openToMobility = mobility;

  const verified = parseBoolean(getOne(params, 'verified'));
  if (verified === 'bad') notices.push('"Verified only" must be 1 or 0; verified only is on.');
  else if (verified !== undefined) filters.verifiedOnly = verified;

  const trusted = parseBoolean(getOne(params, 'trusted'));
  if (trusted === 'bad') notices.push('"Trusted issuers only" must be 1 or 0; it is off.');
  else if (trusted !== undefined) filters.trustedOnly = trusted;

  const minScoreText = getOne(params, 'minscore');
  if (minScoreText !== undefined && minScoreText !== '') {
    const n = Number(minScoreText);
    if (Number.isFinite(n) && n >= 0 && n <= 100) filters.minScore = n / 100;
    else notices.push('The minimum match must be a percentage from 0 to 100; it was ignored.');
  }

  const sortText = getOne(params, 'sort');
  let sort: SearchQuery['sort'] = 'match';
  if (sortText) {
    if ((SORTS as readonly string[]).includes(sortText)) sort = sortText as SearchQuery['sort'];
    else notices.push(`"${sortText.slice(0, 20)}" is not a sort order; results are sorted by match.`);
  }

  let pageSize = DEFAULT_QUERY.pageSize;
  const sizeValue = parsePositiveInt(getOne(params, 'size'));
  if (sizeValue === 'bad' || (typeof sizeValue === 'number' && sizeValue > MAX_PAGE_SIZE)) {
    notices.push(`Page size must be 1 to ${MAX_PAGE_SIZE}; ${pageSize} per page are shown.`);
  } else if (sizeValue !== undefined) pageSize = sizeValue;

  let page = 1;
  const pageValue = parsePositiveInt(getOne(params, 'page'));
  if (pageValue === 'bad') notices.push('The page number was not understood; the first page is shown.');
  else if (pageValue !== undefined) {
    if (pageValue * pageSize > MAX_RESULT_WINDOW) {
      notices.push(`Results beyond the first ${MAX_RESULT_WINDOW.toLocaleString('en-GB')} are not available; the first page is shown. Narrow the search instead.`);
    } else page = pageValue;
  }

  const facetValues = cleanList(getAll(params, 'facet'));
  const facets = facetValues.filter((f): f is FacetName => (FACETS as readonly string[]).includes(f));
  if (facets.length !== facetValues.length) notices.push('Unknown facets were ignored.');

  const candidate = { requirements, text, filters, sort, page, pageSize, facets };
  const checked = searchQuerySchema.safeParse(candidate);
  if (checked.success) return { query: checked.data, notices };
  // Every field was checked above; this is a last line of defence so a link never breaks the page.
  return { query: DEFAULT_QUERY, notices: [...notices, 'The link did not describe a valid search; it was reset.'] };
}

/** Write a query as URL search params; defaults are omitted so links stay short. */
export function toSearchParams(query: SearchQuery): URLSearchParams {
  const p = new URLSearchParams();
  for (const r of query.requirements) p.append('r', formatRequirementParam(r));
  if (query.text) p.set('q', query.text);
  for (const k of query.filters.kind) p.append('kind', k);
  for (const d of query.filters.department) p.append('dept', d);
  for (const l of query.filters.location) p.append('loc', l);
  for (const i of query.filters.issuer) p.append('issuer', i);
  for (const c of query.filters.currentRole) p.append('crole', c);
  if (query.filters.openToMobility !== undefined) p.set('mobility', query.filters.openToMobility ? '1' : '0');
  if (!query.filters.verifiedOnly) p.set('verified', '0');
  if (query.filters.trustedOnly) p.set('trusted', '1');
  if (query.filters.minScore !== undefined) p.set('minscore', String(Number((query.filters.minScore * 100).toFixed(2))));
  if (query.sort !== 'match') p.set('sort', query.sort);
  if (query.page !== 1) p.set('page', String(query.page));
  if (query.pageSize !== DEFAULT_QUERY.pageSize) p.set('size', String(query.pageSize));
  for (const f of query.facets) p.append('facet', f);
  return p;
}

/** `/search?...` for a query. */
export function searchHref(query: SearchQuery, base = '/search'): string {
  const s = toSearchParams(query).toString();
  return s ? `${base}?${s}` : base;
}

/** Level names for selectors: [{ value: 1, name: 'Awareness' }, ...]. */
export const LEVEL_OPTIONS = LEVELS;
