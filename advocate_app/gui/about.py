"""Help > About: the app's version and the research its model of harm comes from.

Why: the harm model is survivor-controlled research published under CC BY 4.0;
the licence asks for attribution, and advocates should be able to cite it.
The citation comes from the harm model data; the fallback below is only used
if that data cannot be loaded, so About always opens.
"""
from __future__ import annotations

import html
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from advocate_app import __version__
from advocate_app.gui.theme import Heading

log = logging.getLogger(__name__)

FALLBACK_CITATION = (
    "Carr, S., Hudson, G., Coldham, T., et al. (2025). 'A broken system'? Service user definitions "
    "of avoidable social and psychological harm in mental health social care and recommendations "
    "for its minimization in England. British Journal of Social Work. doi:10.1093/bjsw/bcaf094"
)
LICENCE = "CC BY 4.0 (Creative Commons Attribution 4.0 International)"


def harm_model_citation() -> str:
    """The citation from the harm model data, or the fallback if it cannot be read."""
    try:
        from advocate_app.model.harm_model import load_harm_model

        citation = getattr(load_harm_model(), "citation", None)
    except Exception as error:  # noqa: BLE001 - About must open whatever happens
        log.warning("harm model citation unavailable (%s); using the built-in one", type(error).__name__)
        return FALLBACK_CITATION
    text = str(citation).strip() if citation else ""
    if "10.1093/bjsw/bcaf094" not in text:
        return FALLBACK_CITATION if not text else f"{text} doi:10.1093/bjsw/bcaf094"
    return text


def about_text() -> str:
    return (
        f"<p>Advocate, version {html.escape(__version__)}.</p>"
        "<p>Offline help for independent advocates supporting adults who use mental health "
        "social care to raise concerns and complaints about harm. Everything stays on this "
        "computer, encrypted.</p>"
        "<p><b>The model of harm</b> (the seven sources of avoidable social and psychological "
        "harm, their factors and the recommendations) comes from survivor-controlled research:</p>"
        f"<p>{html.escape(harm_model_citation())}</p>"
        f"<p>That paper is published under the licence {html.escape(LICENCE)}. "
        "The app rewords some labels in plain English; the ideas are the authors'.</p>"
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
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.body)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())

    def plain_text(self) -> str:
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.body.text())
        return doc.toPlainText()
