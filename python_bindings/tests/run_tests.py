"""Runs the fuser package's pytest suite for ctest (test `python-bindings`).

Exits 77 (ctest's SKIP_RETURN_CODE for this test) when pytest is not
installed, saying so, so the skip is visible; otherwise pytest's exit code.
Extra arguments go to pytest.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    try:
        import pytest
    except ImportError:
        print(f"python-bindings: SKIPPED: {sys.executable} cannot import "
              f"pytest (scripts/setup.sh installs it into the venv)")
        return 77
    here = os.path.dirname(os.path.abspath(__file__))
    code = pytest.main([here, "-rs", "-p", "no:cacheprovider",
                        *sys.argv[1:]])
    if code == pytest.ExitCode.NO_TESTS_COLLECTED:
        print("python-bindings: SKIPPED: no tests collected")
        return 77
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
