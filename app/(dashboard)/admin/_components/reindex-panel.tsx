'use client';

import { useEffect, useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { ReindexState } from '@/lib/data/reindex-job';
import { reindexStatusAction, startReindexAction } from '../_actions/start-reindex';

export function ReindexPanel({ initial }: { initial: ReindexState }) {
  const [state, setState] = useState<ReindexState>(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  // Poll while a reindex runs: it is long work, and people want to see it move.
  useEffect(() => {
    if (!state.running) return;
    const timer = setInterval(async () => setState(await reindexStatusAction()), 1000);
    return () => clearInterval(timer);
  }, [state.running]);

  const p = state.progress;
  const pct = p && p.total > 0 ? Math.round((p.done / p.total) * 100) : state.running ? 0 : 100;
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-3">
        <Button
          variant="secondary"
          disabled={state.running || pending}
          onClick={() =>
            startTransition(async () => {
              setError(null);
              const result = await startReindexAction();
              if (result.error) setError(result.error);
              setState(await reindexStatusAction());
            })
          }
        >
          {state.running ? 'Reindexing…' : 'Rebuild search index'}
        </Button>
        <p className="text-sm text-slate-600">Builds a fresh index from the database and switches searches to it when it is complete; searches keep working meanwhile.</p>
      </div>
      {(state.running || state.finishedAt) && (
        <div>
          <div className="h-2 w-full overflow-hidden rounded bg-slate-200" role="progressbar" aria-label="Reindex progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
            <div className="h-2 bg-brand-500 transition-all" style={{ width: `${pct}%` }} />
          </div>
          <p className="mt-1 text-xs text-slate-600">
            {state.running ? `${p?.phase ?? 'starting'}: ${p?.done ?? 0} of ${p?.total ?? '…'} people` : state.error ? 'Failed' : `Finished ${state.finishedAt ? new Date(state.finishedAt).toLocaleTimeString('en-GB') : ''}`}
          </p>
        </div>
      )}
      {(error ?? state.error) && <Alert tone="error">{error ?? state.error}</Alert>}
    </div>
  );
}
