import { redirect } from 'next/navigation';
import { getActor } from '@/lib/auth/session';
import { landingPath } from '@/lib/domain/navigation';

export default async function Home() {
  const actor = await getActor();
  redirect(actor ? landingPath(actor) : '/signin');
}
