"""Help > About: the app's version and the research its model of harm comes from.

Why: the harm model is survivor-controlled research published under CC BY 4.0;
the licence asks for attribution, and advocates should be able to cite it.
The citation comes from the harm model data; the fallback below is only used
if that data cannot be loaded, so About always opens.
"""
from __future__ import annotations

import html
import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from advocate_app import __version__
from advocate_app.gui.theme import Heading, fit_to_text

log = logging.getLogger(__name__)

FALLBACK_CITATION = (
    "Carr, S., Hudson, G., Coldham, T., Amson, N., Lawson, J., Hodges, K., Gould, D., Watts, J., "
    "Lomani, J. and Sweeney, A. (2025) 'A broken system'? Service user definitions of avoidable "
    "social and psychological harm in mental health social care and recommendations for its "
    "minimization in England, British Journal of Social Work. https://doi.org/10.1093/bjsw/bcaf094"
)
FALLBACK_LICENCE = "CC BY 4.0"
FALLBACK_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Attribution:
    citation: str
    licence: str
    licence_url: str
    changes: str = ""


def attribution() -> Attribution:
    """The citation and licence from the harm model data, or the built-in one if it cannot be read."""
    fallback = Attribution(FALLBACK_CITATION, FALLBACK_LICENCE, FALLBACK_LICENCE_URL)
    try:
        from advocate_app.model.harm_model import load_harm_model

        citation = load_harm_model().citation
    except Exception as error:  # noqa: BLE001 - About must open whatever happens
        log.warning("harm model citation unavailable (%s); using the built-in one", type(error).__name__)
        return fallback
    text = str(getattr(citation, "text", "") or "").strip()
    if "10.1093/bjsw/bcaf094" not in text:
        return fallback
    return Attribution(text, str(getattr(citation, "licence", "") or FALLBACK_LICENCE),
                       str(getattr(citation, "licence_url", "") or FALLBACK_LICENCE_URL),
                       str(getattr(citation, "changes", "") or ""))


def about_text() -> str:
    a = attribution()
    changes = f"<p>{html.escape(a.changes)}</p>" if a.changes else ""
    return (
        f"<p>Advocate, version {html.escape(__version__)}.</p>"
        "<p>Offline help for independent advocates supporting adults who use mental health "
        "social care to raise concerns and complaints about harm. Everything stays on this "
        "computer, encrypted.</p>"
        "<p><b>The model of harm</b> (the seven sources of avoidable social and psychological "
        "harm, their factors and the recommendations) comes from survivor-controlled research:</p>"
        f"<p>{html.escape(a.citation)}</p>"
        f"<p>Licence: {html.escape(a.licence)} ({html.escape(a.licence_url)}).</p>"
        f"{changes}"
        "<p>Nothing the app suggests is legal advice. The advocate and the person "
        "always have the last word.</p>"
    )


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Advocate")
        self.setAccessibleName("About Advocate")
        heading = Heading("About Advocate")
        self.body = QLabel(about_text())
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                          | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAccessibleName("About this app and the research behind it")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        buttons.rejected.connect(self.reject)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.body)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(buttons)
        width = self.fontMetrics().averageCharWidth() * 72
        screen_height = self.screen().availableGeometry().height() if self.screen() else 2000
        self.scroll.setMinimumHeight(min(self.body.heightForWidth(width), int(screen_height * 0.6)))
        fit_to_text(self, chars=76)

    def plain_text(self) -> str:
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.body.text())
        return doc.toPlainText()
