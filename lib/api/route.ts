import 'server-only';
// The edge for machine routes: who is calling (API key or session), the permission check, and the
// one place errors become HTTP answers. Bad input is a 4xx with field errors, never a 500.
import type { NextRequest } from 'next/server';
import { ZodError } from 'zod';
import { getDb } from '../db/client';
import { actorFromApiKey } from '../auth/api-keys';
import { signedInUserFromRequest } from '../auth/session';
import { AppError, isAppError } from '../domain/app-error';
import { can, type Actor, type Permission } from '../domain/permissions';
import { findUrlProblem } from '../domain/request-url';
import { jsonTextHasNul, nestingDepth } from '../credentials/parse-json';
import { pushOwn } from '../domain/own-value';

export type RouteContext<P> = { actor: Actor; request: NextRequest; params: P };

export function errorResponse(err: unknown): Response {
  if (isAppError(err)) {
    return Response.json({ error: { code: err.code, message: err.message, fieldErrors: err.fieldErrors } }, { status: err.status });
  }
  if (err instanceof ZodError) {
    return Response.json(
      { error: { code: 'invalid_input', message: 'The request is not valid.', fieldErrors: zodFieldErrors(err) } },
      { status: 422 },
    );
  }
  console.error('[api] unexpected error', err);
  return Response.json({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } }, { status: 500 });
}

export function zodFieldErrors(err: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of err.issues) {
    pushOwn(out, issue.path.join('.') || '_', issue.message);
  }
  return out;
}

async function resolveActor(request: NextRequest): Promise<Actor | null> {
  const header = request.headers.get('authorization');
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? request.headers.get('x-api-key');
  if (bearer) return actorFromApiKey(await getDb(), bearer);
  const user = await signedInUserFromRequest(request);
  return user && { id: user.id, role: user.role, departmentId: user.departmentId };
}

/** Wrap a route handler: authenticate, check `permission`, convert errors. */
export function apiRoute<P = Record<string, string>>(
  permission: Permission | null,
  handler: (ctx: RouteContext<P>) => Promise<Response>,
) {
  return async (request: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const problem = findUrlProblem(request.nextUrl.pathname, request.nextUrl.search);
      if (problem) throw new AppError('bad_request', problem.message);
      const actor = await resolveActor(request);
      if (!actor) throw new AppError('unauthenticated', 'Sign in or send an API key (Authorization: Bearer sk_...).');
      if (permission && !can(actor, permission)) throw new AppError('forbidden', 'You do not have access to this.');
      return await handler({ actor, request, params: await context.params });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', `The request body is larger than ${maxBytes.toLocaleString('en-GB')} bytes.`);
}

/**
 * The body's bytes, reading no more than `maxBytes`: a declared Content-Length over the limit is
 * refused before reading, and a chunked body (no length) is read chunk by chunk and the stream
 * cancelled the moment it passes the limit. `request.text()` / `formData()` read everything first
 * (issue 12: a 300 MB chunked upload was read whole, 1.3 GB resident, before any size check).
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch {
      throw new AppError('bad_request', 'The request body could not be read (the connection was interrupted).');
    }
    if (step.done) break;
    size += step.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(step.value);
  }
  return chunks.length === 1 ? chunks[0]! : new Uint8Array(Buffer.concat(chunks));
}

/** Deeper than any request this API takes (a credential is at most 64 deep, plus its envelope). */
const MAX_JSON_DEPTH = 100;

/**
 * Parse a JSON body with a size cap (enforced while reading), a nesting cap (checked before
 * parsing, so nothing recursive ever meets a 10,000-deep document) and no NUL characters.
 * Malformed JSON is a 422, an oversized body a 413; never a 500.
 */
export async function readJson(request: Request, maxBytes = 1_000_000): Promise<unknown> {
  const text = new TextDecoder().decode(await readBodyBytes(request, maxBytes));
  if (nestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new AppError('invalid_input', `The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new AppError('invalid_input', 'The request body is not valid JSON.');
  }
  if (jsonTextHasNul(text)) throw new AppError('invalid_input', 'The request body contains a NUL character (\\u0000), which no field can hold.');
  return value;
}

/** A multipart/form-data body read with the same limit (while reading), then parsed. */
export async function readMultipart(request: Request, maxBytes: number): Promise<FormData> {
  const bytes = await readBodyBytes(request, maxBytes);
  let form: FormData;
  try {
    form = await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
  } catch {
    throw new AppError('invalid_input', 'The upload could not be read as multipart/form-data.');
  }
  // Text fields end up in queries; Postgres refuses NUL in text (files are checked by the verifier).
  for (const [name, value] of form) {
    if (typeof value === 'string' && value.includes('\0')) throw new AppError('invalid_input', `The field ${name.slice(0, 40)} contains a NUL character.`, { [name.slice(0, 40)]: ['contains a NUL character'] });
  }
  return form;
}
