#!/usr/bin/env bash
# Build the Linux one-folder bundle into dist/advocate-app/ (run from anywhere).
# Uses the project's .venv (created by packaging/venv_run.py) plus PyInstaller.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 packaging/venv_run.py cli --version >/dev/null
PY=.venv/bin/python
"$PY" -m pip show pyinstaller >/dev/null 2>&1 || "$PY" -m pip install -q "pyinstaller>=6.0"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "${DISTPATH:-dist}" --workpath "${WORKPATH:-build}" packaging/advocate-app.spec
DIST="${DISTPATH:-dist}/advocate-app"
# The first run on a machine then reads the analysis caches instead of compiling them (about 12 s).
"$PY" packaging/ship_caches.py "$DIST"
echo "Built: $DIST/advocate-app (version $(cat "${DISTPATH:-dist}/advocate-app.version"))"
