#!/usr/bin/env bash
# Installs sipsec into a temporary prefix with `make install`, then builds and runs a C
# program against the installed copy using nothing but `pkg-config --cflags --libs sipsec`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT

make -s -C "$root" install PREFIX="$prefix" >/dev/null

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
flags=$(pkg-config --cflags --libs sipsec)
cc -std=c99 -Wall -Wextra -Werror -pedantic "$root/c-tests/example_version.c" -o "$prefix/example" $flags
soname=$(readelf -d "$prefix/lib/libsipsec.so" | sed -n 's/.*SONAME.*\[\(.*\)\].*/\1/p')
LD_LIBRARY_PATH="$prefix/lib" "$prefix/example"

test -f "$prefix/lib/libsipsec.a"
test -f "$prefix/include/sipsec.h"
[ "$soname" = "libsipsec.so.$(sed -n 's/^version = "\([0-9]*\)\..*/\1/p' "$root/Cargo.toml" | head -n1)" ]
echo "install check: soname $soname; built with pkg-config alone"
