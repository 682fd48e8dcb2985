import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { refuseThrottledSignIn } from '@/lib/auth/refuse-throttled-sign-in';

const handler = NextAuth(authOptions);

type RouteContext = { params: Promise<{ nextauth: string[] }> };

export async function POST(request: Request, context: RouteContext): Promise<Response> {
  return (await refuseThrottledSignIn(request)) ?? handler(request, context);
}

export { handler as GET };
