"""User settings: a pydantic model in a JSON file under platformdirs' config dir.

No Qt here: the window converts its geometry and splitter state to the plain
values stored below. Tests point ``STUDY_COMPARATOR_CONFIG_DIR`` at a temp dir.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from platformdirs import user_config_dir
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .domain.storage import atomic_write_text, dumps

SETTINGS_SCHEMA_VERSION = 1
CONFIG_ENV = "STUDY_COMPARATOR_CONFIG_DIR"
MAX_RECENT = 8

log = logging.getLogger(__name__)


class LibraryView(BaseModel):
    """What the reviewer chose to see in one library, remembered per library."""

    model_config = ConfigDict(extra="ignore")

    study_order: list[str] = Field(default_factory=list)
    hidden_studies: list[str] = Field(default_factory=list)
    field_order: list[str] = Field(default_factory=list)
    hidden_fields: list[str] = Field(default_factory=list)
    transposed: bool = False


class PresentationSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    theme: str = "dark"
    font_scale: float = 1.0
    field_order: list[str] = Field(default_factory=list)
    hidden_fields: list[str] = Field(default_factory=list)


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    schema_version: int = SETTINGS_SCHEMA_VERSION
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    splitter_state: str = ""  # base64 of QSplitter.saveState()
    last_library: str = ""
    recent_libraries: list[str] = Field(default_factory=list)
    #: The folder and suffix of the last export: the next one starts there.
    last_export_dir: str = ""
    last_export_suffix: str = ""
    theme: str = "light"
    views: dict[str, LibraryView] = Field(default_factory=dict)
    presentation: PresentationSettings = Field(default_factory=PresentationSettings)
    #: A selection marked as evidence is widened to whole words; off, a selection
    #: that cuts a word is refused with a message naming the word.
    snap_to_words: bool = True
    #: Who is extracting: stamped on every claim and quote this reviewer adds
    #: (dual extraction: two reviewers' copies are compared, see docs/consensus.md).
    reviewer_name: str = ""

    def view_for(self, library_root: Path | str) -> LibraryView:
        key = str(Path(library_root).resolve())
        return self.views.setdefault(key, LibraryView())

    def remember_library(self, library_root: Path | str) -> None:
        path = str(Path(library_root).resolve())
        self.last_library = path
        self.recent_libraries = [path, *(p for p in self.recent_libraries if p != path)][:MAX_RECENT]


def config_dir() -> Path:
    override = os.environ.get(CONFIG_ENV)
    return Path(override) if override else Path(user_config_dir("study-comparator", appauthor=False))


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or defaults when there are none or they cannot be read.

    Settings are a convenience: a broken file is logged and replaced by
    defaults on the next save, never a reason not to start.
    """
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and int(data.get("schema_version", 1)) > SETTINGS_SCHEMA_VERSION:
            log.warning("%s was written by a newer version; using defaults", path)
            return Settings()
        return Settings.model_validate(data)
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError, ValidationError) as exc:
        log.warning("could not read settings %s: %s; using defaults", path, exc)
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, dumps(settings.model_dump(mode="json")))
