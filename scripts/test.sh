#!/usr/bin/env bash
# `npm test`: typecheck, lint, unit tests, integration tests (embedded PGlite, plus PostgreSQL
# when TEST_DATABASE_URL is set), production build, then e2e tests in real Chromium.
# Runs every step even after a failure, prints "N passed, N failed" (vitest tests) last, and
# exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

export NEXT_TELEMETRY_DISABLED=1
reports="$(mktemp -d "${TMPDIR:-/tmp}/advisor-test-XXXXXX")"
trap 'rm -rf "$reports"' EXIT
failed_steps=()
started=$SECONDS

step() {
  local name=$1
  shift
  printf '\n=== %s\n' "$name"
  local t0=$SECONDS
  if "$@"; then
    printf '=== %s: ok (%ss)\n' "$name" $((SECONDS - t0))
  else
    printf '=== %s: FAILED (%ss)\n' "$name" $((SECONDS - t0))
    failed_steps+=("$name")
  fi
}

vitest_project() {
  npx vitest run --project "$1" --reporter=default --reporter=json --outputFile="$reports/$1.json"
}

# The e2e tests drive Debian's Chromium; install it when missing and we can (root with apt-get).
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    step "install chromium" bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null'
  else
    echo "note: no Chromium at $chromium and no root apt-get to install it; the e2e tests will fail (set CHROMIUM_PATH)"
  fi
fi

if [[ ! -f generated/prisma/client.ts ]]; then
  step "prisma generate" npx tsx scripts/prisma-generate.ts
fi

step typecheck npx tsc --noEmit
step lint npx eslint .
step "unit tests" vitest_project unit
if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
  echo "integration tests run on PGlite and on PostgreSQL (TEST_DATABASE_URL)"
else
  echo "integration tests run on PGlite only (set TEST_DATABASE_URL=postgres://… to add PostgreSQL)"
fi
step "integration tests" vitest_project integration
step build npm run -s build
if [[ " ${failed_steps[*]} " == *" build "* ]]; then
  echo "e2e tests skipped: the build failed"
else
  step "e2e tests" vitest_project e2e
fi

summary="$(node -e '
const fs = require("fs");
let passed = 0, failed = 0;
for (const file of fs.readdirSync(process.argv[1])) {
  const report = JSON.parse(fs.readFileSync(`${process.argv[1]}/${file}`, "utf8"));
  passed += report.numPassedTests;
  // A file that fails to load counts no tests; count it as a failure.
  failed += report.numFailedTests + report.testResults.filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
}
console.log(`${passed} passed, ${failed} failed`);
' "$reports")"

printf '\n'
if ((${#failed_steps[@]} > 0)); then
  echo "failed steps: $(IFS=,; echo "${failed_steps[*]}" | sed 's/,/, /g')"
fi
echo "total time: $((SECONDS - started))s"
echo "$summary"
((${#failed_steps[@]} == 0))
