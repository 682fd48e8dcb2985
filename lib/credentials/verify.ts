// The entry points: bytes or a URL in, VerificationReports out. Never throws for bad input:
// anything unreadable becomes a report with a failed 'parse' check that says why.
import { Unzip, UnzipInflate } from 'fflate';
import { parse as parseCsv } from 'csv-parse/sync';
import type { CheckContext, IssuerTrust } from './checks';
import { checkDates } from './checks';
import { createFetchBudget, getDefaultCredentialLoader, withFetchBudget, type CredentialLoader, type FetchBudget } from './loader';
import { decodeCompactJws, isRecord, looksLikeCompactJws, MAX_DOCUMENT_BYTES, parseJsonText } from './parse-json';
import { parseFailure, ReportBuilder, sha256Hex } from './report';
import type { NormalizedCredential, VerificationReport } from './types';
import { isPng, looksLikeSvg, unbakePng, unbakeSvg } from './unbake';
import { isOb2Assertion, isOb2Hosted, verifyOb2Hosted, verifyOb2Signed } from './verify-ob2';
import { isOb3Credential, verifyOb3Ldp } from './verify-ob3';
import { verifyOb3Jwt } from './verify-vc-jwt';

export type VerifyOptions = {
  now?: Date;
  loader?: CredentialLoader;
  issuerTrust?: IssuerTrust;
  /** Who the credential is expected to belong to (emails, URLs): hashed recipients are matched against these. */
  recipientIdentities?: string[];
  /**
   * Network reads this verification may make (see loader.ts). Default: a fresh budget per call;
   * pass one to share it across calls (one API request with many files).
   */
  fetchBudget?: FetchBudget;
};

/** Uploads larger than this are refused before reading (a zip may hold many credentials). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 1_000;
/** Bytes actually inflated, counted while inflating: the sizes a zip declares are not trusted. */
export const MAX_ZIP_TOTAL = 100 * 1024 * 1024;
export const MAX_ZIP_ENTRY = MAX_UPLOAD_BYTES;
const MAX_CSV_ROWS = 5_000;

function contextOf(options: VerifyOptions = {}): CheckContext {
  return {
    now: options.now ?? new Date(),
    loader: withFetchBudget(options.loader ?? getDefaultCredentialLoader(), options.fetchBudget ?? createFetchBudget()),
    ...(options.issuerTrust ? { issuerTrust: options.issuerTrust } : {}),
    ...(options.recipientIdentities ? { recipientIdentities: options.recipientIdentities } : {}),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Any thrown error below is a bug or a library surprise; the user still gets a report, not a 500. */
async function guarded(input: string, raw: string, work: () => Promise<VerificationReport>): Promise<VerificationReport> {
  try {
    return await work();
  } catch (error) {
    const report = parseFailure(input, `Verification stopped unexpectedly: ${describe(error)}`, raw);
    return report;
  }
}

/** A JSON value or compact JWS (text), already unwrapped from any container. */
async function verifyValue(input: string, value: unknown, ctx: CheckContext, depth: number, hostedCopy?: { url: string; doc: unknown }): Promise<VerificationReport> {
  if (typeof value === 'string') {
    const text = value.trim();
    if (looksLikeCompactJws(text)) return verifyToken(input, text, ctx, depth);
    if (/^https?:\/\/\S+$/.test(text)) return verifyUrlWith(text, ctx, input);
    const parsed = parseJsonText(text);
    if (!parsed.ok) return parseFailure(input, parsed.reason, text.slice(0, MAX_DOCUMENT_BYTES));
    return verifyValue(input, parsed.value, ctx, depth, hostedCopy);
  }
  const raw = JSON.stringify(value) ?? '';
  if (!isRecord(value)) return parseFailure(input, Array.isArray(value) ? 'A JSON array, not a credential (give one credential per file, or a .zip)' : 'Not a credential: the JSON is not an object', raw);
  if (value.type === 'BadgeClass' || value.type === 'Issuer' || value.type === 'Profile') return parseFailure(input, `This is an Open Badges ${value.type}, not an assertion: it describes a badge or issuer, not someone earning it`, raw);
  if (isBlockcertsV2(value)) return blockcertsV2Report(input, value, raw, ctx.now);
  if (isOb3Credential(value)) return verifyOb3Ldp(input, value, raw, ctx, depth, nestedVerifier);
  if (isOb2Assertion(value)) {
    if (isOb2Hosted(value)) return verifyOb2Hosted(input, value, raw, ctx, hostedCopy);
    const vt = isRecord(value.verification) ? String(value.verification.type ?? '') : '';
    if (/signed/i.test(vt)) return new ReportBuilder(input, 'ob2-signed').fail('parse', 'A signed Open Badges 2.0 assertion must be given as its JWS (the signed token), not as plain JSON').finish(raw);
    return verifyOb2Hosted(input, value, raw, ctx, hostedCopy);
  }
  return parseFailure(input, 'Not a recognised credential: neither an Open Badges 2.0 assertion nor an Open Badges 3.0 / CLR 2.0 verifiable credential', raw);
}

/** Blockcerts v2: an OB 2.0 assertion whose `signature` is a Merkle proof anchored in a blockchain. */
function isBlockcertsV2(value: Record<string, unknown>): boolean {
  const contexts = Array.isArray(value['@context']) ? value['@context'] : [value['@context']];
  const signature = isRecord(value.signature) ? value.signature : null;
  const signatureTypes = signature ? (Array.isArray(signature.type) ? signature.type : [signature.type]) : [];
  return contexts.some((c) => typeof c === 'string' && /\/\/w3id\.org\/blockcerts\/v[12]/.test(c)) || signatureTypes.includes('MerkleProof2017');
}

/**
 * Nothing in it was found wrong, and nothing could be checked: its proof lives on a blockchain.
 * Reported as an OB 2.0 signed assertion (what Blockcerts v2 extends), unverified with the reason.
 */
function blockcertsV2Report(input: string, value: Record<string, unknown>, raw: string, now: Date): VerificationReport {
  const b = new ReportBuilder(input, 'ob2-signed');
  b.pass('parse', 'Read a Blockcerts v2 certificate (an Open Badges 2.0 assertion with a blockchain receipt)');
  b.skip('key', 'Not checked: Blockcerts certificates are signed by a blockchain transaction, not a published key');
  b.fail('signature', 'Could not be checked: the certificate is a Blockcerts MerkleProof2017, anchored to a blockchain; checking it needs a blockchain lookup, which this verifier does not do', 'unverified');
  const issued = typeof value.issuedOn === 'string' ? value.issuedOn : undefined;
  const expires = typeof value.expires === 'string' ? value.expires : undefined;
  if (issued || expires) checkDates(b, issued, expires, now, { from: 'issued on', until: 'expires' });
  return b.finish(raw);
}

async function verifyToken(input: string, token: string, ctx: CheckContext, depth: number): Promise<VerificationReport> {
  const decoded = decodeCompactJws(token);
  if (!decoded.ok) return parseFailure(input, decoded.reason, token);
  const payload = decoded.payload;
  if (isRecord(payload) && !isRecord(payload.vc) && isOb2Assertion(payload) && !isOb3Credential(payload)) return verifyOb2Signed(input, token, decoded.header, payload, ctx);
  if (isRecord(payload) && (isRecord(payload.vc) || isOb3Credential(payload))) return verifyOb3Jwt(input, token, ctx, depth, nestedVerifier, decoded);
  return parseFailure(input, 'A JWS/JWT, but its payload is neither an Open Badges 2.0 assertion nor a verifiable credential', token);
}

const nestedVerifier = (input: string, value: unknown, ctx: CheckContext, depth: number) => guarded(input, typeof value === 'string' ? value : JSON.stringify(value) ?? '', () => verifyValue(input, value, ctx, depth));

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeText(bytes: Uint8Array): string | null {
  try {
    // decode() strips a leading BOM itself (ignoreBOM is false).
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function isCsv(name: string, text: string): boolean {
  if (/\.csv$/i.test(name)) return true;
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return /,/.test(first) && /course|certificate|title/i.test(first) && !/^[\s[{<]/.test(first);
}

type ZipEntry = { name: string; bytes: Uint8Array } | { name: string; error: string };

/**
 * The zip is fed to the inflater in slices this small so a cap is noticed within one slice's
 * output: deflate expands at most about 1,032x, so about 2 MB past a cap at worst.
 */
export const ZIP_SLICE = 2 * 1024;

/**
 * Unpack a zip with fflate's streaming API, counting the bytes actually inflated per entry and in
 * total and stopping the moment either passes its cap. unzipSync trusted each entry's declared
 * size (issue 12: a 4 MB zip declaring small entries inflated 4 GB and blocked 19 s).
 * Returns the entries, or the limit that stopped it.
 */
export type UnpackedZip = ({ entries: ZipEntry[] } | { refused: string }) & {
  /** Bytes the inflater actually produced (what the caps count), and zip bytes fed to it before stopping. */
  inflatedBytes: number;
  consumedBytes: number;
};

/** Exported for its tests, which check the bytes actually inflated rather than the time taken. */
export function unpackZip(bytes: Uint8Array): UnpackedZip {
  const entries: ZipEntry[] = [];
  let total = 0;
  let inflated = 0;
  let count = 0;
  let refused: string | null = null;
  const unzip = new Unzip((file) => {
    // Folders and macOS/dotfile debris are skipped without inflating them.
    if (refused || file.name.endsWith('/') || /(^|\/)(__MACOSX|\.)/.test(file.name)) return;
    if (++count > MAX_ZIP_ENTRIES) {
      refused = `The zip holds more than ${MAX_ZIP_ENTRIES} files`;
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let finished = false;
    // fflate's inflater catches what this callback throws, so limits are flags the feeding loop reads.
    file.ondata = (error, chunk, final) => {
      // Counted before any early return: the inflater may still produce output after a cap is hit
      // within the slice being fed, and that output is work done too.
      inflated += chunk?.length ?? 0;
      if (finished || refused) return;
      if (error) {
        finished = true;
        entries.push({ name: file.name, error: `Could not unpack ${file.name}: ${error.message}` });
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (total > MAX_ZIP_TOTAL) refused = `The zip unpacks to more than ${MAX_ZIP_TOTAL / 1024 / 1024} MB`;
      else if (size > MAX_ZIP_ENTRY) refused = `${file.name} in the zip unpacks to more than ${MAX_ZIP_ENTRY / 1024 / 1024} MB`;
      if (refused) return;
      chunks.push(chunk);
      if (final) {
        finished = true;
        entries.push({ name: file.name, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  let consumed = 0;
  for (let offset = 0; offset < bytes.length && !refused; offset += ZIP_SLICE) {
    const end = Math.min(offset + ZIP_SLICE, bytes.length);
    unzip.push(bytes.subarray(offset, end), end === bytes.length);
    consumed = end;
  }
  const stats = { inflatedBytes: inflated, consumedBytes: consumed };
  return refused ? { refused, ...stats } : { entries, ...stats };
}

async function verifyZip(name: string, bytes: Uint8Array, ctx: CheckContext): Promise<VerificationReport[]> {
  let unpacked: ReturnType<typeof unpackZip>;
  try {
    unpacked = unpackZip(bytes);
  } catch (error) {
    return [parseFailure(name, `The zip file could not be read: ${describe(error)}`)];
  }
  if ('refused' in unpacked) return [parseFailure(name, unpacked.refused)];
  const { entries } = unpacked;
  entries.sort((a, b) => a.name.localeCompare(b.name));
  if (entries.length === 0) return [parseFailure(name, 'The zip file holds no files')];
  const reports: VerificationReport[] = [];
  for (const entry of entries) {
    const entryName = `${name}/${entry.name}`;
    if ('error' in entry) reports.push(parseFailure(entryName, entry.error));
    // A zip inside a zip is not unpacked again (zip bombs nest).
    else if (isZip(entry.bytes)) reports.push(parseFailure(entryName, 'A zip inside a zip is not opened; upload the inner zip on its own'));
    else reports.push(...(await verifyBytes(entryName, entry.bytes, ctx)));
  }
  return reports;
}

type CsvRow = Record<string, string>;

function pick(row: CsvRow, patterns: RegExp[]): string | undefined {
  for (const pattern of patterns) {
    for (const [key, value] of Object.entries(row)) if (pattern.test(key) && value && value.trim()) return value.trim();
  }
  return undefined;
}

function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  const dmy = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(value);
  return dmy ? new Date(Date.UTC(Number(dmy[3]), Number(dmy[2]) - 1, Number(dmy[1]))).toISOString() : undefined;
}

/**
 * Course completions (LinkedIn Learning, Coursera, MOOC exports): one self-reported entry per row,
 * unless the row's certificate URL yields a credential that verifies, which then replaces it.
 */
async function verifyCsv(name: string, text: string, ctx: CheckContext): Promise<VerificationReport[]> {
  let rows: CsvRow[];
  try {
    rows = parseCsv(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, relax_column_count: true, bom: true, to: MAX_CSV_ROWS + 1 }) as CsvRow[];
  } catch (error) {
    return [parseFailure(name, `The CSV could not be read: ${describe(error)}`)];
  }
  if (rows.length === 0) return [parseFailure(name, 'The CSV has a header but no rows')];
  // Postgres refuses NUL in text: a cell holding one could never be stored (issue 12: a 500).
  if (rows.some((row) => Object.entries(row).some(([key, cell]) => key.includes('\0') || (typeof cell === 'string' && cell.includes('\0'))))) {
    return [parseFailure(name, 'The CSV contains a NUL character in a cell; remove it and upload again')];
  }
  if (rows.length > MAX_CSV_ROWS) return [parseFailure(name, `The CSV has more than ${MAX_CSV_ROWS} rows; split it`)];
  const columns = Object.keys(rows[0] ?? {});
  if (!columns.some((c) => /course|title|certificate name|content/i.test(c))) return [parseFailure(name, `The CSV has no course column (found: ${columns.join(', ')}); expected person/email, course, date, certificate URL`)];
  const reports: VerificationReport[] = [];
  for (const [i, row] of rows.entries()) {
    const input = `${name} row ${i + 2}`;
    const course = pick(row, [/^course/, /title/, /certificate name/, /content/]);
    const email = pick(row, [/e-?mail/]);
    const person = pick(row, [/^person/, /^name/, /learner/, /user/, /full name/]);
    const provider = pick(row, [/provider/, /platform/, /source/, /issuer/, /organi[sz]ation/]);
    const completed = pick(row, [/date/, /completed/, /completion/]);
    const url = pick(row, [/certificate.*(url|link)/, /^url/, /link/, /verify/]);
    if (url && /^https?:\/\//.test(url)) {
      // The certificate must be the row's person's: with an email, a credential issued to someone
      // else does not back the row.
      const backed = await verifyUrlWith(url, email ? { ...ctx, recipientIdentities: [email] } : ctx, input);
      if (backed.status === 'verified') {
        reports.push(backed);
        continue;
      }
      reports.push(selfReported(input, { course, email, person, provider, completed, url, row }, ctx, `The certificate URL did not yield a verifiable credential (${backed.checks.find((c) => c.result === 'fail')?.message ?? backed.status})`));
      continue;
    }
    reports.push(selfReported(input, { course, email, person, provider, completed, url, row }, ctx));
  }
  return reports;
}

function selfReported(
  input: string,
  r: { course?: string; email?: string; person?: string; provider?: string; completed?: string; url?: string; row: CsvRow },
  ctx: CheckContext,
  urlNote?: string,
): VerificationReport {
  const b = new ReportBuilder(input, 'course-csv');
  b.selfReported = true;
  const raw = JSON.stringify(r.row);
  if (!r.course) return b.fail('parse', 'The row has no course name').finish(raw);
  b.pass('parse', `Course completion "${r.course}"${r.provider ? ` from ${r.provider}` : ''}`);
  if (!r.email && !r.person) b.fail('structure', 'The row names no person or email');
  else b.pass('structure', `Completed by ${r.person ?? ''}${r.person && r.email ? ' ' : ''}${r.email ? `<${r.email}>` : ''}`);
  b.skip('signature', 'Self-reported: a course export carries no signature');
  if (urlNote) b.warn('hosted', urlNote);
  else b.skip('hosted', r.url ? `Certificate link ${r.url} is not an http(s) URL` : 'No certificate URL to check');
  const completed = isoDate(r.completed);
  if (r.completed && !completed) b.warn('dates', `Completion date "${r.completed}" is not a date`);
  else checkDates(b, completed, undefined, ctx.now, { from: 'completed on', until: 'expires' });
  const providerId = `self-reported:${(r.provider ?? 'course').toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const credential: NormalizedCredential = {
    issuer: { id: providerId, name: r.provider ?? 'Self-reported course' },
    recipient: { hashed: false, ...(r.email ? { identity: r.email } : {}), ...(r.person ? { name: r.person } : {}) },
    achievement: {
      id: `course:${sha256Hex(`${r.provider ?? ''}\n${r.course.toLowerCase()}`).slice(0, 24)}`,
      name: r.course,
      description: r.provider ? `Course completed on ${r.provider}` : 'Course completion (self-reported)',
      type: 'Course',
      alignments: [],
      resultDescriptions: [],
      partOf: [],
    },
    results: [],
    evidence: r.url ? [{ id: r.url, name: 'Certificate' }] : [],
    ...(completed ? { issuedAt: completed, validFrom: completed } : {}),
  };
  return b.finish(raw, credential);
}

async function verifyBytes(name: string, bytes: Uint8Array, ctx: CheckContext): Promise<VerificationReport[]> {
  if (bytes.length === 0) return [parseFailure(name, 'The file is empty')];
  if (bytes.length > MAX_UPLOAD_BYTES) return [parseFailure(name, `The file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; uploads over ${MAX_UPLOAD_BYTES / 1024 / 1024} MB are refused`)];
  if (isZip(bytes)) return verifyZip(name, bytes, ctx);
  if (isPng(bytes)) {
    const unbaked = unbakePng(bytes);
    if (!unbaked.ok) return [parseFailure(name, unbaked.reason)];
    return [await guarded(name, unbaked.payload, () => verifyValue(name, unbaked.payload, ctx, 0))];
  }
  if (bytes.length > MAX_DOCUMENT_BYTES) return [parseFailure(name, `The file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; a single credential over 5 MB is refused`)];
  const text = decodeText(bytes);
  if (text === null) return [parseFailure(name, 'Not a credential: the file is neither text (JSON, JWT, SVG, CSV) nor a PNG or ZIP')];
  const trimmed = text.trim();
  if (trimmed === '') return [parseFailure(name, 'The file is empty')];
  if (trimmed.startsWith('<')) {
    if (!looksLikeSvg(trimmed)) return [parseFailure(name, 'An XML/HTML file that is not an SVG image')];
    const unbaked = unbakeSvg(trimmed);
    if (!unbaked.ok) return [parseFailure(name, unbaked.reason, trimmed.slice(0, 1024))];
    return [await guarded(name, unbaked.payload, () => verifyValue(name, unbaked.payload, ctx, 0))];
  }
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return [await guarded(name, trimmed, () => verifyValue(name, trimmed, ctx, 0))];
  if (looksLikeCompactJws(trimmed)) return [await guarded(name, trimmed, () => verifyToken(name, trimmed, ctx, 0))];
  if (/^https?:\/\/\S+$/.test(trimmed)) return [await guarded(name, trimmed, () => verifyUrlWith(trimmed, ctx, name))];
  if (isCsv(name, trimmed)) return verifyCsv(name, trimmed, ctx);
  return [parseFailure(name, 'Not a recognised credential format (expected JSON, a JWT/JWS, a baked PNG or SVG, a CSV of course completions, or a ZIP of these)', trimmed.slice(0, 1024))];
}

/**
 * Verify an uploaded file. A .zip or .csv yields several reports; JSON, .jwt/.jws and baked
 * .png/.svg yield one (a CLR's inner credentials are in its `nested`).
 */
export async function verifyCredentialFile(input: { name: string; bytes: Uint8Array }, options?: VerifyOptions): Promise<VerificationReport[]> {
  const name = input.name || '<inline>';
  try {
    return await verifyBytes(name, input.bytes, contextOf(options));
  } catch (error) {
    return [parseFailure(name, `Verification stopped unexpectedly: ${describe(error)}`)];
  }
}

async function verifyUrlWith(url: string, ctx: CheckContext, input = url): Promise<VerificationReport> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return parseFailure(input, `${url} is not a valid URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return parseFailure(input, `Only http(s) URLs can be verified, not ${parsed.protocol}`);
  const result = await ctx.loader.load(url);
  if (result.status === 410) {
    // A hosted OB 2.0 assertion answered "Gone": the issuer revoked it.
    return new ReportBuilder(input, 'ob2-hosted').pass('parse', `Asked ${url} for the assertion`).fail('hosted', `The issuer's server answers HTTP 410 Gone for ${url}: the assertion has been revoked`, 'revoked').finish(url);
  }
  if (!result.ok || !result.body) return parseFailure(input, `Could not fetch ${url}: ${result.error ?? `HTTP ${result.status}`}`);
  const bytes = result.body;
  if (isPng(bytes)) return (await verifyBytes(input, bytes, ctx))[0] ?? parseFailure(input, 'Empty response');
  const text = decodeText(bytes);
  if (text === null) return parseFailure(input, `${url} did not return a credential (binary content)`);
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const parsedJson = parseJsonText(trimmed);
    if (!parsedJson.ok) return parseFailure(input, `${url}: ${parsedJson.reason}`, trimmed);
    return guarded(input, trimmed, () => verifyValue(input, parsedJson.value, ctx, 0, { url, doc: parsedJson.value }));
  }
  return (await verifyBytes(input, bytes, ctx))[0] ?? parseFailure(input, 'Empty response');
}

/** Verify a credential by URL (a hosted OB 2.0 assertion, or a URL serving a credential). */
export async function verifyCredentialUrl(url: string, options?: VerifyOptions): Promise<VerificationReport> {
  try {
    return await verifyUrlWith(url.trim(), contextOf(options));
  } catch (error) {
    return parseFailure(url, `Verification stopped unexpectedly: ${describe(error)}`);
  }
}

export { canonicalIdentity, recipientMatches, hashIdentity } from './checks';
