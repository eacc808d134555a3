"""The routes step as a decision: chosen and recommended first, alternatives side by side, the rest folded."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QGroupBox

from advocate_app.model.case import Finding, Incident

from .wizard_helpers import WIZARD_SHOTS, make_wizard, press, sample_case, wait_idle

pytestmark = pytest.mark.timeout(120)


def routes_step(qtbot, name="late-complaint", size=(1280, 900), case=None):  # noqa: ANN001, ANN201
    case = case or sample_case(name)
    case.extra["wizard_reached"] = "finish"
    wizard = make_wizard(qtbot, case, size=size)
    wizard.go_to([p.key for p in wizard.pages].index("routes"))
    wait_idle(qtbot, wizard)
    qtbot.wait(100)
    return wizard, wizard.current_page


def visible_cards(page):  # noqa: ANN001, ANN201
    return [rid for rid, card in page.cards.items() if card.isVisible()]


def test_chosen_and_recommended_come_first_and_the_rest_is_folded(qtbot):
    wizard, page = routes_step(qtbot)
    chosen = wizard.case.chosen_routes
    recommended = [r.id for r in page.plan.routes if r.strength == "recommended"]
    shown = visible_cards(page)
    # What the person chose is at the top, in view without opening anything.
    assert shown[:1] and shown[0] in chosen
    assert set(chosen) <= set(shown)
    assert set(recommended) <= set(shown)
    folded = [rid for rid in page.cards if rid not in shown]
    assert folded, "every route is open: nothing is folded under 'Other routes you could consider'"
    assert page.other_toggle is not None
    assert page.other_toggle.text().startswith("Other routes you could consider")
    # Opening the fold by keyboard shows them, and Tab then reaches them.
    press(qtbot, page.other_toggle)
    assert set(folded) <= set(visible_cards(page))
    assert "hide" in page.other_toggle.accessibleName()


def _council_and_nhs_case():  # noqa: ANN202
    """late-complaint, where the council's part (no support after discharge) is recorded too."""
    case = sample_case("late-complaint")
    council = case.organisations[1].name
    case.timeline.append(Incident(what="No social care support arranged after discharge", date_text="March 2026",
                                  organisation=council))
    case.findings.append(Finding("fragmentation.5", "confirmed", organisation=council))
    return case


def test_a_separate_and_a_joint_complaint_are_shown_as_alternatives(qtbot):
    wizard, page = routes_step(qtbot, case=_council_and_nhs_case())
    joint = page.cards["complaint-joint"]
    group = joint.parentWidget()
    assert isinstance(group, QGroupBox), "the joint complaint is not grouped with the separate complaints"
    together = [rid for rid, card in page.cards.items() if card.parentWidget() is group]
    assert {"complaint-council", "complaint-nhs", "complaint-joint"} <= set(together)
    assert "joint complaint" in group.title()
    assert joint.isVisible()


def test_each_card_says_why_in_one_line_and_opens_its_detail_on_request(qtbot):
    wizard, page = routes_step(qtbot)
    for rid in visible_cards(page):
        card = page.cards[rid]
        route = page.plan.route(rid)
        assert card.why.text() and card.why.text().count(". ") == 0, card.why.text()
        assert len(card.why.text()) < len(route.reason) or route.reason.count(". ") == 0
        assert not card.details.isVisible()
    card = page.cards[visible_cards(page)[0]]
    press(qtbot, card.more)
    assert card.details.isVisible()
    assert "Time limits" in card.details.text() or "The law" in card.details.text()
    press(qtbot, card.more)
    assert not card.details.isVisible()


@pytest.mark.parametrize("scale", [100, 150])
def test_routes_step_screenshots_after(qtbot, qapp, scale):
    font = qapp.font()
    font.setPointSizeF(font.pointSizeF() * scale / 100)
    qapp.setFont(font)
    wizard, page = routes_step(qtbot)
    QApplication.processEvents()
    WIZARD_SHOTS.mkdir(parents=True, exist_ok=True)
    assert wizard.grab().save(str(WIZARD_SHOTS / f"routes-after-{scale}.png"))
    body = page.scroll.widget()
    assert body.grab().save(str(WIZARD_SHOTS / f"routes-after-{scale}-whole-page.png"))
    # The decision is shorter to read than the full list was: some cards stay folded.
    assert len(visible_cards(page)) < len(page.cards)
    page.other_toggle.setChecked(True)
    next(iter(page.cards.values())).more.setChecked(True)
    qtbot.wait(100)
    assert body.grab().save(str(WIZARD_SHOTS / f"routes-after-{scale}-opened-whole-page.png"))
