"""Quotes end where the person's phrase ends (a clause or at least a whole word)."""
from __future__ import annotations

from advocate_app.model.evidence import Evidence
from advocate_app.model.quotes import clause_end, whole_clause, whole_clauses


def ev(account: str, text: str) -> Evidence:
    start = account.index(text)
    return Evidence(start, start + len(text), text)


def test_a_quote_cut_mid_phrase_runs_on_to_the_end_of_its_clause():
    account = "The nurse did not ask about my bad experiences on the ward, and then she left."
    got = whole_clause(account, ev(account, "did not ask about my bad"))
    assert got.text == "did not ask about my bad experiences on the ward"
    assert account[got.start:got.end] == got.text


def test_a_quote_stops_before_a_word_that_starts_a_new_clause():
    account = "he kept touching me on my legs and chest while he was meant to be helping me"
    assert whole_clause(account, ev(account, "he kept touching me")).text == "he kept touching me on my legs and chest"


def test_a_quote_never_ends_inside_a_word_and_a_far_clause_end_is_not_chased():
    account = "They said the decis" + "ion was taken by a panel of people I never met in a room far away from here today."
    got = whole_clause(account, ev(account, "They said the decis"))
    assert got.text == "They said the decision"
    account = "My support hours had been cut from 15 to 6 a week."
    assert whole_clause(account, ev(account, "support hours had been cut from")).text == \
        "support hours had been cut from 15 to 6 a week"


def test_quotes_already_whole_or_not_in_the_account_are_left_alone():
    account = "Nobody came. I waited."
    whole = ev(account, "Nobody came")
    assert whole_clause(account, whole) == whole
    stranger = Evidence(0, 5, "Hello")
    assert whole_clause(account, stranger) == stranger
    assert clause_end(account, len(account)) == len(account)


def test_two_quotes_that_become_the_same_clause_are_kept_once():
    account = "Nobody came for four months, and I was alone."
    got = whole_clauses(account, [ev(account, "Nobody came"), ev(account, "came for four")])
    assert [g.text for g in got] == ["Nobody came for four months"]


def test_words_selected_in_the_account_become_a_quote_of_whole_words():
    from advocate_app.model.quotes import evidence_from_selection

    account = "I told the team leader and she laughed at me."
    start = account.index("eam leader")
    got = evidence_from_selection(account, start, start + len("eam leader and she laug") )
    assert got.text == "team leader and she laughed"
    assert account[got.start:got.end] == got.text
    assert evidence_from_selection(account, 5, 5) is None
    assert evidence_from_selection(account, 1, 2) is None   # only a space


def test_the_same_words_said_twice_are_quoted_once():
    from advocate_app.model.evidence import distinct_quotes
    account = "There was a lack of support. Again, a Lack of  support, and no one called."
    first, second, called = ev(account, "lack of support"), ev(account, "Lack of  support"), ev(account, "no one called")
    assert distinct_quotes([first, second, called]) == [first, called]


def test_a_letter_quotes_the_persons_repeated_words_once():
    from advocate_app.documents.context import harms
    from advocate_app.model.case import Case, Finding
    account = "I was left with no support. For months there was no support at all."
    spans = [ev(account, "no support"), Evidence(account.rindex("no support"), account.rindex("no support") + 10, "no support")]
    case = Case(account=account, findings=[Finding(id="lack-of-support.5", status="confirmed", evidence=spans, quote=True)])
    (harm,) = harms(case)
    assert harm["quotes"] == ["no support"]
