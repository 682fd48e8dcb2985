#!/usr/bin/env bash
# `npm test`: every suite — unit and database tests (vitest), then the Playwright journeys in a real
# Chromium against the real app. Prints "N passed, N failed" summed over the suites as its last line.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-reports
rm -f test-reports/unit-results.json test-reports/e2e-results.json

# A browser for the journeys: Playwright's own if installed, else Debian's chromium (installed here when we are root).
if [ ! -x /usr/bin/chromium ] && ! ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "[test] installing Debian's chromium for the e2e journeys"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 || echo "[test] could not install chromium"
  fi
fi

unit_status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-reports/unit-results.json || unit_status=$?

e2e_status=0
if [ "${SKIP_E2E:-}" = "1" ]; then
  echo "[test] SKIP_E2E=1: Playwright journeys skipped"
else
  npx playwright test || e2e_status=$?
fi

node scripts/summarize-tests.mjs test-reports/unit-results.json test-reports/e2e-results.json
summary_status=$?
if [ $unit_status -ne 0 ] || [ $e2e_status -ne 0 ] || [ $summary_status -ne 0 ]; then exit 1; fi
