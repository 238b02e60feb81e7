#!/usr/bin/env bash
# Instructions per item (callgrind) of the compiler's own coroutines and gen
# blocks, for the shapes coyield's benches measure. Deterministic, unlike
# timings on a shared machine. Needs a nightly toolchain and valgrind.
#   ./run.sh                 # every case
#   ./run.sh dyn_gen hand    # some cases
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HERE/target}"
( cd "$HERE" && cargo +nightly build --release --quiet ) || exit 1
BIN="$CARGO_TARGET_DIR/release/nightly-coroutines"
ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" "$1" "$2" 2>&1 | awk '/refs:/ {gsub(",","",$4); print $4}'; }
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(hand gen gen_deleg co_stack co_stack_deleg co_ret co_ret_deleg co_ret_deleg_boxed co_boxed co_boxed_deleg dyn_hand dyn_gen dyn_gen_deleg dyn_co_boxed dyn_co_boxed_deleg)
for c in "${cases[@]}"; do
  a=$(ir "$c" 100000); b=$(ir "$c" 300000)
  printf '%-20s %6s instructions/item\n' "$c" "$(python3 -c "print(round(($b-$a)/200000, 1))")"
done
