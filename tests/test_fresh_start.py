"""A new process that finds the compiled cache loads no part of the compiler.

Why: the pattern compiler, the TOML parser and the regex parser's work are what
made a fresh `classify` slow (issue 12: loading <= 150 ms, 10,000 words <= 300
ms beyond Python). Times vary by machine and are measured by
benchmarks/classify.py; what can be tested is that none of that work comes back.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
from advocate_app.analysis import classify
found = [s.id for s in classify(sys.argv[1]).sources]
print(json.dumps({"found": found, "modules": sorted(m for m in sys.modules if m.startswith(("advocate_app", "tomllib")))}))
"""

NOT_NEEDED = ("advocate_app.analysis.patterns", "advocate_app.analysis.pattern_regex",
              "advocate_app.analysis.pattern_anchor", "advocate_app.analysis.anchor_shape", "tomllib")


def test_a_fresh_process_with_the_cache_loads_no_compiler(tmp_path):
    account = "They discharged me by phone and nobody told my family. The social worker never called me back."
    env = dict(os.environ, ADVOCATE_APP_HOME=str(tmp_path / "home"))

    def run() -> dict:
        done = subprocess.run([sys.executable, "-c", PROBE, account], capture_output=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
        return json.loads(done.stdout)

    first = run()                       # builds the cache
    assert set(NOT_NEEDED) & set(first["modules"]), "the first run compiles the lexicon"
    second = run()                      # reads it
    assert second["found"] == first["found"] and second["found"]
    assert not set(NOT_NEEDED) & set(second["modules"]), sorted(set(NOT_NEEDED) & set(second["modules"]))


CLI_PROBE = """
import sys
from advocate_app import cli
code = cli.main(["classify", sys.argv[1]])
print(" ".join(sorted(sys.modules)), file=sys.stderr)
sys.exit(code)
"""

# Standard modules a fresh `classify` has no use for, each a millisecond or more of every start.
STARTUP_EXTRAS = ("platformdirs", "tempfile", "secrets", "hmac", "datetime", "threading", "shutil", "lzma", "bz2", "typing")


def test_a_fresh_classify_for_a_real_user_imports_nothing_it_does_not_use(tmp_path):
    """As a user runs it (no ADVOCATE_APP_HOME): the cache folder is found without platformdirs."""
    account = tmp_path / "account.txt"
    account.write_text("They discharged me by phone and nobody told my family.", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "ADVOCATE_APP_HOME"}
    env.update(HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(tmp_path / "cache"))

    def run() -> set[str]:
        done = subprocess.run([sys.executable, "-c", CLI_PROBE, str(account)], capture_output=True, env=env,
                              timeout=300, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "discharged me by phone" in done.stdout, done.stdout
        return set(done.stderr.strip().splitlines()[-1].split())

    run()                                   # builds the cache
    loaded = run()
    cache = tmp_path / "cache" / "advocate_app"
    [methods] = cache.glob("dataclass-code@*.bin")   # the dataclasses' methods, compiled by the first run
    written = methods.stat().st_mtime_ns
    run()
    assert methods.stat().st_mtime_ns == written, "a later run found every method it needed and wrote nothing"
    if sys.platform == "linux":
        assert not loaded & set(STARTUP_EXTRAS), sorted(loaded & set(STARTUP_EXTRAS))
