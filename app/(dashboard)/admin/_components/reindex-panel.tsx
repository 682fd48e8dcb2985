'use client';
// Rebuild the search index with live progress. The bar belongs to the run the admin just started:
// it appears at 0 % the moment the button is pressed (before the server answers) and follows the
// run's own progress, polled every half second; the previous run is only a line of text, never a
// full bar that looks like the new run finished at once.
import { useEffect, useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { ReindexState } from '@/lib/data/reindex-job';
import { startReindexAction } from '../_actions/start-reindex';

const PHASES: Record<string, string> = {
  creating: 'Preparing a new index',
  indexing: 'Indexing people',
  swapping: 'Switching searches to the new index',
  done: 'Finished',
};

async function fetchState(): Promise<ReindexState | null> {
  try {
    const res = await fetch('/admin/reindex-status', { cache: 'no-store' });
    return res.ok ? ((await res.json()) as ReindexState) : null;
  } catch {
    return null;
  }
}

const time = (iso: string) => new Date(iso).toLocaleTimeString('en-GB');

export function ReindexPanel({ initial }: { initial: ReindexState }) {
  const [state, setState] = useState<ReindexState>(initial);
  // The run this page follows, by its start time (the server's): the previous run's state is ignored.
  const runStartedAt = useRef<string | null>(initial.running ? initial.startedAt : null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = starting || state.running;

  useEffect(() => {
    if (!running) return;
    let cancelled = false;
    const poll = async () => {
      const next = await fetchState();
      if (cancelled || !next) return;
      if (runStartedAt.current === null || next.startedAt !== runStartedAt.current) return;
      setState(next);
      if (!next.running) setStarting(false);
    };
    void poll();
    const timer = setInterval(poll, 500);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [running]);

  const p = state.running ? state.progress : null;
  const pct = p && p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : 0;
  const phase = p ? (PHASES[p.phase] ?? p.phase) : 'Starting';
  const valueText = p ? `${phase}: ${p.done.toLocaleString('en-GB')} of ${p.total.toLocaleString('en-GB')} people` : 'Starting';
  const finished = !running && state.finishedAt;

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="secondary"
          aria-disabled={running || undefined}
          onClick={async () => {
            if (running) return;
            runStartedAt.current = null;
            setError(null);
            setStarting(true);
            setState({ running: true, progress: null, startedAt: new Date().toISOString(), finishedAt: null, error: null });
            const result = await startReindexAction();
            runStartedAt.current = result.startedAt ?? null;
            if (result.error || !result.startedAt) {
              setError(result.error ?? 'The reindex could not start. Please try again.');
              setStarting(false);
              setState((s) => ({ ...s, running: false }));
            }
          }}
        >
          {running ? 'Reindexing…' : 'Rebuild search index'}
        </Button>
        <p className="min-w-0 flex-1 text-sm text-slate-600">Builds a fresh index from the database and switches searches to it when it is complete; searches keep working meanwhile.</p>
      </div>
      {running && (
        <div data-testid="reindex-progress">
          <div className="h-2 w-full overflow-hidden rounded bg-slate-200" role="progressbar" aria-label="Reindex progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={`${pct} %, ${valueText}`}>
            <div className="h-2 bg-brand-500 transition-[width]" style={{ width: `${pct}%` }} />
          </div>
          <p className="mt-1 text-xs text-slate-700" aria-live="polite">
            {pct} % · {valueText}
          </p>
        </div>
      )}
      {finished && (
        <p className="text-xs text-slate-700" role="status" data-testid="reindex-last-run">
          {state.error ? 'The last rebuild failed' : 'Last rebuild finished'} at {time(state.finishedAt!)}
          {state.progress && !state.error ? `: ${state.progress.done.toLocaleString('en-GB')} people indexed` : ''}
          {state.startedAt ? ` (started ${time(state.startedAt)})` : ''}.
        </p>
      )}
      {(error ?? (finished ? state.error : null)) && <Alert tone="error">{error ?? state.error}</Alert>}
    </div>
  );
}
