#!/usr/bin/env bash
# Install and run the tests:   bash test.sh
# Creates .venv, installs requirements-dev.txt and runs pytest. Browser tests use Debian's chromium
# (/usr/bin/chromium: `apt-get install chromium`); without it they are skipped, unless TVET_REQUIRE_BROWSER=1
# (as in CI), when they fail. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
