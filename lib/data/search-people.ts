import 'server-only';
// People search as every caller uses it (the /search page, POST /api/v1/search, role rankings):
// permission check, validation with the shared query schema, unknown skills named, visibility scope,
// then the configured engine. Bad input is an AppError('invalid_input') with field errors, never a 500.
import { inArray } from 'drizzle-orm';
import type { ZodError } from 'zod';
import { getDb, type DbOrTx } from '../db/client';
import { skills } from '../db/schema';
import { AppError, isAppError } from '../domain/app-error';
import { can, visibilityScope, type Actor } from '../domain/permissions';
import { searchQuerySchema, type SearchQuery, type SearchResult } from '../domain/search-query';
import type { SearchEngine } from '../search/engine';
import { getSearchEngine } from '../search/get-search-engine';
import { ownValue, pushOwn } from '../domain/own-value';
import { findNulPath } from '../domain/nul';

export type SearchPeopleOptions = { db?: DbOrTx; engine?: SearchEngine };

export async function searchPeople(actor: Actor, input: unknown, options: SearchPeopleOptions = {}): Promise<SearchResult> {
  if (!can(actor, 'people.search')) throw new AppError('forbidden', 'You do not have access to people search.');
  const query = validateSearchQuery(input);
  const engine = options.engine ?? (await getSearchEngine(options.db));
  let outcome: SearchResult & { unknownSkills?: string[] };
  try {
    // The embedded engine checks the skills in its search statement (one round trip for both).
    outcome = await engine.search(query, visibilityScope(actor), { checkSkills: true });
  } catch (err) {
    if (isQueryCancelled(err)) {
      throw new AppError('invalid_input', 'This search is too broad to answer in time. Add a skill requirement, some text or a filter.');
    }
    // The engine being down is not the caller's fault and not a crash: say so, keep the details in the log.
    console.error(`[search] ${engine.kind} engine failed`, err);
    // But a query naming unknown skills is still the caller's 422, whether or not the engine would have
    // checked them (Elasticsearch does not): a statement of its own, when the database answers.
    await checkSkillsKnown(query, options.db).catch((checkErr: unknown) => {
      if (isAppError(checkErr)) throw checkErr;
    });
    throw new AppError('unavailable', 'Search is temporarily unavailable. Please try again in a moment.');
  }
  const { unknownSkills, ...result } = outcome;
  // An engine that did not check them (Elasticsearch): a statement of its own. Either way an unknown
  // skill is the same 422, and its result is never returned.
  if (unknownSkills === undefined) await checkSkillsKnown(query, options.db);
  else if (unknownSkills.length > 0) throw unknownSkillsError(query, new Set(unknownSkills));
  return result;
}

/** Validate a query and check that every requirement names a skill in the taxonomy. */
export async function parseSearchQuery(input: unknown, dbOrUndefined?: DbOrTx): Promise<SearchQuery> {
  const query = validateSearchQuery(input);
  await checkSkillsKnown(query, dbOrUndefined);
  return query;
}

/** The query model's schema and the NUL check, without the database. */
function validateSearchQuery(input: unknown): SearchQuery {
  const parsed = searchQuerySchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('invalid_input', 'The search query is not valid.', fieldErrorsOf(parsed.error));
  }
  const query = parsed.data;
  const nulAt = findNulPath(query);
  if (nulAt) throw new AppError('invalid_input', 'The search contains a NUL character, which no skill, filter or text can hold.', { [nulAt]: ['contains a NUL character'] });
  return query;
}

/** Every requirement's skill and related skills in the taxonomy, or a 422 naming the unknown ones. */
async function checkSkillsKnown(query: SearchQuery, dbOrUndefined?: DbOrTx): Promise<void> {
  // Related skills (partial evidence) are named skills too: an unknown one is refused like a requirement's.
  const ids = query.requirements.flatMap((r) => [r.skill, ...(r.related ?? [])]);
  if (ids.length === 0) return;
  const db = dbOrUndefined ?? (await getDb());
  const known = new Set((await db.select({ id: skills.id }).from(skills).where(inArray(skills.id, ids))).map((r) => r.id));
  const unknown = new Set(ids.filter((id) => !known.has(id)));
  if (unknown.size > 0) throw unknownSkillsError(query, unknown);
}

/** The 422 for requirement or related skills the taxonomy lacks, naming each field. */
function unknownSkillsError(query: SearchQuery, unknownIds: ReadonlySet<string>): AppError {
  const fieldErrors: Record<string, string[]> = {};
  const unknown: string[] = [];
  query.requirements.forEach((r, i) => {
    if (unknownIds.has(r.skill)) {
      unknown.push(r.skill);
      fieldErrors[`requirements.${i}.skill`] = [`unknown skill "${r.skill.slice(0, 80)}"`];
    }
    const unknownRelated = (r.related ?? []).filter((id) => unknownIds.has(id));
    if (unknownRelated.length > 0) {
      unknown.push(...unknownRelated);
      fieldErrors[`requirements.${i}.related`] = unknownRelated.map((id) => `unknown skill "${id.slice(0, 80)}"`);
    }
  });
  const names = unknown.slice(0, 5).map((s) => `"${s.slice(0, 80)}"`).join(', ');
  return new AppError('invalid_input', `Unknown skill${unknown.length > 1 ? 's' : ''}: ${names}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}.`, fieldErrors);
}

function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  // A 500-requirement body would otherwise answer with 500 identical messages.
  for (const issue of error.issues.slice(0, 50)) {
    const key = issue.path.map(String).join('.') || '_';
    if (!ownValue(out, key)?.includes(issue.message)) pushOwn(out, key, issue.message);
  }
  return out;
}

/** Postgres "query_canceled" (statement_timeout), possibly wrapped by the ORM as the error's cause. */
function isQueryCancelled(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '57014') return true;
  }
  return false;
}
