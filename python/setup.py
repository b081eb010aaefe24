"""Build hook: put the native library inside the package.

The library is built with `cargo build --release` in the repository (quick when it is already
up to date, so a stale copy is never packaged) and copied from `target/release`; without
cargo on the machine, an existing `target/release/libsipsec.so` is used as it is.
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
        if shutil.which("cargo") is not None:
            subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
        elif not LIBRARY.exists():
            raise RuntimeError("libsipsec.so is not built and cargo is not installed")
        native = HERE / "sipsec" / "_native"
        native.mkdir(exist_ok=True)
        shutil.copy2(LIBRARY, native / "libsipsec.so")
        super().run()


setup(cmdclass={"build_py": BuildWithNativeLibrary})
