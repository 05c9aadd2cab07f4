"""Packs the fuser wheel around prebuilt native files.

The package is pure Python over two native files that the project's CMake
build makes (target `fuser-python`) and stages, with the sources, in
<build>/python_packages/fuser:

- _fuser.abi3.so: the extension, built against CPython's limited API of 3.11,
  so one binary serves CPython 3.11, 3.12 and later;
- libFuserC.so.1: the C API library it links (next to it: RUNPATH $ORIGIN),
  which itself needs the libMLIR/libLLVM 22 it was built with.

This script copies them into the wheel. It looks in $FUSER_BUILD_DIR, else
in the repository's build/, then its other build*/ directories (the most
recently built first). The wheel is tagged cp311-abi3-<platform>. At run
time, FUSER_LIBRARY may name another libFuserC.so to load instead of the
packaged one.
"""

from __future__ import annotations

import os
import pathlib
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
NATIVE = ("_fuser.abi3.so", "libFuserC.so.1")


def staged_package() -> pathlib.Path:
    env = os.environ.get("FUSER_BUILD_DIR")
    if env:
        builds = [pathlib.Path(env)]
    else:
        others = [p for p in REPO.glob("build*") if p.name != "build"]
        others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        builds = [REPO / "build"] + others
    for build in builds:
        package = build / "python_packages" / "fuser"
        if all((package / name).is_file() for name in NATIVE):
            return package
    searched = ", ".join(str(b) for b in builds)
    raise SystemExit(
        "fuser: no built native files (" + ", ".join(NATIVE) + ") found in "
        "<build>/python_packages/fuser of " + searched + ". Build them "
        "first: cmake --build <build> --target fuser-python, and set "
        "FUSER_BUILD_DIR=<build>.")


class BuildPy(build_py):
    """build_py that adds the prebuilt native files."""

    def run(self) -> None:
        super().run()
        source = staged_package()
        target = pathlib.Path(self.build_lib) / "fuser"
        target.mkdir(parents=True, exist_ok=True)
        for name in NATIVE:
            shutil.copy2(source / name, target / name)


class BinaryDistribution(Distribution):
    """A platform wheel: it holds native code."""

    def has_ext_modules(self) -> bool:
        return True


setup(
    cmdclass={"build_py": BuildPy},
    distclass=BinaryDistribution,
    options={"bdist_wheel": {"py_limited_api": "cp311"}},
)
