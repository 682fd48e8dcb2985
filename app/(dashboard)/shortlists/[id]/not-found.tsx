import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';

export default function ShortlistNotFound() {
  return (
    <EmptyState title="Shortlist not found" action={<Link className="text-brand-700 underline" href="/shortlists">Your shortlists</Link>}>
      This shortlist does not exist, or it belongs to someone else.
    </EmptyState>
  );
}
