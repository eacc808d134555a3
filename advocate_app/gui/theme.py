"""The app's look: text size on top of the system's, and a high-contrast theme.

Why: advocates and the people beside them may need bigger text or stronger
contrast. Sizes are always relative to the system font (never fixed pixels),
so a system-wide text size change reaches every window; the high-contrast
theme is a full palette plus visible borders, a thick focus outline that
does not change a control's size, and check marks drawn as shapes, so it
does not rely on colour alone.
"""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QWidget

_BASE_FONT = "advocate_base_font"
_BASE_STYLE = "advocate_base_style"
_BASE_PALETTE = "advocate_base_palette"
_app_style: object | None = None  # the AppStyle in use, if any (advocate_app.gui.style)

def _remember_system_look(app: QApplication) -> None:
    """Keep the system font; the system's style and palette are kept only when first replaced.

    (Reading them at start-up would build the Qt and QStyle enum tables, which costs
    more start-up time than the rest of the unlock window.)
    """
    if app.property(_BASE_FONT) is None:
        app.setProperty(_BASE_FONT, QFont(app.font()))


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
    global _app_style
    # Our style adds Python calls to every layout, so it is used only when it changes something
    # (start-up time): in high contrast, or when the text is too big for the style's tick boxes.
    if high_contrast or _indicators_too_small(font):
        from advocate_app.gui.style import AppStyle

        if app.property(_BASE_STYLE) is None:
            app.setProperty(_BASE_STYLE, app.style().name())
        _app_style = AppStyle(app.property(_BASE_STYLE), high_contrast)  # the app owns it; we keep it alive
        app.setStyle(_app_style)
    elif _app_style is not None:
        _app_style = None
        app.setStyle(app.property(_BASE_STYLE))
    if high_contrast:
        from advocate_app.gui.style import high_contrast_palette, high_contrast_sheet

        if app.property(_BASE_PALETTE) is None:
            app.setProperty(_BASE_PALETTE, app.palette())
        app.setPalette(high_contrast_palette())
        app.setStyleSheet(high_contrast_sheet())
    elif app.property(_BASE_PALETTE) is not None:  # leaving high contrast
        app.setStyleSheet("")
        app.setPalette(app.property(_BASE_PALETTE))
    app.setProperty("advocate_high_contrast", high_contrast)


def _indicators_too_small(font: QFont) -> bool:
    """Text taller than about 20 pixels outgrows the usual 13 to 16 pixel tick box.

    (A fixed guess rather than asking the style: that would build QStyle's large
    enums before the first window, which costs more start-up time than it saves.)
    """
    return QFontMetrics(font).height() > 20


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
