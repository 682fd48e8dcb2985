// @ts-check
// TRACE is answered 405 before Next sees it. Next turns every request into a WHATWG Request, and
// undici refuses to construct one with method TRACE ("'TRACE' HTTP method is unsupported"), so Next
// answered 500 (issue 12) with no route or proxy ever running. The Node HTTP server is the only place
// earlier than that. (CONNECT is a separate server event Next does not listen to, and Node's parser
// rejects TRACK, so TRACE is the one method that needs this.) The 405 carries the headers of any API
// answer, and HSTS over https, like every response Next gives.

import { earlyAnswerHeaders } from '../security/security-headers.js';

const BODY = JSON.stringify({ error: { code: 'method_not_allowed', message: 'TRACE is not supported.', fieldErrors: {} } });

/**
 * Wrap `target.emit` (an http.Server, or http.Server.prototype for every server of the process) so
 * that a TRACE request is answered 405 and never reaches the app.
 * @param {{ emit: (event: string, ...args: any[]) => boolean }} target
 * @param {{ publicUrl?: string }} [options] publicUrl: the app's public URL (NEXTAUTH_URL)
 */
export function installTraceRefusal(target, options = {}) {
  const emit = target.emit;
  target.emit = /** @this {unknown} */ function emitRefusingTrace(/** @type {string} */ event, /** @type {any[]} */ ...rest) {
    const request = /** @type {import('node:http').IncomingMessage | undefined} */ (rest[0]);
    if (event === 'request' && request && request.method === 'TRACE') {
      const response = /** @type {import('node:http').ServerResponse} */ (rest[1]);
      response.writeHead(405, {
        ...earlyAnswerHeaders(request.headers, options.publicUrl),
        Allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(BODY)),
        'Cache-Control': 'no-store',
      });
      response.end(BODY);
      request.resume();
      return true;
    }
    return emit.apply(this, /** @type {any} */ ([event, ...rest]));
  };
}
