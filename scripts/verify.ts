// `npm run verify -- [--now <ISO time>] [--resolver-map <map.json>] [--offline] <file|url>...`
// One JSON line per credential (a .zip or .csv gives one per entry):
//   {"input","format","status","checks":[{"id","result","message"}],"skills":[{"skill","level","source"}]}
// Skills are mapped against the shipped taxonomy (data/) when it is there; otherwise each alignment
// is listed as a custom skill. Exit code 0 only when every credential is verified; 2 on bad usage.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createCredentialLoader, defaultResolverMapFile } from '../lib/credentials/loader';
import { buildSkillIndex, mapCredentialSkills } from '../lib/credentials/map-skills';
import { loadShippedSkills } from '../lib/credentials/taxonomy';
import type { VerificationReport } from '../lib/credentials/types';
import { verifyCredentialFile, verifyCredentialUrl } from '../lib/credentials/verify';

const usage = 'usage: npm run verify -- [--now <ISO time>] [--resolver-map <map.json>] [--offline] <file|url>...\n  --offline  read only what the resolver map names; never the network';

const argsSchema = z.object({
  now: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)), '--now must be an ISO date-time, e.g. 2026-06-01T00:00:00Z')
    .optional(),
  'resolver-map': z.string().optional(),
  offline: z.boolean().optional(),
});

type Line = {
  input: string;
  format: string;
  status: string;
  checks: { id: string; result: string; message: string }[];
  skills: { skill: string; level: number; source: string }[];
  nested?: Line[];
};

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { now: { type: 'string' }, 'resolver-map': { type: 'string' }, offline: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const options = argsSchema.safeParse(parsed.values);
  if (!options.success) {
    console.error(`${options.error.issues.map((i) => i.message).join('; ')}\n${usage}`);
    return 2;
  }
  if (parsed.values.help || parsed.positionals.length === 0) {
    console.error(usage);
    return parsed.values.help ? 0 : 2;
  }
  const mapFile = options.data['resolver-map'] ?? defaultResolverMapFile();
  let loader;
  try {
    loader = createCredentialLoader({ resolverMapFile: mapFile, offline: options.data.offline ?? false });
  } catch (error) {
    console.error(`Could not read the resolver map ${mapFile}: ${(error as Error).message}`);
    return 2;
  }
  const now = options.data.now ? new Date(options.data.now) : new Date();
  const shipped = loadShippedSkills();
  const index = buildSkillIndex(shipped ?? []);

  const toLine = (report: VerificationReport): Line => {
    const mapped = report.credential ? mapCredentialSkills(report.credential, index).skills : [];
    return {
      input: report.input,
      format: report.format,
      status: report.status,
      checks: report.checks.map(({ id, result, message }) => ({ id, result, message })),
      skills: mapped.map((s) => ({ skill: s.skillId, level: s.level, source: `${s.sourceFramework}: ${s.sourceLevel}` })),
      ...(report.nested.length ? { nested: report.nested.map(toLine) } : {}),
    };
  };

  let allVerified = true;
  for (const input of parsed.positionals) {
    let reports: VerificationReport[];
    if (/^https?:\/\//i.test(input)) reports = [await verifyCredentialUrl(input, { now, loader })];
    else {
      const file = path.resolve(input);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) {
        reports = [{ input, format: 'unknown', status: 'invalid', checks: [{ id: 'parse', result: 'fail', message: `No such file: ${input}` }], nested: [], raw: '', contentHash: '' }];
      } else reports = await verifyCredentialFile({ name: input, bytes: new Uint8Array(await readFile(file)) }, { now, loader });
    }
    for (const report of reports) {
      if (report.status !== 'verified') allVerified = false;
      process.stdout.write(`${JSON.stringify(toLine(report))}\n`);
    }
  }
  return allVerified ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).stack ?? String(error));
    process.exit(2);
  },
);
