"""The high-contrast theme and the style that keeps tick boxes visible and in proportion.

Why a module of its own: building QStyle's enums and this Python style costs
start-up time, so it is imported only when it is used (high contrast, or
text larger than the style's tick boxes). See theme.apply_look.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

HIGH_CONTRAST_SHEET = """
QPushButton, QToolButton, QLineEdit, QSpinBox, QComboBox, QPlainTextEdit, QTextEdit,
QTableView, QListView, QTreeView, QProgressBar, QFrame#messageBar, QFrame#warningBox {
    border: 1px solid #ffffff;
    margin: 2px;
}
QPushButton { padding: 0.3em 0.8em; }
QCheckBox, QRadioButton { border: 3px solid #000000; }
QPushButton:focus, QToolButton:focus, QLineEdit:focus, QSpinBox:focus, QComboBox:focus,
QPlainTextEdit:focus, QTextEdit:focus, QTableView:focus, QListView:focus, QTreeView:focus {
    border: 3px solid #ffff00;
    margin: 0px;
}
QCheckBox:focus, QRadioButton:focus { border-color: #ffff00; }
QPushButton:disabled { color: #b0b0b0; border: 1px dashed #b0b0b0; }
QHeaderView::section { background: #000000; color: #ffffff; border: 1px solid #ffffff; padding: 0.2em; }
QProgressBar::chunk { background: #ffff00; }
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {
    subcontrol-origin: border; width: 1.4em; border-left: 1px solid #ffffff; background: #000000;
}
QAbstractSpinBox::up-button { subcontrol-position: top right; }
QAbstractSpinBox::down-button { subcontrol-position: bottom right; }
QAbstractSpinBox::up-arrow { image: url("@UP@"); width: 0.7em; height: 0.7em; }
QAbstractSpinBox::down-arrow { image: url("@DOWN@"); width: 0.7em; height: 0.7em; }
QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::down-arrow:disabled { image: none; }
"""

_ARROW_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
              '<polygon points="{points}" fill="#ffffff"/></svg>')


def _arrow_files() -> tuple[str, str]:
    """White triangles for spin boxes: once a style sheet styles a spin box, Qt draws no arrows itself."""
    from advocate_app import paths

    folder = paths.cache_dir() / "theme"
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, points in (("up", "1,8 9,8 5,2"), ("down", "1,2 9,2 5,8")):
        path = folder / f"arrow-{name}.svg"
        text = _ARROW_SVG.format(points=points)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        out.append(path.as_posix())
    return out[0], out[1]


def high_contrast_sheet() -> str:
    try:
        up, down = _arrow_files()
    except OSError:
        return HIGH_CONTRAST_SHEET.replace('url("@UP@")', "none").replace('url("@DOWN@")', "none")
    return HIGH_CONTRAST_SHEET.replace("@UP@", up).replace("@DOWN@", down)


class AppStyle(QProxyStyle):
    """The platform's style (Fusion in high contrast) with two accessibility changes.

    Check boxes and radio buttons grow with the text, so a 150% text size does
    not leave a tiny box beside big words. In high contrast they are drawn as
    white outlines with bold marks: on black, Fusion draws their outline in a
    darker shade of the window colour (black too), so an unticked box vanished.
    """

    INDICATORS = (QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_IndicatorHeight,
                  QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, QStyle.PixelMetric.PM_ExclusiveIndicatorHeight)

    def __init__(self, base: str, high_contrast: bool) -> None:
        super().__init__(QStyleFactory.create("Fusion" if high_contrast else base))
        self.high_contrast = high_contrast

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,  # noqa: N802
                    widget: QWidget | None = None) -> int:
        value = super().pixelMetric(metric, option, widget)
        if metric in self.INDICATORS:
            text_height = QFontMetrics(widget.font() if widget is not None else QApplication.font()).height()
            return max(value, round(text_height * 0.8))
        return value

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,  # noqa: N802
                      painter: QPainter, widget: QWidget | None = None) -> None:
        PE = QStyle.PrimitiveElement
        if not self.high_contrast or element not in (
                PE.PE_IndicatorCheckBox, PE.PE_IndicatorItemViewItemCheck, PE.PE_IndicatorRadioButton):
            super().drawPrimitive(element, option, painter, widget)
            return
        state = option.state
        colour = option.palette.color(QPalette.ColorGroup.Normal if state & QStyle.StateFlag.State_Enabled
                                      else QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        rect = QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5)
        side = min(rect.width(), rect.height())
        rect = QRectF(rect.center().x() - side / 2, rect.center().y() - side / 2, side, side)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, max(1.2, side / 10)))
        painter.setBrush(option.palette.color(QPalette.ColorRole.Base))
        if element == PE.PE_IndicatorRadioButton:
            painter.drawEllipse(rect)
            if state & QStyle.StateFlag.State_On:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                inset = side * 0.3
                painter.drawEllipse(rect.adjusted(inset, inset, -inset, -inset))
        else:
            painter.drawRect(rect)
            mark = QPen(colour, max(2.0, side / 6), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin)
            painter.setPen(mark)
            x, y = rect.x(), rect.y()
            if state & QStyle.StateFlag.State_On:
                painter.drawPolyline([QPointF(x + side * 0.22, y + side * 0.52), QPointF(x + side * 0.42, y + side * 0.74),
                                      QPointF(x + side * 0.8, y + side * 0.26)])
            elif state & QStyle.StateFlag.State_NoChange:
                painter.drawLine(QPointF(x + side * 0.25, y + side / 2), QPointF(x + side * 0.75, y + side / 2))
        painter.restore()


_app_style: AppStyle | None = None


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


