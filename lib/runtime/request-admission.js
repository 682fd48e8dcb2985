// @ts-check
// Admission control for the web server: at most `limit` requests are inside the app at once; the rest
// wait in arrival order (FIFO) before Next sees them. Why (issue 12 item 6): under load every request
// in flight competes for the one event loop, so a request that needs several database round trips
// (a profile page, an import) queues behind every other request once per round trip, and the slow
// kinds paid that many times over (Postgres, 50 clients: profile p95 885 ms, import 1.34 s against
// search 478 ms). With a few requests inside at a time each one finishes quickly and the wait is paid
// once, in arrival order, by every kind alike: the same throughput with a much shorter tail (the CPU
// a request costs did not change in the A/B). Measured in docs/foundation.md ("Admission control", session 22).
//
// Safety valves, so that the limit can only ever delay a request, never starve one:
// - a slot is handed back after `leaseMs` even if its request has not finished (a slow upload, a
//   client reading slowly, a long export): at worst the server falls back to no limit;
// - a request whose client went away while it waited is dropped, not started;
// - the queue is bounded (`maxQueue`): beyond it the server answers 503 with Retry-After at once
//   instead of holding sockets and memory for requests it cannot start soon;
// - `bypass` requests (the health check, static files) never wait: a liveness probe must answer
//   while the app is saturated, and a static file costs no app work.

import { earlyAnswerHeaders } from '../security/security-headers.js';

/**
 * @typedef {object} AdmissionOptions
 * @property {number} limit Requests inside the app at once; 0 turns admission off.
 * @property {number} [leaseMs] A slot is handed back after this long even if its request is still running.
 * @property {number} [maxQueue] Requests that may wait; more are answered 503.
 * @property {(request: import('node:http').IncomingMessage) => boolean} [bypass] Requests that never wait.
 * @property {string} [publicUrl] The app's public URL (NEXTAUTH_URL): an https one puts HSTS on the 503.
 */

/**
 * @typedef {object} AdmissionState
 * @property {number} inFlight
 * @property {number} queued
 * @property {number} refused
 */

export const DEFAULT_LEASE_MS = 5_000;
export const DEFAULT_MAX_QUEUE = 2_000;

/**
 * Health checks and Next's static files: cheap, and the health check must answer while the app is
 * saturated. Only GET/HEAD; the path without its query string.
 * @param {import('node:http').IncomingMessage} request
 */
export function bypassesAdmission(request) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const url = request.url ?? '';
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return path === '/api/health' || path.startsWith('/_next/static/');
}

const BUSY_BODY = JSON.stringify({ error: { code: 'unavailable', message: 'The server is busy; try again in a moment.', fieldErrors: {} } });
/** The 503 is answered before Next (and its header rules) sees the request: the headers of any API answer, HSTS over https. */
const BUSY_HEADERS = {
  'Content-Type': 'application/json',
  'Content-Length': String(Buffer.byteLength(BUSY_BODY)),
  'Cache-Control': 'no-store',
  'Retry-After': '1',
};

/**
 * Wrap `target.emit` (an http.Server, or http.Server.prototype for every server of the process) so
 * that 'request' events pass through the admission queue. Returns the live counters.
 * @param {{ emit: (event: string, ...args: any[]) => boolean }} target
 * @param {AdmissionOptions} options
 * @returns {AdmissionState}
 */
export function installRequestAdmission(target, options) {
  const state = { inFlight: 0, queued: 0, refused: 0 };
  const limit = options.limit;
  if (!(limit > 0)) return state;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
  const bypass = options.bypass ?? bypassesAdmission;
  const emit = target.emit;
  /** @type {{ server: unknown; args: any[] }[]} */
  const waiting = [];
  let head = 0;

  /** @param {unknown} server @param {any[]} args */
  const admit = (server, args) => {
    state.inFlight += 1;
    const response = /** @type {import('node:http').ServerResponse} */ (args[2]);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(lease);
      state.inFlight -= 1;
      admitWaiting();
    };
    const lease = setTimeout(release, leaseMs);
    lease.unref();
    // 'finish': the response was handed to the socket; 'close': it ended or the client went away.
    response.once('finish', release);
    response.once('close', release);
    try {
      emit.apply(server, /** @type {any} */ (args));
    } catch (err) {
      release();
      throw err;
    }
  };

  const admitWaiting = () => {
    while (state.inFlight < limit && head < waiting.length) {
      const next = /** @type {{ server: unknown; args: any[] }} */ (waiting[head]);
      waiting[head] = /** @type {any} */ (undefined);
      head += 1;
      state.queued -= 1;
      // The client hung up while it waited: nothing to answer.
      if (next.args[1].destroyed || next.args[2].destroyed) continue;
      admit(next.server, next.args);
    }
    // Compact now and then rather than shift() each time (shift is O(n) on a long queue).
    if (head > 1024 && head * 2 > waiting.length) {
      waiting.splice(0, head);
      head = 0;
    }
  };

  target.emit = /** @this {unknown} */ function emitWithAdmission(/** @type {string} */ event, /** @type {any[]} */ ...rest) {
    if (event !== 'request') return emit.apply(this, /** @type {any} */ ([event, ...rest]));
    const request = /** @type {import('node:http').IncomingMessage} */ (rest[0]);
    const response = /** @type {import('node:http').ServerResponse} */ (rest[1]);
    const args = [event, request, response];
    if (bypass(request)) return emit.apply(this, /** @type {any} */ (args));
    if (state.inFlight < limit) {
      admit(this, args);
      return true;
    }
    if (state.queued >= maxQueue) {
      state.refused += 1;
      response.writeHead(503, { ...earlyAnswerHeaders(request.headers, options.publicUrl), ...BUSY_HEADERS });
      response.end(BUSY_BODY);
      request.resume();
      return true;
    }
    state.queued += 1;
    waiting.push({ server: this, args });
    return true;
  };
  return state;
}
