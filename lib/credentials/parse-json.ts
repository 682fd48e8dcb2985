// Reading untrusted JSON: size and nesting limits checked before anything recursive touches it,
// so a 10,000-deep document is a clear parse error instead of a stack overflow later on.
import { Lru } from './lru';
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const MAX_DEPTH = 64;

export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Depth of nested arrays/objects, counted without recursion; stops early past `limit`. String
 * contents are skipped with indexOf (native) rather than char by char: most of a credential's
 * bytes are inside strings, and this runs on every document before JSON.parse.
 */
export function nestingDepth(text: string, limit = MAX_DEPTH): number {
  let depth = 0;
  let max = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // The closing quote is the next one preceded by an even number of backslashes.
      let j = i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        if (j < 0) return max; // unterminated string: JSON.parse reports it
        let backslashes = 0;
        while (text.charCodeAt(j - 1 - backslashes) === 92 /* \ */) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      i = j;
    } else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * Whether a JSON text holds a NUL character in any string or key, raw or escaped as \u0000.
 * Postgres refuses NUL in text and jsonb, so a credential carrying one could never be stored
 * (issue 12: it answered 500). The cheap scan runs on every document; the precise check (a
 * reviver, so an escaped backslash before "u0000" is not mistaken for one) only on a candidate.
 */
export function jsonTextHasNul(text: string): boolean {
  if (!text.includes('\0') && !/\\u0000/i.test(text)) return false;
  let found = false;
  try {
    JSON.parse(text, (key, value: unknown) => {
      if (key.includes('\0') || (typeof value === 'string' && value.includes('\0'))) found = true;
      return value;
    });
  } catch {
    return text.includes('\0');
  }
  return found;
}

export function parseJsonText(text: string): ParsedJson {
  if (text.length > MAX_DOCUMENT_BYTES) return { ok: false, reason: `The document is ${(text.length / 1024 / 1024).toFixed(1)} MB; credentials over 5 MB are refused` };
  if (text.trim() === '') return { ok: false, reason: 'The document is empty' };
  const depth = nestingDepth(text);
  if (depth > MAX_DEPTH) return { ok: false, reason: `The JSON is nested more than ${MAX_DEPTH} levels deep; no credential needs that, so it is refused` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^JSON\.parse: /, '') : String(error);
    return { ok: false, reason: `Not valid JSON: ${detail}` };
  }
  if (jsonTextHasNul(text)) return { ok: false, reason: 'The JSON contains a NUL character (\\u0000); no credential field can hold one, so it is refused' };
  return { ok: true, value };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray<T = unknown>(value: unknown): T[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The `id` of a value that is either a URL/id string or an object with an id. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value.id === 'string') return value.id;
  return undefined;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function looksLikeCompactJws(text: string): boolean {
  return text.length < MAX_DOCUMENT_BYTES && COMPACT_JWS.test(text);
}

export type DecodedJws = { ok: true; header: Record<string, unknown>; payload: unknown; payloadText: string } | { ok: false; reason: string };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Parsed JOSE headers by their encoded text: every credential an issuer signs with one key has
 * the same header segment. Frozen, because every caller shares the object.
 */
const headers = new Lru<string, Record<string, unknown>>(256);
const MAX_CACHED_HEADER = 4096;

function parseHeader(segment: string): Record<string, unknown> | null {
  const cached = headers.get(segment);
  if (cached) return cached;
  const header: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  if (!isRecord(header)) return null;
  if (segment.length <= MAX_CACHED_HEADER) headers.set(segment, deepFreeze(header));
  return header;
}

export function decodeCompactJws(token: string): DecodedJws {
  const firstDot = token.indexOf('.');
  const secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
  const h = firstDot < 0 ? token : token.slice(0, firstDot);
  const p = firstDot < 0 ? '' : token.slice(firstDot + 1, secondDot < 0 ? undefined : secondDot);
  try {
    const header = parseHeader(h);
    if (!header) return { ok: false, reason: 'The JWS header is not a JSON object' };
    const payloadText = Buffer.from(p, 'base64url').toString('utf8');
    const parsed = parseJsonText(payloadText);
    if (!parsed.ok) return { ok: false, reason: `The JWS payload: ${parsed.reason}` };
    return { ok: true, header, payload: parsed.value, payloadText };
  } catch {
    return { ok: false, reason: 'The JWS header is not base64url-encoded JSON' };
  }
}
