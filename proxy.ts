// Runs before every page: (0) URLs no page can use, cross-origin writes and form/action bodies over the
// server-action limit are refused (lib/domain/request-url),
// (1) a fresh nonce-based Content-Security-Policy per request (Next reads the
// nonce from the request's CSP header and puts it on its own scripts; see lib/security/security-headers.js),
// and (2) the cheap first layer of auth: visitors without a session cookie are sent to sign-in before
// any page renders. It only looks at the cookie; the real checks (a valid session, the permission) are
// in every data function, server action and route handler.
import { NextResponse, type NextRequest } from 'next/server';
import { findMalformedActionReply, findMalformedFormAction, findMalformedMultipartActionReply } from './lib/domain/action-reply';
import { findNulInFormBody } from './lib/domain/nul';
import { findPageWriteBodyProblem, findUrlProblem, isCrossOriginWrite } from './lib/domain/request-url';
import { env } from './lib/env.js';
import { SERVER_ACTION_BODY_LIMIT_BYTES } from './lib/security/request-limits.js';
import { pageContentSecurityPolicy, servedOverHttps } from './lib/security/security-headers.js';

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];
// The OIDC provider's origin: its sign-in form posts back to us, but ours may redirect to it.
const FORM_ACTION_ORIGINS = env.OIDC_ISSUER ? [new URL(env.OIDC_ISSUER).origin] : [];

function isHttps(request: NextRequest): boolean {
  return request.nextUrl.protocol === 'https:' || servedOverHttps(request.headers.get('x-forwarded-proto') ?? undefined, env.NEXTAUTH_URL);
}

/** A fetch action's arguments (Next-Action header), or a form posted without JavaScript naming its action in a field. */
async function findActionReplyProblem(isFetchAction: boolean, contentType: string, body: Uint8Array): Promise<string | null> {
  if (!contentType.toLowerCase().startsWith('multipart/')) return findMalformedActionReply(new TextDecoder().decode(body));
  let form: FormData;
  try {
    form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return isFetchAction ? 'the multipart body cannot be parsed' : null;
  }
  return isFetchAction ? findMalformedMultipartActionReply(form) : findMalformedFormAction(form);
}

/** A state-changing request that carries a body (its size already checked against the action limit). */
function isWriteWithBody(request: NextRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return false;
  return Number(request.headers.get('content-length') ?? 0) > 0;
}

export async function proxy(request: NextRequest) {
  // A URL no page can use (malformed %-escape, NUL) is a 400 here, before Next decodes route params.
  const problem = findUrlProblem(request.nextUrl.pathname, request.nextUrl.search);
  if (problem) return new NextResponse(`Bad request: ${problem.message}\n`, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  // A server action posted from another site: 403 here (Next would answer 500).
  const headers = request.headers;
  if (isCrossOriginWrite({ method: request.method, origin: headers.get('origin'), host: headers.get('host'), forwardedHost: headers.get('x-forwarded-host') })) {
    return new NextResponse('Forbidden: cross-origin request\n', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  // A server action (or form post) over Next's body limit: 413 here, from its headers (Next would read
  // up to the limit and answer 500); one sent without a length: 411.
  const bodyProblem = findPageWriteBodyProblem({ method: request.method, contentLength: headers.get('content-length'), transferEncoding: headers.get('transfer-encoding') }, SERVER_ACTION_BODY_LIMIT_BYTES);
  if (bodyProblem) return new NextResponse(`${bodyProblem.status === 413 ? 'Payload too large' : 'Length required'}: ${bodyProblem.message}\n`, { status: bodyProblem.status, headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close' } });
  // A NUL in a server action's (or form's) fields: Postgres refuses \0 in text, so the action would fail
  // part-way with an unexpected error. Refused here, before the action runs, so nothing is written.
  if (isWriteWithBody(request)) {
    const contentType = headers.get('content-type') ?? '';
    const body = new Uint8Array(await request.clone().arrayBuffer());
    const field = await findNulInFormBody(contentType, body);
    if (field) return new NextResponse(`Unprocessable: the field ${field} contains a NUL character, which no name, note or search can hold.\n`, { status: 422, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    // A server action's arguments (one JSON text, or multipart rows and parts) that React's decoder
    // cannot read (a reference to a part the body lacks, a part sent too late...): Next would answer
    // 500 before any action code runs (lib/domain/action-reply.ts).
    if (headers.has('next-action') || contentType.toLowerCase().startsWith('multipart/')) {
      const problem = await findActionReplyProblem(headers.has('next-action'), contentType, body);
      if (problem) return new NextResponse(`Bad request: the action's arguments cannot be read: ${problem}.\n`, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
  }
  const nonce = btoa(crypto.randomUUID());
  const csp = pageContentSecurityPolicy({ nonce, isDev: env.NODE_ENV === 'development', isHttps: isHttps(request), formActionOrigins: FORM_ACTION_ORIGINS });

  const { pathname } = request.nextUrl;
  const isSignIn = pathname === '/signin' || pathname.startsWith('/signin/');
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!isSignIn && !hasSession) {
    const url = request.nextUrl.clone();
    url.pathname = '/signin';
    url.search = '';
    const target = `${request.nextUrl.pathname}${request.nextUrl.search}`;
    if (target !== '/') url.searchParams.set('callbackUrl', target);
    const redirect = NextResponse.redirect(url);
    redirect.headers.set('Content-Security-Policy', csp);
    return redirect;
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  // Every page, the sign-in page included. Not API routes (they answer 401 themselves, API keys have no
  // cookie) nor static files: both get fixed security headers from next.config.js instead.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)'],
};
