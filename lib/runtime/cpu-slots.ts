// A small bound on CPU-heavy work that runs on the web server's event loop (credential verification:
// JSON-LD canonicalisation and signature checks). Fifty uploads verifying at once interleave their
// promise chains, which never yield to I/O, so a health check or a search waits behind all of them
// (13.7 s measured). Taking a slot first, and yielding to pending I/O before each piece of work,
// lets other requests in between verifications; imports queue behind each other instead.
export type CpuSlots = { run: <T>(work: () => Promise<T>) => Promise<T>; readonly waiting: number; readonly running: number };

export function createCpuSlots(limit: number): CpuSlots {
  let running = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    running--;
    const next = queue.shift();
    if (next) {
      running++;
      next();
    }
  };
  return {
    async run(work) {
      if (running < limit) running++;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        // Let I/O callbacks that arrived meanwhile (other requests) run before this work starts.
        await new Promise((resolve) => setImmediate(resolve));
        return await work();
      } finally {
        release();
      }
    },
    get waiting() {
      return queue.length;
    },
    get running() {
      return running;
    },
  };
}

const globalForSlots = globalThis as unknown as { skillproofVerificationSlots?: CpuSlots };

/** Credential verifications in this process: two at a time (one may be waiting on the network). */
export function verificationSlots(): CpuSlots {
  return (globalForSlots.skillproofVerificationSlots ??= createCpuSlots(2));
}
