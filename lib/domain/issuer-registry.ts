// Trusted-issuer lists as administrators bring them: a Digital Credentials Consortium style issuer
// registry (JSON: `{"meta": {...}, "registry": {"<did>": {"name", "url", "location"}}}`, older
// files say "entries" instead of "registry"), or a plain list of DIDs / URLs, one per line (blank
// lines and lines starting with # ignored). Pure: parsing only, the data layer writes.
import { z } from 'zod';

/** A registry larger than this is not an issuer list anyone curates by hand: refused, not truncated. */
export const MAX_REGISTRY_ENTRIES = 5000;
export const MAX_REGISTRY_BYTES = 2 * 1024 * 1024;

export type RegistryEntry = { id: string; name: string | null; url: string | null };
export type ParsedRegistry = { format: 'dcc-registry' | 'plain-list'; name: string | null; entries: RegistryEntry[]; skipped: { line: string; reason: string }[] };

/** An issuer id we accept: a DID (method and method-specific id) or an absolute http(s) URL. */
export const issuerIdSchema = z
  .string()
  .trim()
  .min(1, 'enter a DID or an https:// URL')
  .max(2000, 'issuer ids are at most 2,000 characters')
  .refine((v) => isIssuerId(v), 'not a DID (did:method:...) or an http(s) URL');

export function isIssuerId(value: string): boolean {
  if (/\s/.test(value)) return false;
  if (/^did:[a-z0-9]+:[A-Za-z0-9._:%-]+(#[^\s]*)?$/.test(value)) return true;
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.length > 0 && !u.username && !u.password;
  } catch {
    return false;
  }
}

const entrySchema = z
  .object({ name: z.string().max(500).optional(), url: z.string().max(2000).optional(), location: z.string().max(500).optional() })
  .passthrough();
const dccSchema = z
  .object({
    meta: z.object({ name: z.string().max(500).optional() }).passthrough().optional(),
    name: z.string().max(500).optional(),
    registry: z.record(z.string(), entrySchema).optional(),
    entries: z.record(z.string(), entrySchema).optional(),
  })
  .passthrough()
  .refine((r) => r.registry !== undefined || r.entries !== undefined, 'a DCC issuer registry has a "registry" (or "entries") object keyed by DID');

/** Parses either form; throws a RegistryError with a sentence for the admin on anything else. */
export function parseIssuerRegistry(text: string): ParsedRegistry {
  if (text.length > MAX_REGISTRY_BYTES) throw new RegistryError(`The list is ${(text.length / 1024 / 1024).toFixed(1)} MB; the limit is 2 MB.`);
  const trimmed = text.trim();
  if (!trimmed) throw new RegistryError('The list is empty.');
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (err) {
      throw new RegistryError(`Not valid JSON: ${(err as Error).message}`);
    }
    const parsed = dccSchema.safeParse(json);
    if (!parsed.success) throw new RegistryError(`Not a DCC issuer registry: ${parsed.error.issues[0]?.message ?? 'unexpected shape'}.`);
    const map = parsed.data.registry ?? parsed.data.entries ?? {};
    const entries: RegistryEntry[] = [];
    const skipped: ParsedRegistry['skipped'] = [];
    for (const [id, entry] of Object.entries(map)) {
      if (!isIssuerId(id.trim())) {
        skipped.push({ line: id.slice(0, 200), reason: 'not a DID or an http(s) URL' });
        continue;
      }
      entries.push({ id: id.trim(), name: entry.name?.trim() || null, url: entry.url && isIssuerId(entry.url.trim()) ? entry.url.trim() : null });
    }
    return checkSize({ format: 'dcc-registry', name: parsed.data.meta?.name ?? parsed.data.name ?? null, entries: dedupe(entries), skipped });
  }
  const entries: RegistryEntry[] = [];
  const skipped: ParsedRegistry['skipped'] = [];
  for (const raw of trimmed.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (isIssuerId(line)) entries.push({ id: line, name: null, url: null });
    else skipped.push({ line: line.slice(0, 200), reason: 'not a DID or an http(s) URL' });
  }
  return checkSize({ format: 'plain-list', name: null, entries: dedupe(entries), skipped });
}

function dedupe(entries: RegistryEntry[]): RegistryEntry[] {
  return [...new Map(entries.map((e) => [e.id, e])).values()];
}

function checkSize(r: ParsedRegistry): ParsedRegistry {
  if (r.entries.length === 0) throw new RegistryError(r.skipped.length > 0 ? `No DID or URL in the list (${r.skipped.length} lines skipped, e.g. "${r.skipped[0]!.line}").` : 'No DID or URL in the list.');
  if (r.entries.length > MAX_REGISTRY_ENTRIES) throw new RegistryError(`The list names ${r.entries.length} issuers; the limit is ${MAX_REGISTRY_ENTRIES}.`);
  return r;
}

export class RegistryError extends Error {}
