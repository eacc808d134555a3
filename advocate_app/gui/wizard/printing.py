"""Print a PDF through the platform's print dialog, page by page as images.

Why images: QtPdf renders pages exactly as the PDF will look; painting those
onto the printer keeps what prints identical to the preview, on any platform,
without a PDF-aware printer driver.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from advocate_app.errors import UserError

DPI = 200


def _ask_with_dialog(printer: QPrinter, parent: QWidget | None) -> bool:
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    return dialog.exec() == QDialog.DialogCode.Accepted


# Tests replace this to stand in for the modal dialog (and point the printer at a file).
ask_printer: Callable[[QPrinter, QWidget | None], bool] = _ask_with_dialog


def print_pdf(data: bytes, parent: QWidget | None = None) -> bool:
    """Show the print dialog and print `data`; False if the user cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if not ask_printer(printer, parent):
        return False
    paint_pdf(data, printer)
    return True


def paint_pdf(data: bytes, printer: QPrinter) -> int:
    """Paint every page of `data` onto `printer`; returns the number of pages."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument()
    doc.load(buffer)
    if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() == 0:
        raise UserError("This document could not be prepared for printing. Nothing has been lost; "
                        "please try exporting it as a PDF instead.")
    count = doc.pageCount()
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("The printer could not be started. Please check it is switched on and try again.")
    try:
        for index in range(count):
            if index:
                printer.newPage()
            points = doc.pagePointSize(index)
            size = QSize(int(points.width() / 72 * DPI), int(points.height() / 72 * DPI))
            image = doc.render(index, size)
            target = painter.viewport()
            scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
    finally:
        painter.end()
        doc.close()
        buffer.close()
    return count
