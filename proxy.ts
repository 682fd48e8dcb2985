// The cheap first layer of auth: visitors without a session cookie are sent to sign-in before any
// page renders. It only looks at the cookie; the real checks (a valid session, the permission) are in
// every data function, server action and route handler.
import { NextResponse, type NextRequest } from 'next/server';
import { findUrlProblem, isCrossOriginWrite } from './lib/domain/request-url';

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

export function proxy(request: NextRequest) {
  // A URL no page can use (malformed %-escape, NUL) is a 400 here, before Next decodes route params.
  const problem = findUrlProblem(request.nextUrl.pathname, request.nextUrl.search);
  if (problem) return new NextResponse(`Bad request: ${problem.message}\n`, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  // A server action posted from another site: 403 here (Next would answer 500).
  const headers = request.headers;
  if (isCrossOriginWrite({ method: request.method, origin: headers.get('origin'), host: headers.get('host'), forwardedHost: headers.get('x-forwarded-host') })) {
    return new NextResponse('Forbidden: cross-origin request\n', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = '/signin';
  url.search = '';
  const target = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  if (target !== '/') url.searchParams.set('callbackUrl', target);
  return NextResponse.redirect(url);
}

export const config = {
  // Pages only: API routes answer 401 themselves (API keys have no cookie), static files need no session.
  matcher: ['/((?!api/|_next/|signin|favicon.ico|robots.txt).*)'],
};
