'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui/cn';

export function AppNav({ items }: { items: { href: string; label: string }[] }) {
  // Typed nullable since pages/ exists (the API's, lib/api/pages-api.ts); never null in the App Router.
  const pathname = usePathname() ?? '';
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className={cn('rounded-md px-3 py-1.5 text-sm font-medium', active ? 'bg-brand-50 text-brand-700' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900')}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
