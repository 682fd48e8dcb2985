'use client';
// The query editor. The URL is the state: every change navigates (client-side, no full reload) to
// the URL of the new query, and the server page re-renders the results. The back button therefore
// steps through earlier searches, and any search can be shared by copying the address.
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { LevelSelect } from '@/components/search/level-select';
import { SkillCombobox } from '@/components/search/skill-combobox';
import { Button } from '@/components/ui/button';
import { MAX_REQUIREMENTS, MAX_TEXT_LENGTH, type SearchQuery } from '@/lib/domain/search-query';
import { searchHref } from '@/lib/domain/search-url';
import { ownValue } from '@/lib/domain/own-value';
import { HydratedFieldset } from '@/components/ui/hydrated';

/** The "at least N verified credentials" choices a requirement row offers (the API takes 1 to 10). */
const CREDENTIAL_MINIMUMS = [1, 2, 3, 5];

export function SearchForm({
  query,
  skillNames,
  relatedChoices = {},
  textError = null,
}: {
  query: SearchQuery;
  skillNames: Record<string, string>;
  /** Per requirement skill: the related skills its "count related skills" option would count. */
  relatedChoices?: Record<string, { id: string; name: string }[]>;
  textError?: string | null;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [text, setText] = useState(query.text);
  const [names, setNames] = useState(skillNames);
  // Back/forward changes the query under us: take the URL's text (React's "adjust state on prop change").
  const [shownText, setShownText] = useState(query.text);
  if (shownText !== query.text) {
    setShownText(query.text);
    setText(query.text);
  }

  const go = (next: SearchQuery) => {
    startTransition(() => router.push(searchHref({ ...next, page: 1 }), { scroll: false }));
  };
  const setRequirement = (index: number, patch: Partial<SearchQuery['requirements'][number]>) => {
    go({ ...query, requirements: query.requirements.map((r, i) => (i === index ? { ...r, ...patch } : r)) });
  };

  return (
    <form
      role="search"
      aria-label="Search people by skill"
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        go({ ...query, text: text.trim() });
      }}
    >
      <HydratedFieldset>
      <div>
        <SkillCombobox
          label="Skill requirement"
          showLabel
          exclude={query.requirements.map((r) => r.skill)}
          disabled={query.requirements.length >= MAX_REQUIREMENTS}
          onPick={(skill) => {
            if (!skill) return;
            setNames((n) => ({ ...n, [skill.id]: skill.name }));
            go({ ...query, requirements: [...query.requirements, { skill: skill.id, minLevel: 2, weight: 1, essential: true }] });
          }}
        />
        {query.requirements.length > 0 && (
          <ul aria-label="Skill requirements" className="mt-3 space-y-2">
            {query.requirements.map((r, i) => {
              const name = ownValue(names, r.skill) ?? r.skill;
              return (
                <li key={r.skill} className="flex flex-wrap items-center gap-2 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm" data-testid="requirement">
                  <span className="min-w-32 flex-1 font-medium">{name}</span>
                  <label className="flex items-center gap-1 text-slate-600">
                    <span className="sr-only">Minimum level for {name}</span>
                    <span aria-hidden>at least</span>
                    <LevelSelect label={`Minimum level for ${name}`} value={r.minLevel} onChange={(minLevel) => setRequirement(i, { minLevel })} />
                  </label>
                  <label className="flex items-center gap-1 text-slate-600">
                    {/* Related skills never stand in for an essential requirement: making it essential drops them. */}
                    <input type="checkbox" checked={r.essential} onChange={(e) => setRequirement(i, { essential: e.target.checked, ...(e.target.checked ? { related: undefined } : {}) })} />
                    Essential
                  </label>
                  <label className="flex items-center gap-1 text-slate-600">
                    <span className="sr-only">Verified credentials for {name}</span>
                    <select
                      aria-label={`Verified credentials for ${name}`}
                      value={r.minCredentials ?? ''}
                      onChange={(e) => setRequirement(i, { minCredentials: e.target.value === '' ? undefined : Number(e.target.value) })}
                      className="rounded-md border border-slate-300 bg-white px-1 py-1"
                    >
                      <option value="">any evidence</option>
                      {CREDENTIAL_MINIMUMS.concat(r.minCredentials !== undefined && !CREDENTIAL_MINIMUMS.includes(r.minCredentials) ? [r.minCredentials] : []).map((n) => (
                        <option key={n} value={n}>
                          {n}+ verified credential{n === 1 ? '' : 's'}
                        </option>
                      ))}
                    </select>
                  </label>
                  {!r.essential && (ownValue(relatedChoices, r.skill)?.length ?? 0) > 0 && (
                    <label className="flex basis-full items-center gap-1 text-slate-600" data-testid="related-option">
                      <input
                        type="checkbox"
                        checked={(r.related?.length ?? 0) > 0}
                        onChange={(e) => setRequirement(i, { related: e.target.checked ? ownValue(relatedChoices, r.skill)!.map((x) => x.id) : undefined })}
                      />
                      Count related skills as partial evidence ({ownValue(relatedChoices, r.skill)!.map((x) => x.name).join(', ')}): labelled “related”, never verified for {name}
                    </label>
                  )}
                  <label className="flex items-center gap-1 text-slate-600">
                    Weight
                    <select aria-label={`Weight for ${name}`} value={r.weight} onChange={(e) => setRequirement(i, { weight: Number(e.target.value) })} className="rounded-md border border-slate-300 bg-white px-1 py-1">
                      {[0.5, 1, 2, 3, 5].concat([0.5, 1, 2, 3, 5].includes(r.weight) ? [] : [r.weight]).map((w) => (
                        <option key={w} value={w}>
                          {w}×
                        </option>
                      ))}
                    </select>
                  </label>
                  <Button variant="ghost" size="sm" aria-label={`Remove ${name}`} onClick={() => go({ ...query, requirements: query.requirements.filter((_, j) => j !== i) })}>
                    Remove
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
      </div>

      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-48 flex-1">
          <label htmlFor="search-text" className="mb-1 block text-sm font-medium text-slate-700">
            Keywords
          </label>
          <input
            id="search-text"
            type="search"
            maxLength={MAX_TEXT_LENGTH}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder='e.g. analyst -senior, "data engineer", location:leeds'
            aria-invalid={textError ? true : undefined}
            aria-describedby={textError ? 'search-text-error search-text-help' : 'search-text-help'}
            className={`w-full rounded-md border px-3 py-2 text-sm ${textError ? 'border-red-600' : 'border-slate-300'}`}
          />
          {textError && (
            <p id="search-text-error" role="alert" className="mt-1 text-sm text-red-700" data-testid="text-error">
              {textError}
            </p>
          )}
          <p id="search-text-help" className="mt-1 text-xs text-slate-500">
            Names, headlines, credentials, skills and locations; small typos are forgiven. Use OR, NOT or -word, &quot;exact phrases&quot;, (groups) and name:, headline:, credential:, issuer:, location:, skill:.
          </p>
        </div>
        <Button type="submit">Search</Button>
      </div>

      <div className="flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={query.filters.verifiedOnly} onChange={(e) => go({ ...query, filters: { ...query.filters, verifiedOnly: e.target.checked } })} />
          Verified credentials only
        </label>
        <label className="flex items-center gap-1.5" title="Only levels proven by issuers on your organisation's trusted list count">
          <input type="checkbox" checked={query.filters.trustedOnly} onChange={(e) => go({ ...query, filters: { ...query.filters, trustedOnly: e.target.checked } })} />
          Trusted issuers only
        </label>
        <label className="flex items-center gap-1.5">
          Sort by
          <select aria-label="Sort by" value={query.sort} onChange={(e) => go({ ...query, sort: e.target.value as SearchQuery['sort'] })} className="rounded-md border border-slate-300 bg-white px-2 py-1">
            <option value="match">Best match</option>
            <option value="recent">Most recent credential</option>
            <option value="name">Name</option>
          </select>
        </label>
        <span aria-live="polite" className="text-slate-500">
          {pending ? 'Updating results…' : ''}
        </span>
      </div>
      </HydratedFieldset>
    </form>
  );
}
