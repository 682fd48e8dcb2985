import 'server-only';
// The skill taxonomy for pickers and labels. Skill names are public framework data (DDaT, O*NET),
// so reading them needs no permission beyond being signed in, which the callers check.
import { inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { rowsOf } from '../db/client';
import { skills } from '../db/schema';
import type { VisibilityScope } from '../domain/permissions';
import { rankSkillSuggestions, type MatchTier } from '../domain/skill-suggestions';
import type { SearchEngine } from '../search/engine';

export type SkillSuggestion = {
  id: string;
  name: string;
  framework: string;
  /** The alias that matched when the name did not, so the picker can say why it is offered. */
  matchedAlias: string | null;
};

export type SkillSummary = { id: string; name: string; framework: string; levelDescriptions: Record<string, string> };

export const MAX_SUGGESTIONS = 25;

/** `%` and `_` typed by a user are literal characters, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Skills whose name, alias or id contains `text` (case-insensitive), best first: exact name,
 * then names starting with it, then aliases, then the rest, shorter names first.
 */
export async function suggestSkills(db: DbOrTx, text: string, limit = 10): Promise<SkillSuggestion[]> {
  return (await skillCandidates(db, text, Math.min(limit, MAX_SUGGESTIONS))).map(({ tier: _tier, ...s }) => s);
}

type SkillCandidate = SkillSuggestion & { tier: MatchTier };

async function skillCandidates(db: DbOrTx, text: string, limit: number): Promise<SkillCandidate[]> {
  const needle = text.trim().slice(0, 100);
  if (!needle) return [];
  const n = Math.min(Math.max(Math.trunc(limit) || 10, 1), MAX_CANDIDATES);
  const lower = needle.toLowerCase();
  const contains = `%${escapeLike(lower)}%`;
  const prefix = `${escapeLike(lower)}%`;
  const rows = rowsOf<{ id: string; name: string; framework: string; alias: string | null; tier: number }>(
    await db.execute(sql`
      select id, name, framework, alias, tier from (
        select s.id, s.name, s.framework::text as framework,
          (select a from jsonb_array_elements_text(s.aliases) a where lower(a) like ${contains} order by length(a) limit 1) as alias,
          case
            when lower(s.name) = ${lower} or lower(s.id) = ${lower} then 0
            when lower(s.name) like ${prefix} then 1
            when exists (select 1 from jsonb_array_elements_text(s.aliases) a where lower(a) = ${lower}) then 2
            when lower(s.name) like ${contains} then 3
            else 4
          end as tier
        from ${skills} s
        where lower(s.name) like ${contains}
           or lower(s.id) = ${lower}
           or exists (select 1 from jsonb_array_elements_text(s.aliases) a where lower(a) like ${contains})
      ) c
      order by tier, length(name), name, id
      limit ${n}`),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    framework: r.framework,
    matchedAlias: r.alias && !r.name.toLowerCase().includes(lower) ? r.alias : null,
    tier: Number(r.tier) as MatchTier,
  }));
}

/** The picker's candidates before ranking by holders: enough that a much-held skill matching loosely is not cut. */
const MAX_CANDIDATES = 60;

export type HeldSkillSuggestion = SkillSuggestion & {
  /** People the viewer may see who hold the skill at a verified level (0: nobody yet; null: count unavailable). */
  holders: number | null;
};

/**
 * The skill picker (issue 13 item 3): matching skills ranked by how many people the viewer may see
 * actually hold them (lib/domain/skill-suggestions.ts), counts from the search index. If the engine
 * cannot answer, the suggestions still come, ranked by match, without counts.
 */
export async function suggestHeldSkills(db: DbOrTx, engine: Pick<SearchEngine, 'countSkillHolders' | 'kind'>, scope: VisibilityScope, text: string, limit = 10): Promise<HeldSkillSuggestion[]> {
  const n = Math.min(Math.max(Math.trunc(limit) || 10, 1), MAX_SUGGESTIONS);
  const candidates = await skillCandidates(db, text, MAX_CANDIDATES);
  if (candidates.length === 0) return [];
  let counts: Map<string, number> | null = null;
  try {
    counts = await engine.countSkillHolders(candidates.map((c) => c.id), scope);
  } catch (err) {
    console.error(`[skills] ${engine.kind} engine could not count skill holders`, err);
  }
  const ranked = rankSkillSuggestions(candidates.map((c) => ({ ...c, holders: counts ? (counts.get(c.id) ?? 0) : null })));
  return ranked.slice(0, n).map(({ tier: _tier, ...s }) => s);
}

/** Names for skill ids; unknown ids are simply absent from the map. */
export async function getSkillsByIds(db: DbOrTx, ids: string[]): Promise<Map<string, SkillSummary>> {
  const unique = [...new Set(ids)].filter(Boolean);
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: skills.id, name: skills.name, framework: skills.framework, levelDescriptions: skills.levelDescriptions })
    .from(skills)
    .where(inArray(skills.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

export type NamedSkill = { term: string; id: string; name: string };

/**
 * Skills whose name or an alias is exactly one of `terms` (words or phrases from the search text,
 * normalised as lib/domain/text-normalize.ts does), at most `perTerm` each, names first: the page
 * offers to turn such a term into a requirement.
 */
export async function findSkillsNamedBy(db: DbOrTx, terms: string[], perTerm = 3): Promise<NamedSkill[]> {
  const wanted = [...new Set(terms.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0 && t.length <= 100))].slice(0, 10);
  if (wanted.length === 0) return [];
  const rows = rowsOf<{ id: string; name: string; aliases: string[] }>(
    await db.execute(sql`
      select s.id, s.name, s.aliases from ${skills} s
      where lower(s.name) in (${sql.join(wanted.map((w) => sql`${w}`), sql`, `)})
         or exists (select 1 from jsonb_array_elements_text(s.aliases) a where lower(a) in (${sql.join(wanted.map((w) => sql`${w}`), sql`, `)}))
      order by length(s.name), s.id
      limit 100`),
  );
  const out: NamedSkill[] = [];
  for (const term of wanted) {
    const byName = rows.filter((r) => r.name.toLowerCase() === term);
    const byAlias = rows.filter((r) => r.name.toLowerCase() !== term && r.aliases.some((a) => a.toLowerCase() === term));
    for (const r of [...byName, ...byAlias].slice(0, perTerm)) out.push({ term, id: r.id, name: r.name });
  }
  return out;
}
