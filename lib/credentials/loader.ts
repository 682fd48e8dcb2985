// The one guarded loader for every network read verification makes: hosted OB 2.0 assertions,
// BadgeClasses and issuer profiles, keys, did:web documents, revocation and status lists.
//
// Why each guard exists:
// - Credentials are attacker-controlled input that names URLs, so every read is a potential SSRF:
//   the address each hostname resolves to is checked at connect time (inside the socket's DNS
//   lookup, so a rebinding DNS answer cannot swap in 127.0.0.1 after the check), and loopback,
//   private, link-local (incl. the 169.254.169.254 cloud metadata service), CGNAT, multicast and
//   unspecified addresses are refused unless configuration allows them.
// - Redirects are followed by hand, at most 3, and each hop goes through the same checks.
// - Timeouts and a size cap keep one slow or huge response from holding a request or the heap.
// - A resolver map (URL prefix -> local file, folder or another URL) is consulted first, for
//   air-gapped deployments and tests; files it names are read without touching the network.
// - Responses are cached for a TTL (status lists, keys and profiles are shared by many credentials);
//   the cache holds documents, never verdicts.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import path from 'node:path';
import { env } from '../env.js';
import { addressRefusal, isIpLiteral, type AddressPolicy } from './address-policy';

export type LoadSource = 'resolver-map' | 'network' | 'cache';

export type LoadResult = {
  /** The URL asked for. */
  url: string;
  /** After redirects (or the file read for a resolver-map hit). */
  finalUrl: string;
  /** HTTP status; 200 for a resolver-map file; 0 when no response was received. */
  status: number;
  ok: boolean;
  body: Uint8Array | null;
  contentType: string | null;
  /** One human sentence when the read failed (blocked, timeout, too large, HTTP error...). */
  error?: string;
  errorCode?: 'invalid-url' | 'blocked' | 'timeout' | 'too-large' | 'too-many-redirects' | 'network' | 'http' | 'not-found' | 'budget';
  source: LoadSource;
  redirects: number;
};

export type LoadOptions = {
  /** Network fetches (each redirect hop) and bytes are charged to it; cache and resolver-map hits are free. */
  budget?: FetchBudget;
};

export type CredentialLoader = {
  load(url: string, options?: LoadOptions): Promise<LoadResult>;
  /** Convenience: load and parse JSON; null with a reason when that fails. */
  loadJson(url: string, options?: LoadOptions): Promise<{ result: LoadResult; json: unknown | null; error?: string }>;
  clearCache(): void;
};

/**
 * How much network one verification (one upload, zip or CSV included; one URL) may use. Without
 * it a 150-row CSV naming 150 different 4 MB URLs downloads 600 MB and waits up to 150 timeouts.
 * Mutable on purpose: every load charged to it decrements what is left.
 */
export type FetchBudget = { fetchesLeft: number; bytesLeft: number; readonly maxFetches: number; readonly maxBytes: number };

export const DEFAULT_FETCH_BUDGET = { maxFetches: 500, maxBytes: 64 * 1024 * 1024 };

export function createFetchBudget(limits: { maxFetches?: number; maxBytes?: number } = {}): FetchBudget {
  const maxFetches = limits.maxFetches ?? DEFAULT_FETCH_BUDGET.maxFetches;
  const maxBytes = limits.maxBytes ?? DEFAULT_FETCH_BUDGET.maxBytes;
  return { fetchesLeft: maxFetches, bytesLeft: maxBytes, maxFetches, maxBytes };
}

/** The same loader (same cache), with every load charged to `budget` unless the caller passes its own. */
export function withFetchBudget(loader: CredentialLoader, budget: FetchBudget): CredentialLoader {
  return {
    load: (url, options) => loader.load(url, { budget, ...options }),
    loadJson: (url, options) => loader.loadJson(url, { budget, ...options }),
    clearCache: () => loader.clearCache(),
  };
}

export type ResolverMap = Record<string, string>;

export type CreateCredentialLoaderOptions = {
  /** In-memory map (URL prefix -> file, folder or URL); relative paths resolve against `baseDir`. */
  resolverMap?: ResolverMap;
  /** A resolver map JSON file; its relative paths resolve against its own folder. */
  resolverMapFile?: string;
  baseDir?: string;
  allowLoopback?: boolean;
  allowPrivate?: boolean;
  /** Per request (each hop). Default 5 s. */
  timeoutMs?: number;
  /** Default 5 MB: no credential, key or status list legitimately comes near it. */
  maxBytes?: number;
  maxRedirects?: number;
  cacheTtlMs?: number;
  /** Cache bounds (LRU): default 512 answers and 32 MB of bodies in all. */
  cacheMaxEntries?: number;
  cacheMaxBytes?: number;
  /** Read only what the resolver map names (its files, and the URLs it rewrites to); nothing else. */
  offline?: boolean;
};

const DEFAULTS = { timeoutMs: 5_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 3, cacheTtlMs: 5 * 60_000, cacheMaxEntries: 512, cacheMaxBytes: 32 * 1024 * 1024 };

// Credential fetches get their own agents without keep-alive (see requestOnce).
const httpAgent = new http.Agent({ keepAlive: false });
const httpsAgent = new https.Agent({ keepAlive: false });

type CacheEntry = { expires: number; result: LoadResult; bytes: number };

/**
 * Answers by URL, least recently used first out, bounded by count and by body bytes: an unbounded
 * map kept every body ever fetched (issue 12: ~1 GB resident after one CSV import). Expired entries
 * are dropped when met; the bounds hold whether or not they are.
 */
export class LoaderCache {
  private readonly map = new Map<string, CacheEntry>();
  private totalBytes = 0;
  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {}

  get(url: string, now: number): LoadResult | undefined {
    const entry = this.map.get(url);
    if (!entry) return undefined;
    this.remove(url, entry);
    if (entry.expires <= now) return undefined;
    this.map.set(url, entry);
    this.totalBytes += entry.bytes;
    return entry.result;
  }

  set(url: string, result: LoadResult, expires: number): void {
    const existing = this.map.get(url);
    if (existing) this.remove(url, existing);
    // URL and headers cost a little too, so an entry is never free.
    const bytes = (result.body?.byteLength ?? 0) + url.length + 256;
    if (bytes > this.maxBytes || this.maxEntries <= 0) return;
    // Map iteration is insertion order, and get() re-inserts: the first entries are the least recently used.
    for (const [key, entry] of this.map) {
      if (this.map.size < this.maxEntries && this.totalBytes + bytes <= this.maxBytes) break;
      this.remove(key, entry);
    }
    this.map.set(url, { expires, result, bytes });
    this.totalBytes += bytes;
  }

  clear(): void {
    this.map.clear();
    this.totalBytes = 0;
  }

  get size(): number {
    return this.map.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  private remove(url: string, entry: CacheEntry): void {
    this.map.delete(url);
    this.totalBytes -= entry.bytes;
  }
}

// ---------------------------------------------------------------------------------------------
// Address policy (the classification itself lives in address-policy.ts, with its reasons)

export { classifyAddress, type AddressClass } from './address-policy';

class BlockedAddressError extends Error {
  readonly code = 'EBLOCKED';
}

function guardedLookup(policy: AddressPolicy): LookupFunction {
  return ((hostname: string, options: object, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as LookupAddress[];
      for (const a of list) {
        const reason = addressRefusal(a.address, policy);
        // Every address must be allowed: otherwise a host with one public and one private record
        // could be steered onto the private one.
        if (reason) return callback(new BlockedAddressError(`${hostname} resolves to ${reason}`), '', 0);
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`${hostname} has no addresses`), '', 0);
      callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}

// ---------------------------------------------------------------------------------------------
// Resolver map

type MapEntry = { prefix: string; target: string };

function loadMapFile(file: string): { entries: MapEntry[]; baseDir: string } {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`Resolver map ${file} must be a JSON object of URL prefix -> file, folder or URL`);
  const entries = Object.entries(parsed as Record<string, unknown>).map(([prefix, target]) => {
    if (typeof target !== 'string') throw new Error(`Resolver map ${file}: the value for ${prefix} must be a string`);
    return { prefix, target };
  });
  return { entries, baseDir: path.dirname(path.resolve(file)) };
}

function sortEntries(entries: MapEntry[]): MapEntry[] {
  return entries.slice().sort((a, b) => b.prefix.length - a.prefix.length);
}

/** The default map file: $CREDENTIALS_RESOLVER_MAP, else $DATA_DIR/resolver-map.json if it exists. */
export function defaultResolverMapFile(): string | undefined {
  if (env.CREDENTIALS_RESOLVER_MAP) return env.CREDENTIALS_RESOLVER_MAP;
  const candidate = path.join(env.DATA_DIR, 'resolver-map.json');
  return existsSync(candidate) ? candidate : undefined;
}

// ---------------------------------------------------------------------------------------------

function failure(url: string, source: LoadSource, errorCode: NonNullable<LoadResult['errorCode']>, error: string, status = 0, redirects = 0): LoadResult {
  return { url, finalUrl: url, status, ok: false, body: null, contentType: null, error, errorCode, source, redirects };
}

export type GuardedCredentialLoader = CredentialLoader & {
  /** What the cache holds now (answers and body bytes), for tests and health. */
  cacheStats(): { entries: number; bytes: number };
};

export function createCredentialLoader(options: CreateCredentialLoaderOptions = {}): GuardedCredentialLoader {
  const policy = {
    allowLoopback: options.allowLoopback ?? env.CREDENTIALS_ALLOW_LOOPBACK,
    allowPrivate: options.allowPrivate ?? env.CREDENTIALS_ALLOW_PRIVATE,
  };
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxBytes = options.maxBytes ?? DEFAULTS.maxBytes;
  const maxRedirects = options.maxRedirects ?? DEFAULTS.maxRedirects;
  const cacheTtlMs = options.cacheTtlMs ?? DEFAULTS.cacheTtlMs;

  let entries: MapEntry[] = [];
  let baseDir = options.baseDir ?? process.cwd();
  if (options.resolverMapFile) {
    const loaded = loadMapFile(options.resolverMapFile);
    entries = loaded.entries;
    baseDir = options.baseDir ?? loaded.baseDir;
  }
  if (options.resolverMap) entries = entries.concat(Object.entries(options.resolverMap).map(([prefix, target]) => ({ prefix, target })));
  entries = sortEntries(entries);

  const lookup = guardedLookup(policy);
  const cache = new LoaderCache(options.cacheMaxEntries ?? DEFAULTS.cacheMaxEntries, options.cacheMaxBytes ?? DEFAULTS.cacheMaxBytes);

  async function fromFile(url: string, file: string, redirects: number): Promise<LoadResult> {
    try {
      const stat = statSync(file);
      if (stat.isDirectory()) return failure(url, 'resolver-map', 'not-found', `The resolver map points ${url} at a folder, not a file`, 404, redirects);
      if (stat.size > maxBytes) return failure(url, 'resolver-map', 'too-large', `${url} is ${stat.size} bytes, over the ${maxBytes}-byte limit`, 0, redirects);
      const body = new Uint8Array(await readFile(file));
      return { url, finalUrl: url, status: 200, ok: true, body, contentType: null, source: 'resolver-map', redirects };
    } catch {
      return failure(url, 'resolver-map', 'not-found', `The resolver map sends ${url} to ${file}, which does not exist`, 404, redirects);
    }
  }

  function mapped(url: string): { kind: 'file'; file: string } | { kind: 'url'; url: string } | null {
    for (const { prefix, target } of entries) {
      if (!url.startsWith(prefix)) continue;
      const rest = url.slice(prefix.length).split(/[?#]/)[0] ?? '';
      if (/^https?:\/\//.test(target)) return { kind: 'url', url: target + rest };
      const base = path.resolve(baseDir, target);
      // A folder target gets the rest of the URL path appended; never let "../" climb out of it.
      let decoded: string;
      try {
        decoded = decodeURIComponent(rest);
      } catch {
        return null; // malformed %-escapes name no file
      }
      const file = rest ? path.resolve(base, decoded) : base;
      if (rest && !file.startsWith(base + path.sep)) return null;
      return { kind: 'file', file };
    }
    return null;
  }

  function requestOnce(target: URL): Promise<{ status: number; location: string | null; contentType: string | null; body: Uint8Array | null; error?: string; errorCode?: LoadResult['errorCode'] }> {
    return new Promise((resolve) => {
      const mod = target.protocol === 'https:' ? https : http;
      let settled = false;
      const done = (value: Parameters<typeof resolve>[0]) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          resolve(value);
        }
      };
      // Literal IP hosts skip DNS, so check them here (every IPv4-in-IPv6 spelling included);
      // hostnames are checked in `lookup`, and both again on the connected socket below.
      const host = target.hostname;
      if (isIpLiteral(host)) {
        const reason = addressRefusal(host, policy);
        if (reason) return resolve({ status: 0, location: null, contentType: null, body: null, error: reason, errorCode: 'blocked' });
      }
      const req = mod.request(
        target,
        {
          method: 'GET',
          lookup,
          // Our own agents without keep-alive: a pooled socket opened by other code (without this
          // lookup) is never reused for a credential fetch, and every fetch passes the connect check.
          agent: target.protocol === 'https:' ? httpsAgent : httpAgent,
          headers: { accept: 'application/ld+json, application/json;q=0.9, */*;q=0.5', 'user-agent': 'Skillproof-Verifier/1.0' },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const location = typeof res.headers.location === 'string' ? res.headers.location : null;
          const contentType = typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : null;
          const declared = Number(res.headers['content-length']);
          if (Number.isFinite(declared) && declared > maxBytes) {
            res.destroy();
            return done({ status, location, contentType, body: null, error: `${target.href} is ${declared} bytes, over the ${maxBytes}-byte limit`, errorCode: 'too-large' });
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              res.destroy();
              done({ status, location, contentType, body: null, error: `${target.href} sent more than the ${maxBytes}-byte limit`, errorCode: 'too-large' });
            } else chunks.push(chunk);
          });
          res.on('end', () => done({ status, location, contentType, body: new Uint8Array(Buffer.concat(chunks)) }));
          res.on('error', (e) => done({ status: 0, location: null, contentType: null, body: null, error: `Reading ${target.href} failed: ${e.message}`, errorCode: 'network' }));
        },
      );
      const timer = setTimeout(() => {
        req.destroy();
        done({ status: 0, location: null, contentType: null, body: null, error: `${target.href} did not answer within ${timeoutMs} ms`, errorCode: 'timeout' });
      }, timeoutMs);
      // Defence in depth: classify the address the socket actually connected to, whatever path led
      // there (literal, DNS answer, a future agent option). Nothing has been sent yet at 'connect'.
      req.on('socket', (socket: Socket) => {
        socket.once('connect', () => {
          const connected = socket.remoteAddress;
          const reason = connected ? addressRefusal(connected, policy) : `${target.host} connected to an unknown address`;
          if (reason) req.destroy(new BlockedAddressError(`${target.hostname} connected to ${reason}`));
        });
      });
      req.on('error', (e: Error & { code?: string }) => {
        if (e instanceof BlockedAddressError || e.code === 'EBLOCKED') done({ status: 0, location: null, contentType: null, body: null, error: e.message, errorCode: 'blocked' });
        else done({ status: 0, location: null, contentType: null, body: null, error: `Could not reach ${target.host}: ${e.message}`, errorCode: 'network' });
      });
      req.end();
    });
  }

  async function loadUncached(url: string, budget: FetchBudget | undefined): Promise<LoadResult> {
    let current = url;
    for (let hop = 0; hop <= maxRedirects; hop++) {
      const hit = mapped(current);
      if (hit?.kind === 'file') {
        const r = await fromFile(url, hit.file, hop);
        return { ...r, finalUrl: current };
      }
      const fetchUrl = hit?.kind === 'url' ? hit.url : current;
      let target: URL;
      try {
        target = new URL(fetchUrl);
      } catch {
        return failure(url, 'network', 'invalid-url', `${fetchUrl} is not a valid URL`);
      }
      if (target.protocol !== 'https:' && target.protocol !== 'http:') return failure(url, 'network', 'invalid-url', `Only http and https URLs can be fetched, not ${target.protocol}`);
      if (target.username || target.password) return failure(url, 'network', 'invalid-url', 'URLs with credentials in them are not fetched');
      if (options.offline && hit?.kind !== 'url') return failure(url, 'network', 'not-found', `${current} is not in the resolver map and network lookups are off`);
      if (budget && (budget.fetchesLeft <= 0 || budget.bytesLeft <= 0)) {
        const spent = budget.fetchesLeft <= 0 ? `${budget.maxFetches} network reads` : `${Math.round(budget.maxBytes / 1024 / 1024)} MB of downloads`;
        return { ...failure(url, 'network', 'budget', `Not fetched: this upload already used its ${spent}; verify the rest separately`, 0, hop), finalUrl: current };
      }
      if (budget) budget.fetchesLeft--;
      const res = await requestOnce(target);
      if (budget) budget.bytesLeft -= res.body?.byteLength ?? 0;
      if (res.error) return { ...failure(url, 'network', res.errorCode ?? 'network', res.error, res.status, hop), finalUrl: current };
      if ([301, 302, 303, 307, 308].includes(res.status) && res.location) {
        // Resolve against the URL we asked (not the mapped one) so redirects stay in the credential's namespace.
        current = new URL(res.location, hit?.kind === 'url' ? fetchUrl : current).href;
        continue;
      }
      const ok = res.status >= 200 && res.status < 300;
      return {
        url,
        finalUrl: current,
        status: res.status,
        ok,
        body: res.body,
        contentType: res.contentType,
        source: 'network',
        redirects: hop,
        ...(ok ? {} : { error: `${current} answered HTTP ${res.status}`, errorCode: 'http' as const }),
      };
    }
    return failure(url, 'network', 'too-many-redirects', `${url} redirected more than ${maxRedirects} times`, 0, maxRedirects);
  }

  const inflight = new Map<string, Promise<LoadResult>>();

  async function load(url: string, loadOptions: LoadOptions = {}): Promise<LoadResult> {
    const cached = cache.get(url, Date.now());
    if (cached) return { ...cached, source: cached.source === 'resolver-map' ? 'resolver-map' : 'cache' };
    let pending = inflight.get(url);
    if (!pending) {
      // A fetch shared with a concurrent caller is charged to whoever started it.
      pending = loadUncached(url, loadOptions.budget).finally(() => inflight.delete(url));
      inflight.set(url, pending);
    }
    const result = await pending;
    // Only answers are cached (including 404/410, which are answers); timeouts, blocks and
    // budget refusals are not.
    if (result.status > 0 && cacheTtlMs > 0) cache.set(url, result, Date.now() + cacheTtlMs);
    return result;
  }

  return {
    load,
    async loadJson(url, loadOptions) {
      const result = await load(url, loadOptions);
      if (!result.ok || !result.body) return { result, json: null, error: result.error ?? `${url} answered HTTP ${result.status}` };
      try {
        return { result, json: JSON.parse(new TextDecoder().decode(result.body)) };
      } catch {
        return { result, json: null, error: `${url} did not return JSON` };
      }
    },
    clearCache() {
      cache.clear();
    },
    cacheStats: () => ({ entries: cache.size, bytes: cache.bytes }),
  };
}

/**
 * On globalThis, one per process: Next bundles this module separately for pages, the API (pages/api)
 * and the instrumentation hook, and the cache's byte and entry bounds are meant for the process.
 */
const holder = globalThis as unknown as { skillproofCredentialLoader?: CredentialLoader };

/** The process-wide loader: resolver map from the environment, guards from the environment. */
export function getDefaultCredentialLoader(): CredentialLoader {
  holder.skillproofCredentialLoader ??= createCredentialLoader({ resolverMapFile: defaultResolverMapFile() });
  return holder.skillproofCredentialLoader;
}

/** did:web:example.com:users:alice -> https://example.com/users/alice/did.json (did:web spec section 3.2). */
export function didWebUrl(did: string): string | null {
  const m = /^did:web:([^#?]+)/.exec(did);
  if (!m) return null;
  const parts = m[1]!.split(':').map((p) => decodeURIComponent(p));
  const host = parts.shift();
  if (!host || /[/\\@]/.test(host)) return null;
  return parts.length === 0 ? `https://${host}/.well-known/did.json` : `https://${host}/${parts.map(encodeURIComponent).join('/')}/did.json`;
}
