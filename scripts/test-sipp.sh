#!/usr/bin/env bash
# Registers sipp (a real SIP client) to the demo registrar on 127.0.0.1 with digest
# authentication: success with the right password (qop=auth and qop=auth-int), refusal with
# a wrong one, refusal of a byte-for-byte replay of sipp's own authorized REGISTER, and a
# 400 with the reason for the invalid RFC 4475 torture messages.
# Every server runs on loopback with a run-time limit and is stopped here.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
registrar="$root/target/c/registrar"
scenarios="$root/c-tests/sipp"
source "$root/scripts/loopback-lib.sh"

printf 'password alice secret-alice\n' > "$work/users"

# start_registrar NAME ARGS...: starts it in the background, logging to $work/NAME.log,
# and sets $port. It must run in this shell, not in $(...): a subshell's pids+=() would be
# lost and the registrars left running after the script until their -d limit.
start_registrar() {
  local name=$1
  shift
  port=$(free_port)
  "$registrar" -a 127.0.0.1 -p "$port" -u "$work/users" -d 60 "$@" > "$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do
    grep -q listening "$work/$name.log" 2>/dev/null && break
    sleep 0.1
  done
}

# run_sipp SCENARIO PORT PASSWORD TRACE: one call, bounded by sipp's own timeout.
run_sipp() {
  local scenario=$1 port=$2 password=$3 trace=$4
  timeout 30 sipp -sf "$scenarios/$scenario" -m 1 -i 127.0.0.1 -p "$(free_port)" \
    -s alice -au alice -ap "$password" -timeout 10s -timeout_error -nostdin \
    -trace_msg -message_file "$trace" 127.0.0.1:"$port" > "$trace.out" 2>&1
}

# sipp 3.6 answers only the first challenge and only MD5, so MD5 is offered first here.
start_registrar auth -A MD5,SHA-256 -q auth
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
start_registrar authint -A MD5 -q auth-int,auth
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

# The RFC 4475 torture messages: every invalid one that a registrar can answer gets a 400
# naming the problem; the valid ones reach the ordinary handling (401 or 405).
start_registrar limits -A MD5 -q auth
contacts=$(for i in $(seq 17); do printf '<sip:c%d@192.0.2.1>,' "$i"; done)
answer=$(python3 "$root/scripts/sip_register.py" "$port" alice secret-alice sipsec.test \
  "Contact: ${contacts%,}")
case "$answer" in
  "SIP/2.0 400"*) pass "17 Contacts in one REGISTER are refused, not cut to 16" ;;
  *) fail "17 Contacts in one REGISTER got: ${answer:0:200}" ;;
esac
answer=$(python3 "$root/scripts/sip_register.py" "$port" alice secret-alice sipsec.test \
  "Contact: <sip:c1@192.0.2.1>")
[ "$(printf '%s\n' "$answer" | grep -c '^Contact:')" = 1 ] \
  && pass "the refused REGISTER left no binding behind" \
  || fail "bindings after the refused REGISTER: $answer"
# With the one binding above, 16 + 15 more fill the 32 an address-of-record may hold.
for batch in 1 2; do
  contacts=$(for i in $(seq $((17 - batch))); do
    printf '<sip:b%d-%d@192.0.2.2>,' "$batch" "$i"
  done)
  python3 "$root/scripts/sip_register.py" "$port" alice secret-alice sipsec.test \
    "Contact: ${contacts%,}" > "$work/batch$batch.out"
done
answer=$(python3 "$root/scripts/sip_register.py" "$port" alice secret-alice sipsec.test \
  "Contact: <sip:one-too-many@192.0.2.2>")
case "$(head -n1 "$work/batch2.out"):$answer" in
  "SIP/2.0 200"*:"SIP/2.0 400"*) pass "one address-of-record holds at most 32 bindings" ;;
  *) fail "bindings per address-of-record: $(head -n1 "$work/batch2.out") / ${answer:0:120}" ;;
esac
answer=$(AOR_USER=Alice python3 "$root/scripts/sip_register.py" "$port" alice secret-alice \
  sipsec.test "Contact: <sip:c1@192.0.2.66>")
case "$answer" in
  "SIP/2.0 403"*) pass "alice may not register the address of user Alice" ;;
  *) fail "alice registering sip:Alice@ got: ${answer:0:200}" ;;
esac
printf '%s\r\n' 'REGISTER sip:sipsec.test SIP/2.0' \
  'Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-m' 'From: <sip:alice@sipsec.test>;tag=1' \
  'To: <sip:alice@sipsec.test>' 'Call-ID: m' 'CSeq: 1 REGISTER' \
  'Authorization: Digest username="alice", realm="sipsec.test"' 'Content-Length: 0' '' \
  > "$work/no-nonce.dat"
answer=$(python3 "$root/scripts/sip_send.py" "$port" "$work/no-nonce.dat")
case "$answer" in
  *"400 Bad Request (malformed Authorization: "*nonce*)
    pass "a malformed Authorization gets its reason" ;;
  *) fail "a malformed Authorization got: $answer" ;;
esac

torture="$root/tests/data/torture"
start_registrar torture -A MD5 -q auth
python3 "$root/scripts/sip_send.py" "$port" "$torture"/*.dat > "$work/torture.out"
while read -r file _section verdict _rest; do
  case "$file" in \#*|"") continue ;; esac
  answer=$(awk -F'\t' -v f="$file" '$1 == f {print $2}' "$work/torture.out")
  case "$verdict:$answer" in
    invalid:"SIP/2.0 400"*|invalid:no-answer) pass "torture $file refused (${answer:0:60})" ;;
    valid:"SIP/2.0 400"*) fail "torture $file is valid but got: $answer" ;;
    valid:*) pass "torture $file accepted (${answer:0:40})" ;;
    *) fail "torture $file ($verdict) got: $answer" ;;
  esac
done < "$torture/expected.txt"
invalid_requests=$(grep -c 'decision=400 reason=' "$work/torture.log" || true)
[ "$invalid_requests" -ge 15 ] && pass "registrar logged $invalid_requests torture refusals" \
  || fail "registrar logged only $invalid_requests torture refusals"

finish sipp
