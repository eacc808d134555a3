"""The harms step: suggestions offered with the person's words, answered as easily no as yes."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from advocate_app.model.case import Case
from advocate_app.model.findings import is_learned

from .wizard_helpers import choose_data, make_wizard, press, sample_case

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def harms(qtbot):
    account = sample_case("records").account
    case = Case(account=account, extra={"wizard_step": "harms"})
    wizard = make_wizard(qtbot, case)
    page = wizard.page("harms")
    qtbot.waitUntil(lambda: page._classified_text == account and not page._reading, timeout=60_000)
    assert page.cards, "the classifier suggested nothing for an account about wrong records"
    return wizard, page


def test_each_suggestion_shows_the_persons_words_and_asks_if_it_fits(harms):
    wizard, page = harms
    for fid, card in page.cards.items():
        finding = next(f for f in wizard.case.findings if f.id == fid)
        assert finding.status == "suggested"
        texts = " ".join(lbl.text() for lbl in card.findChildren(type(page.status)))
        if is_learned(finding):     # the learned tier: weaker, and only the sentence it may relate to
            assert "weaker suggestion" in texts and "may relate to this sentence" in texts
            assert "Does that fit?" in texts and "may show this" not in texts
            continue
        assert "may show this" in texts and "Does that fit?" in texts
        for ev in finding.evidence:
            assert f"“{ev.text}”" in texts or len(finding.evidence) > 3
        assert not any(b.isChecked() for b in card.buttons.values())   # nothing decided for them


def test_no_and_not_sure_are_one_key_press_like_yes(qtbot, harms):
    wizard, page = harms
    fid, card = next(iter(page.cards.items()))
    finding = next(f for f in wizard.case.findings if f.id == fid)
    press(qtbot, card.reject)
    assert finding.status == "rejected"
    press(qtbot, card.unsure)
    assert finding.status == "suggested" and finding.extra["not_sure"] is True
    press(qtbot, card.confirm)
    assert finding.status == "confirmed" and "not_sure" not in finding.extra
    assert page.priorities() == [fid]


def test_adding_harms_the_text_missed_and_putting_them_in_the_persons_order(qtbot, harms):
    wizard, page = harms
    first = next(iter(page.cards))
    press(qtbot, page.cards[first].confirm)
    # Two harms the classifier did not suggest for this account (the person knows better).
    missed = [fid for fid in ("fragmentation.6", "bureaucracy.5", "stigma.3", "lack-of-support.7")
              if fid not in page.cards][:2]
    a, b = missed
    for fid in (a, b):
        choose_data(qtbot, page.add_combo, fid)
        press(qtbot, page.add_button)
    assert page.priorities() == [first, a, b]
    assert next(f for f in wizard.case.findings if f.id == b).status == "added"
    page.order.setFocus()
    page.order.setCurrentRow(2)
    qtbot.keyClick(page.order, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.order, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert page.priorities() == [b, first, a]
    assert page.order.item(0).text().startswith("1. ")
    assert [f.priority for f in wizard.case.findings if f.id == b] == [1]
    press(qtbot, page.down_button)
    assert page.priorities() == [first, b, a]


def test_suggested_quotes_end_at_the_end_of_the_persons_phrase(qtbot):
    """'support hours had been cut from' is read back as '... cut from 15 to 6 a week'."""
    from .wizard_helpers import open_at, sample_case

    case = sample_case("council-complaint-unsatisfied")
    case.findings = []
    wizard, _ = open_at(qtbot, case, "harms")
    quotes = [e.text for f in wizard.case.findings for e in f.evidence]
    assert quotes
    assert not any(q.endswith(" cut from") or q.endswith(" the decision") for q in quotes), quotes
    assert any(q.endswith("15 to 6 a week") for q in quotes), quotes
    for f in wizard.case.findings:
        for e in f.evidence:
            assert wizard.case.account[e.start:e.end] == e.text


def _harms_step(qtbot):  # noqa: ANN001, ANN202
    """The sexual-misconduct case open at the harms step, with its suggestions read."""
    from .wizard_helpers import open_at, sample_case

    return open_at(qtbot, sample_case("sexual-misconduct"), "harms")


def test_an_added_harm_can_carry_the_persons_words_picked_from_the_account(qtbot):
    from .wizard_helpers import press

    wizard, page = _harms_step(qtbot)
    # A harm the team leader's answer shows that is not on the page yet (suggested or recorded).
    added = next(f for f in ("frontline-practice.1", "oppressive-culture.12", "oppressive-culture.2",
                             "frontline-practice.2") if f not in page.cards)
    page.add_finding(added)
    card = page.cards[added]
    assert card.words is not None and not card.quote.isEnabled()
    qtbot.waitUntil(card.words.toggle.isVisible)
    press(qtbot, card.words.toggle)
    assert card.words.account.isVisible() and card.words.account.isReadOnly()
    # Select "she said I must have misunderstood" with the keyboard, as the advocate would.
    account = wizard.case.account
    start = account.index("she said I must have misunderstood")
    cursor = card.words.account.textCursor()
    cursor.setPosition(start)
    card.words.account.setTextCursor(cursor)
    card.words.account.setFocus()
    for _ in range(len("she said I must have misunderstood")):
        qtbot.keyClick(card.words.account, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    from .wizard_helpers import screenshot
    qtbot.wait(150)     # let the shown account be laid out before the picture
    page.scroll.ensureWidgetVisible(card.words.use)
    screenshot(wizard, "03-harms-added-harm-choosing-words")
    press(qtbot, card.words.use)
    finding = next(f for f in wizard.case.findings if f.id == added)
    assert [e.text for e in finding.evidence] == ["she said I must have misunderstood"]
    assert account[finding.evidence[0].start:finding.evidence[0].end] == finding.evidence[0].text
    # Quoting them still waits for the person's agreement.
    assert finding.quote is False
    card = page.cards[added]
    qtbot.waitUntil(card.quote.isVisible)
    assert card.quote.isEnabled() and "agrees" in card.quote.text()
    press(qtbot, card.quote)
    assert finding.quote is True


def test_the_misconduct_heading_tells_a_screen_reader_the_whole_source(qtbot):
    from PySide6.QtWidgets import QLabel

    wizard, page = _harms_step(qtbot)
    headings = [w for w in page.cards_box.findChildren(QLabel) if w.property("heading") == 2]
    names = [h.accessibleName() for h in headings if "misconduct" in h.text().lower()]
    assert names, [h.text() for h in headings]
    assert "threatened, deceived or betrayed" in names[0]


def test_while_the_suggestions_are_first_prepared_the_step_says_so(qtbot, monkeypatch):
    """After an install or update the lexicon is compiled first: the status says why it takes a while, then clears."""
    import threading

    from advocate_app import first_use
    from advocate_app.gui.wizard import core

    ready = threading.Event()
    classify = core.classify

    def compiling_first(text):  # noqa: ANN001, ANN202 - the build the message is about, held until checked
        ready.wait(30)
        return classify(text)

    monkeypatch.setattr(first_use, "preparing", lambda: not ready.is_set())
    monkeypatch.setattr(core, "classify", compiling_first)
    account = sample_case("records").account
    wizard = make_wizard(qtbot, Case(account=account, extra={"wizard_step": "harms"}))
    page = wizard.page("harms")
    assert page.status.text() == first_use.MESSAGE
    ready.set()
    qtbot.waitUntil(lambda: page._classified_text == account and not page._reading, timeout=60_000)
    assert page.status.text() != first_use.MESSAGE and page.cards
