import 'server-only';
// The auth route's first step for password sign-ins: an account or client over its failure budget is
// answered 429 with Retry-After before next-auth (and bcrypt) runs. The JSON body keeps the shape
// next-auth's client expects ({ url } with an `error` parameter), so the sign-in form can say why.
import { NextResponse } from 'next/server';
import { clientKeyFromHeaders, getSignInThrottle } from './sign-in-throttle';

const MAX_FORM_BYTES = 16 * 1024;

export async function refuseThrottledSignIn(request: Request): Promise<Response | null> {
  const url = new URL(request.url);
  if (request.method !== 'POST' || !url.pathname.endsWith('/callback/credentials')) return null;
  const client = clientKeyFromHeaders(request.headers);
  let email = '';
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length <= MAX_FORM_BYTES) {
    const body = await request
      .clone()
      .text()
      .catch(() => '');
    if (body.length <= MAX_FORM_BYTES) email = new URLSearchParams(body).get('email') ?? '';
  }
  const retryAfter = getSignInThrottle().retryAfterSeconds({ email, client });
  if (retryAfter <= 0) return null;
  const signInUrl = new URL('/signin', url.origin);
  signInUrl.searchParams.set('error', 'TooManyAttempts');
  return NextResponse.json(
    {
      url: signInUrl.href,
      error: { code: 'too_many_attempts', message: `Too many failed sign-ins. Try again in ${retryAfter} s.` },
    },
    { status: 429, headers: { 'retry-after': String(retryAfter), 'cache-control': 'no-store' } },
  );
}
