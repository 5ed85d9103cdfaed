"""The source pane's colours and labels: distinct, readable, never cut mid-label."""

from __future__ import annotations

from PySide6.QtGui import QColor

from comparator_gui.qt.field_colours import _TINTS, STRONG, STRONG_TEXT, field_tint


def _lum(c: QColor) -> float:
    def ch(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())


def _contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((_lum(a), _lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_field_tints_keep_black_text_readable_and_differ_from_each_other() -> None:
    tints = [field_tint(i) for i in range(len(_TINTS))]
    for tint in [*tints, STRONG]:
        assert _contrast(STRONG_TEXT, tint) >= 7, tint.name()
    for i, a in enumerate(tints):
        for b in tints[i + 1 :]:
            # Hue apart, or clearly lighter/darker: never two near-identical pastels.
            hue_gap = min(abs(a.hslHue() - b.hslHue()), 360 - abs(a.hslHue() - b.hslHue()))
            assert hue_gap >= 20 or a.hslHue() < 0 or b.hslHue() < 0, (a.name(), b.name())


def test_highlights_follow_a_quote_replaced_in_place(qtbot, seed_copy, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The pane keeps each source's quote positions until the quotes change;
    replacing one quote keeps the list's length, and must still be seen."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from comparator_gui.domain.anchoring import make_evidence
    from comparator_gui.widgets.main_window import MainWindow

    window = MainWindow(persist=False)
    window.resize(1280, 800)
    window.show()
    try:
        library = window.load_library_now(seed_copy)
        window.select_cell("mayo-adsc-sci", "dose")
        (ref,) = library.evidence_for("mayo-adsc-sci", "dose")
        view = window.source_pane.views()[ref.evidence.source]
        assert view.strong_texts() == [ref.evidence.exact]
        text = library.texts[ref.evidence.source]
        phrase = "Mayo Clinic"
        start = text.index(phrase)
        new = make_evidence(ref.evidence.source, text, start, start + len(phrase))
        count = len(library.evidence)
        assert window.editing.run(
            "replace", ["mayo-adsc-sci"],
            lambda e: e.replace_evidence("mayo-adsc-sci", "dose", ref.claim_index, ref.evidence_index, new),
        )
        assert len(library.evidence) == count
        window.select_cell("mayo-adsc-sci", "outcomes")
        window.select_cell("mayo-adsc-sci", "dose")
        view = window.source_pane.views()[ref.evidence.source]
        assert view.strong_texts() == [phrase]
        window.editing.undo_action.trigger()
        window.select_cell("mayo-adsc-sci", "outcomes")
        window.select_cell("mayo-adsc-sci", "dose")
        assert window.source_pane.views()[ref.evidence.source].strong_texts() == [ref.evidence.exact]
    finally:
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
        window.close()
        window.deleteLater()
        QApplication.processEvents()


def test_a_studys_quoted_fields_take_distinct_tints_first() -> None:
    """Twenty fields, twelve tints: in catalogue order Osaka's Outcomes took
    Institution's blue. Now the fields a study quotes take the tints first."""
    from comparator_gui.domain.loading import load_library
    from comparator_gui.qt.field_colours import field_tint, tint_order
    from tests.conftest import SEEDS

    library = load_library(SEEDS)
    keys = [d.key for d in library.catalogue]
    for study in library.studies:
        quoted = {ref.field_key for ref in library.evidence_for(study.id)}
        order = tint_order(keys, quoted)
        tints = [field_tint(order[key]).name() for key in keys if key in quoted]
        assert len(set(tints)) == min(len(quoted), 12), study.id
        assert sorted(order.values()) == list(range(len(keys)))
    osaka = {ref.field_key for ref in library.evidence_for("osaka-adsc-spheroids")}
    order = tint_order(keys, osaka)
    assert field_tint(order["outcomes"]) != field_tint(order["institution"])
