"""Custom item roles shared by the comparison model, its delegate and tests."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt


class Role(IntEnum):
    STUDY_ID = Qt.ItemDataRole.UserRole + 1
    FIELD_KEY = Qt.ItemDataRole.UserRole + 2
    STATUS = Qt.ItemDataRole.UserRole + 3  # a domain.comparison.FieldStatus
    EVIDENCE_COUNT = Qt.ItemDataRole.UserRole + 4
    SEARCH_MATCH = Qt.ItemDataRole.UserRole + 5  # bool: the search text is in this cell
    CLAIMS = Qt.ItemDataRole.UserRole + 6  # list[str]: one line per claim
    UNVERIFIED = Qt.ItemDataRole.UserRole + 7  # int: quotes not found verbatim (fuzzy or orphaned)
    STATUS_LINE = Qt.ItemDataRole.UserRole + 8  # str: the line above the value ("3 quotes", "NOT REPORTED"...)
