import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { listShortlists } from '@/lib/data/shortlists';
import { can } from '@/lib/domain/permissions';
import { CreateShortlistForm } from './_components/create-shortlist-form';

export const metadata: Metadata = { title: 'Shortlists' };

export default async function ShortlistsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await getActor();
  if (!actor) redirect('/signin');
  if (!can(actor, 'shortlists.manage')) return <Alert tone="error">You do not have access to shortlists.</Alert>;
  const lists = await listShortlists(await getDb(), actor);
  const { deleted } = await searchParams;
  return (
    <div className="space-y-6">
      <PageHeader title="Shortlists" description="Your lists of people to follow through a hiring pipeline, and the lists colleagues share with you." actions={<CreateShortlistForm />} />
      {deleted === '1' && <Alert tone="success">Shortlist deleted.</Alert>}
      {lists.length === 0 ? (
        <EmptyState title="No shortlists yet" action={<Link className="text-brand-700 underline" href="/search">Go to search</Link>}>
          Create one here, or tick people in search results and choose “Add to shortlist”.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Your shortlists and those shared with you</caption>
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Name</th>
              <th scope="col" className="px-4 py-2 font-medium">Owner</th>
              <th scope="col" className="px-4 py-2 font-medium">People</th>
              <th scope="col" className="px-4 py-2 font-medium">Last changed</th>
            </tr>
          </thead>
          <tbody>
            {lists.map((l) => (
              <tr key={l.id} className="border-t border-slate-100">
                <td className="px-4 py-2">
                  <Link href={`/shortlists/${l.id}`} className="font-medium text-brand-700 hover:underline">
                    {l.name}
                  </Link>
                </td>
                <td className="px-4 py-2 text-slate-700">{l.access === 'owner' ? 'You' : `${l.ownerName} (you can ${l.access})`}</td>
                <td className="px-4 py-2">{l.memberCount}</td>
                <td className="px-4 py-2 text-slate-600">{new Date(l.updatedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </div>
  );
}
