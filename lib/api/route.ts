import 'server-only';
// The edge for machine routes: who is calling (API key or session), the permission check, and the
// one place errors become HTTP answers. Bad input is a 4xx with field errors, never a 500.
import { NextResponse, type NextRequest } from 'next/server';
import { ZodError } from 'zod';
import { getDb } from '../db/client';
import { actorFromApiKey } from '../auth/api-keys';
import { getActor } from '../auth/session';
import { AppError, isAppError } from '../domain/app-error';
import { can, type Actor, type Permission } from '../domain/permissions';

export type RouteContext<P> = { actor: Actor; request: NextRequest; params: P };

export function errorResponse(err: unknown): NextResponse {
  if (isAppError(err)) {
    return NextResponse.json({ error: { code: err.code, message: err.message, fieldErrors: err.fieldErrors } }, { status: err.status });
  }
  if (err instanceof ZodError) {
    return NextResponse.json(
      { error: { code: 'invalid_input', message: 'The request is not valid.', fieldErrors: zodFieldErrors(err) } },
      { status: 422 },
    );
  }
  console.error('[api] unexpected error', err);
  return NextResponse.json({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } }, { status: 500 });
}

export function zodFieldErrors(err: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of err.issues) {
    const key = issue.path.join('.') || '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

async function resolveActor(request: NextRequest): Promise<Actor | null> {
  const header = request.headers.get('authorization');
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? request.headers.get('x-api-key');
  if (bearer) return actorFromApiKey(await getDb(), bearer);
  return getActor();
}

/** Wrap a route handler: authenticate, check `permission`, convert errors. */
export function apiRoute<P = Record<string, string>>(
  permission: Permission | null,
  handler: (ctx: RouteContext<P>) => Promise<Response>,
) {
  return async (request: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const actor = await resolveActor(request);
      if (!actor) throw new AppError('unauthenticated', 'Sign in or send an API key (Authorization: Bearer sk_...).');
      if (permission && !can(actor, permission)) throw new AppError('forbidden', 'You do not have access to this.');
      return await handler({ actor, request, params: await context.params });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Parse a JSON body with a size cap; malformed JSON is a 422, not a 500. */
export async function readJson(request: Request, maxBytes = 1_000_000): Promise<unknown> {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > maxBytes) throw new AppError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
  const text = await request.text();
  if (text.length > maxBytes) throw new AppError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('invalid_input', 'The request body is not valid JSON.');
  }
}
