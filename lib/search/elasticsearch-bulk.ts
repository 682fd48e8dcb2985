// Bulk writes to Elasticsearch through the client's bulk helper: documents are pulled from an async
// stream, serialised into requests of about `flushBytes`, and up to `concurrency` requests are in
// flight at once (Elasticsearch indexes them in parallel while the next one is built and sent).
// The helper retries items refused with 429 (back-pressure) and reports every other refused item
// through onDrop; those are collected here and fail the whole write, never swallowed: the outbox
// retries the batch, a reindex is abandoned before its alias swap.
import type { Client, helpers } from '@elastic/elasticsearch';
import type { PersonDoc } from './engine';

/**
 * Bulk request size and parallelism. ~5 MB bodies (Elastic's sizing advice: 5-15 MB) of ~1-2 KB
 * documents, i.e. a few thousand documents per request; 4 in flight keeps a small cluster's write
 * threads busy without queueing so much that it answers 429 (which the helper retries anyway).
 */
export const BULK_FLUSH_BYTES = 5_000_000;
export const BULK_CONCURRENCY = 4;
/** Items refused with 429 are retried this many times, `BULK_RETRY_WAIT_MS` apart. */
const BULK_RETRIES = 3;
const BULK_RETRY_WAIT_MS = 2_000;
/** Refused items named in the error message (the count is always complete). */
const ERRORS_SHOWN = 3;

export type BulkRefusal = { id: string; status: number; type: string; reason: string };

export class BulkWriteError extends Error {
  constructor(
    readonly refused: BulkRefusal[],
    readonly total: number,
  ) {
    const shown = refused
      .slice(0, ERRORS_SHOWN)
      .map((r) => `${r.id}: ${r.status} ${r.type} ${r.reason}`.trim())
      .join('; ');
    super(`Elasticsearch refused ${refused.length} of ${total} writes${shown ? `: ${shown}` : ''}`);
    this.name = 'BulkWriteError';
  }
}

export type BulkWriteOptions = {
  index: string;
  /** 'wait_for' in tests (searches see the writes when the call returns); false otherwise. */
  refresh?: false | 'wait_for';
  flushBytes?: number;
  concurrency?: number;
};


/**
 * Index `docs` (an array or any async stream, e.g. batches straight from the database) as
 * `toSource(doc)` under `_id = personId`. Resolves with the number written; rejects with a
 * BulkWriteError listing every refused item once the stream is drained.
 */
export async function bulkIndex(
  client: Client,
  docs: Iterable<PersonDoc> | AsyncIterable<PersonDoc>,
  toSource: (doc: PersonDoc) => object,
  options: BulkWriteOptions,
): Promise<number> {
  return run(client, toDatasource(docs), (d) => [{ index: { _index: options.index, _id: d.personId } }, toSource(d)], options);
}

/** Delete these people's documents; a delete of a document already gone (404 without an error) is fine. */
export async function bulkDelete(client: Client, personIds: Iterable<string>, options: BulkWriteOptions): Promise<number> {
  return run(client, toDatasource(personIds), (id) => ({ delete: { _index: options.index, _id: id } }), options);
}

async function run<T>(client: Client, datasource: T[] | AsyncGenerator<T>, onDocument: helpers.BulkHelperOptions<T>['onDocument'], options: BulkWriteOptions): Promise<number> {
  const refused: BulkRefusal[] = [];
  const stats = await client.helpers.bulk<T>({
    datasource,
    onDocument,
    flushBytes: options.flushBytes ?? BULK_FLUSH_BYTES,
    concurrency: options.concurrency ?? BULK_CONCURRENCY,
    retries: BULK_RETRIES,
    wait: BULK_RETRY_WAIT_MS,
    // Without this the helper would send a half-full request only after 30 s of silence from a slow stream.
    flushInterval: 1_000,
    refresh: options.refresh ?? false,
    onDrop: (drop) => {
      const refusal = refusalOf(drop);
      if (refusal) refused.push(refusal);
    },
    // No onSuccess: the helper would deserialise every document again to pass it (its own advice).
  });
  if (refused.length > 0) throw new BulkWriteError(refused, stats.total);
  return stats.successful;
}

/**
 * A dropped item as a refusal, or null when it is no failure: deleting someone already absent (404
 * with no error) is the outcome wanted. Anything else, including an `index` answered 404
 * (index_not_found_exception), is a lost write.
 */
export function refusalOf(drop: helpers.OnDropDocument<unknown>): BulkRefusal | null {
  const op = Object.keys(drop.operation)[0];
  const meta = Object.values(drop.operation)[0] as { _id?: string } | undefined;
  if (op === 'delete' && drop.status === 404 && !drop.error) return null;
  return { id: meta?._id ?? '?', status: drop.status, type: drop.error?.type ?? '', reason: drop.error?.reason ?? (drop.status === 429 ? 'still rejected after retries' : '') };
}

/** What the helper accepts: an array as is, any other stream as an async generator (it checks for one). */
function toDatasource<T>(source: Iterable<T> | AsyncIterable<T>): T[] | AsyncGenerator<T> {
  if (Array.isArray(source)) return source as T[];
  return (async function* () {
    yield* source;
  })();
}
/**
 * The push-to-pull seam: the reindex loader pushes batches of finished documents (`onBatch`), the
 * bulk helper pulls single documents. At most `highWaterMark` batches wait between them, so a fast
 * database never runs ahead of a slow cluster by more than that (bounded memory), and when the
 * consumer fails the loader's next `onBatch` rejects, which stops the load.
 */
export function streamFromLoader<T>(
  load: (onBatch: (batch: T[]) => Promise<void>) => Promise<number>,
  highWaterMark = 2,
): { items: AsyncIterable<T>; loaded: Promise<number>; stop: (reason: unknown) => void } {
  const queue: T[][] = [];
  let finished = false;
  let failure: { reason: unknown } | null = null;
  let stopped: { reason: unknown } | null = null;
  let wakeConsumer: (() => void) | null = null;
  let wakeProducer: (() => void) | null = null;
  const wake = (which: 'consumer' | 'producer') => {
    const fn = which === 'consumer' ? wakeConsumer : wakeProducer;
    if (which === 'consumer') wakeConsumer = null;
    else wakeProducer = null;
    fn?.();
  };

  // A function, not the variable: TypeScript would keep `stopped` narrowed to null across the awaits.
  const stopReason = () => stopped;
  const loaded = load(async (batch) => {
    while (queue.length >= highWaterMark && !stopReason()) await new Promise<void>((r) => (wakeProducer = r));
    const stop = stopReason();
    if (stop) throw stop.reason;
    queue.push(batch);
    wake('consumer');
  }).then(
    (n) => {
      finished = true;
      wake('consumer');
      return n;
    },
    (err: unknown) => {
      failure = { reason: err };
      finished = true;
      wake('consumer');
      throw err;
    },
  );
  // The caller awaits `loaded` after the consumer is done; until then a failure is surfaced through the stream.
  loaded.catch(() => undefined);

  async function* items(): AsyncGenerator<T> {
    for (;;) {
      const batch = queue.shift();
      if (batch) {
        wake('producer');
        yield* batch;
        continue;
      }
      if (failure) throw (failure as { reason: unknown }).reason;
      if (finished) return;
      await new Promise<void>((r) => (wakeConsumer = r));
    }
  }
  return {
    items: items(),
    loaded,
    stop: (reason) => {
      stopped = { reason };
      wake('producer');
    },
  };
}
