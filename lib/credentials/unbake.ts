// Baked badges: the credential travels inside an image.
// PNG (OB 2.0 "Baking" and OB 3.0 section 5.3): an iTXt chunk with keyword "openbadges" (OB 2.0)
// or "openbadgecredential" (OB 3.0) holding JSON or a compact JWS; older bakers used tEXt.
// The PNG chunk layout is simple enough that a bounds-checked reader here is safer than another
// dependency: length(4) type(4) data(length) crc(4), stopping at IEND.
// SVG: <openbadges:credential> (OB 3.0) or <openbadges:assertion verify="..."> (OB 2.0), the
// payload as element text or CDATA; a `verify` attribute holds a JWS or the hosted URL.
import { inflateSync } from 'node:zlib';
import { SaxesParser } from 'saxes';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const KEYWORDS = new Set(['openbadges', 'openbadgecredential']);
/** An inflated chunk larger than this is refused (a zlib bomb in a 1 KB image). */
const MAX_INFLATED = 5 * 1024 * 1024;

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

export type Unbaked = { ok: true; payload: string; via: string } | { ok: false; reason: string };

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

export function unbakePng(bytes: Uint8Array): Unbaked {
  if (!isPng(bytes)) return { ok: false, reason: 'Not a PNG image' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = latin1(bytes.subarray(offset + 4, offset + 8));
    const start = offset + 8;
    const end = start + length;
    if (end + 4 > bytes.length) return { ok: false, reason: `The PNG is truncated inside its ${type} chunk` };
    const data = bytes.subarray(start, end);
    if (type === 'iTXt' || type === 'tEXt') {
      const nul = data.indexOf(0);
      const keyword = nul > 0 ? latin1(data.subarray(0, nul)).toLowerCase() : '';
      if (KEYWORDS.has(keyword)) {
        if (type === 'tEXt') return { ok: true, payload: latin1(data.subarray(nul + 1)).trim(), via: `PNG tEXt "${keyword}"` };
        // iTXt: keyword\0 compressionFlag compressionMethod languageTag\0 translatedKeyword\0 text
        const compressed = data[nul + 1] === 1;
        const langEnd = data.indexOf(0, nul + 3);
        const transEnd = langEnd >= 0 ? data.indexOf(0, langEnd + 1) : -1;
        if (transEnd < 0) return { ok: false, reason: `The PNG's iTXt "${keyword}" chunk is malformed` };
        let text = data.subarray(transEnd + 1);
        if (compressed) {
          try {
            text = new Uint8Array(inflateSync(text, { maxOutputLength: MAX_INFLATED }));
          } catch {
            return { ok: false, reason: `The PNG's compressed "${keyword}" chunk could not be inflated (corrupt or over 5 MB)` };
          }
        }
        return { ok: true, payload: new TextDecoder().decode(text).trim(), via: `PNG iTXt "${keyword}"` };
      }
    }
    if (type === 'IEND') break;
    offset = end + 4;
  }
  return { ok: false, reason: 'The PNG image carries no badge (no iTXt "openbadges" or "openbadgecredential" chunk)' };
}

export function looksLikeSvg(text: string): boolean {
  return /<svg[\s>]/i.test(text.slice(0, 4096));
}

const BADGE_ELEMENTS = new Set(['openbadges:credential', 'openbadges:assertion']);
/** Real badge SVGs nest a few groups deep; thousands of open tags are an attack, refused at once. */
const MAX_SVG_DEPTH = 256;

/**
 * The first <openbadges:credential> or <openbadges:assertion> element of an SVG, read with a
 * streaming XML parser (saxes): one pass, linear in the input. The regex this replaces backtracked
 * over every unclosed `<openbadges:credential>` (issue 12: 800 KB blocked the server 11 s).
 * Malformed XML is refused with saxes' reason. saxes expands only XML's predefined entities and character references, never DTD-declared or
 * external ones, so an SVG cannot pull in files or expand a billion laughs.
 */
export function unbakeSvg(text: string): Unbaked {
  type Found = { name: string; verify: string; body: string };
  let found: Found | null = null;
  let capturing: { name: string; verify: string; depth: number; parts: string[] } | null = null;
  let depth = 0;
  const done = new Error('badge element read');

  const parser = new SaxesParser({ xmlns: false, position: false });
  // Malformed XML stops the scan at the first error (XML has no recovery, and saxes builds an
  // Error per problem: 200,000 unclosed tags would cost seconds of stack traces).
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    depth++;
    if (depth > MAX_SVG_DEPTH) throw new Error(`elements are nested more than ${MAX_SVG_DEPTH} deep`);
    if (capturing || found) return;
    const name = tag.name.toLowerCase();
    if (!BADGE_ELEMENTS.has(name)) return;
    const attributes = tag.attributes as Record<string, string>;
    const verify = Object.entries(attributes).find(([key]) => key.toLowerCase() === 'verify')?.[1] ?? '';
    capturing = { name: name.slice('openbadges:'.length), verify, depth, parts: [] };
  });
  const collect = (chunk: string) => {
    if (capturing) capturing.parts.push(chunk);
  };
  parser.on('text', collect);
  parser.on('cdata', collect);
  parser.on('closetag', () => {
    if (capturing && depth === capturing.depth) {
      found = { name: capturing.name, verify: capturing.verify, body: capturing.parts.join('') };
      capturing = null;
      // Nothing after the first badge matters: stop parsing here.
      throw done;
    }
    depth--;
  });
  try {
    parser.write(text).close();
  } catch (error) {
    if (error !== done) return { ok: false, reason: `The SVG image could not be read as XML: ${error instanceof Error ? error.message : String(error)}` };
  }
  const badge = found as Found | null;
  if (!badge) return { ok: false, reason: 'The SVG image carries no badge (no <openbadges:credential> or <openbadges:assertion> element)' };
  const inner = badge.body.trim();
  if (inner) return { ok: true, payload: inner, via: `SVG <openbadges:${badge.name}>` };
  const attr = badge.verify.trim();
  if (attr) return { ok: true, payload: attr, via: `SVG <openbadges:${badge.name} verify>` };
  return { ok: false, reason: `The SVG's <openbadges:${badge.name}> element is empty` };
}
