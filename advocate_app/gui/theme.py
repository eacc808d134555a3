"""The app's look: text size on top of the system's, and a high-contrast theme.

Why: advocates and the people beside them may need bigger text or stronger
contrast. Sizes are always relative to the system font (never fixed pixels),
so a system-wide text size change reaches every window; the high-contrast
theme is a full palette plus visible borders and a thick focus outline, so
it does not rely on colour alone.
"""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

_BASE_FONT = "advocate_base_font"
_BASE_STYLE = "advocate_base_style"
_BASE_PALETTE = "advocate_base_palette"

HIGH_CONTRAST_SHEET = """
QPushButton, QToolButton, QLineEdit, QSpinBox, QComboBox, QPlainTextEdit, QTextEdit,
QTableView, QListView, QTreeView, QCheckBox::indicator, QRadioButton::indicator,
QProgressBar, QFrame#messageBar, QFrame#warningBox {
    border: 1px solid #ffffff;
}
QPushButton { padding: 0.3em 0.8em; }
QPushButton:focus, QToolButton:focus, QLineEdit:focus, QSpinBox:focus, QComboBox:focus,
QPlainTextEdit:focus, QTextEdit:focus, QTableView:focus, QListView:focus, QTreeView:focus,
QCheckBox:focus, QRadioButton:focus {
    border: 3px solid #ffff00;
}
QCheckBox:focus, QRadioButton:focus { padding: 2px; }
QPushButton:disabled { color: #b0b0b0; border: 1px dashed #b0b0b0; }
QHeaderView::section { background: #000000; color: #ffffff; border: 1px solid #ffffff; padding: 0.2em; }
QProgressBar::chunk { background: #ffff00; }
"""


def high_contrast_palette() -> QPalette:
    """White and yellow on black; disabled text stays readable (grey, not faint)."""
    black, white, yellow, cyan = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00"), QColor("#00ffff")
    grey = QColor("#b0b0b0")
    p = QPalette()
    R = QPalette.ColorRole
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
        disabled = group == QPalette.ColorGroup.Disabled
        text = grey if disabled else white
        for role, colour in (
            (R.Window, black), (R.WindowText, text), (R.Base, black), (R.AlternateBase, QColor("#1a1a1a")),
            (R.Text, text), (R.Button, black), (R.ButtonText, text), (R.BrightText, yellow),
            (R.Highlight, grey if disabled else yellow), (R.HighlightedText, black),
            (R.ToolTipBase, black), (R.ToolTipText, white), (R.PlaceholderText, grey),
            (R.Link, cyan), (R.LinkVisited, cyan), (R.Light, white), (R.Midlight, white),
            (R.Mid, grey), (R.Dark, white), (R.Shadow, white),
        ):
            p.setColor(group, role, colour)
    return p


def _remember_system_look(app: QApplication) -> None:
    if app.property(_BASE_FONT) is None:
        app.setProperty(_BASE_FONT, QFont(app.font()))
        app.setProperty(_BASE_STYLE, app.style().name())
        app.setProperty(_BASE_PALETTE, QPalette(app.palette()))


def forget_system_look(app: QApplication) -> None:
    """Take the current look as the system's next time (tests that change the system font)."""
    for name in (_BASE_FONT, _BASE_STYLE, _BASE_PALETTE, "advocate_high_contrast"):
        app.setProperty(name, None)


def apply_look(app: QApplication, *, font_scale_percent: int = 100, high_contrast: bool = False) -> None:
    """Scale the system font and switch the theme; every open window follows."""
    _remember_system_look(app)
    base: QFont = app.property(_BASE_FONT)
    font = QFont(base)
    size = base.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * font_scale_percent / 100)
    app.setFont(font)
    if high_contrast:
        app.setStyle("Fusion")
        app.setPalette(high_contrast_palette())
        app.setStyleSheet(HIGH_CONTRAST_SHEET)
    else:
        app.setStyleSheet("")
        app.setStyle(app.property(_BASE_STYLE))
        app.setPalette(app.property(_BASE_PALETTE))
    app.setProperty("advocate_high_contrast", high_contrast)


def is_high_contrast(app: QApplication | None = None) -> bool:
    app = app or QApplication.instance()
    return bool(app and app.property("advocate_high_contrast"))


class Heading(QLabel):
    """A heading that stays `scale` times the application font, whatever that becomes."""

    def __init__(self, text: str, scale: float = 1.4, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._scale = scale
        self.setWordWrap(True)
        self._resize_font()
        # A child with its own font size is not told when the application font changes; this is.
        QApplication.instance().fontChanged.connect(self._resize_font)

    def _resize_font(self, *_: object) -> None:
        font = QFont(QApplication.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * self._scale)
        else:
            font.setPixelSize(round(font.pixelSize() * self._scale))
        font.setBold(True)
        self.setFont(font)



def fit_to_text(window: QWidget, chars: int = 60) -> None:
    """Size a dialog to about `chars` characters wide and tall enough for its wrapped text.

    Why: wrapped labels need a width before they know their height; without
    this a dialog opens clipped, worst of all at large text sizes.
    """
    screen = window.screen().availableGeometry() if window.screen() else None
    width = window.fontMetrics().averageCharWidth() * chars
    if screen is not None:
        width = min(width, int(screen.width() * 0.9))
    width = max(width, window.minimumSizeHint().width())
    layout = window.layout()
    height = window.sizeHint().height()
    if layout is not None and layout.hasHeightForWidth():
        height = max(height, layout.totalHeightForWidth(width))
    if screen is not None:
        height = min(height, int(screen.height() * 0.9))
    window.resize(width, height)


def grow_to_fit(window: QWidget) -> None:
    """Make a visible dialog taller if its wrapped text now needs more room (never shrinks it)."""
    layout = window.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    needed = layout.totalHeightForWidth(window.width())
    if needed > window.height():
        window.resize(window.width(), needed)
