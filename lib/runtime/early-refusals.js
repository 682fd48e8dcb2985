// @ts-check
// Requests answered before Next sees them, because Next cannot turn them into anything but a 500 or
// an HTML error page. The Node HTTP server is the only place earlier than that. Each answer carries
// the headers of any API answer, and HSTS over https, like every response Next gives.
// - TRACE: Next turns every request into a WHATWG Request, and undici refuses to construct one with
//   method TRACE ("'TRACE' HTTP method is unsupported"), so Next answered 500 (issue 12) with no route
//   or proxy ever running. (CONNECT is a separate server event Next does not listen to, and Node's
//   parser rejects TRACK, so TRACE is the one method that needs this.)
// - An API path with a %-escape that does not decode (`/api/v1/credentials/%/report`, overlong UTF-8
//   such as `%C0%AE`): Next's router throws decoding the route's dynamic segment before any handler
//   runs (a bare 500 from the App Router; pages/api gives its HTML 400 page). The API answers JSON, so
//   the 400 is JSON here, by the rule and with the message `findUrlProblem` uses (lib/domain/url-path.js).
//   Pages get theirs from proxy.ts.

import { MALFORMED_ESCAPE_MESSAGE, pathDecodes } from '../domain/url-path.js';
import { earlyAnswerHeaders } from '../security/security-headers.js';

const TRACE_BODY = JSON.stringify({ error: { code: 'method_not_allowed', message: 'TRACE is not supported.', fieldErrors: {} } });
const MALFORMED_PATH_BODY = JSON.stringify({ error: { code: 'bad_request', message: MALFORMED_ESCAPE_MESSAGE, fieldErrors: {} } });

/**
 * Whether a request target (path and query, as sent) is an API path with a segment that does not decode.
 * @param {string} target
 */
export function isUndecodableApiPath(target) {
  const query = target.indexOf('?');
  const path = query === -1 ? target : target.slice(0, query);
  return path.startsWith('/api/') && !pathDecodes(path);
}

/**
 * Wrap `target.emit` (an http.Server, or http.Server.prototype for every server of the process) so
 * that the requests above are answered here and never reach the app.
 * @param {{ emit: (event: string, ...args: any[]) => boolean }} target
 * @param {{ publicUrl?: string }} [options] publicUrl: the app's public URL (NEXTAUTH_URL)
 */
export function installEarlyRefusals(target, options = {}) {
  const emit = target.emit;
  target.emit = /** @this {unknown} */ function emitWithEarlyRefusals(/** @type {string} */ event, /** @type {any[]} */ ...rest) {
    const request = /** @type {import('node:http').IncomingMessage | undefined} */ (rest[0]);
    if (event === 'request' && request) {
      const response = /** @type {import('node:http').ServerResponse} */ (rest[1]);
      if (request.method === 'TRACE') {
        answer(request, response, 405, TRACE_BODY, { Allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' }, options.publicUrl);
        return true;
      }
      if (request.url && request.url.includes('%') && isUndecodableApiPath(request.url)) {
        answer(request, response, 400, MALFORMED_PATH_BODY, {}, options.publicUrl);
        return true;
      }
    }
    return emit.apply(this, /** @type {any} */ ([event, ...rest]));
  };
}

/**
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {string} body
 * @param {Record<string, string>} extraHeaders
 * @param {string | undefined} publicUrl
 */
function answer(request, response, status, body, extraHeaders, publicUrl) {
  response.writeHead(status, {
    ...earlyAnswerHeaders(request.headers, publicUrl),
    ...extraHeaders,
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
  request.resume();
}
