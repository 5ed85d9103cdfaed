"""A fork server for the crash test: ``python -m tests.robustness.crash_worker ROOT``.

It loads the library once, then for each ``go`` line on stdin forks a worker
that saves study ``good`` over and over, alternating two versions, until it is
killed. It prints the worker's pid, waits for it, and prints how it ended.
Forking saves the 0.25 s start-up of a fresh interpreter per kill, so 200 kills
of real processes fit in a few seconds.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from comparator_gui.domain.library import Library
from comparator_gui.domain.loading import load_library
from comparator_gui.domain.models import Study
from comparator_gui.domain.writing import save_study

#: Version A is large so that a save takes long enough to be killed in the middle.
BIG = 2_000_000


def versions(library: Library) -> tuple[Study, Study]:
    study = library.study("good")
    big = study.model_copy(update={"title": "Version A " + "a" * BIG})
    small = study.model_copy(update={"title": "Version B"})
    return big, small


def main(root: Path) -> None:
    library = load_library(root)
    a, b = versions(library)
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "go":
            break
        pid = os.fork()
        if pid == 0:  # the worker: save until killed
            # The file holds what the previous (killed) worker wrote, not what this
            # process read: for this test that is the same writer, not an outside
            # change, so the "changed on disk since read" check is not asked.
            library.read_stamps.clear()
            try:
                while True:
                    save_study(library, b)
                    save_study(library, a)
            finally:
                os._exit(3)  # only reached on an error: the test sees exit 3, not SIGKILL
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {os.WEXITSTATUS(status)}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
