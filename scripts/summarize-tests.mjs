// Sums vitest's and Playwright's JSON reports into the one closing line CI reads: "N passed, N failed".
// A suite whose report is missing counts as one failure, so a crashed runner cannot look green.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const [unitFile, e2eFile] = process.argv.slice(2);

if (unitFile && existsSync(unitFile)) {
  const r = JSON.parse(readFileSync(unitFile, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A test file that failed to load has no tests but fails the run.
  for (const file of r.testResults ?? []) if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1;
} else if (unitFile) {
  console.error(`[test] no unit report at ${unitFile}`);
  failed += 1;
}

function walkSuites(suites) {
  for (const suite of suites ?? []) {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const s = t.status; // expected | unexpected | flaky | skipped
        if (s === 'expected' || s === 'flaky') passed += 1;
        else if (s === 'skipped') skipped += 1;
        else failed += 1;
      }
    }
    walkSuites(suite.suites);
  }
}
if (e2eFile && existsSync(e2eFile)) {
  const r = JSON.parse(readFileSync(e2eFile, 'utf8'));
  walkSuites(r.suites);
  if ((r.errors ?? []).length > 0) failed += r.errors.length;
} else if (e2eFile && process.env.SKIP_E2E !== '1') {
  console.error(`[test] no e2e report at ${e2eFile}`);
  failed += 1;
}

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
