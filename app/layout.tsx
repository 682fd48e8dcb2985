import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { CspSafeZod } from '@/components/csp-safe-zod';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Skillproof', template: '%s · Skillproof' },
  description: 'Skills-based talent search on verified micro-credentials',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts carry the nonce of this response's CSP (proxy.ts),
  // which a page prerendered at build time could not.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <CspSafeZod />
        {children}
      </body>
    </html>
  );
}
