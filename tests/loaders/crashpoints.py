"""Runs of `python -m loaders ...` that pause after their Nth filesystem step, so a test can SIGKILL them there.

    python tests/loaders/crashpoints.py        (reads one run per line on standard input)

Each line is tab-separated: N, a marker file, an output file, then the command's arguments. The server has
imported the command once; for each line it forks a process that runs `loaders.__main__.main(arguments)` exactly
as `python -m loaders` does, with its output in the output file, and prints that process's id. Every call of
os.mkdir, os.fsync, os.rename, os.replace, os.unlink and os.rmdir is a step:

- N > 0: once step N has returned, the marker names it and the process sleeps until it is killed;
- N = 0: the run goes through and the marker lists every step, then "exit <code>";
- N < 0: no steps are counted; the marker says "exit <code>" at the end.

The clock is fixed, so two runs write the same bytes. Test instrumentation only: the application has no switch.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import time
from pathlib import Path

HOOKED = ("mkdir", "fsync", "rename", "replace", "unlink", "rmdir")
FIXED_NOW = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)


def install(stop_at: int, marker: Path) -> list[str]:
    steps: list[str] = []

    def hook(name, real):
        def step(*args, **kwargs):
            result = real(*args, **kwargs)
            target = args[0] if args else ""
            if name == "fsync" and os.path.exists(f"/proc/self/fd/{target}"):
                target = os.readlink(f"/proc/self/fd/{target}")
            steps.append(f"{name} {target}")
            if len(steps) == stop_at:
                marker.write_text(steps[-1] + "\n")
                time.sleep(3600)
            return result

        return step

    for name in HOOKED:
        setattr(os, name, hook(name, getattr(os, name)))
    return steps


def child(stop_at: int, marker: Path, output: Path, args: list[str]) -> None:
    import loaders.__main__ as cli

    fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    cli._now = lambda: FIXED_NOW
    steps = install(stop_at, marker) if stop_at >= 0 else []
    try:
        code = cli.main(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    except BaseException as exc:  # noqa: BLE001 - reported through the marker
        print(f"{type(exc).__name__}: {exc}", flush=True)
        code = 3
    sys.stdout.flush()
    marker.write_text("".join(f"{s}\n" for s in steps) + f"exit {code}\n")
    os._exit(0)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    import loaders.__main__  # noqa: F401 - imported once, before any fork

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the system
    for line in sys.stdin:
        stop_at, marker, output, *args = line.rstrip("\n").split("\t")
        pid = os.fork()
        if pid == 0:
            child(int(stop_at), Path(marker), Path(output), args)
        print(pid, flush=True)


if __name__ == "__main__":
    main()
