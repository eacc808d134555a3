"""A live preview of the real PDF, held only in memory.

Why: what the advocate sees must be exactly what will be printed or sent, so
the preview shows the PDF the documents package produced, loaded from a
QBuffer (no temporary file: a letter is personal data).
"""
from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PdfPreview(QWidget):
    """Shows PDF bytes; `set_pdf(b"")` clears it. Keeps the bytes for printing and export."""

    def __init__(self, accessible_name: str = "Preview of the letter", parent: QWidget | None = None,
                 whole_page: bool = False) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView if whole_page else QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName(accessible_name)
        self.view.setAccessibleDescription(
            "A picture of the PDF exactly as it will print. The words are in the editor beside it.")
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.state = QLabel("")
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Preview status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addWidget(self.view, 1)
        self._buffer: QBuffer | None = None
        self._bytes = b""

    @property
    def pdf_bytes(self) -> bytes:
        return self._bytes

    def page_count(self) -> int:
        return self.document.pageCount()

    def set_state(self, text: str) -> None:
        self.state.setText(text)

    def set_pdf(self, data: bytes) -> bool:
        """Load new PDF bytes; True when the PDF could be read."""
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        self._bytes = data or b""
        if not data:
            return False
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.document.load(buffer)
        return self.document.status() == QPdfDocument.Status.Ready and self.document.pageCount() > 0

    def render_page(self, index: int, width: int) -> QImage:
        """One page as an image `width` pixels wide (for screenshots and tests)."""
        size = self.document.pagePointSize(index)
        height = int(width * size.height() / size.width()) if size.width() else width
        return self.document.render(index, QSize(width, height))
