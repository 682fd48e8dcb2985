// Baked badges: the credential travels inside an image.
// PNG (OB 2.0 "Baking" and OB 3.0 section 5.3): an iTXt chunk with keyword "openbadges" (OB 2.0)
// or "openbadgecredential" (OB 3.0) holding JSON or a compact JWS; older bakers used tEXt.
// The PNG chunk layout is simple enough that a bounds-checked reader here is safer than another
// dependency: length(4) type(4) data(length) crc(4), stopping at IEND.
// SVG: <openbadges:credential> (OB 3.0) or <openbadges:assertion verify="..."> (OB 2.0), the
// payload as element text or CDATA; a `verify` attribute holds a JWS or the hosted URL.
import { inflateSync } from 'node:zlib';

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

function decodeXmlText(text: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(text);
  if (cdata) return cdata[1]!.trim();
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&amp;/g, '&')
    .trim();
}

export function looksLikeSvg(text: string): boolean {
  return /<svg[\s>]/i.test(text.slice(0, 4096));
}

export function unbakeSvg(text: string): Unbaked {
  const element = /<openbadges:(credential|assertion)\b([^>]*?)(\/>|>([\s\S]*?)<\/openbadges:\1\s*>)/i.exec(text);
  if (!element) return { ok: false, reason: 'The SVG image carries no badge (no <openbadges:credential> or <openbadges:assertion> element)' };
  const [, name, attributes = '', , body = ''] = element;
  const verify = /\bverify\s*=\s*("([^"]*)"|'([^']*)')/i.exec(attributes);
  const inner = decodeXmlText(body);
  if (inner) return { ok: true, payload: inner, via: `SVG <openbadges:${name}>` };
  const attr = verify ? decodeXmlText(verify[2] ?? verify[3] ?? '') : '';
  if (attr) return { ok: true, payload: attr, via: `SVG <openbadges:${name} verify>` };
  return { ok: false, reason: `The SVG's <openbadges:${name}> element is empty` };
}
