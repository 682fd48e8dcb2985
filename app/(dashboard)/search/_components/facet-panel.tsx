import Link from 'next/link';
import type { FacetBucket, SearchQuery } from '@/lib/domain/search-query';
import { searchHref } from '@/lib/domain/search-url';
import { levelName } from '@/lib/domain/levels';
import { ownValue } from '@/lib/domain/own-value';

type FilterKey = 'kind' | 'department' | 'location' | 'issuer';

function toggled(query: SearchQuery, key: FilterKey, value: string): SearchQuery {
  const current = query.filters[key] as string[];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...query, page: 1, filters: { ...query.filters, [key]: next } };
}

function FacetGroup({ title, buckets, query, filterKey, label }: { title: string; buckets: FacetBucket[] | undefined; query: SearchQuery; filterKey: FilterKey; label: (v: string) => string }) {
  const selected = query.filters[filterKey] as string[];
  // Selected values stay visible even when the current results have none of them, so they can be removed.
  const shown = [...(buckets ?? [])];
  for (const v of selected) if (!shown.some((b) => b.value === v)) shown.push({ value: v, count: 0 });
  if (shown.length === 0) return null;
  return (
    <fieldset className="mb-4">
      <legend className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</legend>
      <ul className="space-y-0.5 text-sm">
        {shown.slice(0, 12).map((b) => {
          const on = selected.includes(b.value);
          return (
            <li key={b.value}>
              {/* A link, so aria-pressed is not allowed on it: the state is in its text for screen readers. */}
              <Link href={searchHref(toggled(query, filterKey, b.value))} scroll={false} className={`flex min-h-6 items-center justify-between gap-2 rounded px-1.5 py-0.5 hover:bg-slate-100 ${on ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-700'}`}>
                <span className="min-w-0 truncate" title={label(b.value)}>
                  <span aria-hidden>{on ? '☑' : '☐'}</span> <span className="sr-only">{on ? 'Remove filter: ' : 'Filter: '}</span>
                  {label(b.value)}
                </span>
                <span className="shrink-0 text-xs text-slate-500">{b.count.toLocaleString('en-GB')}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

export function FacetPanel({
  query,
  facets,
  labels,
}: {
  query: SearchQuery;
  facets: Partial<Record<string, FacetBucket[]>>;
  labels: { departments: Record<string, string>; issuers: Record<string, string>; skills: Record<string, string> };
}) {
  return (
    <nav aria-label="Filters">
      <FacetGroup title="Kind" buckets={facets.kind} query={query} filterKey="kind" label={(v) => (v === 'candidate' ? 'Candidates' : v === 'employee' ? 'Employees' : v)} />
      <FacetGroup title="Department" buckets={facets.department} query={query} filterKey="department" label={(v) => ownValue(labels.departments, v) ?? v} />
      <FacetGroup title="Location" buckets={facets.location} query={query} filterKey="location" label={(v) => v || 'Not given'} />
      <FacetGroup title="Issuer" buckets={facets.issuer} query={query} filterKey="issuer" label={(v) => ownValue(labels.issuers, v) ?? v} />
      {facets.skill && facets.skill.length > 0 && (
        <div className="mb-4">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Top skills in these results</h3>
          <ul className="space-y-0.5 text-sm">
            {facets.skill.slice(0, 10).map((b) => (
              <li key={b.value} className="flex min-h-6 items-center justify-between gap-2 px-1.5">
                {query.requirements.some((r) => r.skill === b.value) ? (
                  <span className="truncate text-slate-500">{ownValue(labels.skills, b.value) ?? b.value}</span>
                ) : (
                  <Link
                    scroll={false}
                    title="Add as a requirement at Working level or above"
                    href={searchHref({ ...query, page: 1, requirements: [...query.requirements, { skill: b.value, minLevel: 2, weight: 1, essential: true }] })}
                    className="min-w-0 truncate py-0.5 text-slate-700 hover:text-brand-700 hover:underline"
                  >
                    + {ownValue(labels.skills, b.value) ?? b.value}
                  </Link>
                )}
                <span className="shrink-0 text-xs text-slate-500">{b.count.toLocaleString('en-GB')}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {facets.level && facets.level.length > 0 && (
        <div className="mb-4">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
            Levels in {ownValue(labels.skills, query.requirements[0]?.skill ?? '') ?? 'the first skill'}
          </h3>
          <ul className="space-y-0.5 text-sm text-slate-700">
            {[...facets.level].sort((a, b) => Number(b.value) - Number(a.value)).map((b) => (
              <li key={b.value} className="flex justify-between px-1.5">
                <span>
                  {b.value} {levelName(Number(b.value))}
                </span>
                <span className="shrink-0 text-xs text-slate-500">{b.count.toLocaleString('en-GB')}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </nav>
  );
}
