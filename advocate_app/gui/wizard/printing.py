"""Print a PDF through the platform's print dialog, page by page as images.

Why images: QtPdf renders pages exactly as the PDF will look; painting those
onto the printer keeps what prints identical to the preview, on any platform,
without a PDF-aware printer driver. Rendering the pages is the slow part, so
`render_pages` is safe to run on a worker thread; only the painting onto the
printer happens on the GUI thread.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from advocate_app.errors import UserError

DPI = 200
NOT_PRINTABLE = ("This document could not be prepared for printing. Nothing has been lost; "
                 "please try exporting it as a PDF instead.")


def _ask_with_dialog(printer: QPrinter, parent: QWidget | None) -> bool:
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    return dialog.exec() == QDialog.DialogCode.Accepted


# Tests replace this to stand in for the modal dialog (and point the printer at a file).
ask_printer: Callable[[QPrinter, QWidget | None], bool] = _ask_with_dialog


def new_printer(job_name: str = "") -> QPrinter:
    """A printer whose job is named `job_name` in the print queue (route and reference: never a
    person's name, because print queues are often shared and logged)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if job_name:
        printer.setDocName(job_name)
    return printer


def render_pages(data: bytes, dpi: int = DPI) -> list[QImage]:
    """Every page of the PDF as an image at `dpi` (runs on any thread)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument()
    try:
        doc.load(buffer)
        if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() == 0:
            raise UserError(NOT_PRINTABLE)
        pages = []
        for index in range(doc.pageCount()):
            points = doc.pagePointSize(index)
            size = QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
            pages.append(doc.render(index, size))
        return pages
    finally:
        doc.close()
        buffer.close()


def paint_pages(pages: list[QImage], printer: QPrinter) -> int:
    """Paint page images onto the printer, each scaled to the printable area."""
    if not pages:
        raise UserError(NOT_PRINTABLE)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("The printer could not be started. Please check it is switched on and try again.")
    try:
        for index, image in enumerate(pages):
            if index:
                printer.newPage()
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
    finally:
        painter.end()
    return len(pages)


def paint_pdf(data: bytes, printer: QPrinter) -> int:
    """Render and paint in one go (for callers that are not a window)."""
    return paint_pages(render_pages(data), printer)
