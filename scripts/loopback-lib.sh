#!/usr/bin/env bash
# Shared by the loopback test scripts: background processes stopped on exit, a free UDP
# port on 127.0.0.1, and the pass/fail tally with its closing "N passed, N failed" line.
# Source it after `set -euo pipefail`; it sets $work to a fresh temporary directory.

work=$(mktemp -d)
pids=()
passed=0
failed=0

loopback_cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap loopback_cleanup EXIT

free_port() {
  python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# pass NAME / fail NAME: count one result.
pass() {
  echo "ok: $1"
  passed=$((passed + 1))
}

fail() {
  echo "FAILED: $1"
  failed=$((failed + 1))
}

# check NAME CONDITION: evaluates the condition and counts the result.
check() {
  if eval "$2"; then pass "$1"; else fail "$1"; fi
}

# finish LABEL: prints the tally and fails when anything failed.
finish() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
