// Credential status, as each status method's specification says:
// - W3C Bitstring Status List v1.0 (BitstringStatusListEntry): statusPurpose revocation, suspension,
//   message (and the older "refresh"), statusSize > 1 with statusMessage, validation algorithm of
//   section 3.2 (list signature, list type, purpose, range), minimum length as a warning.
// - W3C CCG StatusList2021 (StatusList2021Entry / StatusList2021Credential): the same bitstring
//   with 1-bit entries and a base64url list without the multibase prefix.
// - 1EdTech Revocation List Status Method (1EdTechRevocationList): GET the list, the credential is
//   revoked when its id is in `revokedCredentials` and `revoked` is true or absent.
// OB 2.0 revocation lists and HTTP 410 for hosted assertions are in verify-ob2.ts / verify.ts.
//
// Three answers (docs/credentials.md "Three answers"): a status entry the issuer wrote wrongly is
// `invalid`; a list that cannot be read, trusted or used (unreachable, unsigned, bad signature,
// wrong type or purpose, out of date, too large, index out of range) means revocation could not be
// checked: `unverified`, with the reason; a set bit is `revoked` / `suspended`. A list issued by
// another party than the credential is a warning naming both (issuers delegate status lists to
// status services), while the list's own signature, key owner, type, dates and purpose are checked.
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { Bitstring } from '@digitalbazaar/bitstring';
import { didResolverFor } from './did-resolver';
import { createDocumentLoader, selfDescribingKey } from './document-loader';
import type { CheckContext } from './checks';
import { asArray, idOf, isRecord, looksLikeCompactJws, parseJsonText, str } from './parse-json';
import type { ReportBuilder } from './report';
import { verifyDataIntegrity } from './verify-data-integrity';

const gunzipAsync = promisify(gunzip);

/**
 * Largest status list accepted after decompression: 16 MB = 134 million entries, 1,000 times the
 * spec's 16 KB minimum. The loader caps the compressed download at 5 MB, but gzip inflates ~1,000x,
 * so without this cap a 5 MB list could ask for 5 GB of memory.
 */
export const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;
/** Bitstring Status List v1.0: "The uncompressed bitstring MUST be at least 16KB in size". */
const MIN_LIST_BITS = 131_072;
/** statusSize up to 16 bits (65,536 status values) keeps every value a safe integer and the message table small. */
const MAX_STATUS_SIZE = 16;

type BitstringMethod = { entryType: 'BitstringStatusListEntry' | 'StatusList2021Entry'; credentialType: string; subjectType: string; label: string };

// A Map, not an object literal: a type string like "__proto__" must not find anything.
const METHODS = new Map<string, BitstringMethod>([
  ['BitstringStatusListEntry', { entryType: 'BitstringStatusListEntry', credentialType: 'BitstringStatusListCredential', subjectType: 'BitstringStatusList', label: 'Bitstring Status List' }],
  ['StatusList2021Entry', { entryType: 'StatusList2021Entry', credentialType: 'StatusList2021Credential', subjectType: 'StatusList2021', label: 'StatusList2021' }],
]);

export type DecodedStatusList =
  | {
      ok: true;
      issuer: string;
      types: string[];
      subjectType: string;
      purposes: string[];
      bits: Bitstring;
      validFrom?: string;
      validUntil?: string;
      signedBy: string;
    }
  | { ok: false; reason: string };

/** Verified and decoded lists, keyed by the loader's (cached, shared) response body: same bytes, same answer. */
const decodedLists = new WeakMap<Uint8Array, Promise<DecodedStatusList>>();

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * encodedList -> bits. Bitstring Status List: multibase base64url ("u" prefix) of a GZIP stream;
 * StatusList2021: the same without the prefix. Inflation is capped (see MAX_STATUS_LIST_BYTES).
 */
export async function expandEncodedList(encodedList: string): Promise<{ ok: true; bits: Bitstring } | { ok: false; reason: string }> {
  // A GZIP stream always begins 1f 8b, "H4sI" in base64, so a leading "u" can only be the multibase prefix.
  const text = encodedList.startsWith('u') ? encodedList.slice(1) : encodedList;
  if (!/^[A-Za-z0-9_\-+/]+={0,2}$/.test(text)) return { ok: false, reason: 'its encodedList is not base64url' };
  const compressed = Buffer.from(text, text.includes('+') || text.includes('/') ? 'base64' : 'base64url');
  let inflated: Buffer;
  try {
    // maxOutputLength makes zlib stop as soon as the output passes the cap, so a bomb costs at most the cap.
    inflated = await gunzipAsync(compressed, { maxOutputLength: MAX_STATUS_LIST_BYTES });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) return { ok: false, reason: `its list inflates to more than ${MAX_STATUS_LIST_BYTES / 1024 / 1024} MB, which no real status list needs; it was not read` };
    return { ok: false, reason: `its encodedList is not a GZIP-compressed bitstring (${errorText(error)})` };
  }
  if (inflated.length === 0) return { ok: false, reason: 'its list is empty' };
  // Bitstring wraps the buffer's whole ArrayBuffer; zlib may hand back a slice of a shared pool, so copy.
  return { ok: true, bits: new Bitstring({ buffer: new Uint8Array(inflated) }) };
}

/** The controller a verification method belongs to: the DID or URL before '#', or the 1EdTech `<url>#<multibase>` URL. */
export function controllerOf(verificationMethod: string): string {
  return selfDescribingKey(verificationMethod)?.controller ?? verificationMethod.split('#')[0]!;
}

async function decodeStatusListCredential(body: Uint8Array, ctx: CheckContext): Promise<DecodedStatusList> {
  const text = new TextDecoder().decode(body).trim();
  if (looksLikeCompactJws(text)) return { ok: false, reason: 'it is a JWT-secured status list, which this verifier does not read yet' };
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { ok: false, reason: `it is not a JSON credential (${parsed.reason})` };
  const json = parsed.value;
  if (!isRecord(json)) return { ok: false, reason: 'it is not a credential' };
  const subject = asArray(json.credentialSubject).find(isRecord);
  const encodedList = str(subject?.encodedList);
  if (!subject || !encodedList) return { ok: false, reason: 'it has no credentialSubject.encodedList' };
  // The credential's own DID resolver: a list signed by the issuer's did:web (or did:jwk, or P-256
  // did:key) key resolves exactly as the credential's key did.
  const dids = didResolverFor(ctx.loader);
  const signature = await verifyDataIntegrity(json, (keyType) => createDocumentLoader({ keyType, resolve: resolveThroughLoader(ctx), dids }));
  if (!signature.verified) return { ok: false, reason: `its own signature does not verify (${signature.reason})` };
  const issuer = idOf(json.issuer) ?? '';
  const signedBy = signature.proof.verificationMethod ? controllerOf(signature.proof.verificationMethod) : '';
  // Anyone can sign a document that names someone else as its issuer: the key must be the issuer's.
  if (!issuer || signedBy !== issuer) return { ok: false, reason: `it names ${issuer || 'no issuer'} as its issuer but is signed by a key of ${signedBy || 'nobody'}` };
  const expanded = await expandEncodedList(encodedList);
  if (!expanded.ok) return expanded;
  return {
    ok: true,
    issuer,
    types: asArray(json.type).filter((t): t is string => typeof t === 'string'),
    subjectType: asArray(subject.type).filter((t): t is string => typeof t === 'string').join(', '),
    purposes: asArray(subject.statusPurpose).filter((p): p is string => typeof p === 'string'),
    bits: expanded.bits,
    signedBy,
    ...(str(json.validFrom) ?? str(json.issuanceDate) ? { validFrom: str(json.validFrom) ?? str(json.issuanceDate) } : {}),
    ...(str(json.validUntil) ?? str(json.expirationDate) ? { validUntil: str(json.validUntil) ?? str(json.expirationDate) } : {}),
  };
}

/** For the JSON-LD document loader: documents (DID docs, issuer profiles) fetched through the guarded loader. */
export function resolveThroughLoader(ctx: CheckContext): (url: string) => Promise<unknown | null> {
  return async (url) => {
    const { json } = await ctx.loader.loadJson(url.split('#')[0]!);
    return json;
  };
}

type StatusMessage = { status: number; message: string };

type ParsedEntry =
  | { ok: true; listUrl: string; index: number; purpose: string; size: number; messages: StatusMessage[] }
  | { ok: false; reason: string };

/** A non-negative base-10 integer, given as the spec says (a string) or as a JSON number. */
function parseIndex(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** Status values are written "0x1" (spec) but some issuers write 1 or "1". */
function parseStatusValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (/^0x[0-9a-f]+$/i.test(v)) return parseInt(v.slice(2), 16);
  return /^\d+$/.test(v) ? Number(v) : null;
}

function parseBitstringEntry(entry: Record<string, unknown>, method: BitstringMethod): ParsedEntry {
  const listUrl = str(entry.statusListCredential);
  if (!listUrl) return { ok: false, reason: 'it names no statusListCredential' };
  const index = parseIndex(entry.statusListIndex);
  if (index === null) return { ok: false, reason: `its statusListIndex ${JSON.stringify(entry.statusListIndex ?? null)} is not a non-negative integer` };
  const purpose = str(entry.statusPurpose);
  if (!purpose) return { ok: false, reason: 'it has no statusPurpose' };
  const rawSize = method.entryType === 'BitstringStatusListEntry' ? (entry.statusSize ?? 1) : 1;
  const size = typeof rawSize === 'string' ? parseIndex(rawSize) : rawSize;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) return { ok: false, reason: `its statusSize ${JSON.stringify(rawSize)} is not an integer greater than zero` };
  if (size > MAX_STATUS_SIZE) return { ok: false, reason: `its statusSize ${size} is larger than ${MAX_STATUS_SIZE} bits` };
  const messages: StatusMessage[] = [];
  if (entry.statusMessage !== undefined) {
    const list = asArray(entry.statusMessage);
    for (const m of list) {
      const status = isRecord(m) ? parseStatusValue(m.status) : null;
      const message = isRecord(m) ? str(m.message) : undefined;
      if (status === null || message === undefined) return { ok: false, reason: 'each statusMessage needs a "status" (like "0x1") and a "message"' };
      messages.push({ status, message });
    }
    // Spec: "the length of which MUST equal the number of possible status messages indicated by statusSize".
    if (messages.length !== 2 ** size) return { ok: false, reason: `it lists ${messages.length} status messages for a ${size}-bit status, which has ${2 ** size} values` };
  } else if (size > 1) return { ok: false, reason: `a ${size}-bit status needs a statusMessage for each of its ${2 ** size} values` };
  return { ok: true, listUrl, index, purpose, size, messages };
}

/** The status value at `index`: `size` bits, most significant first (spec section 3.2 step 10). */
function readStatus(bits: Bitstring, index: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 2 + (bits.get(index * size + i) ? 1 : 0);
  return value;
}

function day(iso: string): string {
  return iso.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1 UTC');
}

const COULD_NOT_CHECK = 'so whether it is revoked could not be checked';

async function checkBitstringEntry(b: ReportBuilder, entry: Record<string, unknown>, method: BitstringMethod, issuerId: string, ctx: CheckContext): Promise<boolean> {
  const parsed = parseBitstringEntry(entry, method);
  if (!parsed.ok) {
    b.fail('revocation', `The credential's ${method.entryType} is malformed: ${parsed.reason}`);
    return false;
  }
  const { listUrl, index, purpose, size } = parsed;
  const loaded = await ctx.loader.load(listUrl);
  if (!loaded.ok || !loaded.body) {
    b.fail('revocation', `Could not be checked: the status list ${listUrl} could not be read (${loaded.error ?? `HTTP ${loaded.status}`}), ${COULD_NOT_CHECK}`, 'unverified');
    return false;
  }
  let pending = decodedLists.get(loaded.body);
  if (!pending) {
    pending = decodeStatusListCredential(loaded.body, ctx).catch((error: unknown) => ({ ok: false as const, reason: `it could not be read (${errorText(error)})` }));
    decodedLists.set(loaded.body, pending);
  }
  const list = await pending;
  const cannotTrust = (reason: string) => {
    b.fail('revocation', `Could not be checked: the status list ${listUrl} cannot be used because ${reason}, ${COULD_NOT_CHECK}`, 'unverified');
    return false;
  };
  if (!list.ok) return cannotTrust(list.reason);
  if (!list.types.includes(method.credentialType)) return cannotTrust(`it is a ${list.types.filter((t) => t !== 'VerifiableCredential').join(', ') || 'credential'}, not a ${method.credentialType}`);
  if (list.subjectType !== method.subjectType) return cannotTrust(`its credentialSubject is of type ${list.subjectType || '(none)'}, not ${method.subjectType}`);
  // Spec 3.2 step 5: the entry's purpose must be one the list is for.
  if (!list.purposes.includes(purpose)) return cannotTrust(`it is a list for ${list.purposes.map((p) => `"${p}"`).join(', ') || 'no purpose'}, not "${purpose}"`);
  const from = list.validFrom ? Date.parse(list.validFrom) : NaN;
  const until = list.validUntil ? Date.parse(list.validUntil) : NaN;
  if (!Number.isNaN(from) && from > ctx.now.getTime()) return cannotTrust(`it is not valid until ${day(list.validFrom!)}`);
  if (!Number.isNaN(until) && until <= ctx.now.getTime()) return cannotTrust(`it expired on ${day(list.validUntil!)} (the issuer has not published a current one)`);
  const entries = Math.floor(list.bits.length / size);
  if (index >= entries) return cannotTrust(`entry ${index} is outside its ${entries.toLocaleString('en')} entries`);
  const ok = verdict(b, list.bits, parsed, listUrl);
  // Notes after the verdict, so a report reads answer first.
  if (list.issuer !== issuerId) {
    b.warn('revocation', `The status list ${listUrl} is issued by ${list.issuer}, not by the credential's issuer ${issuerId || '(none)'}; its own signature by ${list.issuer} was checked`);
  }
  if (entries < MIN_LIST_BITS / size) b.warn('revocation', `The status list ${listUrl} holds ${entries.toLocaleString('en')} entries, fewer than the ${(MIN_LIST_BITS / size).toLocaleString('en')} the Bitstring Status List spec requires for holders' privacy`);
  return ok;
}

/** The entry's status read from the list, as a check result: revoked / suspended fail, messages inform. */
function verdict(b: ReportBuilder, bits: Bitstring, parsed: Extract<ParsedEntry, { ok: true }>, listUrl: string): boolean {
  const { index, purpose, size, messages } = parsed;
  const value = readStatus(bits, index, size);
  const message = messages.find((m) => m.status === value)?.message;
  const said = message !== undefined ? ` ("${message}")` : '';
  const where = `entry ${index} of ${listUrl}`;
  if (purpose === 'revocation' || purpose === 'suspension') {
    const meaning = purpose === 'revocation' ? 'revoked' : 'suspended';
    if (value !== 0) {
      b.fail('revocation', `The issuer's status list marks this credential ${meaning}${size > 1 ? ` with status 0x${value.toString(16)}` : ''}${said} (${where})`, meaning);
      return false;
    }
    b.pass('revocation', `Not ${meaning}: ${where} in the issuer's signed status list is clear${said}`);
    return true;
  }
  if (purpose === 'message') {
    if (message === undefined) b.warn('revocation', `The issuer's status list gives status 0x${value.toString(16)} (${where}), which the credential's statusMessage does not describe`);
    else if (value === 0) b.pass('revocation', `Status message from the issuer: "${message}" (${where})`);
    else b.warn('revocation', `Status message from the issuer: "${message}" (status 0x${value.toString(16)}, ${where}); it does not revoke the credential`);
    return true;
  }
  if (value !== 0) b.warn('revocation', `The issuer's status list sets "${purpose}" for this credential${said} (${where}); that purpose does not revoke it`);
  else b.pass('revocation', `Status "${purpose}" is not set (${where})`);
  return true;
}

/** 1EdTech Revocation List Status Method: an unsigned JSON list of revoked credential ids at the entry's URL. */
async function check1EdTechRevocationList(b: ReportBuilder, entry: Record<string, unknown>, vc: Record<string, unknown>, ctx: CheckContext): Promise<boolean> {
  const listUrl = str(entry.id);
  if (!listUrl) {
    b.fail('revocation', "The credential's 1EdTechRevocationList status has no id (the list's URL)");
    return false;
  }
  const { json, error } = await ctx.loader.loadJson(listUrl);
  if (!isRecord(json)) {
    b.fail('revocation', `Could not be checked: the revocation list ${listUrl} could not be read (${error ?? 'not a JSON object'}), ${COULD_NOT_CHECK}`, 'unverified');
    return false;
  }
  const id = str(vc.id);
  if (!id) {
    b.warn('revocation', `The credential has no id, so the revocation list ${listUrl} cannot name it; it is not revoked by that list`);
    return true;
  }
  for (const item of asArray(json.revokedCredentials ?? json.revokedAssertions)) {
    // Each item is {id, revoked?, revocationReason?}; "revoked" false means reinstated.
    const itemId = typeof item === 'string' ? item : idOf(item);
    if (itemId !== id) continue;
    if (isRecord(item) && item.revoked === false) continue;
    const reason = isRecord(item) ? str(item.revocationReason) : undefined;
    b.fail('revocation', `The issuer's revocation list ${listUrl} lists this credential as revoked${reason ? `: "${reason}"` : ''}`, 'revoked');
    return false;
  }
  b.pass('revocation', `Not revoked: not on the issuer's revocation list ${listUrl}`);
  return true;
}

/**
 * Every status entry of the credential is checked; the first one that fails decides (a credential
 * revoked by one list is revoked whatever the others say).
 */
export async function checkCredentialStatus(b: ReportBuilder, vc: Record<string, unknown>, issuerId: string, ctx: CheckContext): Promise<void> {
  const entries = asArray(vc.credentialStatus);
  if (entries.length === 0) return void b.skip('revocation', 'The credential names no status list, so there is no revocation to check');
  for (const entry of entries) {
    if (!isRecord(entry)) return void b.fail('revocation', 'The credentialStatus is not an object');
    const types = asArray(entry.type).filter((t): t is string => typeof t === 'string');
    const method = types.map((t) => METHODS.get(t)).find((m) => m !== undefined);
    let ok: boolean;
    if (method) ok = await checkBitstringEntry(b, entry, method, issuerId, ctx);
    else if (types.includes('1EdTechRevocationList')) ok = await check1EdTechRevocationList(b, entry, vc, ctx);
    else {
      b.fail('revocation', `Could not be checked: status method ${types.join(', ') || '(no type)'} is not supported (supported: BitstringStatusListEntry, StatusList2021Entry, 1EdTechRevocationList), ${COULD_NOT_CHECK}`, 'unverified');
      ok = false;
    }
    if (!ok) return;
  }
}
