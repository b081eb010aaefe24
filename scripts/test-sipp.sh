#!/usr/bin/env bash
# Registers sipp (a real SIP client) to the demo registrar on 127.0.0.1 with digest
# authentication: success with the right password (qop=auth and qop=auth-int), refusal with
# a wrong one, and refusal of a byte-for-byte replay of sipp's own authorized REGISTER.
# Every server runs on loopback with a run-time limit and is stopped here.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
registrar="$root/target/c/registrar"
scenarios="$root/c-tests/sipp"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
pass() { echo "ok: $1"; passed=$((passed + 1)); }
fail() { echo "FAILED: $1"; failed=$((failed + 1)); }

free_port() {
  python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

printf 'password alice secret-alice\n' > "$work/users"

# start_registrar NAME ARGS...: starts it in the background, logging to $work/NAME.log.
start_registrar() {
  local name=$1
  shift
  local port
  port=$(free_port)
  "$registrar" -a 127.0.0.1 -p "$port" -u "$work/users" -d 60 "$@" > "$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do
    grep -q listening "$work/$name.log" 2>/dev/null && break
    sleep 0.1
  done
  echo "$port"
}

# run_sipp SCENARIO PORT PASSWORD TRACE: one call, bounded by sipp's own timeout.
run_sipp() {
  local scenario=$1 port=$2 password=$3 trace=$4
  timeout 30 sipp -sf "$scenarios/$scenario" -m 1 -i 127.0.0.1 -p "$(free_port)" \
    -s alice -au alice -ap "$password" -timeout 10s -timeout_error -nostdin \
    -trace_msg -message_file "$trace" 127.0.0.1:"$port" > "$trace.out" 2>&1
}

# sipp 3.6 answers only the first challenge and only MD5, so MD5 is offered first here.
port=$(start_registrar auth -A MD5,SHA-256 -q auth)
if run_sipp register.xml "$port" secret-alice "$work/ok.trace"; then
  pass "sipp registers with MD5 qop=auth"
else
  fail "sipp registers with MD5 qop=auth"; cat "$work/ok.trace.out" "$work/auth.log"
fi
grep -q 'decision=200' "$work/auth.log" && pass "registrar logged the 200" \
  || fail "registrar logged the 200"

if run_sipp register_refused.xml "$port" wrong-password "$work/bad.trace"; then
  pass "wrong password is refused with a fresh challenge"
else
  fail "wrong password is refused with a fresh challenge"; cat "$work/bad.trace.out"
fi
grep -q 'reason=bad_response' "$work/auth.log" && pass "registrar logged bad_response" \
  || fail "registrar logged bad_response"

# Replay sipp's own authorized REGISTER, byte for byte, from another socket.
if python3 "$root/scripts/sip_replay.py" "$work/ok.trace" 127.0.0.1 "$port" > "$work/replay.out"; then
  pass "replayed REGISTER is refused: $(head -n1 "$work/replay.out")"
else
  fail "replayed REGISTER is refused"; cat "$work/replay.out"
fi
grep -q 'reason=replay' "$work/auth.log" && pass "registrar logged replay" \
  || fail "registrar logged replay"

# sipp picks auth-int whenever it is offered; the body hash of an empty body must match.
port=$(start_registrar authint -A MD5 -q auth-int,auth)
if run_sipp register.xml "$port" secret-alice "$work/int.trace"; then
  pass "sipp registers with MD5 qop=auth-int"
else
  fail "sipp registers with MD5 qop=auth-int"; cat "$work/int.trace.out" "$work/authint.log"
fi
grep -q 'qop=auth-int' "$work/int.trace" && pass "sipp answered with auth-int" \
  || fail "sipp answered with auth-int"

if grep -iE 'secret-alice|wrong-password' "$work"/*.log; then
  fail "a password appeared in the registrar log"
else
  pass "no password in the registrar logs"
fi

echo "sipp: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
