#!/usr/bin/env bash
# Runs every benchmark: the Rust ones (examples/bench_*.rs) and the C ones that time sipsec
# beside its peers in one process (c-tests/bench_*.c). Prints figures; asserts nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

for example in examples/bench_*.rs; do
  [ -e "$example" ] || continue
  name=$(basename "$example" .rs)
  echo "== $name"
  cargo run -q --release --example "$name"
done

make -s -C c-tests benches
for bench in target/c/bench_*; do
  [ -x "$bench" ] || continue
  echo "== $(basename "$bench")"
  "$bench"
done
