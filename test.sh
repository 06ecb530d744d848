#!/usr/bin/env bash
# Builds the solution in Release, runs every test project and ends with one line:
#   Tests: N passed, N failed[, N skipped]
# summed over all test projects. Exits non-zero if anything failed or did not run.
set -euo pipefail
cd "$(dirname "$0")"

# What a fresh Debian machine may lack, installed only when missing.
ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "test.sh: the .NET 10 SDK is not on PATH; install it (https://dot.net) and run again." >&2
    exit 2
  fi
}

# The Redis sink tests start their own redis-server on a free loopback port.
ensure_redis_server() {
  if command -v redis-server >/dev/null 2>&1; then
    return
  fi
  echo "test.sh: installing redis-server (Debian package)"
  local sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
}

# The dashboard's browser test drives Debian's headless Chromium.
ensure_chromium() {
  if command -v chromium >/dev/null 2>&1 || [[ -n "${CHROMIUM_PATH:-}" ]]; then
    return
  fi
  echo "test.sh: installing chromium (Debian package)"
  local sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

ensure_dotnet
ensure_redis_server
ensure_chromium

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

dotnet build Instrumentation.sln -c Release -warnaserror --nologo -v quiet

status=0
projects=(tests/*.Tests/*.Tests.csproj)
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  echo "== $name"
  # A test that hangs is stopped after 10 minutes and counted as failed (with a dump), instead of hanging the run.
  dotnet test "$project" -c Release --no-build --nologo --blame-hang-timeout 10m \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=1
done

# The README's Quick start, built as written against the packed packages (counted as one test).
echo "== README quick start"
readme_passed=0 readme_failed=0
if tests/readme/check-quick-start.sh; then readme_passed=1; else readme_failed=1; status=1; fi

passed=$readme_passed failed=$readme_failed skipped=0
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  trx="$results/$name.trx"
  if [[ ! -f "$trx" ]]; then
    echo "test.sh: $name produced no results; counting it as one failure." >&2
    failed=$((failed + 1))
    status=1
    continue
  fi
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  skipped=$((skipped + $(count notExecuted)))
done

if ((failed > 0)); then status=1; fi
if ((skipped > 0)); then
  echo "Tests: $passed passed, $failed failed, $skipped skipped"
else
  echo "Tests: $passed passed, $failed failed"
fi
exit "$status"
