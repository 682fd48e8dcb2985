import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';

export default function PersonNotFound() {
  return (
    <EmptyState title="Person not found" action={<Link className="text-brand-700 underline" href="/search">Back to search</Link>}>
      This person does not exist, or their profile is not visible to you.
    </EmptyState>
  );
}
