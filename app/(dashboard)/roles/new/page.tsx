import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { canManageRoleIn, listDepartments, listRoles } from '@/lib/data/roles';
import { can } from '@/lib/domain/permissions';
import { RoleForm } from '../_components/role-form';

export const metadata: Metadata = { title: 'New role' };
export const dynamic = 'force-dynamic';

export default async function NewRolePage() {
  const actor = await getActor();
  if (!actor || !can(actor, 'roles.manage')) notFound();
  const db = await getDb();
  const [departments, list] = await Promise.all([listDepartments(db), listRoles(db, actor, {})]);
  const allowed = departments.filter((d) => canManageRoleIn(actor, d.id));
  return (
    <div className="max-w-5xl">
      <PageHeader title="New role" description="Describe the role and the verified skill levels it asks for. Employees are ranked against these requirements." />
      <RoleForm
        cancelHref="/roles"
        departments={allowed}
        families={list.families}
        initial={{
          name: '',
          family: '',
          track: '',
          levelName: '',
          ladderRank: 1,
          description: '',
          departmentId: actor.departmentId,
          openSeats: 0,
          plannedHeadcount: 0,
          requirements: [],
        }}
      />
    </div>
  );
}
