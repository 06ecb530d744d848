#!/usr/bin/env bash
# What the Instrumentation package adds to a user's build. Generates one project with METHODS tracked
# methods (endpoints, events, cache lookups, tasks; one call each, spread over FILES files) twice: with
# the package (runtime + generator + its props) and without it (the same source against attribute stubs).
# Then builds each ROUNDS times, interleaved, with --no-incremental, and prints the median wall time and
# the median time of the compiler task (Csc, which includes the generator), and their ratios.
#   tests/Instrumentation.Benchmarks/BuildCost/build-cost.sh [METHODS=1000] [FILES=20] [ROUNDS=5]
set -euo pipefail
methods="${1:-1000}"; files="${2:-20}"; rounds="${3:-5}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$root/src/Instrumentation/Instrumentation.csproj" -c Release --nologo -v quiet >/dev/null
runtime="$root/src/Instrumentation/bin/Release/net10.0/Instrumentation.dll"
generator="$root/generators/Instrumentation.Generators/bin/Release/netstandard2.0/Instrumentation.Generators.dll"

python3 "$(dirname "$0")/generate.py" "$work" "$methods" "$files" "$runtime" "$generator" "$root/src/Instrumentation/build/Instrumentation.props"
for variant in with without; do
  dotnet build "$work/$variant" -c Release --nologo -v quiet -p:TreatWarningsAsErrors=true >/dev/null
done

measure() { # variant -> "wall_seconds csc_seconds"
  local log start end
  log="$work/$1.log"
  start=$(date +%s.%N)
  dotnet build "$work/$1" -c Release --no-restore --no-incremental --nologo -v quiet -clp:PerformanceSummary >"$log"
  end=$(date +%s.%N)
  local csc
  csc=$(grep -E '^\s+[0-9]+ ms\s+Csc\s' "$log" | awk '{print $1/1000}' | head -1)
  echo "$(echo "$end - $start" | bc) ${csc:-0}"
}

: >"$work/times"
for ((i = 1; i <= rounds; i++)); do
  for variant in with without; do
    echo "$variant $(measure $variant)" >>"$work/times"
  done
done

python3 - "$work/times" "$work/with/obj/generated" "$methods" <<'PY'
import sys, statistics, pathlib
rows = [line.split() for line in open(sys.argv[1])]
def median(variant, column): return statistics.median(float(r[column]) for r in rows if r[0] == variant)
wall_with, wall_without = median("with", 1), median("without", 1)
csc_with, csc_without = median("with", 2), median("without", 2)
generated = sum(p.stat().st_size for p in pathlib.Path(sys.argv[2]).rglob("*.cs"))
methods = int(sys.argv[3])
print(f"{methods} tracked methods, {len(rows)//2} rounds (median):")
print(f"  dotnet build wall time  with {wall_with:6.2f} s   without {wall_without:6.2f} s   ratio {wall_with/wall_without:4.2f}x")
print(f"  Csc task (incl. gen.)   with {csc_with:6.2f} s   without {csc_without:6.2f} s   ratio {csc_with/csc_without:4.2f}x")
print(f"  generated source        {generated/1024:.0f} KB, {generated/methods:.0f} bytes per tracked method")
PY
