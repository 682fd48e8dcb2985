import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { listRoleOptions } from '@/lib/data/compare';
import { getShortlist, listShareableColleagues, type ShortlistDetail } from '@/lib/data/shortlists';
import { isAppError } from '@/lib/domain/app-error';
import { can } from '@/lib/domain/permissions';
import { countByStage, roleLabel, shortlistAllows, STAGE_LABELS } from '@/lib/domain/shortlist-pipeline';
import { ShortlistMembers } from '../_components/shortlist-members';
import { DeleteShortlistForm, RemoveHiddenForm, RenameShortlistForm } from '../_components/shortlist-settings';
import { ShortlistScoring, ShortlistSharing } from '../_components/shortlist-sharing';

type Props = { params: Promise<{ id: string }> };

// One read per request, shared by the title and the page (React's cache is per request).
const loadShortlist = cache(async (rawId: string): Promise<ShortlistDetail | null> => {
  const actor = await getActor();
  if (!actor || !can(actor, 'shortlists.manage')) return null;
  let id: string;
  try {
    id = decodeURIComponent(rawId).slice(0, 200);
  } catch {
    return null;
  }
  try {
    return await getShortlist(await getDb(), actor, id);
  } catch (err) {
    // Someone else's shortlist is "not found", like one that never existed.
    if (isAppError(err) && err.code === 'not_found') return null;
    throw err;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const list = await loadShortlist((await params).id);
  return { title: list ? `${list.name} · Shortlist` : 'Shortlist not found' };
}

export default async function ShortlistPage({ params }: Props) {
  const actor = await getActor();
  if (!actor) redirect('/signin');
  if (!can(actor, 'shortlists.manage')) return <Alert tone="error">You do not have access to shortlists.</Alert>;
  const list = await loadShortlist((await params).id);
  if (!list) notFound();
  const db = await getDb();
  const isOwner = list.access === 'owner';
  const canEdit = shortlistAllows(list.access, 'editMembers');
  const [colleagues, roles] = isOwner ? await Promise.all([listShareableColleagues(db, actor), listRoleOptions(db, actor)]) : [[], []];
  const pipeline = countByStage(list.members);
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
            {!isOwner && (
              <>
                {' '}
                · {list.ownerName}’s list, shared with you to {list.access === 'edit' ? 'edit' : 'view'}
              </>
            )}
          </>
        }
        actions={
          <>
            <ButtonLink href={`/shortlists/${list.id}/export`} prefetch={false} download>
              Export CSV
            </ButtonLink>
            {isOwner && <DeleteShortlistForm id={list.id} name={list.name} />}
          </>
        }
      />
      {list.members.length > 0 && (
        <ol className="flex flex-wrap gap-2 text-sm" aria-label="Pipeline" data-testid="pipeline">
          {pipeline.map((p) => (
            <li key={p.stage} className={`rounded-full border px-3 py-1 ${p.count ? 'border-brand-200 bg-brand-50 text-brand-800' : 'border-slate-200 text-slate-500'}`}>
              {STAGE_LABELS[p.stage]} <span className="font-semibold">{p.count}</span>
            </li>
          ))}
        </ol>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <ShortlistSharing shortlistId={list.id} shares={list.shares} colleagues={colleagues} canShare={isOwner && can(actor, 'shortlists.share')} />
        <ShortlistScoring shortlistId={list.id} roles={roles} label={list.requirementsLabel} canManage={isOwner} />
      </div>
      {isOwner && <RenameShortlistForm id={list.id} name={list.name} />}
      {list.hiddenCount > 0 && (
        <Alert tone="warning">
          {list.hiddenCount} {list.hiddenCount === 1 ? 'person on this list is' : 'people on this list are'} not visible to you (they withdrew consent, moved, or are outside what your role may see) and {list.hiddenCount === 1 ? 'is' : 'are'} not shown.{' '}
          {isOwner && <RemoveHiddenForm id={list.id} count={list.hiddenCount} />}
        </Alert>
      )}
      {list.members.length === 0 ? (
        <EmptyState title="No one on this shortlist yet" action={<Link className="text-brand-700 underline" href="/search">Find people in search</Link>}>
          Tick people in search results, or open a profile, and choose “Add to shortlist”.
        </EmptyState>
      ) : (
        <ShortlistMembers
          shortlistId={list.id}
          canEdit={canEdit}
          scored={list.requirements.length > 0}
          members={list.members.map((m) => {
            const p = m.person!;
            const role = roleLabel(p);
            const names = new Map(list.requirements.map((r) => [r.skill, r.name]));
            return {
              personId: m.personId,
              name: p.name,
              headline: p.headline,
              kind: p.kind,
              roleLabel: role.label,
              roleValue: role.value,
              location: p.location,
              department: p.departmentName,
              note: m.note,
              stage: m.stage,
              tags: m.tags,
              addedAt: m.addedAt,
              scorePct: m.match?.score == null ? null : Math.round(m.match.score * 100),
              eligible: m.match?.eligible ?? true,
              evidenceCount: m.match?.evidenceCount ?? 0,
              breakdown: (m.match?.breakdown ?? []).map((b) => ({ skill: b.skill, name: names.get(b.skill) ?? b.skill, required: b.required, achieved: b.achieved, met: b.met })),
            };
          })}
        />
      )}
    </div>
  );
}
