'use client';
// Files are sent one at a time to POST /api/v1/credentials (the same endpoint machines use, with the
// session cookie), so the progress bar moves as each file is verified and one bad file never takes
// the others down with it.
import Link from 'next/link';
import { useCallback, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { StatusBadge } from '@/components/ui/status-badge';
import type { ImportItemResult } from '@/lib/data/import-credentials';
import { HydratedFieldset } from '@/components/ui/hydrated';

type QueueItem = {
  key: number;
  label: string;
  size: number | null;
  state: 'queued' | 'working' | 'done' | 'error';
  error?: string;
  results?: ImportItemResult[];
  send: () => FormData;
};

const ACCEPT = '.json,.jsonld,.jwt,.jws,.png,.svg,.csv,.zip,.txt,application/json,image/png,image/svg+xml,text/csv,application/zip';

function formatSize(bytes: number) {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function ImportUploader({
  personId,
  personName,
  maxFileBytes,
  canOverride = false,
}: {
  personId: string | null;
  personName: string | null;
  maxFileBytes: number;
  /** HR: a credential refused for its recipient can be attached anyway, per item, with a reason (audited). */
  canOverride?: boolean;
}) {
  const [queue, setQueue] = useState<QueueItem[]>([]);
  const [dragging, setDragging] = useState(false);
  const [url, setUrl] = useState('');
  const running = useRef(false);
  const nextKey = useRef(1);
  const inputRef = useRef<HTMLInputElement>(null);

  const target = useCallback(
    (form: FormData) => {
      if (personId) form.set('personId', personId);
      else form.set('matchByRecipient', 'true');
      return form;
    },
    [personId],
  );

  const update = (key: number, patch: Partial<QueueItem>) => setQueue((q) => q.map((item) => (item.key === key ? { ...item, ...patch } : item)));

  // Items waiting to be sent, in order; one worker sends them one at a time.
  const pending = useRef<QueueItem[]>([]);

  const drain = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    try {
      for (let item = pending.current.shift(); item; item = pending.current.shift()) {
        update(item.key, { state: 'working' });
        try {
          const response = await fetch('/api/v1/credentials', { method: 'POST', body: item.send() });
          const body = (await response.json().catch(() => null)) as { items?: ImportItemResult[]; error?: { message?: string } } | null;
          if (!response.ok || !body?.items) {
            update(item.key, { state: 'error', error: body?.error?.message ?? `The server answered ${response.status}.` });
          } else {
            update(item.key, { state: 'done', results: body.items });
          }
        } catch {
          update(item.key, { state: 'error', error: 'The upload did not reach the server. Check your connection and try again.' });
        }
      }
    } finally {
      running.current = false;
    }
  }, []);

  const enqueue = useCallback(
    (newItems: QueueItem[]) => {
      setQueue((q) => [...q, ...newItems]);
      pending.current.push(...newItems.filter((i) => i.state === 'queued'));
      void drain();
    },
    [drain],
  );

  const addFiles = (files: FileList | File[]) => {
    const items: QueueItem[] = [...files].map((file) => {
      const key = nextKey.current++;
      const tooBig = file.size > maxFileBytes;
      return {
        key,
        label: file.name,
        size: file.size,
        state: tooBig ? 'error' : 'queued',
        error: tooBig ? `${file.name} is ${formatSize(file.size)}; the limit is ${formatSize(maxFileBytes)} per file.` : undefined,
        send: () => {
          const form = target(new FormData());
          form.append('file', file, file.name);
          return form;
        },
      };
    });
    if (items.length) enqueue(items);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length) addFiles(event.dataTransfer.files);
  };

  const onUrl = (event: FormEvent) => {
    event.preventDefault();
    const value = url.trim();
    if (!value) return;
    const key = nextKey.current++;
    enqueue([
      {
        key,
        label: value,
        size: null,
        state: 'queued',
        send: () => {
          const form = target(new FormData());
          form.set('url', value);
          return form;
        },
      },
    ]);
    setUrl('');
  };

  // Resend the same file with an override for one refused item; everything else in it is a no-op
  // (already imported) or refused again, and the new report shows what happened.
  const overrideItem = (item: QueueItem, overrideKey: string, reason: string) => {
    const key = nextKey.current++;
    enqueue([
      {
        key,
        label: `${item.label} (attached by override)`,
        size: item.size,
        state: 'queued',
        send: () => {
          const form = item.send();
          form.set('overrides', JSON.stringify([{ item: overrideKey, reason }]));
          return form;
        },
      },
    ]);
  };

  const finished = queue.filter((i) => i.state === 'done' || i.state === 'error').length;
  const working = queue.some((i) => i.state === 'queued' || i.state === 'working');
  const results = queue.flatMap((i) => i.results ?? []);
  const counts = {
    created: results.filter((r) => r.outcome === 'created').length,
    duplicate: results.filter((r) => r.outcome === 'duplicate').length,
    rejected: results.filter((r) => r.outcome === 'rejected').length + queue.filter((i) => i.state === 'error').length,
    verified: results.filter((r) => r.outcome !== 'rejected' && r.status === 'verified').length,
  };

  return (
    <section className="space-y-4" aria-labelledby="import-files-heading">
      <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="import-files-heading" className="text-base font-semibold text-slate-900">
          2. Add credentials {personName ? `for ${personName}` : '(matched by recipient email)'}
        </h2>
        <div
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={`mt-3 flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-6 py-8 text-center text-sm ${dragging ? 'border-brand-500 bg-brand-50' : 'border-slate-300'}`}
        >
          <p className="text-slate-700">Drop files here, or</p>
          <label className="cursor-pointer rounded-md bg-brand-600 px-3.5 py-2 font-medium text-white focus-within:ring-2 focus-within:ring-brand-500 focus-within:ring-offset-2 hover:bg-brand-700">
            Choose files
            <input
              ref={inputRef}
              type="file"
              multiple
              accept={ACCEPT}
              className="sr-only"
              aria-label="Credential files"
              onChange={(e) => {
                if (e.target.files) addFiles(e.target.files);
                e.target.value = '';
              }}
            />
          </label>
          <p className="text-xs text-slate-500">
            JSON (OB 2.0 / OB 3.0 / CLR 2.0), .jwt, baked .png or .svg badges, course-completion .csv, or a .zip of them. Up to {formatSize(maxFileBytes)} per file.
          </p>
        </div>
        <form onSubmit={onUrl} className="mt-4 flex flex-wrap items-end gap-2">
          <HydratedFieldset>
          <div className="grow">
            <label htmlFor="import-url" className="block text-xs font-medium text-slate-600">
              Or paste the URL of a hosted credential
            </label>
            <input
              id="import-url"
              type="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://issuer.example/assertions/123"
              className="w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
            />
          </div>
          <button type="submit" disabled={!url.trim()} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:text-slate-500">
            Verify and import
          </button>
          </HydratedFieldset>
        </form>
      </div>

      {queue.length > 0 && (
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
            <h2 className="text-base font-semibold text-slate-900">3. Report</h2>
            <p aria-live="polite" className="text-slate-700">
              {working ? `Verifying ${Math.min(finished + 1, queue.length)} of ${queue.length}…` : `Done: ${queue.length} item${queue.length === 1 ? '' : 's'}.`}{' '}
              {counts.created} imported ({counts.verified} verified), {counts.duplicate} already imported, {counts.rejected} not imported.
            </p>
          </div>
          <div
            role="progressbar"
            aria-label="Import progress"
            aria-valuemin={0}
            aria-valuemax={queue.length}
            aria-valuenow={finished}
            className="mt-2 h-2 w-full overflow-hidden rounded-full bg-slate-100"
          >
            <div className="h-full bg-brand-600 transition-all" style={{ width: `${(finished / queue.length) * 100}%` }} />
          </div>
          <ol className="mt-4 space-y-3" aria-label="Imported items">
            {queue.map((item) => (
              <li key={item.key} className="rounded-md border border-slate-200 p-3" data-testid="import-item">
                <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
                  <span className="font-medium text-slate-900 break-all">{item.label}</span>
                  <span className="text-xs text-slate-500">
                    {item.size !== null ? formatSize(item.size) : 'URL'} · {item.state === 'queued' ? 'waiting' : item.state === 'working' ? 'verifying…' : item.state === 'error' ? 'failed' : 'done'}
                  </span>
                </div>
                {item.error && (
                  <p role="alert" className="mt-2 text-sm text-red-700">
                    {item.error}
                  </p>
                )}
                {item.results?.length === 0 && <p className="mt-2 text-sm text-slate-600">The file held no credentials.</p>}
                {item.results?.map((result, i) => (
                  <ResultReport key={i} result={result} onOverride={canOverride && personId ? (overrideKey, reason) => overrideItem(item, overrideKey, reason) : undefined} />
                ))}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

const OUTCOME_LABEL: Record<ImportItemResult['outcome'], string> = { created: 'Imported', duplicate: 'Already imported', rejected: 'Not imported' };

function ResultReport({ result, nested = false, onOverride }: { result: ImportItemResult; nested?: boolean; onOverride?: (overrideKey: string, reason: string) => void }) {
  return (
    <div className={`mt-3 ${nested ? 'ml-4 border-l-2 border-slate-200 pl-3' : ''}`} data-testid="import-result">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <StatusBadge status={result.status} />
        <span className="font-medium">{OUTCOME_LABEL[result.outcome]}</span>
        {result.achievementName && <span className="text-slate-800">{result.achievementName}</span>}
        {result.issuerName && <span className="text-slate-500">from {result.issuerName}</span>}
        {result.personId && result.personName && (
          <span className="text-slate-500">
            for{' '}
            <Link href={`/people/${encodeURIComponent(result.personId)}`} className="text-brand-700 underline">
              {result.personName}
            </Link>
          </span>
        )}
        {result.input !== '<inline>' && nested && <span className="text-xs text-slate-500">{result.input}</span>}
        {result.recipientBinding === 'overridden' && <StatusBadge status="overridden" />}
      </div>
      <p className="mt-1 text-sm text-slate-700">{result.message}</p>
      {result.refusal === 'recipient' && result.overrideKey && onOverride && <OverrideForm overrideKey={result.overrideKey} input={result.input} onOverride={onOverride} />}
      {result.skills.length > 0 && (
        <div className="mt-2 text-sm">
          <span className="text-xs font-medium uppercase tracking-wide text-slate-500">Skills</span>
          <ul className="mt-1 flex flex-wrap gap-2" aria-label="Skills found">
            {result.skills.map((s) => (
              <li key={s.skillId} className="rounded-md bg-slate-100 px-2 py-0.5 text-slate-800" title={`${s.sourceFramework}: ${s.sourceLevel}`}>
                {s.skillName} · {s.level} {s.levelName}
              </li>
            ))}
          </ul>
        </div>
      )}
      {result.checks.length > 0 && (
        <details className="mt-2 text-sm" open={result.status !== 'verified'}>
          <summary className="cursor-pointer text-slate-700">Verification checks ({result.checks.length})</summary>
          <ul className="mt-1 space-y-1" aria-label="Verification checks">
            {result.checks.map((check, i) => (
              <li key={`${check.id}-${i}`} className="flex items-start gap-2">
                <StatusBadge status={check.result} className="shrink-0" />
                <span>
                  <span className="font-mono text-xs text-slate-500">{check.id}</span> {check.message}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {result.nested.map((n, i) => (
        <ResultReport key={i} result={n} nested />
      ))}
    </div>
  );
}

/** HR's per-item override: a reason is required (it is audited), the form is plain and keyboard-operable. */
function OverrideForm({ overrideKey, input, onOverride }: { overrideKey: string; input: string; onOverride: (overrideKey: string, reason: string) => void }) {
  const [reason, setReason] = useState('');
  const [sent, setSent] = useState(false);
  const id = `override-${overrideKey.slice(0, 12)}`;
  if (sent) return <p className="mt-2 text-sm text-slate-600">Sent again with your override; see the new report below.</p>;
  return (
    <form
      className="mt-2 rounded-md border border-amber-200 bg-amber-50 p-2 text-sm"
      aria-label={`Attach ${input} anyway`}
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim().length < 5) return;
        setSent(true);
        onOverride(overrideKey, reason.trim());
      }}
    >
      <HydratedFieldset>
      <label htmlFor={id} className="block font-medium text-amber-900">
        Attach anyway (HR override): why is this credential theirs?
      </label>
      <p className="text-xs text-amber-900">It will be shown on the profile as attached by override and never counts toward verified levels. Your reason is kept in the audit log.</p>
      <div className="mt-1 flex flex-wrap items-start gap-2">
        <input
          id={id}
          type="text"
          required
          minLength={5}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className="min-w-64 grow rounded-md border border-slate-300 px-2 py-1.5"
          placeholder="e.g. issued to her previous employer address; confirmed by phone"
        />
        <button type="submit" disabled={reason.trim().length < 5} className="rounded-md bg-amber-700 px-3 py-1.5 font-medium text-white hover:bg-amber-800 disabled:bg-slate-300">
          Attach with this reason
        </button>
      </div>
      </HydratedFieldset>
    </form>
  );
}
