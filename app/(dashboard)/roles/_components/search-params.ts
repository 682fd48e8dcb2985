// Reading Next's searchParams (string | string[] | undefined) into plain values for lib/data.
export type RawSearchParams = Record<string, string | string[] | undefined>;

export function first(params: RawSearchParams, key: string): string {
  const v = params[key];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

export function all(params: RawSearchParams, key: string): string[] {
  const v = params[key];
  return (Array.isArray(v) ? v : v ? [v] : []).filter(Boolean);
}

/** A whole number in range, or undefined when absent or not a number (bad URLs fall back, never crash). */
export function intIn(params: RawSearchParams, key: string, min: number, max: number): number | undefined {
  const raw = first(params, key);
  if (!raw) return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

export function toQuery(entries: Record<string, string | string[] | number | boolean | undefined | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(entries)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    for (const item of Array.isArray(v) ? v : [v]) sp.append(k, String(item));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** A path segment as typed; a malformed escape (e.g. "%E0%A4%A") is kept as is rather than throwing. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The ranking filters of /roles/[id] (and its CSV export) from the URL; bad values fall back to defaults. */
export function rankingFiltersFrom(sp: RawSearchParams) {
  const mobility = first(sp, 'mobility');
  return {
    department: all(sp, 'department'),
    currentRole: all(sp, 'currentRole'),
    ...(mobility === 'yes' ? { openToMobility: true } : mobility === 'no' ? { openToMobility: false } : {}),
    ...(intIn(sp, 'minMatch', 0, 100) !== undefined ? { minMatch: intIn(sp, 'minMatch', 0, 100) } : {}),
    essentials: first(sp, 'essentials') === 'require' ? ('require' as const) : ('flag' as const),
    view: first(sp, 'view') === 'promotion' ? ('promotion' as const) : ('all' as const),
    page: intIn(sp, 'page', 1, 400) ?? 1,
  };
}

/** URLSearchParams (a route handler's) as the page's searchParams shape. */
export function rawParamsOf(params: URLSearchParams): RawSearchParams {
  const out: RawSearchParams = {};
  for (const key of new Set(params.keys())) out[key] = params.getAll(key);
  return out;
}
