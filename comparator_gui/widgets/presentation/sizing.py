"""Type and spacing for a slide, from the screen size and the presenter's scale.

Body text (values and quotes) is never smaller than ``BODY_FLOOR_PX``; on a
1024x768 projector that is the size it starts at, and it grows with the
screen. Captions (study names, source names, the slide counter) are a fixed
fraction of the body size with their own floor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = [
    "BODY_FLOOR_PX",
    "CAPTION_FLOOR_PX",
    "MAX_SCALE",
    "REFERENCE_SIZE",
    "SlideSizes",
    "min_scale",
    "preferred_body_px",
]

#: The smallest body text, readable from the back row at 1024x768.
BODY_FLOOR_PX: Final = 28
CAPTION_FLOOR_PX: Final = 22
CAPTION_RATIO: Final = 0.8
TITLE_RATIO: Final = 1.3
#: The screen the floor is designed for; larger screens scale up from it.
REFERENCE_SIZE: Final = (1024, 768)
MAX_SCALE: Final = 2.5


def _screen_factor(width: int, height: int) -> float:
    return min(width / REFERENCE_SIZE[0], height / REFERENCE_SIZE[1])


def preferred_body_px(width: int, height: int, scale: float = 1.0) -> int:
    """The body size the presenter asked for on this screen, not below the floor."""
    return max(BODY_FLOOR_PX, round(BODY_FLOOR_PX * _screen_factor(width, height) * scale))


def min_scale(width: int, height: int) -> float:
    """The smallest scale that still changes anything on this screen."""
    return max(0.1, BODY_FLOOR_PX / (BODY_FLOOR_PX * max(_screen_factor(width, height), 1e-6)))


@dataclass(frozen=True)
class SlideSizes:
    """Pixel sizes for one slide; the stylesheet template's size variables."""

    body_px: int
    title_px: int
    margin_px: int
    #: Tighter spacing (never smaller type): the fitter's step before splitting a slide.
    compact: bool = False
    #: The page's side margins and the space between cards: from the screen alone
    #: (not the type size or spacing), so the cards keep their widths from slide to slide.
    side_px: int = 0
    card_gap_px: int = 0

    @classmethod
    def for_body(
        cls, body_px: int, width: int, height: int, title_px: int | None = None, compact: bool = False
    ) -> SlideSizes:
        margin = max(12, round(min(width, height) * (0.016 if compact else 0.025)))
        return cls(
            body_px=body_px, title_px=title_px or round(body_px * TITLE_RATIO), margin_px=margin, compact=compact,
            side_px=max(12, round(min(width, height) * 0.016)), card_gap_px=max(8, round(min(width, height) * 0.012)),
        )

    @property
    def caption_px(self) -> int:
        return max(CAPTION_FLOOR_PX, round(self.body_px * CAPTION_RATIO))

    @property
    def gap_px(self) -> int:
        return max(8, round(self.body_px * (0.35 if self.compact else 0.5)))

    @property
    def padding_px(self) -> int:
        return max(8, round(self.body_px * (0.28 if self.compact else 0.4)))

    @property
    def line_gap_px(self) -> int:
        """Space between the blocks inside a card (value, quote, source)."""
        return max(4, round(self.body_px * (0.14 if self.compact else 0.25)))

    @property
    def border_px(self) -> int:
        return max(2, round(self.body_px / 12))

    @property
    def radius_px(self) -> int:
        return round(self.body_px / 3)

    def template_values(self) -> dict[str, str]:
        return {
            "body_px": str(self.body_px),
            "title_px": str(self.title_px),
            "caption_px": str(self.caption_px),
            "border_px": str(self.border_px),
            "radius_px": str(self.radius_px),
        }
