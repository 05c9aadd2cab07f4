#!/usr/bin/env bash
# Sets up and builds fuser (scripts/setup.sh), then runs every test: the lit
# suite (`ninja check-fuser`), then the ctest tests (GoogleTest unit tests, the
# install + find_package consumer check; the lit suite is excluded there since
# it just ran). Exits non-zero if anything fails.
#
# Environment: FUSER_BUILD_DIR, FUSER_BUILD_JOBS (see scripts/setup.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${FUSER_BUILD_DIR:-$ROOT/build}"

"$ROOT/scripts/setup.sh"

echo "==> lit suite: ninja -C $BUILD_DIR check-fuser"
lit_status=0
ninja -C "$BUILD_DIR" check-fuser || lit_status=$?
if ((lit_status != 0)); then
  echo "==> lit suite FAILED (exit $lit_status); running ctest anyway" >&2
fi

echo "==> ctest --output-on-failure -E lit-suite (in $BUILD_DIR)"
ctest_status=0
(cd "$BUILD_DIR" && ctest --output-on-failure -E lit-suite) || ctest_status=$?

if ((lit_status != 0)); then
  echo "run-tests.sh: the lit suite failed (see above)" >&2
  exit "$lit_status"
fi
exit "$ctest_status"
