"""How fast `classify` runs, warm (the live highlighter) and in a fresh process (the command line).

Why these figures:
- Warm: the wizard's live highlighter re-runs the analysis whenever typing
  pauses, so a 10,000-word account must take well under 50 ms of CPU, and the
  cost must grow linearly with length (the 100k/10k per-word ratio stays near
  1). The baseline, `re.finditer(r"\\w+", text)` consumed in a Python loop, is
  the least any word-by-word pass can cost in this interpreter on this machine.
- Fresh process: `advocate-app classify FILE` pays for imports and for loading
  the compiled lexicon, cues and regex programs from the cache. Targets:
  loading everything the classifier needs from the cache <= 150 ms, and a
  10,000-word account <= 300 ms beyond a bare `python -c pass` started the same
  way in the same run. The very first run on a machine (no cache yet) is shown
  separately.

The text is real and varied: the labelled accounts in tests/data/accounts and,
when they exist, tests/data/real/train (never the hold-out or test splits),
paragraphs shuffled with a fixed seed and repeated only as far as needed. A
synthetic text built from a few dozen sentences has only a few hundred
distinct words and flatters the matcher (its per-word caches always hit).

Run: .venv/bin/python benchmarks/classify.py [--runs N] [--no-fresh] [--no-warm]
Never a test: wall-clock times vary by machine; compare the ratios.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEXT_DIRS = [ROOT / "tests" / "data" / "accounts", ROOT / "tests" / "data" / "real" / "train"]

LOAD_PROBE = r'''
import time
start = time.perf_counter()
from advocate_app.analysis.lexicon import load_harm_lexicon, load_safeguarding_lexicon
from advocate_app.analysis.cues import load_cue_set
from advocate_app.model.harm_model import load_harm_model
imported = time.perf_counter()
load_harm_model(); load_harm_lexicon(); load_cue_set(); load_safeguarding_lexicon()
try:
    from advocate_app.analysis.learned import load_learned_model
    load_learned_model()
except ImportError:
    pass
done = time.perf_counter()
print(f"{imported - start:.6f} {done - imported:.6f}")
'''


def real_paragraphs() -> list[str]:
    """Paragraphs of the labelled accounts a tuner may read (see the module docstring)."""
    paragraphs: list[str] = []
    for folder in TEXT_DIRS:
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            text = path.read_text(encoding="utf-8")
            paragraphs += [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return paragraphs


def build_account(words: int, seed: int = 7) -> str:
    """About `words` words of real accounts, paragraphs shuffled; repeated only when the corpus runs out."""
    paragraphs = real_paragraphs()
    if not paragraphs:
        raise SystemExit("no accounts found under tests/data/accounts")
    rng = random.Random(seed)
    out: list[str] = []
    count = 0
    while count < words:
        batch = paragraphs[:]
        rng.shuffle(batch)
        for paragraph in batch:
            out.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                break
    return "\n\n".join(out)


def _median_seconds(func, text: str, runs: int, clock=time.perf_counter) -> float:
    """Median time of `func` on the text as it is after each of `runs` small edits.

    Why edits: the live highlighter runs on the text after each pause in
    typing, never twice on the same text, and the matchers keep their answer
    for the last text they saw; timing the same text again would time that
    memo. Each run adds a different word at the end, as typing does.
    """
    times = []
    for i in range(runs):
        edited = f"{text} and{'so' * (i + 1)}"
        start = clock()
        func(edited)
        times.append(clock() - start)
    return statistics.median(times)


def _baseline(text: str) -> int:
    count = 0
    for _ in re.finditer(r"\w+", text):
        count += 1
    return count


def _run(args: list[str], env: dict[str, str]) -> tuple[float, str, float]:
    """Wall-clock seconds, stdout, and the child's CPU seconds (which other busy processes do not inflate)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, done.stdout, cpu


def fresh(runs: int) -> None:
    """Fresh processes, alternating with a bare interpreter so both see the same machine state."""
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, ADVOCATE_APP_HOME=home, PYTHONPATH=str(ROOT))
        files = {}
        for words in (20, 10_000):
            path = Path(home) / f"account-{words}.txt"
            text = " ".join(build_account(max(words, 200)).split()[:words]) if words < 200 else build_account(words)
            path.write_text(text, encoding="utf-8")
            files[words] = str(path)
        classify = [sys.executable, "-m", "advocate_app", "classify"]
        first = _run(classify + [files[20]], env)[0]       # builds the cache: once per machine and lexicon
        bare: list[tuple[float, float]] = []
        timed: dict[int, list[tuple[float, float]]] = {20: [], 10_000: []}
        loads: list[tuple[float, float]] = []
        for _ in range(runs):
            wall, _, cpu = _run([sys.executable, "-c", "pass"], env)
            bare.append((wall, cpu))
            for words in timed:
                wall, _, cpu = _run(classify + [files[words]], env)
                timed[words].append((wall, cpu))
            out = _run([sys.executable, "-c", LOAD_PROBE], env)[1].split()
            loads.append((float(out[0]), float(out[1])))
    base = statistics.median(x[0] for x in bare)
    base_cpu = statistics.median(x[1] for x in bare)
    imports = statistics.median(x[0] for x in loads)
    load = statistics.median(x[1] for x in loads)
    print(f"fresh process (median of {runs}): bare python -c pass {base * 1000:.0f} ms (cpu {base_cpu * 1000:.0f} ms)")
    print(f"  first run ever (builds the cache): {first * 1000:.0f} ms")
    print(f"  importing the analysis package {imports * 1000:.0f} ms; loading everything the classifier "
          f"needs from the cache {load * 1000:.0f} ms (target <= 150 ms: {'met' if load <= 0.150 else 'NOT met'})")
    for words, times in timed.items():
        median = statistics.median(t[0] for t in times)
        cpu = statistics.median(t[1] for t in times)
        beyond, beyond_cpu = median - base, cpu - base_cpu
        target = "" if words != 10_000 else \
            f" (target <= 300 ms: {'met' if min(beyond, beyond_cpu) <= 0.300 else 'NOT met'})"
        print(f"  classify {words:>6} words: {median * 1000:.0f} ms, {beyond * 1000:.0f} ms beyond bare python "
              f"(cpu {cpu * 1000:.0f} ms, {beyond_cpu * 1000:.0f} ms beyond), ratio {median / base:.1f}x{target}")


def warm(runs: int) -> None:
    from advocate_app.analysis import classify, find_evidence
    from advocate_app.analysis.lexicon import load_harm_lexicon

    start = time.perf_counter()
    lexicon = load_harm_lexicon()
    loaded = time.perf_counter() - start
    print(f"warm, in one process: lexicon {len(lexicon.matcher.rules)} patterns, loaded in {loaded * 1000:.0f} ms")
    print("times are medians; 'cpu' is process CPU time, which other busy processes on the "
          "machine do not inflate")
    per_word: dict[int, float] = {}
    cpu_10k = 0.0
    for words in (10_000, 100_000):
        text = build_account(words)
        n_words = len(text.split())
        distinct = len(set(re.findall(r"\w+", text.lower())))
        classify(text)  # warm: compiles the patterns this text needs
        n = runs if words <= 10_000 else max(3, runs // 2)
        t_classify = _median_seconds(classify, text, n)
        c_classify = _median_seconds(classify, text, n, time.process_time)
        t_evidence = _median_seconds(find_evidence, text, n)
        t_base = _median_seconds(_baseline, text, n)
        c_base = _median_seconds(_baseline, text, max(n, 9), time.process_time)
        per_word[words] = c_classify / n_words
        if words == 10_000:
            cpu_10k = c_classify
        found = classify(text)
        print(f"{n_words:>7} words ({distinct} distinct): classify {t_classify * 1000:7.1f} ms "
              f"(cpu {c_classify * 1000:7.1f} ms) | find_evidence {t_evidence * 1000:7.1f} ms | "
              f"baseline \\w+ pass {t_base * 1000:5.1f} ms (cpu {c_base * 1000:5.1f} ms) | "
              f"ratio cpu {c_classify / max(c_base, 1e-9):5.1f}x | {len(found.sources)} sources")
    ratio = per_word[100_000] / per_word[10_000]
    print(f"per-word cpu cost 100k/10k: {ratio:.2f} (1.00 = perfectly linear)")
    print(f"target: 10,000 words under 50 ms -> {'met' if cpu_10k < 0.050 else 'NOT met'} "
          f"({cpu_10k * 1000:.1f} ms cpu)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per measure (median reported)")
    parser.add_argument("--no-fresh", action="store_true", help="skip the fresh-process figures")
    parser.add_argument("--no-warm", action="store_true", help="skip the in-process figures")
    args = parser.parse_args(argv)
    if not args.no_fresh:
        fresh(args.runs)
    if not args.no_warm:
        warm(args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
