'use client';

import { Button } from '@/components/ui/button';

// Unexpected errors: a plain message and a way to try again, never a stack trace.
export default function DashboardError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-lg border border-red-200 bg-white p-6 text-center">
      <h1 className="text-lg font-semibold text-red-800">Something went wrong on our side</h1>
      <p className="mt-2 text-sm text-slate-600">Nothing you entered was lost. Please try again; if it keeps happening, tell your administrator.</p>
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
