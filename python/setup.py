"""Build hook: put the native library inside the package.

The library is taken from the repository's `target/release` (built by `make build`); when it
is missing, `cargo build --release` is run first, so `pip install ./python` works either way.
"""

import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LIBRARY = ROOT / "target" / "release" / "libsipsec.so"


class BuildWithNativeLibrary(build_py):
    """Copies libsipsec.so into sipsec/_native before the usual build."""

    def run(self):
        if not LIBRARY.exists():
            subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
        native = HERE / "sipsec" / "_native"
        native.mkdir(exist_ok=True)
        shutil.copy2(LIBRARY, native / "libsipsec.so")
        super().run()


setup(cmdclass={"build_py": BuildWithNativeLibrary})
