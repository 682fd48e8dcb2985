import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { canManageRoleIn, getRole, listDepartments, listRoles } from '@/lib/data/roles';
import { isAppError } from '@/lib/domain/app-error';
import { RoleForm } from '../../_components/role-form';
import { safeDecode } from '../../_components/search-params';

export const metadata: Metadata = { title: 'Edit role' };
export const dynamic = 'force-dynamic';

export default async function EditRolePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await getActor();
  if (!actor) notFound();
  const db = await getDb();
  const role = await getRole(db, actor, safeDecode(id)).catch((err: unknown) => {
    if (isAppError(err)) notFound();
    throw err;
  });
  if (!role.canManage) notFound();
  const [departments, list] = await Promise.all([listDepartments(db), listRoles(db, actor, {})]);
  return (
    <div className="max-w-5xl">
      <PageHeader title={`Edit ${role.name}`} description={role.source === 'ddat' ? 'A UK DDaT role level: your edits stay until someone re-syncs it from the framework.' : undefined} />
      <RoleForm
        cancelHref={`/roles/${encodeURIComponent(role.id)}`}
        departments={departments.filter((d) => canManageRoleIn(actor, d.id))}
        families={list.families}
        initial={{
          id: role.id,
          name: role.name,
          family: role.family,
          track: role.track,
          levelName: role.levelName,
          ladderRank: role.ladderRank,
          description: role.description,
          departmentId: role.departmentId,
          openSeats: role.openSeats,
          plannedHeadcount: role.plannedHeadcount,
          requirements: role.requirements.map((r) => ({ skillId: r.skillId, skillName: r.skillName, minLevel: r.minLevel, weight: r.weight, essential: r.essential })),
        }}
      />
    </div>
  );
}
