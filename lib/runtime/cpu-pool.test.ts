import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { threadId } from 'node:worker_threads';
import { beforeAll, describe, expect, test } from 'vitest';
import { deriveIssuerKey, signDataIntegrity, type IssuerKey } from '../credentials/issue';
import { createCredentialLoader } from '../credentials/loader';
import { verifyCredentialFile } from '../credentials/verify';
import { verifyInPool, warmCpuPool } from './cpu-pool';

const NOW = new Date('2026-06-01T00:00:00Z');
let key: IssuerKey;
let big: Uint8Array;

/** A signed OB 3.0 credential whose achievement carries many alignments: a big RDF canonicalisation. */
async function bigCredential(alignments: number): Promise<Uint8Array> {
  const signed = await signDataIntegrity(
    {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: `urn:uuid:${crypto.randomUUID()}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: key.did, type: ['Profile'], name: 'Pool Test Academy' },
      validFrom: '2025-01-01T00:00:00Z',
      name: 'Many skills',
      credentialSubject: {
        id: 'mailto:ada@example.com',
        type: ['AchievementSubject'],
        achievement: {
          id: 'https://academy.example/achievements/many',
          type: ['Achievement'],
          name: 'Many skills',
          description: 'Aligned to a great many framework items.',
          criteria: { narrative: 'Review.' },
          alignment: Array.from({ length: alignments }, (_, i) => ({
            type: ['Alignment'],
            targetName: `Skill ${i}`,
            targetUrl: `https://framework.example/skills/${i}`,
            targetDescription: `Framework item number ${i}, described at some length so each node carries text.`,
            targetType: 'CFItem',
          })),
        },
      },
    },
    key,
  );
  return new TextEncoder().encode(JSON.stringify(signed));
}

/** Event-loop delay (ms), utilisation and busy time (ms) of this thread while `work` runs. */
async function loopWhile<T>(work: () => Promise<T>): Promise<{ result: T; maxDelayMs: number; p99DelayMs: number; utilization: number; busyMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const before = performance.eventLoopUtilization();
  const result = await work();
  const used = performance.eventLoopUtilization(before);
  histogram.disable();
  return { result, maxDelayMs: histogram.max / 1e6, p99DelayMs: histogram.percentile(99) / 1e6, utilization: used.utilization, busyMs: used.active };
}

beforeAll(async () => {
  key = await deriveIssuerKey('cpu-pool-test-issuer');
  big = await bigCredential(400);
  // Loading the verifier into the worker takes seconds the first time; not part of what is measured.
  await warmCpuPool();
}, 120_000);

describe('credential verification runs in the CPU worker pool, off the calling thread', () => {
  test('the pool verifies like the verifier does, on another thread', async () => {
    const task = { kind: 'file' as const, name: 'big.json', bytes: big, options: { now: NOW } };
    const { reports, threadId: workerThread } = await verifyInPool(task);
    const [inThread] = await verifyCredentialFile({ name: 'big.json', bytes: big }, { now: NOW, loader: createCredentialLoader({ offline: true }) });
    expect(workerThread).not.toBe(threadId);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.status).toBe('verified');
    expect(reports[0]!.checks.map((c) => [c.id, c.result])).toEqual(inThread!.checks.map((c) => [c.id, c.result]));
  }, 60_000);

  test('the event loop stays responsive while big canonicalisations run (delay histogram, not wall time)', async () => {
    const copies = 4;
    // Measured the same way on this thread first: the delay a request would see if the work ran here.
    const here = await loopWhile(() => Promise.all(Array.from({ length: copies }, () => verifyCredentialFile({ name: 'big.json', bytes: big }, { now: NOW, loader: createCredentialLoader({ offline: true }) }))));
    const pooled = await loopWhile(() => Promise.all(Array.from({ length: copies }, () => verifyInPool({ kind: 'file', name: 'big.json', bytes: big, options: { now: NOW } }))));
    expect(pooled.result.every((r) => r.reports[0]!.status === 'verified')).toBe(true);
    // On this thread the verifications keep the loop busy the whole time (rdf-canonize yields between
    // steps, so timers still fire, but every other request shares the thread with them); with the
    // pool this thread only posts the tasks and reads the answers.
    expect(here.utilization).toBeGreaterThan(0.8);
    expect(pooled.utilization).toBeLessThan(0.3);
    expect(pooled.busyMs).toBeLessThan(here.busyMs / 4);
    // A timer due meanwhile is late by at most a scheduling hiccup (generous for a loaded machine).
    expect(pooled.p99DelayMs).toBeLessThan(100);
  }, 120_000);
});
