"""Fitting slides to a screen: the largest type that fits, then more pages.

For each slide the studies are first tried all on one page, at the largest
body size between the presenter's choice and the floor at which every label
fits its box (measured on real, styled, hidden widgets). Only when even the
floor does not fit are the studies split over several pages, as few as
possible, each value kept with its quote. Text is never elided or clipped;
a single study too long for a whole screen at the floor is the one case
where type goes below it (down to ``EMERGENCY_FLOOR_PX``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from ...domain.slides import OverviewSlide, Slide
from .sizing import BODY_FLOOR_PX, TITLE_RATIO, SlideSizes, preferred_body_px
from .slide_view import SlideView

__all__ = ["EMERGENCY_FLOOR_PX", "MIN_CARD_EMS", "Page", "counter_text", "paginate", "split"]

EMERGENCY_FLOOR_PX = 12
#: A card narrower than this many body sizes reads as a column of single words.
MIN_CARD_EMS = 8

Stylesheet = Callable[[SlideSizes], str]


@dataclass(frozen=True)
class Page:
    slide: int  # index into the slide list
    columns: tuple[int, ...]  # which of the slide's studies this page shows
    part: int  # 1-based; parts > 1 when a slide did not fit one page
    parts: int
    sizes: SlideSizes
    weights: tuple[int, ...] | None = None  # card widths; None: equal


def text_weights(slide: Slide, columns: Sequence[int]) -> tuple[int, ...]:
    """Card widths in proportion to how much each card says, within limits."""
    amounts = []
    for column in columns:
        if isinstance(slide, OverviewSlide):
            card = slide.cards[column]
            amount = len(card.title) + len(card.institution) + len(card.evidence_level) + len(card.subjects_text)
        else:
            cell = slide.cells[column]
            amount = round(0.8 * len(cell.study)) + 20
            for claim in cell.claims:
                amount += len(claim.value) + len(claim.quote) + round(0.8 * len(claim.source)) + 30
        amounts.append(amount)
    mean = sum(amounts) / len(amounts)
    return tuple(round(100 * min(max(amount, 0.6 * mean), 1.6 * mean) / mean) for amount in amounts)


def split(count: int, parts: int) -> list[tuple[int, ...]]:
    """``range(count)`` in ``parts`` contiguous runs whose lengths differ by at most one."""
    size, extra = divmod(count, parts)
    runs, start = [], 0
    for index in range(parts):
        length = size + (1 if index < extra else 0)
        runs.append(tuple(range(start, start + length)))
        start += length
    return runs


def counter_text(slide: int, slides: int, part: int, parts: int) -> str:
    text = f"{slide + 1} / {slides}"
    return f"{text} · part {part} of {parts}" if parts > 1 else text


def _study_count(slide: Slide) -> int:
    return len(slide.cards) if isinstance(slide, OverviewSlide) else len(slide.cells)


class _Fitter:
    def __init__(self, width: int, height: int, stylesheet: Stylesheet, slide_count: int) -> None:
        self.width = width
        self.height = height
        self.stylesheet = stylesheet
        self.slide_count = slide_count
        self.base_font = QFont(QApplication.font())

    def title_px(self, title: str, counter: str, body_px: int) -> int:
        """Shrink the title towards body size to keep it on one line; then it wraps."""
        sizes = SlideSizes.for_body(body_px, self.width, self.height)
        caption = QFont(self.base_font)
        caption.setPixelSize(sizes.caption_px)
        room = (
            self.width
            - 2 * sizes.margin_px
            - sizes.gap_px
            - QFontMetrics(caption).horizontalAdvance(counter)
        )
        font = QFont(self.base_font)
        font.setBold(True)
        for px in range(round(body_px * TITLE_RATIO), body_px, -1):
            font.setPixelSize(px)
            if QFontMetrics(font).horizontalAdvance(title) <= room:
                return px
        return body_px

    def sizes(self, slide: Slide, counter: str, body_px: int) -> SlideSizes:
        title_px = self.title_px(slide.title, counter, body_px)
        return SlideSizes.for_body(body_px, self.width, self.height, title_px=title_px)

    def fits(
        self, slide: Slide, columns: tuple[int, ...], counter: str, body_px: int, weights: tuple[int, ...] | None
    ) -> bool:
        sizes = self.sizes(slide, counter, body_px)
        view = SlideView(slide, columns, sizes, counter, weights=weights)
        view.setStyleSheet(self.stylesheet(sizes))
        view.ensurePolished()
        try:
            return view.fits(self.width, self.height)
        finally:
            view.deleteLater()

    def largest(
        self,
        slide: Slide,
        columns: tuple[int, ...],
        counter: str,
        low: int,
        high: int,
        weights: tuple[int, ...] | None = None,
    ) -> int | None:
        """The largest body size in [low, high] at which the page fits, or None."""
        if not self.fits(slide, columns, counter, low, weights):
            return None
        while low < high:
            middle = (low + high + 1) // 2
            if self.fits(slide, columns, counter, middle, weights):
                low = middle
            else:
                high = middle - 1
        return low

    def pages_for(self, index: int, slide: Slide, wanted_px: int) -> list[Page]:
        count = _study_count(slide)
        if count == 0:
            return [self.page(index, slide, (), 1, 1, wanted_px)]
        margin = SlideSizes.for_body(BODY_FLOOR_PX, self.width, self.height)
        room = self.width - 2 * margin.margin_px + margin.gap_px
        most_per_page = max(1, room // (MIN_CARD_EMS * BODY_FLOOR_PX + margin.gap_px))
        for parts in range(math.ceil(count / most_per_page), count + 1):
            runs = split(count, parts)
            pages: list[Page] = []
            for part, columns in enumerate(runs, start=1):
                counter = counter_text(index, self.slide_count, part, parts)
                # Equal card widths if they fit; else widths by how much each card says.
                for weights in (None, text_weights(slide, columns)):
                    best = self.largest(slide, columns, counter, BODY_FLOOR_PX, wanted_px, weights)
                    if best is not None:
                        pages.append(self.page(index, slide, columns, part, parts, best, weights))
                        break
                else:
                    break
            else:
                return pages
        # One study per page and still too long at the floor: the last resort.
        pages = []
        for part, columns in enumerate(split(count, count), start=1):
            counter = counter_text(index, self.slide_count, part, count)
            best = self.largest(slide, columns, counter, EMERGENCY_FLOOR_PX, BODY_FLOOR_PX)
            pages.append(self.page(index, slide, columns, part, count, best or EMERGENCY_FLOOR_PX))
        return pages

    def page(
        self,
        index: int,
        slide: Slide,
        columns: tuple[int, ...],
        part: int,
        parts: int,
        px: int,
        weights: tuple[int, ...] | None = None,
    ) -> Page:
        counter = counter_text(index, self.slide_count, part, parts)
        return Page(index, columns, part, parts, self.sizes(slide, counter, px), weights)


def paginate(
    slides: Sequence[Slide], width: int, height: int, scale: float, stylesheet: Stylesheet
) -> list[Page]:
    """The pages that show ``slides`` on a ``width`` x ``height`` screen."""
    fitter = _Fitter(width, height, stylesheet, len(slides))
    wanted = preferred_body_px(width, height, scale)
    pages: list[Page] = []
    for index, slide in enumerate(slides):
        pages.extend(fitter.pages_for(index, slide, wanted))
    return pages
