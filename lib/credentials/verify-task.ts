// One verification as a message a worker thread can run (lib/runtime/cpu-pool.ts): the upload or URL
// and the options as plain, structured-cloneable data in; the reports and what is left of the
// request's network budget out. Issue 12 (3e): JSON-LD canonicalisation and signature checks of an
// import ran on the web server's thread and stalled searches and health checks while they ran.
// The worker keeps its own guarded loader (the same SSRF policy from the environment, its own
// bounded caches), so every network read a verification makes still goes through that one policy.
import { threadId } from 'node:worker_threads';
import type { IssuerTrust } from './checks';
import { createFetchBudget, getDefaultCredentialLoader } from './loader';
import type { VerificationReport } from './types';
import { verifyCredentialFile, verifyCredentialUrl, type VerifyOptions } from './verify';

export type IssuerTrustLevel = ReturnType<IssuerTrust>;

export type VerifyTaskOptions = {
  now?: Date;
  /** issuers.trust by issuer id (a function cannot cross threads); an issuer not in it is 'unknown'. */
  issuerTrust?: Map<string, IssuerTrustLevel>;
  recipientIdentities?: string[];
  /** What is left of the request's network budget; the worker charges its reads to a copy and returns it. */
  fetchBudget?: { fetchesLeft: number; bytesLeft: number; maxFetches: number; maxBytes: number };
  /** Drop this thread's cached documents first (re-verify wants today's status lists, not cached ones). */
  freshDocuments?: boolean;
};

export type VerifyTask = ({ kind: 'file'; name: string; bytes: Uint8Array } | { kind: 'url'; url: string }) & { options: VerifyTaskOptions };

export type VerifyTaskResult = {
  reports: VerificationReport[];
  fetchBudget: { fetchesLeft: number; bytesLeft: number } | null;
  /** The thread that did the work (0 is a process's main thread): tests check it is not the caller's. */
  threadId: number;
};

export async function runVerifyTask(task: VerifyTask): Promise<VerifyTaskResult> {
  const { now, issuerTrust, recipientIdentities, fetchBudget, freshDocuments } = task.options;
  if (freshDocuments) getDefaultCredentialLoader().clearCache();
  const budget = fetchBudget ? Object.assign(createFetchBudget({ maxFetches: fetchBudget.maxFetches, maxBytes: fetchBudget.maxBytes }), { fetchesLeft: fetchBudget.fetchesLeft, bytesLeft: fetchBudget.bytesLeft }) : undefined;
  const options: VerifyOptions = {
    ...(now ? { now } : {}),
    ...(issuerTrust ? { issuerTrust: (id: string) => issuerTrust.get(id) ?? 'unknown' } : {}),
    ...(recipientIdentities ? { recipientIdentities } : {}),
    ...(budget ? { fetchBudget: budget } : {}),
  };
  const reports = task.kind === 'file' ? await verifyCredentialFile({ name: task.name, bytes: task.bytes }, options) : [await verifyCredentialUrl(task.url, options)];
  return { reports, fetchBudget: budget ? { fetchesLeft: budget.fetchesLeft, bytesLeft: budget.bytesLeft } : null, threadId };
}
