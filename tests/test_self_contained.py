"""The repository needs nothing outside it: every page, path and reference it names is in the clone.

Why: a person who clones the project has only the clone. README, docs, code
comments and tests once pointed at a development machine's `shared/spec/` and
at research notes that were never committed.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT_SUFFIXES = {".py", ".md", ".toml", ".json", ".txt", ".cfg", ".ini", ".sh", ".spec", ".iss"}
OUTSIDE = re.compile(r"/work/|shared/spec/|\bnotes/[\w-]+\.md")
DOC_LINK = re.compile(r"\]\(([^)#:]+\.md)\)|`(docs/[\w./-]+\.md)`")


def _tracked_text_files() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
        files = [ROOT / name for name in out]
    except (OSError, subprocess.CalledProcessError):
        files = [p for p in ROOT.rglob("*") if ".git" not in p.parts and ".venv" not in p.parts]
    return [p for p in files if p.suffix in TEXT_SUFFIXES and p.is_file()]


def test_no_file_points_outside_the_repository():
    me = Path(__file__).resolve()
    offenders = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in _tracked_text_files() if p.resolve() != me
                 for m in OUTSIDE.finditer(p.read_text(encoding="utf-8", errors="replace"))]
    assert offenders == []


def test_every_page_the_readme_and_docs_link_to_exists():
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    missing = []
    for page in pages:
        for link, code in DOC_LINK.findall(page.read_text(encoding="utf-8")):
            target = (page.parent / link) if link else (ROOT / code)
            if not target.exists():
                missing.append(f"{page.relative_to(ROOT)} -> {link or code}")
    assert missing == []


def test_the_contracts_the_code_cites_are_in_docs():
    for name in ("harm-model.md", "cli.md", "lexicon.md", "voice.md"):
        assert (ROOT / "docs" / name).is_file(), name
