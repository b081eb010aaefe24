#!/usr/bin/env bash
# Checks that the shared library exports only sipsec's own symbols: no libsrtp-style names
# (srtp_*, v128_*, bitvector_*) that would clash with a libsrtp linked into the same process.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
library="$root/target/release/libsipsec.so"

symbols=$(nm -D --defined-only "$library" | awk '{print $3}')
clashing=$(grep -E '^(srtp_|v128_|bitvector_)' <<<"$symbols" || true)
if [ -n "$clashing" ]; then
  echo "exports check: libsipsec.so exports symbols that clash with libsrtp:" >&2
  echo "$clashing" >&2
  exit 1
fi
count=$(nm -D --defined-only "$library" | awk '$2 == "T" {print $3}' | grep -c '^sipsec_')
echo "exports check: $count sipsec_* functions, no srtp_/v128_/bitvector_ symbols"
