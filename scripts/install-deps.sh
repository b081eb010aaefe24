#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine: the peers (sipp, libsrtp2, libosip2,
# OpenSSL's libcrypto), valgrind, pkg-config, and the Python packages. Safe to run again.
set -euo pipefail

apt_packages=(sip-tester libsrtp2-dev libosip2-dev libssl-dev pkg-config valgrind)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${missing[@]}"
fi

python3 -m pip install -q --disable-pip-version-check -r python/requirements-test.txt
