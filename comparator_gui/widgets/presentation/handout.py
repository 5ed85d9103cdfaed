"""The slides as a PDF handout: one slide per page, 16:9, for teaching
without the app.

Each page is the presentation window drawn at 1920x1080 (the slides fitted as
on a full-HD projector) straight into the PDF, so its text stays text (a
reader can search and copy it) rather than a picture of text. The same
library, choices and ``SOURCE_DATE_EPOCH`` give the same bytes.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPoint, QSizeF, Qt, QUuid
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication

from ...domain.library import Library
from ...export import export_time
from ...export.files import atomic_write_bytes
from ...export.pdf import stamp_dates
from ...settings import PresentationSettings
from .render import _application, presented
from .window import PresentationWindow

__all__ = ["HANDOUT_SIZE", "handout_bytes", "write_handout"]

#: The screen the slides are fitted to: 16:9, as the page is.
HANDOUT_SIZE = (1920, 1080)
#: The page: 254 x 142.875 mm (10 x 5.625 in), 16:9.
PAGE_MM = (254.0, 142.875)


def handout_bytes(
    library: Library,
    study_ids: Sequence[str] | None = None,
    field_keys: Sequence[str] | None = None,
    settings: PresentationSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
    fitting: Callable[[int, int], None] | None = None,
) -> bytes:
    """The handout of ``library``'s slides (all studies and the presenter's fields by default).

    ``fitting(slide, slides)`` is told as the slides are fitted to the page (most
    of the time for many studies), ``progress(page, pages)`` as the pages are
    drawn; either may raise to stop the handout (nothing is written then)."""
    app = _application()
    settings, studies, fields = presented(library, study_ids, field_keys, settings)
    window = PresentationWindow(library, studies, fields, settings)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(96)  # one device pixel per screen pixel at 1920 wide: the slide fills the page
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(*PAGE_MM), QPageSize.Unit.Millimeter, "16:9"),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(f"{library.name}: slides")
    writer.setCreator("Study Comparator")
    seed = hashlib.sha256(repr((library.name, studies, fields)).encode()).hexdigest()
    writer.setDocumentId(QUuid(str(uuid.uuid5(uuid.NAMESPACE_URL, seed))))
    painter = QPainter()
    try:
        window.resize(*HANDOUT_SIZE)
        # Fitted here, not in the resize event that showing sends, so that
        # ``fitting`` is told and may stop it.
        window.fit_progress = fitting
        count = window.slide_count
        window.fit_progress = None
        window.show()
        app.processEvents()
        painter.begin(writer)
        scale = writer.width() / HANDOUT_SIZE[0]
        painter.scale(scale, scale)
        for index in range(count):
            if progress is not None:
                progress(index, count)
            if index:
                writer.newPage()
            window.go_to(index)
            QApplication.processEvents()
            window.render(painter, QPoint(0, 0))
        if progress is not None:
            progress(count, count)
    finally:
        if painter.isActive():
            painter.end()
        window.close()
        window.deleteLater()
    return stamp_dates(bytes(buffer.data().data()), export_time())


def write_handout(library: Library, output: Path, **options: object) -> Path:
    """``handout_bytes`` written atomically to ``output``; ``options`` as ``handout_bytes`` takes them."""
    atomic_write_bytes(Path(output), handout_bytes(library, **options))  # type: ignore[arg-type]
    return Path(output)
