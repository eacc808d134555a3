"""How fast `classify` runs on long accounts, against a bare regex pass over the same text.

Why these figures: the wizard's live highlighter re-runs the analysis whenever
typing pauses, so a 10,000-word account must take well under 50 ms, and the
cost must grow linearly with length (the 100k/10k per-word ratio stays near 1).
The baseline, `re.finditer(r"\\w+", text)` consumed in a Python loop, is the
least any word-by-word pass can cost in this interpreter on this machine, so
the ratio is comparable across machines.

Run: .venv/bin/python benchmarks/classify.py [--runs N]
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advocate_app.analysis import classify, find_evidence  # noqa: E402
from advocate_app.analysis.lexicon import load_harm_lexicon  # noqa: E402

# Realistic sentences in the voices the app meets: the person, a carer, an
# advocate's note, an ombudsman decision. Most of an account is narrative;
# roughly one sentence in four shows a harm. {name}, {day}, {n} and {role}
# vary so that no two paragraphs are identical.
NARRATIVE = [
    "On {day} I went to the shops with {name} and we had a coffee afterwards.",
    "My sister rang on {day} evening and we talked for about an hour about her children.",
    "I have lived in this flat for {n} years and I know most of the neighbours by name.",
    "The bus into town takes about forty minutes and I usually go on a {day}.",
    "I was born in Leeds and moved down here when I was {n} to be near my mum.",
    "Most mornings I get up at about eight and make a cup of tea before anything else.",
    "{name} from the group came round on {day} and helped me put some shelves up.",
    "I used to work in a warehouse before I got ill, and I was good at it.",
    "My GP is fairly new but she seems to listen and she rang me back the same day.",
    "We had a meeting at the flat on {day} and everyone agreed the plan together.",
    "The weather was cold so I stayed in and watched television most of the afternoon.",
    "I like going to the library on Thursdays and reading the local paper.",
    "My {role} came on {day} and we went through the letters that had come.",
    "In the summer I went to the seaside for a day with my brother and his kids.",
    "I have been trying to eat better and I cooked a proper dinner {n} times last week.",
    "The garden at the back is shared and one of the neighbours grows tomatoes.",
    "On {day} I had an appointment at the surgery about my knee, which is better now.",
    "{name} is my oldest friend and we have known each other since school.",
    "I sometimes find it hard to sleep, so I listen to the radio late at night.",
    "The pharmacy delivers my tablets on a {day}, which saves me a trip.",
    "Last year I started going to an art class and I painted a picture of the park.",
    "My mum is {n} now and lives in a bungalow about ten minutes away.",
    "I keep a diary because it helps me remember what happened and when.",
    "The housing association fixed the window in the kitchen after I reported it.",
    "I have a cat called {name} who sleeps on the end of my bed.",
]
HARM = [
    "I asked for an assessment in January and then nothing happened for {n} months.",
    "The assessment was on the phone and she was reading questions off a screen.",
    "Three weeks later I got a letter saying I didn't meet the eligibility criteria.",
    "My care coordinator keeps changing and I had to tell my story again to someone new.",
    "Nobody listened when I said I was struggling to wash and eat.",
    "They cut my hours from twenty to ten a week after the review on {day}.",
    "Mrs X complains the Council failed to assess her needs and delayed her support plan.",
    "The Council did not give adequate reasons for its decision, which was fault.",
    "My son was discharged from hospital with no support in place and nobody came.",
    "She said I was putting it on to get money, which I don't even want.",
    "The carers often didn't turn up and my father went without his tablets.",
    "I complained twice and the response said they stand by their staff.",
    "The council and the trust were arguing about who should pay for my aftercare.",
    "The {role} threatened to section me if I stopped my depot injection.",
    "I have never seen my care plan and nobody told me what I was entitled to.",
    "The nurse read out my diagnosis in the waiting room where my neighbour could hear.",
    "They didn't believe me when I told them what the {role} had done.",
    "The {role} was rude and dismissive and never returned my calls.",
]
NAMES = ["Priya", "Tom", "Sandra", "Ahmed", "Joy", "Gary", "Mei", "Declan", "Rosa", "Kwame"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ROLES = ["social worker", "support worker", "care coordinator", "CPN", "key worker", "nurse"]


def build_account(words: int, seed: int = 7) -> str:
    """Paragraphs of varied sentences, about `words` words long, about one sentence in four harmful."""
    rng = random.Random(seed)
    out: list[str] = []
    count = 0
    paragraph: list[str] = []
    while count < words:
        pool = HARM if rng.random() < 0.25 else NARRATIVE
        sentence = rng.choice(pool).format(name=rng.choice(NAMES), day=rng.choice(DAYS),
                                           n=rng.randint(2, 40), role=rng.choice(ROLES))
        paragraph.append(sentence)
        count += len(sentence.split())
        if len(paragraph) >= rng.randint(3, 7):
            out.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        out.append(" ".join(paragraph))
    return "\n\n".join(out)


def _median_seconds(func, text: str, runs: int, clock=time.perf_counter) -> float:
    times = []
    for _ in range(runs):
        start = clock()
        func(text)
        times.append(clock() - start)
    return statistics.median(times)


def _baseline(text: str) -> int:
    count = 0
    for _ in re.finditer(r"\w+", text):
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per size (median reported)")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    lexicon = load_harm_lexicon()
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    lexicon.matcher.compile_all()
    compiled = time.perf_counter() - start
    print(f"lexicon: {len(lexicon.matcher.rules)} patterns; load {loaded * 1000:.0f} ms, "
          f"compile all {compiled * 1000:.0f} ms (once per process)")

    print("times are medians; 'cpu' is process CPU time, which other busy processes on the "
          "machine do not inflate")
    per_word: dict[int, float] = {}
    cpu_10k = 0.0
    for words in (10_000, 100_000):
        text = build_account(words)
        n_words = len(text.split())
        classify(text)  # warm: compiles the patterns this text needs
        runs = args.runs if words <= 10_000 else max(3, args.runs // 2)
        t_classify = _median_seconds(classify, text, runs)
        c_classify = _median_seconds(classify, text, runs, time.process_time)
        t_evidence = _median_seconds(find_evidence, text, runs)
        t_base = _median_seconds(_baseline, text, runs)
        c_base = _median_seconds(_baseline, text, max(runs, 9), time.process_time)
        per_word[words] = c_classify / n_words
        if words == 10_000:
            cpu_10k = c_classify
        found = classify(text)
        print(f"{n_words:>7} words: classify {t_classify * 1000:7.1f} ms (cpu {c_classify * 1000:7.1f} ms) | "
              f"find_evidence {t_evidence * 1000:7.1f} ms | baseline \\w+ pass {t_base * 1000:5.1f} ms "
              f"(cpu {c_base * 1000:5.1f} ms) | ratio cpu {c_classify / max(c_base, 1e-9):5.1f}x | "
              f"{len(found.sources)} sources, "
              f"{sum(len(f.evidence) for s in found.sources for f in s.factors)} evidence spans")
    ratio = per_word[100_000] / per_word[10_000]
    print(f"per-word cpu cost 100k/10k: {ratio:.2f} (1.00 = perfectly linear)")
    print(f"target: 10,000 words under 50 ms -> {'met' if cpu_10k < 0.050 else 'NOT met'} "
          f"({cpu_10k * 1000:.1f} ms cpu)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
