"""Start the app or run the tests from a fresh clone with nothing but Python 3.11+.

Why a script and not instructions: advocates' IT helpers and new developers should
need exactly one command each. The script creates `.venv` beside the project the
first time, reinstalls only when `pyproject.toml` changes, and then runs the app
or the test suite inside it. It works the same on Linux, macOS and Windows.

    python3 packaging/venv_run.py app      # start the desktop app
    python3 packaging/venv_run.py test     # run the whole test suite
    python3 packaging/venv_run.py cli ...  # the headless command line
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"


def _venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def _wanted_stamp() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv() -> Path:
    if sys.version_info < (3, 11):
        sys.exit("advocate_app needs Python 3.11 or newer; this is " + sys.version.split()[0])
    python = _venv_python()
    if not python.exists():
        print("Creating a virtual environment in .venv (first run only)...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not STAMP.exists() or STAMP.read_text().strip() != _wanted_stamp():
        print("Installing advocate_app and its dependencies into .venv...", flush=True)
        subprocess.check_call([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"])
        subprocess.check_call([str(python), "-m", "pip", "install", "-q", "-e", f"{ROOT}[test]"])
        STAMP.write_text(_wanted_stamp())
    return python


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "app"
    rest = argv[1:]
    python = ensure_venv()
    if what == "app":
        return subprocess.call([str(python), "-m", "advocate_app", *rest], cwd=ROOT)
    if what == "cli":
        return subprocess.call([str(python), "-m", "advocate_app", *rest], cwd=ROOT)
    if what == "test":
        return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
