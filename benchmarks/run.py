"""Study Comparator benchmarks: figures, their goals, and ratios measured in one run.

    python benchmarks/run.py [--sizes 1000,10000] [--repeats 5] [--keep DIR]

Every figure is the median of repeated runs through the app's own code paths
(``load_library``, ``MainWindow`` offscreen, ``set_search``, ``select_cell``,
``export_library``). Where a goal is a ratio, the baseline is measured in the
same run, interleaved with the figure, so a noisy machine moves both alike.
Synthetic libraries (``make_library.py``) are written to a temporary folder and
removed afterwards. See docs/performance.md for the table and what it means.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(HERE))

import make_library  # noqa: E402

# --------------------------------------------------------------------------- results


@dataclass
class Row:
    name: str
    value: float
    unit: str  # "ms", "s" or "MB"
    goal: str = ""  # "≤ 16 ms", "≤ 1.5× bare window", ...
    ok: bool | None = None  # None: no goal
    baseline: float | None = None
    baseline_name: str = ""
    runs: int = 1

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.value / self.baseline


def _fmt(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value * 1000:.1f} ms" if value < 10 else f"{value:.2f} s"


def _status(row: Row) -> str:
    if row.ok is None:
        return "-"
    return "ok" if row.ok else "MISSED"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.1f} GB RAM"
    import pydantic
    import PySide6

    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, pydantic {pydantic.VERSION}; "
        f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM')}"
    )


def table(rows: list[Row]) -> str:
    lines = [
        "| figure | median | baseline (same run) | ratio | goal | status |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in rows:
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else ""
        base = f"{_fmt(row.baseline, row.unit)} {row.baseline_name}".strip() if row.baseline is not None else ""
        lines.append(
            f"| {row.name} | {_fmt(row.value, row.unit)} | {base} | {ratio} | {row.goal} | {_status(row)} |"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- timing


def median_of(fn: Callable[[], float], repeats: int) -> float:
    return statistics.median(fn() for _ in range(repeats))


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def paired(figure: Callable[[], float], baseline: Callable[[], float], repeats: int) -> tuple[float, float]:
    """Medians of ``figure`` and ``baseline``, run alternately so noise hits both."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeats):
        b.append(baseline())
        a.append(figure())
    return statistics.median(a), statistics.median(b)


# --------------------------------------------------------------------------- children
# Cold start and peak memory need a fresh process each: ``run.py --child NAME``.

_CHILD_ENV = "COMPARATOR_BENCH_T0"


def _paint_then(widget: Any, done: Callable[[], None]) -> None:
    """Call ``done`` once ``widget`` has painted (after the paint, not before)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        fired = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.fired:
                self.fired = True
                QTimer.singleShot(0, done)
            return False

    watcher = Watcher(widget)
    widget.installEventFilter(watcher)
    widget._bench_watcher = watcher


def child_bare() -> int:
    """A bare PySide6 window, started the way the app starts: time to first paint."""
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(1280, 800)
    window.setWindowTitle("bare")

    def done() -> None:
        print(f"painted {time.time()}", flush=True)
        app.exit(0)

    _paint_then(window, done)
    window.show()
    return app.exec()


def child_app(library: str) -> int:
    """The app as ``comparator-gui open`` starts it (``app.run_app``): time until
    the window has painted with the library's grid in it."""
    from comparator_gui.app import application

    app = application()
    from comparator_gui.qt.app_icon import app_icon
    from comparator_gui.widgets.main_window import MainWindow

    app.setWindowIcon(app_icon())
    window = MainWindow(persist=False)

    def done() -> None:
        print(f"painted {time.time()} studies={window.model.columnCount()}", flush=True)
        app.exit(0)

    window.library_loaded.connect(lambda _: _paint_then(window.grid.viewport(), done))
    window.show()
    window.open_library(library)
    return app.exec()


def child_memory(library: str) -> int:
    """Peak resident memory of the app with ``library`` loaded and painted."""
    import resource

    from comparator_gui.app import application

    app = application()
    from comparator_gui.widgets.main_window import MainWindow

    window = MainWindow(persist=False)
    window.show()
    app.processEvents()
    if library != "-":
        window.load_library_now(library)
        window.select_cell(make_library.BIG_STUDY, "outcomes")
        # Steady state, as after ``open_library``: the search index complete.
        while window.session.search_index is not None and not window.session.search_index.complete:
            app.processEvents()
    window.grab()
    app.processEvents()
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across fork and exec, so a
    # child of a big runner would report the runner's size.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with contextlib.suppress(OSError, ValueError, StopIteration):
        status = Path("/proc/self/status").read_text().splitlines()
        peak = int(next(line for line in status if line.startswith("VmHWM")).split()[1]) / 1024
    print(f"peak {peak:.1f} studies={window.model.columnCount()}", flush=True)
    window.close()
    return 0


def child_export(library: str, fmt: str, output: str) -> int:
    """One export in a fresh process (PDF, which may need a time limit)."""
    from comparator_gui.domain.loading import load_library
    from comparator_gui.export import export_library

    loaded = load_library(library)
    start = time.perf_counter()
    export_library(loaded, fmt, Path(output))
    print(f"peak {time.perf_counter() - start:.4f}", flush=True)
    return 0


def child_export15(library: str, kind: str, output: str) -> int:
    """Issue 15's exports in a fresh process: ``pdf``, ``docx`` (auto layout), ``xlsx`` or ``handout``."""
    from comparator_gui.domain.loading import load_library

    loaded = load_library(library)
    start = time.perf_counter()
    if kind == "handout":
        from comparator_gui.widgets.presentation.handout import write_handout

        write_handout(loaded, Path(output))
    else:
        from comparator_gui.export import export_library

        export_library(loaded, kind, Path(output))
    print(f"peak {time.perf_counter() - start:.4f}", flush=True)
    return 0


def _spawn(args: list[str], env: dict[str, str], timeout: float = 300) -> tuple[float, str]:
    start = time.time()
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args],
        env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"child {args} failed ({out.returncode}): {out.stderr[-2000:]}")
    line = next(line for line in out.stdout.splitlines() if line.startswith(("painted", "peak")))
    word, value, *rest = line.split()
    if word == "painted":
        return float(value) - start, " ".join(rest)
    return float(value), " ".join(rest)


# --------------------------------------------------------------------------- measurements


def _read_and_parse(root: Path) -> None:
    """The baseline: read every file of the library, json.loads the record files."""
    json.loads((root / "library.json").read_bytes())
    for path in sorted((root / "studies").glob("*.json")):
        json.loads(path.read_bytes())
    for path in (root / "sources").iterdir():
        path.read_bytes()


def bench_cold_start(env: dict[str, str], repeats: int) -> Row:
    import compileall

    from comparator_gui.resources import bundled_library

    # As ``./run app`` does: with PYTHONDONTWRITEBYTECODE set (as on the CI
    # machines) every start would otherwise compile the app's modules anew.
    compileall.compile_dir(str(PROJECT / "comparator_gui"), quiet=1)

    app_times: list[float] = []
    bare_times: list[float] = []
    for _ in range(repeats):
        bare_times.append(_spawn(["bare"], env)[0])
        app_times.append(_spawn(["app", str(bundled_library())], env)[0])
    value, base = statistics.median(app_times), statistics.median(bare_times)
    return Row("cold start to first painted window (bundled library)", value, "ms",
               "≤ 1.5× bare window", value <= 1.5 * base, base, "bare QWidget", repeats)


def bench_load(root: Path, count: int, repeats: int) -> tuple[list[Row], Any]:
    from comparator_gui.domain.library import library_stats
    from comparator_gui.domain.loading import load_library

    holder: dict[str, Any] = {}

    def figure() -> float:
        holder.pop("library", None)
        gc.collect()
        start = time.perf_counter()
        holder["library"] = load_library(root)
        return time.perf_counter() - start

    def baseline() -> float:
        return timed(lambda: _read_and_parse(root))

    value, base = paired(figure, baseline, repeats)
    library = holder["library"]
    stats = library_stats(library)
    assert stats.studies == count and stats.errors == 0, stats
    rows = []
    if count >= 10_000:
        ok = value <= 1.0 and value <= 3 * base
        goal = "≤ 1 s and ≤ 3× baseline"
    else:
        ok = None
        goal = ""
    rows.append(Row(f"load + validate {count:,} studies ({stats.quotes:,} quotes checked)", value, "s", goal, ok,
                    base, "read files + json.loads", repeats))
    return rows, library


@contextlib.contextmanager
def window_with(library: Any) -> Iterator[Any]:
    from comparator_gui.app import application
    from comparator_gui.widgets.main_window import MainWindow

    app = application()
    window = MainWindow(persist=False)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    try:
        yield app, window
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()


def _paint(app: Any, window: Any, source_too: bool = True) -> None:
    """Return once the grid and the current source view have painted what the
    last action changed: the app's own event processing, as after a click.
    ``source_too=False``: the action (a search keystroke) leaves the source
    pane as it was, so only the grid is waited for.

    Each viewport's paint events are counted; one that did not paint while the
    events were processed (nothing was scheduled, or the platform deferred it)
    is repainted here, so a figure never stops before the screen is current.
    (Repainting both unconditionally, as before, painted the grid twice.)"""
    from PySide6.QtCore import QEvent, QObject

    class Painted(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.seen = True
            return False

    current = window.source_pane.current_view()
    viewports = [window.grid.viewport()] + ([current.viewport()] if current is not None and source_too else [])
    watchers = []
    for viewport in viewports:
        watcher = Painted()
        viewport.installEventFilter(watcher)
        watchers.append((viewport, watcher))
    app.processEvents()
    for viewport, watcher in watchers:
        viewport.removeEventFilter(watcher)
        if not watcher.seen:
            viewport.repaint()


def _until_shown(app: Any, window: Any) -> None:
    """A library just set is shown in steps (grid, then panels and the first
    cell's sources in the next event): wait for all of them, then the paint."""
    while window.still_showing:
        app.processEvents()
    _paint(app, window)


def bench_window(library: Any, count: int, repeats: int) -> list[Row]:
    rows: list[Row] = []
    with window_with(library) as (app, window):
        # As ``open_library`` does: the loader thread hands over the search index built.
        from comparator_gui.domain.view import SearchIndex

        index = SearchIndex(library)
        index.build_all()
        shown = timed(lambda: (window.session.set_library(library, None, index), _until_shown(app, window)))
        rows.append(Row(f"show {count:,} loaded studies in the window (session.set_library → painted)", shown, "ms",
                        runs=1))
        # One keystroke: type "bone" a key at a time and delete it again; each
        # key is timed until the grid has repainted.
        word = "bone"
        texts = [word[:n] for n in range(1, len(word) + 1)] + [word[:n] for n in range(len(word) - 1, -1, -1)]
        times: list[float] = []
        for _ in range(max(1, repeats // 2)):
            for text in texts:
                start = time.perf_counter()
                window.search.setText(text)  # textChanged → the window's own timer → _apply_search
                _paint(app, window, source_too=False)
                times.append(time.perf_counter() - start)
        value = statistics.median(times)
        rows.append(Row(f"search keystroke, {count:,} studies (until the grid repainted)", value, "ms",
                        "≤ 16 ms", value <= 0.016, runs=len(times)))
        rows.append(Row(f"search keystroke, {count:,} studies, slowest of {len(times)}", max(times), "ms", runs=1))
    return rows


def bench_highlight(library: Any, repeats: int) -> list[Row]:
    big = make_library.BIG_STUDY
    other = next(s.id for s in library.studies if s.id != big)
    fields = [d.key for d in library.catalogue]
    refs = [r for r in library.evidence if r.study_id == big]
    assert len(refs) >= 1000, len(refs)
    rows: list[Row] = []
    with window_with(library) as (app, window):
        window.session.set_library(library)
        _until_shown(app, window)

        def other_field(n: int) -> float:
            # The big study is shown; select another of its fields.
            key = fields[n % len(fields)]
            start = time.perf_counter()
            window.select_cell(big, key)
            _paint(app, window)
            return time.perf_counter() - start

        def from_other_study() -> float:
            window.select_cell(other, fields[0])
            _paint(app, window)
            start = time.perf_counter()
            window.select_cell(big, fields[1])
            _paint(app, window)
            return time.perf_counter() - start

        first = median_of(from_other_study, repeats)
        view = window.source_pane.current_view()
        assert view is not None and len(view.text) >= 1_000_000 and len(view.spans) >= 1000, view
        same = statistics.median(other_field(n) for n in range(2, 2 + max(repeats, 6)))
    rows.append(Row("select a cell: 1 MB source, 1,000 quotes, highlights painted", same, "ms", "≤ 16 ms",
                    same <= 0.016, runs=max(repeats, 6)))
    rows.append(Row("  same, coming from another study (source pane rebuilt)", first, "ms", "≤ 16 ms",
                    first <= 0.016, runs=repeats))
    return rows


def bench_exports(library: Any, count: int, folder: Path, repeats: int, env: dict[str, str],
                  pdf_limit: float) -> list[Row]:
    from comparator_gui.export import FORMATS, export_library

    rows: list[Row] = []
    for fmt in FORMATS:
        if fmt == "pdf":
            # In its own process, with a time limit: see docs/performance.md.
            output = folder / "export.pdf"
            try:
                value = _spawn(["export", str(library.root), "pdf", str(output)], env, timeout=pdf_limit)[0]
            except subprocess.TimeoutExpired:
                rows.append(Row(f"export PDF, {count:,} studies: NOT FINISHED, stopped at the limit", pdf_limit, "s",
                                runs=1))
                continue
            size = output.stat().st_size / 1e6
            rows.append(Row(f"export PDF, {count:,} studies ({size:.1f} MB)", value, "s", runs=1))
            output.unlink()
            continue
        output = folder / f"export.{fmt}"
        once = timed(lambda f=fmt, o=output: export_library(library, f, o))
        runs = repeats if once < 5 else 1  # a slow format is not run again and again
        times = [once] + [timed(lambda f=fmt, o=output: export_library(library, f, o)) for _ in range(runs - 1)]
        value = statistics.median(times)
        size = output.stat().st_size / 1e6
        goal, ok = ("≤ 1 s", value <= 1.0) if fmt == "xlsx" else ("", None)
        rows.append(Row(f"export {fmt.upper()}, {count:,} studies ({size:.1f} MB)", value, "s", goal, ok, runs=runs))
        output.unlink()
    return rows


#: Issue 15's goals at 1,000 studies (seconds); the other sizes are printed without one.
EXPORT15_GOALS = {"pdf": 30.0, "docx": 3.0, "xlsx": 3.0}
#: What ``bench_exports15`` measures, in this order.
EXPORT15_KINDS = ("pdf", "docx", "xlsx", "handout")


def bench_exports15(roots: dict[int, Path], folder: Path, env: dict[str, str], limit: float) -> list[Row]:
    """PDF (per-study layout past six studies), DOCX, XLSX and the slide handout, each
    in a fresh process with a time limit (a figure that does not finish says so)."""
    rows: list[Row] = []
    for count, root in sorted(roots.items()):
        for kind in EXPORT15_KINDS:
            output = folder / f"export15.{'pdf' if kind == 'handout' else kind}"
            name = f"export {kind.upper() if kind != 'handout' else 'slide handout (PDF)'}, {count:,} studies"
            try:
                value = _spawn(["export15", str(root), kind, str(output)], env, timeout=limit)[0]
            except subprocess.TimeoutExpired:
                rows.append(Row(f"{name}: NOT FINISHED, stopped at the limit", limit, "s", runs=1))
                continue
            size = output.stat().st_size / 1e6
            goal = EXPORT15_GOALS.get(kind) if count >= 1000 else None
            rows.append(Row(f"{name} ({size:.1f} MB)", value, "s", f"≤ {goal:g} s" if goal else "",
                            value <= goal if goal else None, runs=1))
            output.unlink()
    return rows


def _roots15(roots: dict[int, Path], small: int, folder: Path) -> dict[int, Path]:
    """Issue 15's libraries: 200 studies and the small size (1,000 by default), made when missing."""
    found = {}
    for count in sorted({min(200, small), small}):
        found[count] = roots[count] if count in roots else folder / f"library-{count}"
        if not (found[count] / "library.json").exists():
            make_library.make_library(count, found[count], seed=0)
    return found


def bench_memory(root: Path, count: int, env: dict[str, str]) -> list[Row]:
    empty = _spawn(["memory", "-"], env)[0]
    peak, detail = _spawn(["memory", str(root)], env)
    assert f"studies={count}" in detail, detail
    return [Row(f"peak memory, {count:,} studies loaded and shown", peak, "MB", "≤ 300 MB", peak <= 300,
                empty, "empty window")]


def bench_responsive(root: Path, count: int) -> list[Row]:
    """Open (threaded) a large library: how long the UI thread is ever blocked,
    that progress is shown, and how fast Cancel stops the load."""
    from PySide6.QtCore import QTimer

    rows: list[Row] = []
    with window_with(None) as (app, window):
        gaps: list[float] = []
        last = [time.perf_counter()]
        progress_seen = [0]

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now
            if window.progress.isVisible() and window.progress.maximum() > 0 and window.progress.value() > 0:
                progress_seen[0] += 1

        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(tick)
        timer.start()
        loaded: list[Any] = []
        window.library_loaded.connect(loaded.append)
        start = time.perf_counter()
        last[0] = start
        window.open_library(root)
        while not loaded and time.perf_counter() - start < 120:
            app.processEvents()
            time.sleep(0.001)
        total = time.perf_counter() - start
        timer.stop()
        gaps.append(time.perf_counter() - last[0])  # showing the library ends with no tick after it
        stall = max(gaps) if gaps else 0.0
        rows.append(Row(f"open {count:,} studies in the window, threaded (until shown)", total, "s", runs=1))
        rows.append(Row("  longest UI-thread stall during that load (incl. showing it)", stall, "ms", "≤ 100 ms",
                        stall <= 0.1, runs=1))
        # Cancel: start again and cancel mid-way.
        window.open_library(root)
        deadline = time.perf_counter() + 0.3
        while time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.001)
        cancel = timed(window.library_feature.cancel_loading)
        rows.append(Row("  Cancel during a load: until the loader has stopped", cancel, "ms", "≤ 100 ms",
                        cancel <= 0.1 and not window.loader.busy, runs=1))
        rows.append(Row("  progress updates seen by the UI during the load", float(progress_seen[0]), "count", "> 0",
                        progress_seen[0] > 0, runs=1))
    return rows


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="the small and the large library (default 1000,10000)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (median); default 5")
    parser.add_argument("--keep", type=Path, default=None, help="write the libraries here and keep them")
    parser.add_argument("--pdf-limit", type=float, default=30.0, help="seconds the PDF export may take (default 30)")
    parser.add_argument("--export15-limit", type=float, default=600.0,
                        help="seconds each PDF, DOCX, XLSX or handout figure at 200 and 1,000 studies may take "
                             "(default 600: the handout of 1,000 studies takes minutes)")
    parser.add_argument("--only-exports15", action="store_true",
                        help="only issue 15's export figures (PDF, DOCX, XLSX, handout at 200 and the small size)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        children: dict[str, Callable[..., int]] = {
            "bare": child_bare, "app": child_app, "memory": child_memory, "export": child_export,
            "export15": child_export15,
        }
        return children[kind](*rest)

    small, large = (int(x) for x in args.sizes.split(","))
    repeats = max(1, args.repeats)
    began = time.perf_counter()
    with contextlib.ExitStack() as stack:
        folder = args.keep or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="comparator-bench-")))
        config = folder / "config"
        config.mkdir(parents=True, exist_ok=True)
        os.environ["STUDY_COMPARATOR_CONFIG_DIR"] = str(config)  # never the user's settings
        env = dict(os.environ)
        print(f"Study Comparator benchmarks, {time.strftime('%Y-%m-%d %H:%M')}", flush=True)
        print(f"Machine: {machine()}", flush=True)
        roots = {}
        for count in (small,) if args.only_exports15 else (small, large):
            root = folder / f"library-{count}"
            if not (root / "library.json").exists():
                t = timed(lambda c=count, r=root: make_library.make_library(c, r, seed=0))
                print(f"made {count:,} studies in {t:.1f} s", file=sys.stderr, flush=True)
            roots[count] = root
        mb = {c: sum(p.stat().st_size for p in r.rglob("*") if p.is_file()) / 1e6 for c, r in roots.items()}
        print("Libraries: " + ", ".join(f"{c:,} studies ({mb[c]:,.0f} MB on disk)" for c in roots)
              + f"; each figure is the median of {repeats} runs unless the table says otherwise", flush=True)

        rows: list[Row] = []

        def step(name: str, fn: Callable[[], list[Row]]) -> None:
            t = time.perf_counter()
            got = fn()
            rows.extend(got)
            print(f"  {name}: {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)

        if args.only_exports15:
            step("exports (issue 15)", lambda: bench_exports15(_roots15(roots, small, folder), folder, env,
                                                               args.export15_limit))
            print()
            print(table(rows))
            return 0

        from comparator_gui.app import application

        application()
        step("cold start", lambda: [bench_cold_start(env, repeats)])
        libraries: dict[int, Any] = {}
        for count in (small, large):
            def load(c: int = count) -> list[Row]:
                got, libraries[c] = bench_load(roots[c], c, repeats if c < 10_000 else min(repeats, 3))
                return got
            step(f"load {count}", load)
        step("search", lambda: bench_window(libraries[large], large, repeats))
        step("highlight", lambda: bench_highlight(libraries[small], repeats))
        step("exports", lambda: bench_exports(libraries[small], small, folder, repeats, env, args.pdf_limit))
        step("exports (issue 15)", lambda: bench_exports15(_roots15(roots, small, folder), folder, env,
                                                           args.export15_limit))
        del libraries[large]
        gc.collect()
        step("memory", lambda: bench_memory(roots[large], large, env))
        step("responsive", lambda: bench_responsive(roots[large], large))
        print()
        print(table(rows))
        missed = [row for row in rows if row.ok is False]
        goals = [row for row in rows if row.ok is not None]
        print()
        print(f"{len(goals) - len(missed)} of {len(goals)} figures with a goal reach it"
              + (f"; MISSED: {', '.join(r.name.strip() for r in missed)}" if missed else "")
              + f". Benchmark ran {time.perf_counter() - began:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
