"""What a compiled phrase pattern needs when it runs: the gap check.

Why a module of its own: patterns.py, pattern_regex.py and pattern_anchor.py
turn the lexicon's phrases into regular expressions, which happens only when
the compiled cache is built (compiled_cache.py). A new process that reads the
cache needs only these few definitions, and importing the whole compiler took
it about 15 ms.
"""
from __future__ import annotations

import re

# Words that may not be skipped over by a gap: they change or end the meaning.
# Each gap is a capturing group; the matcher rejects a match whose gap holds one.
GAP_STOPWORDS = (
    "not never no nobody noone none nothing nowhere neither nor without cannot "
    "if unless but however although though whereas because "
    "didnt dont doesnt wasnt werent wouldnt couldnt shouldnt hasnt havent hadnt "
    "isnt arent wont cant aint"
).split()
GAP_STOP = re.compile(r"\b(?:" + "|".join(GAP_STOPWORDS) + r")\b|n't\b")


def gap_is_clean(match: re.Match[str]) -> bool:
    """False when a gap (~n) skipped a negation or a clause break such as "but"."""
    for group in match.groups():
        if group and GAP_STOP.search(group):
            return False
    return True
