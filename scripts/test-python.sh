#!/usr/bin/env bash
# Installs the Python package from ./python against the freshly built library, then runs its
# pytest suite from outside the source tree, so the installed copy is what gets tested.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

python3 -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$root/python"

cd "$(mktemp -d)"
python3 -m pytest -q -p no:cacheprovider "$root/python/tests"
