#!/usr/bin/env bash
# Floods the demo registrar on 127.0.0.1 from a second local process (source 127.0.0.2)
# while a legitimate client (127.0.0.1) keeps asking, and checks the guards: the client is
# answered every time with received/rport in its Via, the flood is cut to the configured
# rate and logged about once per second, a Via that lies about its source gets 400, and
# password guessing turns into 403 after five failures. All traffic stays on loopback,
# every loop is bounded, and the registrar stops itself after its run time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
registrar="$root/target/c/registrar"
traffic="$root/scripts/sip_flood.py"
# shellcheck source=scripts/loopback-lib.sh
. "$root/scripts/loopback-lib.sh"

field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<< "$2"; }

port=$(free_port)
printf 'password alice secret-alice\n' > "$work/users"
"$registrar" -a 127.0.0.1 -p "$port" -u "$work/users" -A MD5 -q auth -d 40 \
  > "$work/registrar.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do grep -q listening "$work/registrar.log" && break; sleep 0.1; done

# The registrar allows each source 40 requests at once and 20 per second after that.
timeout 20 python3 "$traffic" flood "$port" 127.0.0.2 30000 4 > "$work/flood.out" &
flood_pid=$!
pids+=($flood_pid)
client=$(timeout 20 python3 "$traffic" client "$port" 127.0.0.1 30)
wait "$flood_pid"
flood=$(cat "$work/flood.out")
echo "flood: $flood"
echo "client: $client"

sent=$(field sent "$flood")
answered=$(field answered "$flood")
seconds=$(field seconds "$flood")
bound=$(python3 -c "import math; print(40 + math.ceil(20 * ($seconds + 1)) + 5)")
check "the flood sent at least 10000 datagrams" "[ $sent -ge 10000 ]"
check "the flood got at most burst + rate x time answers ($answered <= $bound)" \
  "[ $answered -le $bound ]"
check "the flood got its sustained rate, not nothing ($answered >= 40)" "[ $answered -ge 40 ]"
check "the legitimate client was answered every time" \
  "[ $(field answered "$client") -eq 30 ]"
check "each answer's Via carries rport and received" \
  "[ $(field via_rewritten "$client") -eq 30 ]"
drops=$(grep -c 'reason=rate_limited' "$work/registrar.log" || true)
check "drops are logged about once per second ($drops lines)" \
  "[ $drops -ge 1 ] && [ $drops -le 10 ]"

mismatch=$(timeout 10 python3 "$traffic" mismatch "$port" 127.0.0.4)
check "a Via claiming another address is answered 400 ($mismatch)" \
  "grep -q '^status=SIP/2.0_400_' <<< '$mismatch'"
check "the registrar logged via_mismatch" "grep -q 'reason=via_mismatch' '$work/registrar.log'"

guess=$(timeout 30 python3 "$traffic" guess "$port" 127.0.0.5 7)
check "password guessing gets 403 after five failures ($guess)" \
  "[ '$(field statuses "$guess")' = '401,401,401,401,401,403,403' ]"
check "the registrar logged too_many_auth_failures" \
  "grep -q 'reason=too_many_auth_failures' '$work/registrar.log'"
check "no password in the registrar log" "! grep -q secret-alice '$work/registrar.log'"

finish flood
