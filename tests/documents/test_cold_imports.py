"""A letter PDF from the command line loads only what a PDF needs.

Why: a fresh `advocate-app letter ... -o letter.pdf` used to load python-docx
(never used for a PDF) and the holidays package's rules for every country,
a large share of its start-up time (benchmarks/cold.py letter shows it).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "tests" / "data" / "cases" / "records.json"

CHILD = """
import json, sys
from advocate_app.cli import main
code = main(["letter", sys.argv[1], "--route", "subject-access", "-o", sys.argv[2]])
print(json.dumps({"code": code, "docx": "docx" in sys.modules, "holidays": "holidays" in sys.modules}))
"""


def _letter(tmp_path: Path, suffix: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), ADVOCATE_APP_HOME=str(tmp_path / "home"))
    result = subprocess.run([sys.executable, "-c", CHILD, str(CASE), str(tmp_path / f"letter{suffix}")],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_pdf_letter_loads_neither_python_docx_nor_every_country_s_holidays(tmp_path: Path):
    assert _letter(tmp_path, ".pdf") == {"code": 0, "docx": False, "holidays": False}


def test_a_word_letter_still_loads_python_docx(tmp_path: Path):
    assert _letter(tmp_path, ".docx")["docx"] is True
