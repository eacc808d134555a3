"""Run a freshly built bundle once on a sample case and ship the caches it writes inside it.

Why: on an advocate's first run the app compiles its analysis lexicon (about
12 s on a small laptop) before the first suggestion. Run here, at build time,
by the bundle itself, the caches carry exactly the keys the installed app will
look for (its Python, its lexicon, its compiler), and the app reads them from
`resources/compiled-cache/` when the user's own cache has none
(`advocate_app.resources.shipped_cache_entry`). A cache that does not fit is
never used, so a stale one costs only the compile it was meant to save.

The run reads only a sample case from this repository, with a throw-away home
folder; the caches hold patterns, parsed resource files and compiled code, no
personal data.

    python packaging/ship_caches.py dist/advocate-app
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "cases" / "sexual-misconduct.json"


def executable(bundle: Path) -> Path:
    for name in ("advocate-app.exe", "advocate-app"):
        if (bundle / name).is_file():
            return bundle / name
    raise SystemExit(f"no advocate-app executable in {bundle}")


def resources_of(bundle: Path) -> Path:
    found = sorted(bundle.glob("**/resources/harm_model.toml"))
    if not found:
        raise SystemExit(f"no resources folder in {bundle}")
    return found[0].parent


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        raise SystemExit(__doc__.strip().splitlines()[-1].strip())
    bundle = Path(argv[0]).resolve()
    exe = executable(bundle)
    target = resources_of(bundle) / "compiled-cache"
    with tempfile.TemporaryDirectory(prefix="advocate-ship-") as tmp:
        work = Path(tmp)
        env = dict(os.environ, ADVOCATE_APP_HOME=str(work / "home"), QT_QPA_PLATFORM="offscreen")
        account = work / "account.txt"
        text = json.loads(SAMPLE.read_text(encoding="utf-8"))["account"]
        # on more than one line, as accounts are: headings are looked for only then
        account.write_text(f"What happened\n\n{text}\n", encoding="utf-8")
        for args in (["classify", str(account)], ["plan", "--json", str(SAMPLE)],
                     ["letter", str(SAMPLE), "--route", "complaint-council", "-o", str(work / "letter.pdf")],
                     ["letter", str(SAMPLE), "--route", "complaint-council", "-o", str(work / "letter.docx")],
                     ["summary", str(SAMPLE), "-o", str(work / "summary.pdf")]):
            subprocess.run([str(exe), *args], env=env, check=True, stdout=subprocess.DEVNULL, timeout=600)
        entries = sorted((work / "home" / "cache").glob("*.bin"))
        if not entries:
            raise SystemExit("the bundle wrote no cache entries")
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for entry in entries:
            shutil.copyfile(entry, target / entry.name)   # a new file: readable by whoever runs the app
            os.chmod(target / entry.name, 0o644)
    size = sum(p.stat().st_size for p in target.iterdir())
    print(f"shipped {len(entries)} cache entries ({size / 1e6:.1f} MB) in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
