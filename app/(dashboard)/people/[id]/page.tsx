import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { credentialRow } from '@/components/people/credential-timeline';
import { SkillLevelList } from '@/components/people/skill-level-list';
import { AddToShortlistForm } from '@/components/search/add-to-shortlist-form';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getPersonProfile, type PersonProfile } from '@/lib/data/people';
import { listPersonPathwayAssignments } from '@/lib/data/pathway-assignments';
import { getProfileShortlists } from '@/lib/data/shortlists';
import { isAppError } from '@/lib/domain/app-error';
import { can } from '@/lib/domain/permissions';
import { IdentitiesCard } from './_components/identities-card';
import { PathwaysCard } from './_components/pathways-card';
import { CredentialList } from './_components/credential-list';

type Props = { params: Promise<{ id: string }> };

/** The person id a route segment names, or null when it cannot be decoded. */
function personIdOf(rawId: string): string | null {
  try {
    return decodeURIComponent(rawId).slice(0, 200);
  } catch {
    return null;
  }
}

// One read per request, shared by the title and the page (React's cache is per request).
const loadProfile = cache(async (rawId: string): Promise<PersonProfile | null> => {
  const actor = await getActor();
  if (!actor) return null;
  const id = personIdOf(rawId);
  if (id === null) return null;
  try {
    return await getPersonProfile(await getDb(), actor, id);
  } catch (err) {
    // Unknown and not visible are the same 404: the page never confirms that a hidden person exists.
    if (isAppError(err) && (err.code === 'not_found' || err.code === 'forbidden')) return null;
    throw err;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const profile = await loadProfile((await params).id);
  // A hidden person's name must not leak through the title either.
  return { title: profile ? `${profile.person.name} · Profile` : 'Person not found' };
}

export default async function PersonPage({ params }: Props) {
  const actor = await getActor();
  if (!actor) redirect('/signin');
  const rawId = (await params).id;
  const db = await getDb();
  const canShortlist = can(actor, 'shortlists.manage');
  const canReverify = can(actor, 'credentials.reverify');
  // The viewer's shortlists are read beside the profile, not after it: on the embedded database every
  // statement queues for its one backend, so under load each sequential read adds a whole queue wait
  // (profile views were the slowest kind in the load benchmark). The profile is still the gate: for a
  // person the viewer may not see, the lists are dropped unread and the page is the same 404.
  const listsId = canShortlist ? personIdOf(rawId) : null;
  const [profile, lists] = await Promise.all([
    loadProfile(rawId),
    listsId === null
      ? null
      : getProfileShortlists(db, actor, listsId).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
  ]);
  if (!profile) notFound();
  if (lists && !lists.ok) throw lists.error;
  const { person } = profile;
  const { editable, containing: onLists } = lists?.ok ? lists.value : { editable: [], containing: [] };
  // The client form gets what it shows, not whole summaries (its props are serialised into the page).
  const shortlists = editable.map(({ id, name, memberCount }) => ({ id, name, memberCount }));
  // Identities are for the people who import and bind credentials (HR, recruiters; the profile read
  // includes them only for those); HR may change them.
  const { identities } = profile;
  // Development plans are for managers and HR (pathways.view); a recruiter sees the profile without them.
  const pathways = person.kind === 'employee' && can(actor, 'pathways.view') ? await listPersonPathwayAssignments(db, actor, person.id) : null;
  const counted = profile.credentials.filter((c) => c.counts).length;
  const notCounted = profile.credentials.length - counted;

  return (
    <div className="space-y-6">
      <PageHeader
        title={person.name}
        description={
          <>
            {person.headline && <span className="block text-base text-slate-800">{person.headline}</span>}
            <span className="block">
              {person.kind === 'candidate' ? 'External candidate' : `Employee${person.departmentName ? ` · ${person.departmentName}` : ''}`}
              {person.currentRole && ` · ${person.currentRole}`}
              {person.location && ` · ${person.location}`}
              {person.kind === 'employee' && (person.openToMobility ? ' · open to internal moves' : ' · not looking to move')}
            </span>
            <span className="block">
              <a className="text-brand-700 underline" href={`mailto:${person.email}`}>
                {person.email}
              </a>
            </span>
          </>
        }
        actions={
          canShortlist ? (
            <div className="flex flex-col items-end gap-1">
              <AddToShortlistForm personIds={[person.id]} shortlists={shortlists} />
              {onLists.length > 0 && (
                <span className="text-xs text-slate-500">
                  On {onLists.length} of your shortlists
                </span>
              )}
            </div>
          ) : undefined
        }
      />

      <Card title="Verified skills">
        <p className="mb-2 text-sm text-slate-600">
          Levels on the 1–5 scale (Awareness, Working, Practitioner, Advanced, Expert), from verified, unexpired, unrevoked credentials only. Open a skill to see what proves it.
        </p>
        {profile.skills.length === 0 ? (
          <EmptyState title="No verified skills yet">Levels appear when this person’s credentials are imported and verified.</EmptyState>
        ) : (
          <SkillLevelList skills={profile.skills} />
        )}
      </Card>

      {profile.selfReported.length > 0 && (
        <Card title="Self-reported skills (not verified)">
          <p className="mb-2 text-sm text-slate-600">Claimed by the person or from course lists without a verifiable credential. Shown for context; they never count in verified searches.</p>
          <SkillLevelList skills={profile.selfReported} selfReported />
        </Card>
      )}

      {identities && (
        <Card title="Recipient identities">
          <IdentitiesCard personId={person.id} email={person.email} identities={identities} canManage={can(actor, 'people.manageIdentities')} />
        </Card>
      )}

      {pathways && <PathwaysCard personName={person.name} assignments={pathways} canAssign={can(actor, 'pathways.assign')} />}

      <div id="credentials" className="scroll-mt-4">
        <Card title={`Credentials (${profile.credentials.length})`}>
          {profile.credentials.length === 0 ? (
            <EmptyState title="No credentials">Import badges or certificates for this person on the Import page.</EmptyState>
          ) : (
            <>
              <p className="mb-3 text-sm text-slate-600">
                {counted} count toward levels{notCounted > 0 ? `; ${notCounted} do not (revoked, expired, invalid, unverified or attached by override) and are flagged below` : ''}.
              </p>
              <CredentialList rows={profile.credentials.map(credentialRow)} canReverify={canReverify} />
            </>
          )}
        </Card>
      </div>
    </div>
  );
}
