// POST /api/v1/credentials: import credentials for a person (API key or session; 'credentials.import').
// JSON: { personId | personEmail | matchByRecipient: true, credential?: <object|string>, url?: string, filename?: string,
//         overrides?: [{ item: <overrideKey of a refused item>, reason }] }
// multipart/form-data: fields personId | personEmail | matchByRecipient=true, one or more `file` parts, optional `url`,
// optional `overrides` (the same array as JSON text).
// A credential whose recipient is none of the chosen person's identities is refused (`refusal: "recipient"`, with an
// `overrideKey`); HR ('credentials.overrideRecipient') may resend it with an override and a reason, which is audited.
// Answers 200 with { items: [...per-credential report...] }; 413 for a file over 5 MB; 422 for bad input.
import { z } from 'zod';
import { apiRoute, readJson, readMultipart } from '@/lib/api/route';
import { createFetchBudget } from '@/lib/credentials/loader';
import { getDb } from '@/lib/db/client';
import { AppError } from '@/lib/domain/app-error';
import { MAX_FILE_BYTES, importCredentialFile, importCredentialUrl, importTargetSchema, type ImportItemResult, type ImportTarget } from '@/lib/data/import-credentials';

const MAX_FILES = 50;
const MAX_REQUEST_BYTES = 60 * 1024 * 1024;

const jsonBodySchema = z
  .object({
    personId: z.string().trim().min(1).max(100).optional(),
    personEmail: z.string().trim().toLowerCase().email().max(320).optional(),
    matchByRecipient: z.boolean().optional(),
    credential: z.union([z.string().min(1).max(MAX_FILE_BYTES), z.record(z.string(), z.unknown())]).optional(),
    url: z.string().trim().url().max(2000).optional(),
    filename: z.string().trim().min(1).max(255).optional(),
    overrides: z.array(z.unknown()).max(200).optional(),
  })
  .refine((b) => b.credential !== undefined || b.url !== undefined, { message: 'Send `credential` (a JSON object or a compact JWT) or `url`.', path: ['credential'] });

function targetOf(fields: { personId?: string | null; personEmail?: string | null; matchByRecipient?: boolean | string | null }): ImportTarget {
  const match = fields.matchByRecipient === true || fields.matchByRecipient === 'true';
  const parsed = importTargetSchema.safeParse(
    fields.personId ? { personId: fields.personId } : fields.personEmail ? { personEmail: fields.personEmail } : match ? { matchByRecipient: true } : {},
  );
  if (!parsed.success) {
    throw new AppError('invalid_input', 'Say whose credentials these are: personId, personEmail, or matchByRecipient: true.', {
      personId: ['Give personId, personEmail or matchByRecipient.'],
    });
  }
  return parsed.data;
}

/** The multipart `overrides` field: JSON text of the same array the JSON body takes (validated by the import). */
function parseOverridesField(value: FormDataEntryValue | null): unknown {
  if (value === null || value === '') return [];
  if (typeof value !== 'string' || value.length > 200_000) throw new AppError('invalid_input', '`overrides` must be a JSON array.', { overrides: ['Not a JSON array.'] });
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new AppError('invalid_input', '`overrides` must be a JSON array.', { overrides: ['Not a JSON array.'] });
  }
}

export const POST = apiRoute('credentials.import', async ({ actor, request }) => {
  const db = await getDb();
  const contentType = request.headers.get('content-type') ?? '';
  const items: ImportItemResult[] = [];

  // One network budget for everything this request verifies (its files and URL together).
  const fetchBudget = createFetchBudget();

  if (contentType.startsWith('multipart/form-data')) {
    // Read with the limit enforced while reading: a chunked body has no length to check first.
    const form = await readMultipart(request, MAX_REQUEST_BYTES);
    const target = targetOf({
      personId: form.get('personId') as string | null,
      personEmail: form.get('personEmail') as string | null,
      matchByRecipient: form.get('matchByRecipient') as string | null,
    });
    const overrides = parseOverridesField(form.get('overrides'));
    const files = form.getAll('file').filter((f): f is File => typeof f !== 'string');
    const url = form.get('url');
    if (files.length === 0 && (typeof url !== 'string' || !url.trim())) {
      throw new AppError('invalid_input', 'Attach at least one file (field `file`) or give a `url`.', { file: ['No file attached.'] });
    }
    if (files.length > MAX_FILES) throw new AppError('invalid_input', `At most ${MAX_FILES} files per request.`, { file: ['Too many files.'] });
    // Check every size before verifying anything: a rejected request writes nothing.
    for (const file of files) {
      if (file.size > MAX_FILE_BYTES) throw new AppError('payload_too_large', `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB per file.`);
    }
    for (const file of files) {
      items.push(...(await importCredentialFile(db, actor, { target, file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, source: 'api', fetchBudget, overrides })));
    }
    if (typeof url === 'string' && url.trim()) items.push(...(await importCredentialUrl(db, actor, { target, url, source: 'api', fetchBudget, overrides })));
    return Response.json({ items });
  }

  const body = jsonBodySchema.parse(await readJson(request, MAX_FILE_BYTES + 64 * 1024));
  const target = targetOf(body);
  if (body.credential !== undefined) {
    const text = typeof body.credential === 'string' ? body.credential.trim() : JSON.stringify(body.credential);
    const looksLikeJwt = typeof body.credential === 'string' && /^[\w-]+\.[\w-]+\.[\w-]*$/.test(text);
    const name = body.filename ?? (looksLikeJwt ? 'credential.jwt' : 'credential.json');
    items.push(...(await importCredentialFile(db, actor, { target, file: { name, bytes: new TextEncoder().encode(text) }, source: 'api', fetchBudget, overrides: body.overrides })));
  }
  if (body.url) items.push(...(await importCredentialUrl(db, actor, { target, url: body.url, source: 'api', fetchBudget, overrides: body.overrides })));
  return Response.json({ items });
});
