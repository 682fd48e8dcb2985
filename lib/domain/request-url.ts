// Requests whose URL no page or route can use, answered 400 at the edge before any of it reaches
// Next's router, a page or the database (issue 12):
// - a path segment whose %-escapes do not decode (`/people/%`, `/roles/%C0%AE`: overlong UTF-8)
//   made Next throw while decoding route params: a bare 500 with nothing logged;
// - a NUL character anywhere in the path or the query (`/roles/%00`, `/search?dept=%00`): Postgres
//   refuses \0 in text, so every query that carried one failed with a 500 or 503.
// Checking the whole URL once here is the one place for every page and route that reads it.

import { MALFORMED_ESCAPE_MESSAGE, pathDecodes } from './url-path.js';

export type UrlProblem = { code: 'malformed-escape' | 'nul-character'; message: string };

/** Why a request URL (its path and query string, still %-encoded) cannot be served, or null. */
export function findUrlProblem(pathname: string, search: string): UrlProblem | null {
  if (!pathDecodes(pathname)) return { code: 'malformed-escape', message: MALFORMED_ESCAPE_MESSAGE };
  const query = search.startsWith('?') ? search.slice(1) : search;
  // %00 in any case, and a raw NUL (which a client may send unencoded).
  if (/%00|\0/i.test(pathname) || /%00|\0/i.test(query)) {
    return { code: 'nul-character', message: 'The address contains a NUL character (%00), which no name, id or search can hold.' };
  }
  return null;
}

/**
 * A state-changing request (a server action posts to a page URL) whose Origin is not this site.
 * Next refuses it too, but as a 500 with a generic error; here it is a 403 before the action.
 * Same comparison as Next's CSRF check: the Origin's host against X-Forwarded-Host (first value),
 * else Host. No Origin (curl, old browsers) is let through, as Next does: it carries no cookies a
 * user did not send on purpose.
 */
export function isCrossOriginWrite(request: { method: string; origin: string | null; host: string | null; forwardedHost: string | null }): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return false;
  if (!request.origin) return false;
  let originHost: string;
  try {
    originHost = request.origin === 'null' ? 'null' : new URL(request.origin).host;
  } catch {
    return true;
  }
  const host = request.forwardedHost?.split(',')[0]?.trim() || request.host;
  return !host || originHost !== host;
}

export type BodyProblem = { status: 411 | 413; message: string };

/**
 * A state-changing request to a page (how server actions and no-JavaScript form posts arrive) whose
 * body Next would cut off at its server-action limit and answer with a 500 (issue 12). Judged from the
 * headers alone, before anything is read: a declared length over the limit is a 413; a body sent
 * without a length (chunked) is a 411, since its size could only be learnt by reading it, and browsers
 * always declare the length of a form or action post. Node's HTTP parser never delivers more bytes than
 * the declared length, so Next's own limit is never reached.
 */
export function findPageWriteBodyProblem(request: { method: string; contentLength: string | null; transferEncoding: string | null }, limitBytes: number): BodyProblem | null {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return null;
  if (request.contentLength === null) {
    if (request.transferEncoding === null) return null;
    return { status: 411, message: 'A form or server action must declare its size (Content-Length).' };
  }
  const declared = Number(request.contentLength);
  if (!Number.isFinite(declared) || declared > limitBytes) {
    return { status: 413, message: `The form is larger than ${(limitBytes / 1024 / 1024).toLocaleString('en-GB')} MB, the most a page form or action accepts.` };
  }
  return null;
}
