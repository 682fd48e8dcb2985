import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getShortlist, type ShortlistDetail } from '@/lib/data/shortlists';
import { isAppError } from '@/lib/domain/app-error';
import { can } from '@/lib/domain/permissions';
import { ShortlistMembers } from '../_components/shortlist-members';
import { DeleteShortlistForm, RemoveHiddenForm, RenameShortlistForm } from '../_components/shortlist-settings';

export const metadata: Metadata = { title: 'Shortlist · Skillproof' };

export default async function ShortlistPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await getActor();
  if (!actor) redirect('/signin');
  if (!can(actor, 'shortlists.manage')) return <Alert tone="error">You do not have access to shortlists.</Alert>;
  const { id } = await params;
  let list: ShortlistDetail;
  try {
    list = await getShortlist(await getDb(), actor, decodeURIComponent(id).slice(0, 200));
  } catch (err) {
    // Someone else's shortlist is "not found", like one that never existed.
    if (isAppError(err) && err.code === 'not_found') notFound();
    throw err;
  }
  return (
    <div className="space-y-6">
      <PageHeader
        title={list.name}
        description={
          <>
            <Link href="/shortlists" className="text-brand-700 underline">
              All shortlists
            </Link>{' '}
            · {list.members.length} {list.members.length === 1 ? 'person' : 'people'}
          </>
        }
        actions={
          <>
            <ButtonLink href={`/shortlists/${list.id}/export`} prefetch={false} download>
              Export CSV
            </ButtonLink>
            <DeleteShortlistForm id={list.id} name={list.name} />
          </>
        }
      />
      <RenameShortlistForm id={list.id} name={list.name} />
      {list.hiddenCount > 0 && (
        <Alert tone="warning">
          {list.hiddenCount} {list.hiddenCount === 1 ? 'person on this list is' : 'people on this list are'} no longer visible to you (they withdrew consent or moved) and {list.hiddenCount === 1 ? 'is' : 'are'} not shown. <RemoveHiddenForm id={list.id} count={list.hiddenCount} />
        </Alert>
      )}
      {list.members.length === 0 ? (
        <EmptyState title="No one on this shortlist yet" action={<Link className="text-brand-700 underline" href="/search">Find people in search</Link>}>
          Tick people in search results, or open a profile, and choose “Add to shortlist”.
        </EmptyState>
      ) : (
        <ShortlistMembers
          shortlistId={list.id}
          members={list.members.map((m) => ({
            personId: m.personId,
            name: m.person!.name,
            headline: m.person!.headline,
            kind: m.person!.kind,
            location: m.person!.location,
            department: m.person!.departmentName,
            note: m.note,
            addedAt: m.addedAt,
          }))}
        />
      )}
    </div>
  );
}
