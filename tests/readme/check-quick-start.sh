#!/usr/bin/env bash
# Follows the README's Quick start literally, so the README cannot drift from the code: packs the packages
# (from the Release build test.sh just made), makes a `dotnet new web` project, adds Instrumentation.AspNetCore
# from those packages, replaces Program.cs with the Quick start's code block, and builds it with warnings as
# errors. Then runs it (Development, on a free loopback port), places an order and reads the snapshot until the
# order's probes show in it. The packages get a version of their own for this run, so no earlier run's package in the NuGet cache
# can stand in for them; the run's packages are removed from the cache afterwards.
# Prints one line, "README quick start: passed" or "README quick start: failed", and exits 0 or 1.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
version="0.0.0-readme$(date +%s)p$$"
cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
cleanup() {
  rm -rf "$work"
  for package in "$cache"/instrumentation*; do rm -rf "$package/$version"; done
}
trap cleanup EXIT

fail() {
  echo "$1" >&2
  echo "README quick start: failed"
  exit 1
}

dotnet pack "$root/Instrumentation.sln" -c Release --no-build --nologo -v quiet -o "$work/feed" "-p:PackageVersion=$version" >"$work/pack.log" 2>&1 \
  || { cat "$work/pack.log" >&2; fail "Packing the solution failed."; }

# The Quick start's first csharp block, as a reader would copy it.
python3 - "$root/README.md" "$work/Program.cs" <<'PY' || fail "The README has no csharp block under '## Quick start'."
import re, sys
readme = open(sys.argv[1], encoding="utf-8").read()
section = readme.split("\n## Quick start", 1)[1].split("\n## ", 1)[0]
block = re.search(r"```csharp\n(.*?)```", section, re.S)
if not block:
    sys.exit(1)
open(sys.argv[2], "w", encoding="utf-8").write(block.group(1))
PY

cd "$work"
dotnet new web --name QuickStart --output app --no-restore >"$work/new.log" 2>&1 || { cat "$work/new.log" >&2; fail "dotnet new web failed."; }
cat >app/nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="instrumentation-packed" value="$work/feed" />
  </packageSources>
</configuration>
XML
dotnet add app package Instrumentation.AspNetCore --version "$version" >"$work/add.log" 2>&1 || { cat "$work/add.log" >&2; fail "dotnet add package Instrumentation.AspNetCore failed."; }
cp "$work/Program.cs" app/Program.cs
dotnet build app -warnaserror --nologo -v quiet >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "The Quick start does not build as written (above)."; }
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet app/bin/Debug/net10.0/QuickStart.dll >"$work/run.log" 2>&1 &
app=$!
stop_app() { kill "$app" 2>/dev/null; wait "$app" 2>/dev/null; }
for _ in $(seq 1 300); do
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/orders/card" && break
  sleep 0.1
done
seen=""
for _ in $(seq 1 300); do
  snapshot="$(curl -sf "http://127.0.0.1:$port/instrumentation/snapshot" || true)"
  if grep -q '"checkout.pay"' <<<"$snapshot" && grep -q '"orders.packed"' <<<"$snapshot" && grep -q '"orders.place"' <<<"$snapshot"; then
    seen=yes
    break
  fi
  sleep 0.1
done
stop_app
[[ -n "$seen" ]] || { cat "$work/run.log" >&2; echo "last snapshot: ${snapshot:-none}" >&2; fail "The Quick start app ran, but its snapshot never showed the order's probes within 30 s."; }
echo "README quick start: passed"
