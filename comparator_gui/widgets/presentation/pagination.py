"""Fitting slides to a screen: the largest type that fits, then more pages.

For each slide the studies are first tried all on one page, at the largest
body size between the presenter's choice and the floor at which every label
fits its box (measured on real, styled, hidden widgets). Only when even the
floor does not fit are the studies split over several pages, as few as
possible, each value kept with its quote. Text is never elided or clipped;
a single study too long for a whole screen at the floor is the one case
where type goes below it (down to ``EMERGENCY_FLOOR_PX``).

Reviewer notes are shown in full whenever the page fits with them at the
floor. When it does not, before any study is moved to another page, notes
are folded to a marker that says there is one ("Reviewer's note: too long
to show on this screen"), longest first and only as many as needed: keeping
the studies side by side is what the slide is for, and the marker still
tells the room that the reviewer qualified the value.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import shiboken6
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget

from ...domain.slides import OverviewSlide, Slide
from .sizing import BODY_FLOOR_PX, REFERENCE_SIZE, TITLE_RATIO, SlideSizes, preferred_body_px
from .slide_view import NOTE_MARKER_TEXT, NoteKey, SlideView, slide_notes

__all__ = ["EMERGENCY_FLOOR_PX", "MIN_CARD_EMS", "Page", "counter_text", "fold_steps", "paginate", "split"]

EMERGENCY_FLOOR_PX = 12
#: How much larger than the preferred size a short slide's type may grow on a large screen.
SHORT_SLIDE_GROWTH = 1.5
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
    folded: frozenset[NoteKey] = frozenset()  # reviewer notes shown only as a marker


def text_weights(slide: Slide, columns: Sequence[int]) -> tuple[int, ...]:
    """Card widths in proportion to how much each card says, within limits."""
    amounts = []
    for column in columns:
        if isinstance(slide, OverviewSlide):
            card = slide.cards[column]
            amount = len(card.title) + len(card.institution) + len(card.evidence_level) + len(card.subjects_text)
        else:
            cell = slide.cells[column]
            amount = round(0.8 * len(cell.study)) + 20 + round(0.8 * len(cell.note_text or ""))
            for claim in cell.claims:
                amount += len(claim.value) + len(claim.quote) + round(0.8 * len(claim.citation)) + 30
                amount += round(0.8 * len(claim.note_text or ""))
        amounts.append(amount)
    mean = sum(amounts) / len(amounts)
    return tuple(round(100 * min(max(amount, 0.6 * mean), 1.6 * mean) / mean) for amount in amounts)


def presentation_weights(slides: Sequence[Slide]) -> tuple[int, ...]:
    """Each study's card width for every slide: in proportion to how much its
    cards say over all the field slides (within limits), so that the columns
    stay put from slide to slide."""
    fields = [slide for slide in slides if not isinstance(slide, OverviewSlide)]
    if not fields:
        return ()
    count = len(fields[0].cells)
    totals = [0] * count
    for slide in fields:
        amounts = text_weights(slide, range(count)) if count else ()
        totals = [total + amount for total, amount in zip(totals, amounts, strict=True)]
    mean = sum(totals) / max(1, len(totals)) or 1
    return tuple(round(100 * min(max(total, 0.75 * mean), 1.4 * mean) / mean) for total in totals)


def blend(stable: tuple[int, ...] | None, aim: tuple[int, ...], share: float) -> tuple[int, ...]:
    """Card widths ``share`` of the way from ``stable`` (None: equal) to ``aim``,
    in thousandths of the row: a slide that cannot keep the presentation's
    widths moves its columns as little as will do."""
    start = stable or (1,) * len(aim)
    a, b = sum(start), sum(aim)
    return tuple(round(1000 * ((1 - share) * x / a + share * y / b)) for x, y in zip(start, aim, strict=True))


def fold_steps(slide: Slide, columns: Sequence[int]) -> list[frozenset[NoteKey]]:
    """The notes to fold, step by step: none, then the longest, then the two longest...

    Only notes longer than the marker are worth folding.
    """
    notes = sorted(
        ((key, text) for key, text in slide_notes(slide, columns) if len(text) > len(NOTE_MARKER_TEXT)),
        key=lambda note: -len(note[1]),
    )
    return [frozenset(key for key, _ in notes[:count]) for count in range(len(notes) + 1)]


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


def _discard(view: QWidget) -> None:
    """Delete a measuring page now. ``deleteLater`` waits for the event loop,
    which does not run while the slides are fitted: every page measured stayed
    alive until the end (11,000 widgets for 50 studies, gigabytes for 1,000)."""
    shiboken6.delete(view)


def _study_count(slide: Slide) -> int:
    return len(slide.cards) if isinstance(slide, OverviewSlide) else len(slide.cells)


class _Fitter:
    def __init__(self, width: int, height: int, stylesheet: Stylesheet, slide_count: int) -> None:
        self.width = width
        self.height = height
        self.stylesheet = stylesheet
        self.slide_count = slide_count
        self.base_font = QFont(QApplication.font())
        #: Each study's card width on every slide (see ``presentation_weights``); () for equal.
        self.weights: tuple[int, ...] = ()
        #: Called after each page of a long slide is fitted (``paginate``'s progress).
        self.page_fitted: Callable[[], None] = lambda: None

    def weights_for(self, columns: Sequence[int]) -> tuple[int, ...] | None:
        """The cards' widths on a page showing ``columns``: None when they are equal."""
        chosen = tuple(self.weights[column] for column in columns) if self.weights else ()
        return chosen if len(set(chosen)) > 1 else None

    def title_px(self, title: str, counter: str, body_px: int) -> int:
        """Shrink the title towards body size to keep it on one line; then it wraps."""
        sizes = SlideSizes.for_body(body_px, self.width, self.height)
        caption = QFont(self.base_font)
        caption.setPixelSize(sizes.caption_px)
        room = (
            self.width
            - 2 * sizes.side_px
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

    def sizes(self, slide: Slide, counter: str, body_px: int, compact: bool = False) -> SlideSizes:
        title_px = self.title_px(slide.title, counter, body_px)
        return SlideSizes.for_body(body_px, self.width, self.height, title_px=title_px, compact=compact)

    def balanced_weights(
        self, slide: Slide, columns: tuple[int, ...], counter: str, body_px: int, compact: bool
    ) -> tuple[int, ...] | None:
        """Card widths that make the tallest card as short as it can be, or None."""
        if len(columns) < 2:
            return None
        sizes = self.sizes(slide, counter, body_px, compact)
        view = SlideView(slide, columns, sizes, counter)
        view.setStyleSheet(self.stylesheet(sizes))
        view.ensurePolished()
        try:
            cards = view.cards
            room = self.width - 2 * sizes.side_px - sizes.card_gap_px * (len(cards) - 1)
            narrowest = MIN_CARD_EMS * BODY_FLOOR_PX

            def width_for(card: QWidget, height: int) -> int | None:
                low, high = narrowest, room
                if card.heightForWidth(high) > height:
                    return None
                while low < high:
                    middle = (low + high) // 2
                    if card.heightForWidth(middle) <= height:
                        high = middle
                    else:
                        low = middle + 1
                return low

            def widths(height: int) -> list[int] | None:
                found = []
                for card in cards:
                    width = width_for(card, height)
                    if width is None:
                        return None
                    found.append(width)
                return found if sum(found) <= room else None

            low, high = 1, self.height
            if widths(high) is None:
                return None
            best: list[int] | None
            while low < high:
                middle = (low + high) // 2
                if widths(middle) is not None:
                    high = middle
                else:
                    low = middle + 1
            best = widths(low) or []
            spare = (room - sum(best)) / len(best)
            return tuple(round(width + spare) for width in best)
        finally:
            _discard(view)

    def fits(
        self,
        slide: Slide,
        columns: tuple[int, ...],
        counter: str,
        body_px: int,
        weights: tuple[int, ...] | None,
        folded: frozenset[NoteKey] = frozenset(),
        compact: bool = False,
    ) -> bool:
        sizes = self.sizes(slide, counter, body_px, compact)
        view = SlideView(slide, columns, sizes, counter, weights=weights, folded=folded)
        view.setStyleSheet(self.stylesheet(sizes))
        view.ensurePolished()
        try:
            return view.fits(self.width, self.height)
        finally:
            _discard(view)

    def largest(
        self,
        slide: Slide,
        columns: tuple[int, ...],
        counter: str,
        low: int,
        high: int,
        weights: tuple[int, ...] | None = None,
        folded: frozenset[NoteKey] = frozenset(),
        compact: bool = False,
        guess: int | None = None,
    ) -> int | None:
        """The largest body size in [low, high] at which the page fits, or None.

        ``guess``: the size the page before found; the pages of a long slide
        are alike, so trying it and the size above it first most often
        settles the search in two fits instead of six."""

        def fits(px: int) -> bool:
            return self.fits(slide, columns, counter, px, weights, folded, compact)

        if guess is not None and low < guess <= high:
            if fits(guess):
                if guess == high or not fits(guess + 1):
                    return guess
                low = guess + 1
            else:
                high = guess - 1
                if not fits(low):
                    return None
        elif not fits(low):
            return None
        while low < high:
            middle = (low + high + 1) // 2
            if fits(middle):
                low = middle
            else:
                high = middle - 1
        return low

    def most_per_page(self) -> int:
        """How many cards of the narrowest readable width a page has room for."""
        margin = SlideSizes.for_body(BODY_FLOOR_PX, self.width, self.height)
        room = self.width - 2 * margin.side_px + margin.card_gap_px
        return max(1, room // (MIN_CARD_EMS * BODY_FLOOR_PX + margin.card_gap_px))

    def pages_for(self, index: int, slide: Slide, wanted_px: int) -> list[Page]:
        """The slide on one page when it fits, else on as few pages as the first
        page's capacity gives, the studies shared evenly between them.

        The cost is a few fits per page, whatever the number of studies: the
        first page's capacity is found by bisection (``may_fit``), each page
        starts from the size the page before found, and a page that does not
        fit is split in two where it stands (its neighbours stay as they are).
        Trying every number of parts from the fewest, each time fitting every
        page again, grew with the square of the studies: the handout of 1,000
        studies did not finish."""
        count = _study_count(slide)
        if count == 0:
            return [self.page(index, slide, (), 1, 1, wanted_px)]
        everything = tuple(range(count))
        most = self.most_per_page()
        if count <= most:
            counter = counter_text(index, self.slide_count, 1, 1)
            found = self.fit_page(slide, everything, counter, wanted_px)
            if found is not None:
                return [self.page(index, slide, everything, 1, 1, *found)]
        # The first page's capacity; its counter as wide as any part's can be.
        widest = counter_text(index, self.slide_count, count, count)
        low, high = 1, min(most, count - 1)
        while low < high:
            middle = (low + high + 1) // 2
            if self.may_fit(slide, everything[:middle], widest):
                low = middle
            else:
                high = middle - 1
        parts = math.ceil(count / low)
        while True:
            # Fitted with the widest counter of this many parts ("part 12 of 12"):
            # the title keeps its size, and stays on one line, beside any narrower one.
            counter = counter_text(index, self.slide_count, parts, parts)
            fitted = self.fit_runs(index, slide, split(count, parts), counter, wanted_px)
            if len(str(len(fitted))) <= len(str(parts)):
                break
            parts = len(fitted)  # split runs made the count a digit longer: fit again with its counter
        return [
            self.page(index, slide, columns, part, len(fitted), *found, sizing_counter=counter)
            for part, (columns, found) in enumerate(fitted, start=1)
        ]

    def may_fit(self, slide: Slide, columns: tuple[int, ...], counter: str) -> bool:
        """Whether the page could fit at the floor, with the spacing tight and every
        note folded: two fits, where ``fit_page`` tries a dozen before it gives up.
        Used to find a page's capacity; the pages themselves are fitted in full."""
        folded = fold_steps(slide, columns)[-1]
        return any(
            self.fits(slide, columns, counter, BODY_FLOOR_PX, weights, folded, True)
            for weights in dict.fromkeys((self.weights_for(columns), text_weights(slide, columns)))
        )

    def fit_runs(
        self, index: int, slide: Slide, runs: list[tuple[int, ...]], counter: str, wanted_px: int
    ) -> list[tuple[tuple[int, ...], tuple[int, tuple[int, ...] | None, frozenset[NoteKey], bool]]]:
        """Each run fitted to a page, a run that does not fit split in two (and so on),
        all at one type size: the largest at which every page fits (the parts of a
        slide read as one slide, and each page after the first costs one fit when
        it fits at the size found so far). A single study too long for a whole page
        at the floor gets the last resort, on its own."""
        fitted: list[tuple[tuple[int, ...], tuple[int, tuple[int, ...] | None, frozenset[NoteKey], bool]]] = []
        queue = list(reversed(runs))
        size = wanted_px
        while queue:
            columns = queue.pop()
            found = self.fit_page(slide, columns, counter, size, guess=size, give_up=len(columns) > 1)
            if found is None and len(columns) > 1:
                first, second = split(len(columns), 2)
                queue += [tuple(columns[i] for i in second), tuple(columns[i] for i in first)]
                continue
            if found is None:
                folded = frozenset(key for key, _ in slide_notes(slide, columns))
                largest = self.largest(slide, columns, counter, EMERGENCY_FLOOR_PX, BODY_FLOOR_PX, folded=folded)
                found = (largest or EMERGENCY_FLOOR_PX, None, folded, False)
            else:
                size = found[0]
            fitted.append((columns, found))
            self.page_fitted()
        # Smaller type fits wherever larger did: every page at the last (smallest) size found.
        return [(columns, (min(found[0], size), *found[1:])) for columns, found in fitted]

    def fit_page(
        self,
        slide: Slide,
        columns: tuple[int, ...],
        counter: str,
        wanted_px: int,
        guess: int | None = None,
        give_up: bool = False,
    ) -> tuple[int, tuple[int, ...] | None, frozenset[NoteKey], bool] | None:
        """(body size, card weights, folded notes, compact) for the page, or None if it cannot fit.

        In order: the presentation's own widths (``presentation_weights``), so
        that a study's column keeps its width from slide to slide (issue 15:
        widths fitted to each slide changed on every slide), first with the
        usual spacing, then tighter; only a page that cannot fit so gets widths
        of its own, and then as little changed as will do: halfway towards
        widths by how much each card says, then those widths, then halfway
        towards and then the widths that balance the cards' heights (with the
        usual spacing, then with the tighter); only then
        are notes folded, longest first. ``give_up``: after the first try,
        return None at once when even ``may_fit`` says no (the caller splits the page).
        """
        stable = self.weights_for(columns)
        first = True
        for folded in fold_steps(slide, columns):
            tried: list[tuple[int, ...] | None] = []
            for choice in ("stable", "text", "balanced", "balanced tight"):
                if choice == "stable":
                    targets: list[tuple[int, ...] | None] = [stable]
                else:
                    aim = (text_weights(slide, columns) if choice == "text"
                           else self.balanced_weights(slide, columns, counter, BODY_FLOOR_PX, choice != "balanced"))
                    if aim is None:
                        continue
                    targets = [blend(stable, aim, 0.5), aim]
                for weights in targets:
                    if weights in tried:
                        continue
                    tried.append(weights)
                    for compact in (False, True):
                        best = self.largest(slide, columns, counter, BODY_FLOOR_PX, wanted_px, weights, folded,
                                            compact, guess)
                        if best is not None:
                            return best, weights, folded, compact
                        if give_up and first and not self.may_fit(slide, columns, counter):
                            return None  # not even tightened with every note folded: the caller splits the page
                        first = False
        return None

    def page(
        self,
        index: int,
        slide: Slide,
        columns: tuple[int, ...],
        part: int,
        parts: int,
        px: int,
        weights: tuple[int, ...] | None = None,
        folded: frozenset[NoteKey] = frozenset(),
        compact: bool = False,
        sizing_counter: str | None = None,
    ) -> Page:
        """``sizing_counter``: the counter the page was fitted with, when not its own."""
        counter = sizing_counter or counter_text(index, self.slide_count, part, parts)
        return Page(index, columns, part, parts, self.sizes(slide, counter, px, compact), weights, folded)


def paginate(
    slides: Sequence[Slide],
    width: int,
    height: int,
    scale: float,
    stylesheet: Stylesheet,
    progress: Callable[[int, int], None] | None = None,
) -> list[Page]:
    """The pages that show ``slides`` on a ``width`` x ``height`` screen.

    ``progress(slide, slides)`` is called as each slide starts, after each page
    is fitted and at the end (``slides, slides``); raising from it stops the fitting."""
    fitter = _Fitter(width, height, stylesheet, len(slides))
    fitter.weights = presentation_weights(slides)
    wanted = preferred_body_px(width, height, scale)
    # On a screen larger than the reference, a short slide uses its room: its
    # type grows up to SHORT_SLIDE_GROWTH times the preferred size while it fits.
    if min(width / REFERENCE_SIZE[0], height / REFERENCE_SIZE[1]) > 1.0:
        wanted = round(wanted * SHORT_SLIDE_GROWTH)
    pages: list[Page] = []
    for index, slide in enumerate(slides):
        if progress is not None:
            fitter.page_fitted = functools.partial(progress, index, len(slides))
            fitter.page_fitted()
        pages.extend(fitter.pages_for(index, slide, wanted))
    if progress is not None:
        progress(len(slides), len(slides))
    return pages
