"""Helpers that keep the real-text corpus consistent (see README.md).

    python tests/data/real/tools.py add BATCH.toml   # new accounts -> pool/
    python tests/data/real/tools.py split            # every pool/ account -> train/ or test/
    python tests/data/real/tools.py agreement        # second rater's blind labels vs the first's
    python tests/data/real/tools.py evidence-agreement  # second rater's evidence sentences vs the first's

`add` reads a TOML file of [[account]] tables (kind, url, licence, voice,
sources, factors, text, optional note), gives each the next free number across
pool/, train/ and test/, writes NNN-kind.txt (four digits from 1000 on) and appends its table to
pool/labels.toml. Accounts are labelled when they are added, before any split.

`split` assigns every account in pool/ to train/ or test/ once. The assignment
depends only on the file name and the recorded SEED (a SHA-256 hash of
"SEED:name" read as a number in [0, 1); below TEST_SHARE -> test/), never on
the text or its labels. Because it is per account, splitting in batches gives
exactly the same result as splitting everything at the end.
"""
from __future__ import annotations

import hashlib
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
POOL, TRAIN, TEST = HERE / "pool", HERE / "train", HERE / "test"
LABELS = "labels.toml"
SEED = "advocate-real-corpus-2026-12-06"
TEST_SHARE = 0.35
FIELDS = ("voice", "kind", "sources", "factors", "url", "licence", "retrieved", "note")
HEADER = ("# Gold labels for the real-text corpus. See tests/data/real/README.md and\n"
          "# LABELLING.md. One table per file: sources (ids of harm-model.md; [] = no\n"
          "# harm shown), factors, voice, kind, url (where the text was read), licence,\n"
          "# retrieved (date read), optional note.\n")


def toml_value(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def table(name: str, entry: dict) -> str:
    lines = [f'\n["{name}"]']
    for key in FIELDS:
        if key in entry and entry[key] not in ("", None):
            lines.append(f"{key} = {toml_value(entry[key])}")
    return "\n".join(lines) + "\n"


def read_labels(folder: Path) -> dict:
    path = folder / LABELS
    if not path.exists():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


def write_labels(folder: Path, labels: dict) -> None:
    body = HEADER + "".join(table(name, labels[name]) for name in sorted(labels))
    (folder / LABELS).write_text(body, encoding="utf-8")


def number_of(name: str) -> int:
    """The collection number of "NNN-kind.txt" (three digits, four from 1000 on)."""
    return int(name.split("-", 1)[0])


def next_number() -> int:
    numbers = [number_of(p.name) for d in (POOL, TRAIN, TEST) for p in d.glob("*.txt")]
    return max(numbers, default=0) + 1


def add(batch_path: str, retrieved: str) -> None:
    batch = tomllib.loads(Path(batch_path).read_text(encoding="utf-8"))
    labels = read_labels(POOL)
    first = next_number()
    names = [f"{first + i:03d}-{acc['kind']}.txt" for i, acc in enumerate(batch["account"])]
    taken = [n for n in names if any((d / n).exists() for d in (POOL, TRAIN, TEST))]
    if taken:
        raise SystemExit(f"{taken[0]} already exists: nothing was added")
    for name, acc in zip(names, batch["account"]):
        text = acc["text"].strip() + "\n"
        (POOL / name).write_text(text, encoding="utf-8")
        entry = {k: acc[k] for k in FIELDS if k in acc}
        entry.setdefault("factors", [])
        entry.setdefault("retrieved", retrieved)
        labels[name] = entry
        print(name, len(text.split()), "words", entry["sources"])
    write_labels(POOL, labels)


def goes_to_test(name: str) -> bool:
    digest = hashlib.sha256(f"{SEED}:{name}".encode("utf-8")).hexdigest()
    return int(digest[:16], 16) / 16**16 < TEST_SHARE


def split() -> None:
    pool = read_labels(POOL)
    train, test = read_labels(TRAIN), read_labels(TEST)
    for name in sorted(pool):
        target, labels = (TEST, test) if goes_to_test(name) else (TRAIN, train)
        (POOL / name).rename(target / name)
        labels[name] = pool[name]
        print(name, "->", target.name)
    write_labels(TRAIN, train)
    write_labels(TEST, test)
    write_labels(POOL, {})


def counts() -> str:
    """Markdown table: accounts per source per split (for README.md)."""
    import sys as _sys
    _sys.path.insert(0, str(HERE.parents[2]))
    from tests.analysis.corpus import SOURCE_IDS
    splits = {name: read_labels(folder) for name, folder in (("train", TRAIN), ("test", TEST))}
    rows = ["| | train | test | total |", "|---|---:|---:|---:|"]
    def row(label, pick):
        a, b = (sum(1 for e in splits[s].values() if pick(e)) for s in ("train", "test"))
        rows.append(f"| {label} | {a} | {b} | {a + b} |")
    row("accounts", lambda e: True)
    row("no harm (`sources = []`)", lambda e: not e["sources"])
    for source in SOURCE_IDS:
        row(f"`{source}`", lambda e, s=source: s in e["sources"])
    for kind in ("ombudsman", "inspection", "report", "news", "testimony", "paper"):
        row(f"kind: {kind}", lambda e, k=kind: e.get("kind") == k)
    return "\n".join(rows)


SECOND_RATER = "second-rater.toml"
SOURCES = ("bureaucracy", "stigma", "fragmentation", "lack-of-support", "oppressive-culture",
           "staff-misconduct", "frontline-practice")


def agreement(first: dict, second: dict) -> list[tuple[str, int, int, int, float, float]]:
    """(source, first's count, second's count, both, Cohen's kappa, F1) over the accounts both labelled.

    Why: one labeller's labels are the measure of every score; a second rater's
    blind labels on a sample say how far two careful people agree, which is the
    most any classifier can be expected to reach on these labels.
    """
    names = sorted(set(first) & set(second))
    n = len(names)
    rows = []
    for source in SOURCES:
        a = [source in first[name]["sources"] for name in names]
        b = [source in second[name]["sources"] for name in names]
        n1, n2, both = sum(a), sum(b), sum(x and y for x, y in zip(a, b))
        observed = sum(x == y for x, y in zip(a, b)) / n
        chance = (n1 / n) * (n2 / n) + (1 - n1 / n) * (1 - n2 / n)
        kappa = 1.0 if chance == 1 else (observed - chance) / (1 - chance)
        f1 = 1.0 if n1 + n2 == 0 else 2 * both / (n1 + n2)
        rows.append((source, n1, n2, both, kappa, f1))
    return rows


def agreement_report() -> str:
    second = tomllib.loads((HERE / SECOND_RATER).read_text(encoding="utf-8"))
    first = read_labels(TRAIN)
    rows = agreement(first, second)
    names = sorted(set(first) & set(second))
    lines = [f"{len(names)} training accounts labelled blind by a second rater ({SECOND_RATER})",
             "| source | first rater | second rater | both | Cohen's kappa | F1 |", "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| `{s}` | {a} | {b} | {c} | {k:.2f} | {f:.2f} |" for s, a, b, c, k, f in rows]
    lines.append(f"macro-F1 of the second rater against the first: {sum(r[5] for r in rows) / len(rows):.3f}")
    no_harm = sum(1 for name in names if not first[name]["sources"] and not second[name]["sources"])
    lines.append(f"no harm: first rater {sum(1 for n in names if not first[n]['sources'])}, "
                 f"second {sum(1 for n in names if not second[n]['sources'])}, both {no_harm}")
    return "\n".join(lines)


SECOND_RATER_EVIDENCE = "second-rater-evidence.toml"
EVIDENCE = "evidence.toml"


def evidence_agreement(first: dict, second: dict) -> tuple[int, int, float, float]:
    """(pairs, pairs whose marked sentences overlap, mean Jaccard, sentence-level F1) over the
    (account, source) pairs both raters marked.

    Why: the sentence a learned suggestion quotes is scored against people's marks;
    how far two people's marks agree says how much that score can mean.
    """
    pairs = overlap = 0
    jaccard = 0.0
    both = only_first = only_second = 0
    for name in sorted(set(first) & set(second)):
        for source in sorted(set(first[name]) | set(second[name])):
            a = {" ".join(s.split()) for s in first[name].get(source, [])}
            b = {" ".join(s.split()) for s in second[name].get(source, [])}
            if not a and not b:
                continue
            pairs += 1
            overlap += bool(a & b)
            jaccard += len(a & b) / len(a | b)
            both, only_first, only_second = both + len(a & b), only_first + len(a - b), only_second + len(b - a)
    f1 = 2 * both / (2 * both + only_first + only_second) if both + only_first + only_second else 1.0
    return pairs, overlap, (jaccard / pairs if pairs else 1.0), f1


def evidence_agreement_report() -> str:
    first = tomllib.loads((TRAIN / EVIDENCE).read_text(encoding="utf-8"))
    second = tomllib.loads((HERE / SECOND_RATER_EVIDENCE).read_text(encoding="utf-8"))
    pairs, overlap, jaccard, f1 = evidence_agreement(first, second)
    return (f"{len(set(first) & set(second))} training accounts, {pairs} (account, source) pairs marked by both "
            f"raters ({SECOND_RATER_EVIDENCE} against train/{EVIDENCE}): the marked sentences overlap in "
            f"{overlap} ({overlap / pairs:.3f}); mean Jaccard {jaccard:.3f}; sentence-level F1 {f1:.3f}")


if __name__ == "__main__":
    if sys.argv[1] == "add":
        add(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "2026-12-06")
    elif sys.argv[1] == "split":
        split()
    elif sys.argv[1] == "counts":
        print(counts())
    elif sys.argv[1] == "agreement":
        print(agreement_report())
    elif sys.argv[1] == "evidence-agreement":
        print(evidence_agreement_report())
