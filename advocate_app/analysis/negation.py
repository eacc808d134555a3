"""Is a matched phrase denied or only imagined by the words just before it?

Why only the words before, within the clause: "she never shouted at me" and
"if they had listened" must not count, but "they didn't believe me" or "nobody
listened" are findings whose negation is part of the phrase itself. So
patterns may contain their own negation, and only an *outside* negation or
hypothetical, in the same clause and just before the match, cancels it. A
clause ends at punctuation or at a joining word ("but", "and then", "because",
"that", ...), so "I wasn't hit, but he shouted at me" keeps "shouted at me".

A counterfactual with a negation states a fact: "if they hadn't cut my hours"
means the hours were cut, so it is not cancelled.
"""
from __future__ import annotations

import re
from functools import lru_cache
from types import SimpleNamespace

from advocate_app.analysis.compiled_cache import cached_regexes

LOOKBACK = 160  # characters before a match that can hold its clause start

# Where a clause ends: punctuation, a blank line, a spaced dash, or a joining word.
_BOUNDARY_TEXT = (
    r"[.!?;:,()\u2026]|\n\s*\n|\s-+\s|\s--|"
    r"\b(?:but|however|although|though|whereas|yet|because|cause|cos|since|so|when|whenever|"
    r"after|before|until|till|while|whilst|which|who|whom|that|where|instead|then|and|later|"
    r"afterwards|now|also|plus|despite|except|otherwise|anyway|eventually|finally|today|why|how|what|whether|"
    r"yesterday|instead)\b"
)
# The last clause boundary in a window: greedy ".*" backs off from the end, so it is found quickly.
_LAST_BOUNDARY = (r"(?s:.*)(?:" + _BOUNDARY_TEXT + r")", 0)

# A negation close before the match (at most three words between, and no new subject).
_SUBJECT = (r"(?:i|i'm|im|they|they're|he|he's|she|she's|we|you|it|it's|staff|people|someone|"
            r"somebody|everyone|everybody|the|my|his|her|their|this|there|mr|mrs|ms|miss)")
_NEGATION_CUE = (
    r"(?:\b(?:not(?!\s+only\b|\s+just\b|\s+least\b)|never|no(?!\s+(?:longer|matter)\b)|nobody|"
    r"noone|no-one|none|nothing|neither|nor|without|cannot|hardly\s+ever|"
    r"cleared\s+of|acquitted\s+of|exonerated|"
    r"didnt|dont|doesnt|wasnt|werent|wouldnt|couldnt|shouldnt|hasnt|havent|hadnt|"
    r"isnt|arent|wont|cant|aint|nt)\b|n't\b)"
)
# "I don't like telling my story again": the negation is of the liking, not of what happened.
_FEELING = r"(?:like|enjoy|appreciate|mind|love)"
_NEGATED = (_NEGATION_CUE + r"(?![\s\"'-]+" + _FEELING + r"\b)"
            r"(?:[\s\"'-]+(?!" + _SUBJECT + r"\b)[\w'-]+){0,3}[\s\"'-]*$", 0)

# Hypothetical or conditional: anywhere in the clause before the match.
_HYPOTHETICAL = (
    r"\b(?:if|unless|whether|in\s+case|what\s+if|suppose|supposing|imagine|imagining|"
    r"hypothetically|would\s+have|would've|wouldve|might\s+have|might've|"
    r"would\s+not\s+have|wouldn't\s+have|wouldnt\s+have|would\s+like|hope|hoping|"
    r"in\s+future|in\s+the\s+future|going\s+forward|considered|considering|thinking\s+(?:of|about)|"
    r"thought\s+about|threaten(?:ed|ing|s)?\s+to|planning\s+to|plans\s+to|proposed|proposing|"
    r"might|could|"
    # An expectation or a fear that the account goes on to say did not come true:
    # "I expected to be treated like a criminal, but the nurse was lovely",
    # "I was worried they would cut my hours, but they kept them", "nervous they wouldn't listen".
    r"expect(?:ed|ing|s)?\s+(?:to\s+be|(?:them|him|her|staff|the\s+\w+)\s+to)|"
    r"thought\s+(?:that\s+)?(?:they|he|she|staff|it|the\s+\w+)(?:'d|\s+would|\s+might)|"
    # What a plan or service is there to prevent, and what an ombudsman found no evidence of:
    # "to avoid people falling through the gaps", "no evidence the trust had failed to respond".
    r"to\s+(?:prevent|avoid)|prevent(?:s|ing)?|to\s+stop\s+(?:people|patients|anyone|someone|young\s+people|this|that|it)|"
    r"no\s+evidence|"
    r"(?:worried|scared|afraid|frightened|terrified|feared|fearful|nervous|anxious)\s+(?:that\s+)?"
    r"(?:i|he|she|they|we|you|it|the\s+\w+|my\s+\w+)(?:(?:'d|\s+would|\s+might|\s+will)\b|\s*$))"
    r"|^\s*(?:had|should|were)\s+(?:i|they|he|she|we|you|it|the|my|staff)\b", 0
)
# "If, as a result of a review, the package is reduced, ...": a condition opened by
# "if" and a comma, the phrase inside the aside that follows, still imagines it.
_CONDITION_ASIDE = (r"\b(?:if|unless)\s*,[^.!?;:\n]{0,100}$", 0)
_COUNTERFACTUAL_FACT = (
    r"\bif\b[\w\s']{0,40}?\bhad(?:n't|nt|\s+not|\s+never)\b"
    r"|^\s*had\s+(?:i|they|he|she|we|you|it|the\s+\w+|my\s+\w+|staff)\s+(?:not|never)\b", 0
)


# "non-judgemental", "non discriminatory": "non" fixed to the word denies it (only right
# before the match: "non-urgent restraint" must not cancel the restraint).
_NON_PREFIX = (r"\bnon[\s-]*$", re.IGNORECASE)

# "never raised her voice or made me feel stupid": a negation carries across "or".
_NEGATED_OR = (_NEGATION_CUE + r"(?:[\s\"'-]+[\w'-]+){0,6}?[\s\"'-]+(?:or|nor)[\s\"'-]+$", 0)


def clause_before(view: str, start: int) -> str:
    """The part of the current clause that comes before `start`."""
    lo = max(0, start - LOOKBACK)
    window = view[lo:start]
    last = _rx().last_boundary.match(window)
    return window[last.end():] if last else window


_STARTS_CLAUSE = (r"(?:but|because|cause|cos|since|when|whenever|although|though|whereas|after|so)\b", 0)


@lru_cache(maxsize=1)
def _rx() -> SimpleNamespace:
    """The expressions above, compiled from the compiled cache's programs (parsing them took a new process 9 ms)."""
    return SimpleNamespace(**cached_regexes("negation", {
        "last_boundary": _LAST_BOUNDARY, "negated": _NEGATED, "hypothetical": _HYPOTHETICAL,
        "condition_aside": _CONDITION_ASIDE, "counterfactual_fact": _COUNTERFACTUAL_FACT,
        "non_prefix": _NON_PREFIX, "negated_or": _NEGATED_OR, "starts_clause": _STARTS_CLAUSE}))


# The answer depends only on the LOOKBACK characters before `start` and on the
# joining word that may open the phrase (at most 8 letters and the word's end),
# so it is kept per such stretch of text: a long account that says the same
# thing many times asks the same question many times. Bounded, and cleared when full.
_AFTER = 16
_MEMO_LIMIT = 100_000
_memo: dict[tuple[int, str], bool] = {}


def is_cancelled(view: str, start: int) -> bool:
    """True when a negation or a hypothetical just before `start` cancels the phrase."""
    lo = start - LOOKBACK if start > LOOKBACK else 0
    key = (start - lo, view[lo:start + _AFTER])
    answer = _memo.get(key)
    if answer is None:
        if len(_memo) >= _MEMO_LIMIT:
            _memo.clear()
        answer = _memo[key] = _is_cancelled(key[1], key[0])
    return answer


def _is_cancelled(view: str, start: int) -> bool:
    rx = _rx()
    if rx.starts_clause.match(view, start):
        return False  # the phrase opens its own clause ("... because I'm the one with the illness")
    clause = clause_before(view, start)
    if rx.condition_aside.search(view, max(0, start - LOOKBACK), start):
        return True
    if not clause.strip():
        return False
    if rx.non_prefix.search(clause):
        return True
    if rx.counterfactual_fact.search(clause):
        return False
    if rx.hypothetical.search(clause):
        return True
    return bool(rx.negated.search(clause) or rx.negated_or.search(clause))
