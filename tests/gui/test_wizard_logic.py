"""The wizard's own small rules, without a window: keeping answers, editing letters."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from advocate_app.documents.edits import apply_edits, blocks_to_text, set_edits, text_to_blocks
from advocate_app.documents.model import BulletList, Document, Heading, Paragraph, Quote, Table
from advocate_app.gui.wizard.fields import parse_date
from advocate_app.model.case import Case, Finding
from advocate_app.model.evidence import Evidence
from advocate_app.model.findings import (
    NOT_SURE,
    merge_suggestions,
    move_priority,
    reanchor,
    renumber_priorities,
)


def _classification(*factors: tuple[str, list[Evidence]]):
    by_source: dict[str, list] = {}
    for fid, ev in factors:
        by_source.setdefault(fid.split(".")[0], []).append(SimpleNamespace(id=fid, evidence=ev))
    return SimpleNamespace(sources=[SimpleNamespace(id=s, factors=f) for s, f in by_source.items()])


def _ev(text: str, phrase: str) -> Evidence:
    start = text.index(phrase)
    return Evidence(start, start + len(phrase), phrase)


def test_editing_the_account_keeps_decisions_and_refinds_their_quotes():
    old = "He kept touching me. She said I must have misunderstood."
    findings = [
        Finding("staff-misconduct.1", "confirmed", [_ev(old, "kept touching me")], priority=1, quote=True),
        Finding("oppressive-culture.12", "rejected", [_ev(old, "must have misunderstood")]),
        Finding("stigma.1", "suggested", [_ev(old, "She said")], extra={NOT_SURE: True}),
        Finding("bureaucracy.9", "suggested", [_ev(old, "He kept")]),  # untouched suggestion
        Finding("lack-of-support.5", "added"),
    ]
    new = "On 14 October he kept touching me on my legs. She said I must have misunderstood."
    result = merge_suggestions(findings, _classification(("staff-misconduct.1", [_ev(new, "touching me on my legs")])), new)
    by_id = {f.id: f for f in result}
    # Every answer a person gave is still there, unchanged.
    assert by_id["staff-misconduct.1"].status == "confirmed" and by_id["staff-misconduct.1"].quote
    assert by_id["staff-misconduct.1"].priority == 1
    assert by_id["oppressive-culture.12"].status == "rejected"
    assert by_id["stigma.1"].extra[NOT_SURE]
    assert by_id["lack-of-support.5"].status == "added"
    # The untouched suggestion the new text no longer supports is gone.
    assert "bureaucracy.9" not in by_id
    # Quotes point at the same words in the edited account.
    for f in result:
        for e in f.evidence:
            assert new[e.start:e.end] == e.text
    # The agreed quote is kept as it was, not replaced by an overlapping one.
    assert [e.text for e in by_id["staff-misconduct.1"].evidence] == ["kept touching me"]


def test_new_words_in_the_account_can_add_a_quote_to_an_agreed_finding():
    old = "He kept touching me."
    f = Finding("staff-misconduct.1", "confirmed", [_ev(old, "kept touching me")])
    new = old + " Last week he groped me again."
    merged = merge_suggestions([f], _classification(("staff-misconduct.1", [_ev(new, "groped me")])), new)
    # The new quote runs on to the end of its clause (model/quotes.py).
    assert [e.text for e in merged[0].evidence] == ["kept touching me", "groped me again"]


def test_a_quote_deleted_from_the_account_is_dropped_but_the_decision_stays():
    old = "He shouted at me. Nobody listened."
    f = Finding("frontline-practice.3", "confirmed", [_ev(old, "Nobody listened")])
    merged = merge_suggestions([f], _classification(), "He shouted at me.")
    assert merged[0].status == "confirmed" and merged[0].evidence == []


def test_reanchor_picks_the_nearest_occurrence():
    text = "no help. later: no help. end"
    ev = Evidence(16, 23, "no help")
    moved = reanchor([ev], "xx" + text)
    assert moved == [Evidence(18, 25, "no help")]


def test_priorities_follow_the_persons_order_and_only_accepted_findings_have_one():
    findings = [Finding("a.1", "confirmed"), Finding("a.2", "rejected", priority=4), Finding("a.3", "added"),
                Finding("a.4", "confirmed")]
    assert [f.id for f in renumber_priorities(findings)] == ["a.1", "a.3", "a.4"]
    assert findings[1].priority is None
    assert move_priority(findings, "a.4", -1)
    assert [f.id for f in renumber_priorities(findings)] == ["a.1", "a.4", "a.3"]
    assert not move_priority(findings, "a.1", -1)   # already first
    assert not move_priority(findings, "a.2", +1)   # rejected: not in the order


BLOCKS = [Paragraph("I am writing on behalf of Amira."), Heading("What happened", 1),
          Table(["Date", "What"], [["14 October 2026", "Touched"]], kind="chronology"),
          BulletList(["Sexual harassment", "Abuse of trust"]), Quote("he kept touching me\nand laughed"),
          Paragraph("- this line starts like a list item\n## and this like a heading"),
          Paragraph("Please reply by 12 January 2027.", emphasis=True)]


def test_unedited_letter_text_turns_back_into_the_same_blocks():
    assert text_to_blocks(blocks_to_text(BLOCKS), BLOCKS) == BLOCKS


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
                        min_size=1).filter(lambda t: t.strip() and "\n\n" not in t and t == t.rstrip()
                                           and all(line.strip() for line in t.split("\n"))), min_size=1, max_size=5),
       st.lists(st.booleans(), min_size=5, max_size=5))
def test_any_paragraph_text_survives_the_round_trip(texts, bold):
    blocks = [Paragraph(t, emphasis=b) for t, b in zip(texts, bold)]
    assert text_to_blocks(blocks_to_text(blocks), blocks) == blocks


def test_edits_are_applied_to_the_letter_body_and_a_changed_draft_is_noticed():
    case = Case(account="")
    doc = Document(kind="letter", title="Letter", blocks=list(BLOCKS))
    draft = blocks_to_text(doc.blocks)
    edited_text = draft.replace("Please reply by 12 January 2027.", "Please reply by 5 January 2027.")
    set_edits(case, "complaint-provider", edited_text, draft)
    edited, stale = apply_edits(doc, case, "complaint-provider")
    assert not stale
    assert edited.blocks[-1] == Paragraph("Please reply by 5 January 2027.", emphasis=True)
    assert doc.blocks[-1].text.endswith("12 January 2027.")       # the draft itself is untouched
    assert edited.blocks[2] == BLOCKS[2]                           # the chronology table is kept
    doc.blocks[0] = Paragraph("I am writing on behalf of Amira Haddad.")
    _, stale = apply_edits(doc, case, "complaint-provider")
    assert stale                                                    # new answers changed the draft
    set_edits(case, "complaint-provider", draft, draft)             # edited back to the draft: forgotten
    assert case.letter_edits == {}


def test_dates_are_read_day_first_and_vague_dates_are_not_guessed():
    assert parse_date("14/10/2026") == dt.date(2026, 10, 14)
    assert parse_date("2026-10-14") == dt.date(2026, 10, 14)
    assert parse_date("14 October 2026") == dt.date(2026, 10, 14)
    assert parse_date("3rd Sept 2025") == dt.date(2025, 9, 3)
    assert parse_date("14.10.26") == dt.date(2026, 10, 14)
    assert parse_date("around March 2024") is None
    assert parse_date("31/02/2026") is None
    assert parse_date("") is None
