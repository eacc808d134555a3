"""Build the Linux one-folder bundle and use it as an advocate would.

Marked `packaging`: CI runs it; locally skip with `-m "not packaging"` (it takes
about a minute). The bundle is run under strace to prove it never opens an
internet socket; without strace the test fails in CI and is skipped locally.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.tools import require_tool

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.packaging, pytest.mark.timeout(900)]

ACCOUNT = (
    "My care coordinator keeps changing and I had to tell my story again to every new one. "
    "They didn't believe me when I said the support worker kept touching me.\n"
)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not sys.platform.startswith("linux"):
        pytest.skip("the Linux bundle is built on Linux; Windows and macOS are built elsewhere")
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.skip("PyInstaller is not installed (pip install -e .[test])")
    out = tmp_path_factory.mktemp("bundle")
    env = dict(os.environ, DISTPATH=str(out / "dist"), WORKPATH=str(out / "build"))
    subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=900)
    exe = out / "dist" / "advocate-app" / "advocate-app"
    assert exe.exists(), "the build did not produce the executable"
    return exe


def _run(exe: Path, *args: str, stdin: str | None = None, env_extra: dict | None = None,
         trace: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env_extra or {}))
    cmd = [str(exe), *args]
    if trace is not None:
        strace = require_tool("strace", "strace")
        cmd = [strace, "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace), *cmd]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, timeout=300)


def _assert_no_internet_sockets(trace: Path) -> None:
    assert trace.exists(), "strace wrote no trace, so nothing shows the bundle stayed offline"
    text = trace.read_text(errors="replace")
    assert not re.search(r"socket\((AF_INET|AF_INET6|PF_INET|PF_INET6)", text), text[:2000]


def test_bundle_reports_the_version_from_pyproject(bundle: Path, tmp_path: Path):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    result = _run(bundle, "--version", trace=tmp_path / "trace")
    assert result.returncode == 0
    assert version in result.stdout
    _assert_no_internet_sockets(tmp_path / "trace")


def test_bundle_classifies_a_sample_account_with_its_own_resources(bundle: Path, tmp_path: Path):
    result = _run(bundle, "classify", "--json", stdin=ACCOUNT, trace=tmp_path / "trace")
    assert result.returncode == 0, result.stderr
    import json

    data = json.loads(result.stdout)
    assert data["model"].startswith("carr-2025")
    found = {s["id"] for s in data["sources"]}
    assert {"staff-misconduct", "fragmentation"} <= found
    _assert_no_internet_sockets(tmp_path / "trace")


def test_bundle_starts_the_gui_offscreen_until_its_first_window(bundle: Path, tmp_path: Path):
    home = tmp_path / "home"
    result = _run(bundle, env_extra={"ADVOCATE_APP_SMOKE_TEST": "1", "ADVOCATE_APP_HOME": str(home)},
                  trace=tmp_path / "trace")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "first window shown" in result.stdout
    _assert_no_internet_sockets(tmp_path / "trace")


def test_a_first_run_of_the_bundle_reads_the_caches_it_shipped_instead_of_compiling(bundle: Path, tmp_path: Path):
    # Why: compiling the lexicon on an advocate's first run took about 12 s before the first suggestion.
    import json
    import time

    shipped = list(bundle.parent.glob("**/resources/compiled-cache/harm-*.bin"))
    assert shipped, "the build should ship the harm lexicon's compiled cache"
    assert all(path.stat().st_mode & 0o044 == 0o044 for path in shipped), "shipped caches must be readable by all"
    home = tmp_path / "home"
    start = time.perf_counter()
    first = _run(bundle, "classify", "--json", stdin=ACCOUNT, env_extra={"ADVOCATE_APP_HOME": str(home)})
    seconds = time.perf_counter() - start
    assert first.returncode == 0, first.stderr
    written = sorted(p.name for p in (home / "cache").glob("*.bin")) if (home / "cache").is_dir() else []
    assert not [name for name in written if name.startswith(("harm-", "cues-", "learned-"))], written
    print(f"first classify of the bundle in a new home: {seconds:.2f} s")   # shown with -s; never asserted
    checkout = subprocess.run([sys.executable, "-c", "import sys; from advocate_app.cli import main; "
                               "sys.exit(main(['classify', '--json']))"], input=ACCOUNT, capture_output=True,
                              text=True, cwd=ROOT, timeout=300,
                              env=dict(os.environ, ADVOCATE_APP_HOME=str(tmp_path / "checkout")))
    assert checkout.returncode == 0, checkout.stderr
    assert json.loads(first.stdout)["sources"] == json.loads(checkout.stdout)["sources"], \
        "the shipped caches must suggest exactly what compiling the lexicon does"


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
def test_the_bundle_writes_a_letter_as_pdf_and_as_word(bundle: Path, tmp_path: Path, suffix: str):
    # A Word letter once failed in the bundle only (python-docx's templates were out of its reach).
    import zipfile

    out = tmp_path / f"letter.{suffix}"
    case = ROOT / "tests" / "data" / "cases" / "sexual-misconduct.json"
    result = _run(bundle, "letter", str(case), "--route", "complaint-council", "-o", str(out),
                  env_extra={"ADVOCATE_APP_HOME": str(tmp_path / "home")})
    assert result.returncode == 0, result.stderr
    if suffix == "pdf":
        assert out.read_bytes().startswith(b"%PDF-")
    else:
        with zipfile.ZipFile(out) as docx:
            body = docx.read("word/document.xml").decode("utf-8")
            assert "Northshire" in body or "complaint" in body.lower()
            assert any(name.startswith("word/footer") for name in docx.namelist())
