// Runs before every page: (0) URLs no page can use and cross-origin writes are refused (lib/domain/request-url),
// (1) a fresh nonce-based Content-Security-Policy per request (Next reads the
// nonce from the request's CSP header and puts it on its own scripts; see lib/security/security-headers.js),
// and (2) the cheap first layer of auth: visitors without a session cookie are sent to sign-in before
// any page renders. It only looks at the cookie; the real checks (a valid session, the permission) are
// in every data function, server action and route handler.
import { NextResponse, type NextRequest } from 'next/server';
import { findUrlProblem, isCrossOriginWrite } from './lib/domain/request-url';
import { env } from './lib/env.js';
import { pageContentSecurityPolicy } from './lib/security/security-headers.js';

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];
// The OIDC provider's origin: its sign-in form posts back to us, but ours may redirect to it.
const FORM_ACTION_ORIGINS = env.OIDC_ISSUER ? [new URL(env.OIDC_ISSUER).origin] : [];

function isHttps(request: NextRequest): boolean {
  return request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https' || Boolean(env.NEXTAUTH_URL?.startsWith('https://'));
}

export function proxy(request: NextRequest) {
  // A URL no page can use (malformed %-escape, NUL) is a 400 here, before Next decodes route params.
  const problem = findUrlProblem(request.nextUrl.pathname, request.nextUrl.search);
  if (problem) return new NextResponse(`Bad request: ${problem.message}\n`, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  // A server action posted from another site: 403 here (Next would answer 500).
  const headers = request.headers;
  if (isCrossOriginWrite({ method: request.method, origin: headers.get('origin'), host: headers.get('host'), forwardedHost: headers.get('x-forwarded-host') })) {
    return new NextResponse('Forbidden: cross-origin request\n', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
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
