"""Snapshot files are replaced whole or not at all."""

import pytest

from kpi.storage import snapshots
from loaders import files


def test_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "observations.csv"
    target.write_text("old")

    def boom(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(snapshots.os, "replace", boom)
    with pytest.raises(OSError):
        files.atomic_write_bytes(target, b"new")
    assert target.read_text() == "old"
    assert not list(tmp_path.glob(".*.tmp"))
