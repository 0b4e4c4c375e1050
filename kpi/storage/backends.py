"""Which back end holds the snapshot: PostgreSQL's tables for a PostgreSQL URL, otherwise the files of a folder."""

from __future__ import annotations

from pathlib import Path

from kpi.storage.db import Database, default_url
from kpi.storage.paths import data_dir as default_dir
from kpi.storage.snapshot_db import DbSnapshots
from kpi.storage.snapshot_files import FileSnapshots


def is_database_url(url: str | None) -> bool:
    """PostgreSQL holds the snapshot; anything else (the SQLite default) keeps it in files."""
    return bool(url) and str(url).split(":", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


def open_snapshots(
    url: str | None = None, data_dir: Path | None = None, *, database: Database | None = None
) -> FileSnapshots | DbSnapshots:
    """The snapshot's back end for a database URL: PostgreSQL's tables, else the files in data_dir."""
    folder = Path(data_dir or default_dir())
    url = url or (database.url if database is not None else default_url())
    if not is_database_url(url):
        return FileSnapshots(folder)
    return DbSnapshots(database or Database(url), seed_dir=folder)
