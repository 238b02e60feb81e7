#!/usr/bin/env bash
# Instructions per item of a bench's measured functions, from callgrind:
# the bench runs once at BENCH_SCALE 100 and once at 50 (twice the items),
# and each function's inclusive count is differenced, so setup cancels out.
#
#   benches/callgrind.sh sync 'dyn_|sum_'        # bench name, function regex
#
# Items per function at scale 100: ITEMS (default 100000, the "10M items"
# rows). A function a bench runs in two rows counts twice; "per call" rows
# (create + drain) run a tenth as many calls as items.
set -euo pipefail
bench=$1; pattern=$2; items=${ITEMS:-100000}
cd "$(dirname "${BASH_SOURCE[0]}")"
exe=$(cargo bench --no-run --bench "$bench" --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == sys.argv[1]:
        print(m["executable"])' "$bench")
out=$(mktemp -d)
for scale in 100 50; do
  BENCH_ROUNDS=1 BENCH_SCALE=$scale valgrind --tool=callgrind \
    --callgrind-out-file="$out/$scale.cg" "$exe" >/dev/null 2>&1
done
python3 - "$out" "$pattern" "$items" <<'PY'
import re, subprocess, sys
out, pattern, items = sys.argv[1], re.compile(sys.argv[2]), int(sys.argv[3])
def counts(scale):
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100",
                           f"{out}/{scale}.cg"], capture_output=True, text=True).stdout
    found = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+\S*?:(\S+)", line)
        if m and pattern.search(m.group(2)):
            found[m.group(2)] = int(m.group(1).replace(",", ""))
    return found
at100, at50 = counts(100), counts(50)
for name in sorted(at100):
    if name in at50:
        print(f"{name:60} {(at50[name] - at100[name]) / items:8.2f}")
PY
rm -r "$out"
