#!/usr/bin/env bash
# Runs every cargo-fuzz target, seeded from fuzz/seeds/<target>/.
#   scripts/fuzz.sh smoke   a short run per target (part of the test command)
#   scripts/fuzz.sh long    FUZZ_SECONDS per target (default 600)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-smoke}
case "$mode" in
  smoke) seconds=${FUZZ_SECONDS:-15} ;;
  long) seconds=${FUZZ_SECONDS:-600} ;;
  *) echo "usage: $0 smoke|long" >&2; exit 2 ;;
esac

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  echo "fuzz: no nightly toolchain; cargo-fuzz cannot run here" >&2
  exit 1
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install --locked cargo-fuzz
fi

cd "$root"
targets=$(cargo +nightly fuzz list)
[ -n "$targets" ] || { echo "fuzz: no targets" >&2; exit 1; }
cargo +nightly fuzz build -O $targets >/dev/null 2>&1 || cargo +nightly fuzz build -O
for target in $targets; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  if [ -d "fuzz/seeds/$target" ]; then
    cp -n fuzz/seeds/"$target"/* "$corpus"/ 2>/dev/null || true
  fi
  echo "== fuzz $target for ${seconds}s"
  cargo +nightly fuzz run -O "$target" "$corpus" -- \
    -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 2>&1 \
    | grep -E 'stat::number_of_executed_units|Done|ERROR|crash|timeout' || true
  if [ -n "$(ls -A "fuzz/artifacts/$target" 2>/dev/null)" ]; then
    echo "fuzz: $target left artifacts in fuzz/artifacts/$target" >&2
    exit 1
  fi
done
echo "fuzz: every target ran ${seconds}s without a crash or hang"
