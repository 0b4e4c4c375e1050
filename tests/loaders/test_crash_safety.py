"""`python -m loaders import` killed by SIGKILL at every filesystem step leaves the previous snapshot or the new one.

Each run imports into its own copy of data/ in its own process, forked from one server that has imported the
command once (tests/loaders/crashpoints.py; it pauses the run after step N). The test kills the process there,
then checks by SHA-256 that every file of the current version is the previous version's or the new version's,
that `loaders status` works (and cleans up what the killed writer left), and that a later import still applies.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kpi.storage.snapshot_files import POINTER, TMP_PREFIX, VERSIONS, FileSnapshots
from kpi.storage.snapshots import SNAPSHOT_FILES, leftover_temporaries
from tests.loaders.helpers import RAW, ROOT

HOOK = ROOT / "tests" / "loaders" / "crashpoints.py"
DEFLATORS = RAW / "gdp_deflator_qna_update_2022_2023_06.xlsx"  # changes deflators.csv, sources.csv, snapshot.json


class Runs:
    """The fork server: each start() is one `python -m loaders ...` in a process of its own."""

    def __init__(self):
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, str(HOOK)], cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self.lock = threading.Lock()

    def start(self, stop_at: int, marker: Path, *args: str) -> int:
        with self.lock:
            line = "\t".join([str(stop_at), str(marker), f"{marker}.out", *args])
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
            return int(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def runs():
    server = Runs()
    yield server
    server.close()


def wait_for(marker: Path, timeout: float = 300) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = marker.read_text() if marker.exists() else ""
        if text.endswith("\n"):
            return text
        time.sleep(0.02)
    raise AssertionError(f"{marker} was never written")


def finished(runs: Runs, marker: Path, *args: str, count: bool = False) -> tuple[int, list[str], str]:
    """Run a command to its end: (exit code, its steps if counted, its output)."""
    runs.start(0 if count else -1, marker, *args)
    *steps, last = wait_for(marker).splitlines()
    return int(last.split()[1]), steps, Path(f"{marker}.out").read_text()


def fresh_copy(target: Path) -> Path:
    shutil.copytree(ROOT / "data", target, ignore=shutil.ignore_patterns("local", "versions", "CURRENT", ".*"))
    return target


def hashes(folder: Path) -> dict[str, str]:
    """Every snapshot file of the folder's current version, by content hash."""
    snapshots = FileSnapshots(folder)
    current = snapshots.folder(snapshots.head())
    return {n: hashlib.sha256((current / n).read_bytes()).hexdigest() for n in SNAPSHOT_FILES}


def complete_run(runs: Runs, tmp: Path, release: Path) -> tuple[dict, list[str]]:
    """The new version's hashes and the list of steps, from one run that is not interrupted."""
    data = fresh_copy(tmp / "whole")
    code, steps, out = finished(runs, tmp / "whole.marker", "import", str(release), "--data-dir", str(data), count=True)
    assert code == 0, out
    return hashes(data), steps


def killed_at(runs: Runs, step: int, tmp: Path, release: Path) -> tuple[Path, str]:
    """Run the import in a fresh copy, SIGKILL it just after `step`; the copy and the step's name."""
    data, marker = fresh_copy(tmp / f"run{step}"), tmp / f"run{step}.marker"
    pid = runs.start(step, marker, "import", str(release), "--data-dir", str(data))
    name = wait_for(marker).strip()
    assert not name.startswith("exit"), f"the run ended before step {step}"
    time.sleep(0.05)  # the marker is written just before the pause begins
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return data, name
        time.sleep(0.02)
    raise AssertionError(f"process {pid} outlived SIGKILL")


def check_whole(runs: Runs, data: Path, before: dict, after: dict, step: str) -> str:
    """The current version is entirely the previous one or entirely the new one; status works and cleans up."""
    now = hashes(data)
    assert now in (before, after), f"a mix after SIGKILL at {step!r}: {now}"
    code, _, out = finished(runs, data.with_suffix(".status"), "status", "--data-dir", str(data))
    assert code == 0 and "source_id,title,release" in out and "hmt_gdp_deflators" in out, out
    snapshots = FileSnapshots(data)
    assert not list(data.glob(f"{VERSIONS}/{TMP_PREFIX}*")) and not list(data.glob(f".{POINTER}.*.tmp"))
    assert not leftover_temporaries(data), f"temporary files left after {step!r}: {leftover_temporaries(data)}"
    assert all(v <= snapshots.head() for v in snapshots._ids()), "a version never switched to was left"
    return "previous" if now == before else "new"


def test_an_import_killed_at_every_step_leaves_the_previous_or_the_new_snapshot(runs, tmp_path):
    before = hashes(ROOT / "data")
    after, steps = complete_run(runs, tmp_path, DEFLATORS)
    assert after != before and after["observations.csv"] == before["observations.csv"]
    assert any(s.endswith("/observations.csv") for s in steps) and any(f"/.{POINTER}." in s for s in steps)
    with ThreadPoolExecutor(max_workers=2) as pool:
        killed = list(pool.map(lambda n: killed_at(runs, n, tmp_path, DEFLATORS), range(1, len(steps) + 1)))
        seen = dict(
            zip(
                (step for _, step in killed), pool.map(lambda r: check_whole(runs, *r[:1], before, after, r[1]), killed)
            )
        )
    # Killed right after the first file of the new version was written: still the previous snapshot, whole.
    assert seen[next(s for s in seen if s.startswith("fsync") and s.endswith("/observations.csv"))] == "previous"
    assert seen[next(s for s in seen if s.startswith("replace") and f"/.{POINTER}." in s)] == "new"  # the switch
    # Killed after the status log's temporary file was flushed (the switch done): new, and the file cleared.
    log_tmp = next(s for s in seen if s.startswith("fsync") and "/local/.source_status.json." in s)
    assert seen[log_tmp] == "new"
    assert set(seen.values()) == {"previous", "new"}
    data = killed[len(steps) // 2][0]
    code, _, out = finished(runs, data.with_suffix(".again"), "import", str(DEFLATORS), "--data-dir", str(data))
    assert code == 0, out  # the next import applies as usual
    assert hashes(data)["deflators.csv"] == after["deflators.csv"]


def test_an_import_that_changes_figures_killed_after_writing_them(runs, tmp_path):
    """The case of the old one-file-at-a-time switch: killed right after the new observations were written."""
    from tests.loaders.sources.test_csp_and_qpses import qpses_workbook

    release = tmp_path / "QPSES 2030 Q1.xlsx"
    release.write_bytes(qpses_workbook("Barking and Dagenham", "Bexley"))  # example values
    before = hashes(ROOT / "data")
    # Steps before the first file: the lock's folder, versions/, the new version's temporary folder.
    data, name = killed_at(runs, 4, tmp_path, release)
    assert name.startswith("fsync") and name.endswith("/observations.csv")
    written = Path(name.split(" ", 1)[1]).read_bytes()
    assert written != (ROOT / "data" / "observations.csv").read_bytes()  # the new figures were on disk
    assert check_whole(runs, data, before, {}, name) == "previous"
