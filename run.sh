#!/usr/bin/env bash
# Install and run the dashboard on the embedded data:   bash run.sh
# Creates .venv, installs requirements.txt, builds the warehouse if it is missing or older than its sources
# (with progress), then serves the app on http://localhost:8501. Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python -m etl build --if-stale
exec .venv/bin/python -m streamlit run app.py "$@"
