import 'server-only';
// The JSON API's web-standard handlers (Request in, Response out: lib/api/route.ts) served from
// `pages/api`. Next's pages API path hands the handler Node's request and response as they are; its
// App Router route handlers go through the web Request/Response adapter, the route module's stores
// and a web stream piped back into the socket: 0.7-1.0 ms of main-thread CPU more for the same small
// answer on this machine, 0.5-0.7 ms more than through this adapter (docs/foundation.md, "Session 24,
// the API off the App Router"). Searches are most of the product's traffic, so the API is served here
// and the handlers stay web-standard.
import type { NextApiRequest, NextApiResponse } from 'next';
import { NextRequest } from 'next/server';
import Negotiator from 'negotiator';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { env } from '../env.js';
import { errorResponse } from './route';

const gzip = promisify(gzipCallback);

/** Below this an answer is sent as it is: the gzip header and the work cost more than they save (as Next's `compress`). */
export const GZIP_MIN_BYTES = 1024;

export type WebHandler<P = Record<string, string>> = (request: NextRequest, context: { params: Promise<P> }) => Promise<Response>;

type Method = 'GET' | 'POST';

/**
 * A pages API handler that serves `handlers` by method. HEAD is GET without its body; OPTIONS
 * answers 204 with `Allow`; any other method is a 405 with `Allow`. `paramNames` are the dynamic
 * segments of the file's path (`[id]` -> 'id'), passed to the handler as `params`, as the App Router
 * would.
 */
export function servePagesApi<P extends Record<string, string> = Record<string, string>>(
  handlers: Partial<Record<Method, WebHandler<P>>>,
  paramNames: readonly (keyof P & string)[] = [],
) {
  const allow = [...Object.keys(handlers), ...(handlers.GET ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  return async function pagesApiHandler(req: NextApiRequest, res: NextApiResponse): Promise<void> {
    let response: Response;
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      if (method === 'OPTIONS') {
        response = new Response(null, { status: 204, headers: { allow } });
      } else {
        const handler = handlers[(method === 'HEAD' ? 'GET' : method) as Method];
        if (!handler) {
          response = Response.json({ error: { code: 'method_not_allowed', message: `${method.slice(0, 20)} is not allowed here. Use ${allow}.` } }, { status: 405, headers: { allow } });
        } else {
          const params = Object.fromEntries(paramNames.map((name) => [name, String(req.query[name] ?? '')])) as P;
          response = await handler(toWebRequest(req, method), { params: Promise.resolve(params) });
        }
      }
    } catch (err) {
      response = errorResponse(err);
    }
    try {
      await sendWebResponse(response, req, res, method === 'HEAD');
    } catch (err) {
      // Reading or compressing the handler's body failed (a bug, or the client went away): logged, and
      // answered as the API answers any failure when nothing has been sent yet.
      console.error('[api] could not send the answer', err);
      if (!res.headersSent) await sendWebResponse(errorResponse(new Error('the answer could not be sent')), req, res, method === 'HEAD').catch(() => res.destroy());
      else res.destroy();
    }
  };
}

/** Node's request as the web Request the handlers take; the body is streamed, not read here. */
function toWebRequest(req: NextApiRequest, method: string): NextRequest {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    // HTTP/2 pseudo-headers (":path") are not header names a Headers object takes.
    if (raw[i]!.charCodeAt(0) !== 58) headers.append(raw[i]!, raw[i + 1]!);
  }
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init = { method, headers, body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined, duplex: 'half' as const };
  return new NextRequest(new URL(req.url ?? '/', requestOrigin(req)), init as ConstructorParameters<typeof NextRequest>[1]);
}

/** The origin the client addressed, for `request.url`; the loopback name when its Host is unusable. */
function requestOrigin(req: NextApiRequest): string {
  const host = req.headers.host;
  if (host && /^[A-Za-z0-9.\-:[\]]{1,300}$/.test(host)) {
    try {
      return new URL(`http://${host}`).origin;
    } catch {
      // fall through
    }
  }
  return 'http://localhost';
}

/**
 * Writes a web Response. The API answers with whole JSON bodies, so each is read once and, when the
 * client takes gzip, compressed in one call on libuv's thread pool. Next's `compress` would run its
 * streaming middleware over the same bytes (about 0.4-0.6 ms of main thread a search on this
 * machine); it leaves an answer that already has a Content-Encoding alone.
 */
async function sendWebResponse(response: Response, req: NextApiRequest, res: NextApiResponse, headOnly: boolean): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  let body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  if (body && !headOnly && isCompressible(response.headers)) {
    res.setHeader('vary', appendVary(response.headers.get('vary'), 'Accept-Encoding'));
    if (body.byteLength >= GZIP_MIN_BYTES && new Negotiator(req).encoding(['gzip', 'identity']) === 'gzip') {
      body = await gzip(body);
      res.setHeader('content-encoding', 'gzip');
    }
  }
  if (body) res.setHeader('content-length', body.byteLength);
  res.end(headOnly ? undefined : body);
}

/** JSON or text, not already encoded, not marked no-transform, and this server compresses at all. */
function isCompressible(headers: Headers): boolean {
  if (env.HTTP_COMPRESSION !== 'gzip' || headers.has('content-encoding')) return false;
  if (/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(headers.get('cache-control') ?? '')) return false;
  return /^(?:application\/(?:[\w.+-]+\+)?json|text\/)/i.test(headers.get('content-type') ?? '');
}

function appendVary(vary: string | null, field: string): string {
  if (!vary) return field;
  return vary.split(',').some((v) => v.trim().toLowerCase() === field.toLowerCase() || v.trim() === '*') ? vary : `${vary}, ${field}`;
}
