// Recruiter search. The URL holds the whole query (lib/domain/search-url.ts): this server page reads
// it, runs searchPeople and renders; the client form only changes the URL.
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { SideDrawer } from '@/components/ui/side-drawer';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getDirectoryLabels } from '@/lib/data/people';
import { listSavedSearchesWithNews } from '@/lib/data/saved-searches';
import { searchPeople } from '@/lib/data/search-people';
import { listShortlists } from '@/lib/data/shortlists';
import { getRelatedSkills } from '@/lib/data/related-skills';
import { findSkillsNamedBy, getSkillsByIds } from '@/lib/data/skills';
import { isAppError } from '@/lib/domain/app-error';
import { can } from '@/lib/domain/permissions';
import { FACETS, MAX_RELATED_SKILLS, type SearchQuery, type SearchResult } from '@/lib/domain/search-query';
import { describeSearchQuery } from '@/lib/domain/search-summary';
import { parseSearchParams, searchHref, toSearchParams } from '@/lib/domain/search-url';
import { parseTextQuery, removeTextTerm, skillTermsOf } from '@/lib/domain/text-query';
import { FacetPanel } from './_components/facet-panel';
import { ResultsList, type ResultHit } from './_components/results-list';
import { SavedSearchesPanel } from './_components/saved-searches-panel';
import { SearchForm } from './_components/search-form';
import { ownValue } from '@/lib/domain/own-value';

export const metadata: Metadata = { title: 'Search people' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SearchPage({ searchParams }: Props) {
  const actor = await getActor();
  if (!actor) redirect('/signin');
  if (!can(actor, 'people.search')) {
    return <Alert tone="error">You do not have access to people search.</Alert>;
  }
  const db = await getDb();
  const parsed = parseSearchParams(await searchParams);
  const notices = [...parsed.notices];

  // Unknown skills (a stale or hand-edited link) are dropped with a notice instead of failing the page.
  const SUGGESTED_SKILL = 'onet:python';
  const skillInfo = await getSkillsByIds(db, [...parsed.query.requirements.flatMap((r) => [r.skill, ...(r.related ?? [])]), SUGGESTED_SKILL]);
  const suggestion = skillInfo.get(SUGGESTED_SKILL);
  const unknown = parsed.query.requirements.filter((r) => !skillInfo.has(r.skill));
  if (unknown.length) notices.push(`Unknown skill${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u.skill}"`).join(', ')} ${unknown.length > 1 ? 'were' : 'was'} left out of the search.`);
  // The URL never carries facets (the page always asks for all of them).
  // Unknown related skills are dropped the same way (the API would refuse them).
  const unknownRelated = [...new Set(parsed.query.requirements.flatMap((r) => (r.related ?? []).filter((id) => !skillInfo.has(id))))];
  if (unknownRelated.length) notices.push(`Unknown related skill${unknownRelated.length > 1 ? 's' : ''} ${unknownRelated.map((u) => `"${u}"`).join(', ')} no longer count${unknownRelated.length > 1 ? '' : 's'} as partial evidence.`);
  const urlQuery: SearchQuery = {
    ...parsed.query,
    requirements: parsed.query.requirements
      .filter((r) => skillInfo.has(r.skill))
      .map((r) => {
        const related = r.related?.filter((id) => skillInfo.has(id));
        return { ...r, related: related && related.length > 0 ? related : undefined };
      }),
    facets: [],
  };
  const query: SearchQuery = { ...urlQuery, facets: [...FACETS] };

  let result: SearchResult | null = null;
  let error: string | null = null;
  // A search text that cannot be parsed is shown next to the text box, not as a page error.
  let textError: string | null = null;
  try {
    result = await searchPeople(actor, query, { db });
  } catch (err) {
    if (!isAppError(err)) throw err;
    textError = err.fieldErrors.text?.[0] ?? null;
    if (!textError) error = err.message;
  }

  // Words or phrases of the text that name a skill: one click makes each a requirement instead.
  const parsedText = parseTextQuery(urlQuery.text);
  const required = new Set(urlQuery.requirements.map((r) => r.skill));
  const namedSkills = (parsedText.ok ? await findSkillsNamedBy(db, skillTermsOf(parsedText.expr)) : []).filter((s) => !required.has(s.id));
  const skillOffers = namedSkills.map((s) => ({
    ...s,
    href: searchHref({
      ...urlQuery,
      page: 1,
      text: removeTextTerm(urlQuery.text, s.term) ?? urlQuery.text,
      requirements: [...urlQuery.requirements, { skill: s.id, minLevel: 2, weight: 1, essential: true }],
    }),
  }));

  // Related skills of the requirements (co-held here, then framework neighbours), not already required.
  const relatedBySkill = await getRelatedSkills(
    db,
    urlQuery.requirements.map((r) => r.skill),
    { exclude: urlQuery.requirements.map((r) => r.skill) },
  );
  const relatedOffers = urlQuery.requirements.slice(0, 3).flatMap((r) => {
    const list = relatedBySkill.get(r.skill) ?? [];
    if (list.length === 0) return [];
    const add = (id: string) =>
      searchHref({ ...urlQuery, page: 1, requirements: [...urlQuery.requirements, { skill: id, minLevel: 2, weight: 1, essential: false }] });
    return [
      {
        skill: r.skill,
        name: skillInfo.get(r.skill)?.name ?? r.skill,
        coHeld: list.filter((x) => x.source === 'co-held').map((x) => ({ ...x, href: add(x.id) })),
        framework: list.filter((x) => x.source === 'framework').map((x) => ({ ...x, href: add(x.id) })),
      },
    ];
  });

  const [shortlists, saved] = await Promise.all([
    can(actor, 'shortlists.manage') ? listShortlists(db, actor, { editableOnly: true }) : Promise.resolve([]),
    can(actor, 'searches.save') ? listSavedSearchesWithNews(db, actor) : Promise.resolve([]),
  ]);
  const facetSkillIds = [...(result?.facets.skill?.map((b) => b.value) ?? []), ...saved.flatMap((s) => s.query.requirements.map((r) => r.skill))];
  const [facetSkills, labels] = await Promise.all([
    getSkillsByIds(db, facetSkillIds),
    getDirectoryLabels(db, {
      departments: [...(result?.facets.department?.map((b) => b.value) ?? []), ...query.filters.department, ...saved.flatMap((s) => s.query.filters.department), ...(result?.hits.flatMap((h) => (h.departmentId ? [h.departmentId] : [])) ?? [])],
      issuers: [...(result?.facets.issuer?.map((b) => b.value) ?? []), ...query.filters.issuer, ...saved.flatMap((s) => s.query.filters.issuer)],
    }),
  ]);
  const skillNames: Record<string, string> = {};
  for (const r of query.requirements) {
    skillNames[r.skill] = skillInfo.get(r.skill)?.name ?? r.skill;
    for (const id of r.related ?? []) skillNames[id] = skillInfo.get(id)?.name ?? id;
  }
  for (const list of relatedBySkill.values()) for (const x of list) skillNames[x.id] = x.name;
  // What each requirement's "count related skills" option would count: its own list, else the suggestions.
  const relatedChoices: Record<string, { id: string; name: string }[]> = {};
  for (const r of urlQuery.requirements) {
    const ids = r.related ?? (relatedBySkill.get(r.skill) ?? []).map((x) => x.id).slice(0, MAX_RELATED_SKILLS);
    if (ids.length > 0) relatedChoices[r.skill] = ids.map((id) => ({ id, name: ownValue(skillNames, id) ?? id }));
  }
  for (const [id, s] of facetSkills) skillNames[id] = s.name;

  const summaryLabels = { skills: skillNames, departments: Object.fromEntries(labels.departments), issuers: Object.fromEntries(labels.issuers) };
  const hits: ResultHit[] = (result?.hits ?? []).map((h) => ({
    personId: h.personId,
    name: h.name,
    headline: h.headline,
    kind: h.kind,
    department: h.departmentId ? (labels.departments.get(h.departmentId) ?? h.departmentId) : null,
    location: h.location,
    // No requirement, no match %: everyone would show 100 %.
    scorePct: query.requirements.length > 0 ? Math.round(h.score * 100) : null,
    verifiedCredentialCount: h.verifiedCredentialCount,
    breakdown: h.breakdown.map((b) => ({
      skill: b.skill,
      name: ownValue(skillNames, b.skill) ?? b.skill,
      required: b.required,
      achieved: b.achieved,
      met: b.met,
      untrusted: b.untrusted,
      credentials: b.credentialIds.length,
      ...(b.minCredentials !== undefined ? { minCredentials: b.minCredentials } : {}),
      ...(b.related ? { related: { name: ownValue(skillNames, b.related.skill) ?? b.related.skill, level: b.related.level } } : {}),
    })),
  }));
  const queryString = toSearchParams({ ...urlQuery, page: 1 }).toString();
  const total = result?.total ?? 0;
  const lastPage = Math.max(1, Math.ceil(total / query.pageSize));
  const hasFilters = query.text !== '' || query.filters.kind.length + query.filters.department.length + query.filters.location.length + query.filters.issuer.length > 0;

  return (
    <div>
      <PageHeader
        title="Search people"
        description="Find candidates and employees open to mobility by verified skill level. Add skills with a minimum level; essential ones must be met, the rest add to the match score."
      />
      {notices.length > 0 && (
        <Alert tone="warning" className="mb-4">
          <p className="font-medium">Parts of this link were not understood:</p>
          <ul className="list-disc pl-5">
            {notices.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </Alert>
      )}
      {/* grid-cols-1 (minmax(0, 1fr)): long facet names must not widen the page past a phone's width. */}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[16rem_minmax(0,1fr)] lg:gap-6">
        <aside className="min-w-0" aria-label="Filters and saved searches">
          <SideDrawer
            title="Filters and saved searches"
            openLabel="Filters and saved searches"
            activeCount={query.filters.kind.length + query.filters.department.length + query.filters.location.length + query.filters.issuer.length}
            className="space-y-4"
          >
            <SavedSearchesPanel
              saved={saved.map((s) => ({
                id: s.id,
                name: s.name,
                href: s.href,
                summary: describeSearchQuery(s.query, summaryLabels),
                notify: s.notify,
                lastSeenAt: s.lastSeenAt,
                newMatches: s.newMatches,
                newMatchesProblem: s.newMatchesProblem,
              }))} params={queryString} canSave={can(actor, 'searches.save')} />
            {result && <FacetPanel query={urlQuery} facets={result.facets} labels={{ departments: Object.fromEntries(labels.departments), issuers: Object.fromEntries(labels.issuers), skills: skillNames }} />}
          </SideDrawer>
        </aside>
        <div className="min-w-0 space-y-4">
          <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <SearchForm query={urlQuery} skillNames={skillNames} relatedChoices={relatedChoices} textError={textError} />
            {skillOffers.length > 0 && (
              <ul aria-label="Skills named in the search text" className="mt-3 flex flex-wrap gap-2 text-sm">
                {skillOffers.map((o) => (
                  <li key={`${o.term}-${o.id}`}>
                    <Link href={o.href} className="inline-block rounded-full border border-brand-200 bg-brand-50 px-3 py-1 text-brand-800 hover:underline" data-testid="skill-offer">
                      Make <strong>{o.name}</strong> a requirement{o.name.toLowerCase() !== o.term ? ` (for “${o.term}”)` : ''}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </div>
          {relatedOffers.length > 0 && (
            <section aria-labelledby="related-skills-heading" className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm" data-testid="related-skills">
              <h2 id="related-skills-heading" className="font-medium text-slate-800">
                Related skills
              </h2>
              <ul className="mt-2 space-y-2">
                {relatedOffers.map((o) => (
                  <li key={o.skill}>
                    {o.coHeld.length > 0 && (
                      <p>
                        People with <strong>{o.name}</strong> often also hold{' '}
                        {o.coHeld.map((x, i) => (
                          <span key={x.id}>
                            {i > 0 && (i === o.coHeld.length - 1 ? ' and ' : ', ')}
                            <Link href={x.href} className="text-brand-700 underline" aria-label={`Add ${x.name} as an optional requirement`} data-testid="related-offer">
                              {x.name}
                            </Link>
                          </span>
                        ))}
                        .
                      </p>
                    )}
                    {o.framework.length > 0 && (
                      <p className="text-slate-600">
                        Next to <strong>{o.name}</strong> in the skill frameworks:{' '}
                        {o.framework.map((x, i) => (
                          <span key={x.id}>
                            {i > 0 && ', '}
                            <Link href={x.href} className="text-brand-700 underline" aria-label={`Add ${x.name} as an optional requirement`} title={x.reason ?? undefined} data-testid="related-offer">
                              {x.name}
                            </Link>
                          </span>
                        ))}
                        .
                      </p>
                    )}
                  </li>
                ))}
              </ul>
              <p className="mt-2 text-xs text-slate-500">Each link adds the skill as an optional requirement (Working or above).</p>
            </section>
          )}
          {error && <Alert tone="error">{error}</Alert>}
          {result && (
            <>
              <p className="text-sm text-slate-600" aria-live="polite" data-testid="result-count">
                {total.toLocaleString('en-GB')} {total === 1 ? 'person' : 'people'}
                {query.requirements.some((r) => r.essential) ? ` meet${total === 1 ? 's' : ''} the essential requirements` : ''}
                {query.filters.trustedOnly ? ', levels from trusted issuers only' : query.filters.verifiedOnly ? ', verified levels only' : ', including self-reported levels'}.
              </p>
              {query.requirements.length === 0 && (
                <Alert tone="info">
                  No skill requirements yet, so everyone you may see is listed. Add a skill above to rank people by verified level
                  {suggestion && (
                    <>
                      , for example{' '}
                      <Link className="underline" href={searchHref({ ...urlQuery, requirements: [{ skill: suggestion.id, minLevel: 3, weight: 1, essential: true }] })}>
                        {suggestion.name} at Practitioner or above
                      </Link>
                    </>
                  )}
                  .
                </Alert>
              )}
              {hits.length === 0 ? (
                <EmptyState title="No one matches this search">
                  <p>Try loosening it:</p>
                  <ul className="mt-1 list-inside list-disc text-left">
                    {query.requirements.some((r) => r.essential) && (
                      <li>
                        <Link className="underline" href={searchHref({ ...urlQuery, page: 1, requirements: urlQuery.requirements.map((r) => ({ ...r, essential: false })) })}>
                          make every requirement optional
                        </Link>
                        , so they add to the score instead of filtering;
                      </li>
                    )}
                    {query.requirements.some((r) => r.minLevel > 1) && (
                      <li>
                        <Link className="underline" href={searchHref({ ...urlQuery, page: 1, requirements: urlQuery.requirements.map((r) => ({ ...r, minLevel: Math.max(1, r.minLevel - 1) })) })}>
                          lower every minimum level by one
                        </Link>
                        ;
                      </li>
                    )}
                    {query.filters.verifiedOnly && (
                      <li>
                        <Link className="underline" href={searchHref({ ...urlQuery, page: 1, filters: { ...urlQuery.filters, verifiedOnly: false } })}>
                          include self-reported levels
                        </Link>
                        ;
                      </li>
                    )}
                    {hasFilters && (
                      <li>
                        <Link className="underline" href={searchHref({ ...urlQuery, text: '', page: 1, filters: { ...query.filters, kind: [], department: [], location: [], issuer: [] } })}>
                          clear the text and filters
                        </Link>
                        .
                      </li>
                    )}
                  </ul>
                </EmptyState>
              ) : (
                <ResultsList hits={hits} shortlists={shortlists} queryString={queryString} canShortlist={can(actor, 'shortlists.manage')} />
              )}
              {total > query.pageSize && (
                <nav aria-label="Pages" className="flex items-center justify-between text-sm">
                  {query.page > 1 ? (
                    <Link href={searchHref({ ...urlQuery, page: query.page - 1 })} className="underline" rel="prev">
                      ← Previous
                    </Link>
                  ) : (
                    <span />
                  )}
                  <span className="text-slate-600">
                    Page {query.page} of {lastPage.toLocaleString('en-GB')}
                  </span>
                  {query.page < lastPage && query.page * query.pageSize < 10_000 ? (
                    <Link href={searchHref({ ...urlQuery, page: query.page + 1 })} className="underline" rel="next">
                      Next →
                    </Link>
                  ) : (
                    <span />
                  )}
                </nav>
              )}
            </>
          )}
        </div>
      </div>
    </div>
  );
}
