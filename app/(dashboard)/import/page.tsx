import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { findImportTargets, getImportTarget, MAX_FILE_BYTES } from '@/lib/data/import-credentials';
import { can } from '@/lib/domain/permissions';
import { ImportUploader } from './_components/import-uploader';

export const metadata: Metadata = { title: 'Import credentials' };
export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;
const first = (sp: SearchParams, key: string) => {
  const v = sp[key];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};

// The whole state worth sharing lives in the URL: ?person=<id> (whose credentials) and ?q= (the
// person search). Uploading itself is client-side, one file at a time, so progress is real.
export default async function ImportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await getActor();
  if (!actor || !can(actor, 'credentials.import')) notFound();
  const sp = await searchParams;
  const db = await getDb();
  const q = first(sp, 'q').slice(0, 100);
  const personId = first(sp, 'person');
  const person = personId ? await getImportTarget(db, actor, personId) : null;
  const matches = q ? await findImportTargets(db, actor, q, 10) : [];

  return (
    <div className="space-y-6">
      <PageHeader
        title="Import credentials"
        description="Upload Open Badges 2.0 / 3.0, CLR 2.0 and course-completion files. Each credential is verified (signature, revocation, dates, issuer) before it counts, and you get a report for every item."
      />

      <Card title="1. Whose credentials are these?">
        {person ? (
          <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="import-target">
            <span>
              Importing for <strong>{person.name}</strong> <span className="text-slate-500">({person.email})</span>
            </span>
            <Link href="/import" className="text-brand-700 underline">
              Change
            </Link>
          </div>
        ) : (
          <div className="space-y-3 text-sm">
            <p className="text-slate-700">
              {personId ? 'That person was not found or is not visible to you. ' : ''}
              No person chosen: each credential is matched to a person by the <strong>recipient email</strong> it names (hashed recipients included). Or pick a person:
            </p>
            <form method="get" role="search" aria-label="Find a person" className="flex flex-wrap items-end gap-2">
              <div>
                <label htmlFor="import-q" className="block text-xs font-medium text-slate-600">
                  Name or email
                </label>
                <input id="import-q" name="q" defaultValue={q} maxLength={100} className="w-72 rounded-md border border-slate-300 px-2 py-1.5" placeholder="e.g. Ada or ada@example.com" />
              </div>
              <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50">
                Find
              </button>
            </form>
            {q && matches.length === 0 && <p className="text-slate-600">Nobody you can see matches “{q}”.</p>}
            {matches.length > 0 && (
              <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" aria-label="Matching people">
                {matches.map((m) => (
                  <li key={m.id} className="flex items-center justify-between gap-3 px-3 py-2">
                    <span>
                      <span className="font-medium">{m.name}</span> <span className="text-slate-500">{m.email}</span>
                      <span className="ml-2 text-xs text-slate-500">{m.kind === 'candidate' ? 'Candidate' : 'Employee'}</span>
                    </span>
                    <Link href={`/import?person=${encodeURIComponent(m.id)}`} className="text-brand-700 underline">
                      Import for {m.name}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </Card>

      <ImportUploader personId={person?.id ?? null} personName={person?.name ?? null} maxFileBytes={MAX_FILE_BYTES} canOverride={can(actor, 'credentials.overrideRecipient')} />
    </div>
  );
}
