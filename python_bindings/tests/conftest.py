"""Shared fixtures of the fuser package tests.

The tests import the installed or staged package (the ctest entry puts
<build>/python_packages on PYTHONPATH). Group sources come inline or from
the repository's bench/groups.
"""

from __future__ import annotations

import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
BENCH_GROUPS = REPO / "bench" / "groups"


@pytest.fixture
def rng():
    np = pytest.importorskip("numpy")
    return np.random.default_rng(1234)


@pytest.fixture
def bench_group():
    """Path of a group file of bench/groups (skips without the repo)."""

    def get(name: str) -> pathlib.Path:
        path = BENCH_GROUPS / name
        if not path.exists():
            pytest.skip(f"{path} not found (tests run outside the repo)")
        return path

    return get


@pytest.fixture
def restore_switches():
    """Restores the process-wide switches and the CPU backend after a
    test that changes them."""
    import fuser

    llvm = fuser.must_use_llvm_on_cpu()
    yield
    fuser.override_can_fuse_on_cpu(True)
    fuser.override_can_fuse_on_gpu(True)
    fuser.override_must_use_llvm_on_cpu(llvm)
    if not fuser.has_backend("cpu"):
        fuser.register_builtin_backend("cpu")
