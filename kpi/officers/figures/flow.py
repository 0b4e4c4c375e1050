"""The steps of an officer's upload: read the file, preview it against what is stored, save it, list and restore
versions. Each step returns what the page shows; the repository is passed in, never opened here."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.core import schema as S
from kpi.core.catalogue import Catalogue
from kpi.officers.access import Access
from kpi.officers.figures.read import ParsedUpload, parse_upload
from kpi.officers.files.history import HISTORY_COLUMNS, restorable
from kpi.officers.files.tabular import EXCEL_ROW, check_upload, sha256
from kpi.storage.changes import ADD, CHANGE, CHANGED
from kpi.storage.db import WriteResult
from kpi.storage.figures import FigureStore


def read_upload(data: bytes, name: str, size: int, catalogue: Catalogue, access: Access) -> ParsedUpload:
    """Check the file's type and size, then read and validate it for this officer (FileRejected if unreadable)."""
    check_upload(name, size)
    return parse_upload(data, name, catalogue, writable=access.councils)


@dataclass(frozen=True)
class UploadPreview:
    table: pd.DataFrame  # one row per figure in the file: stored and new value, add / change / unchanged
    added: int
    changed: int

    @property
    def nothing_to_save(self) -> bool:
        return self.added == 0 and self.changed == 0

    @property
    def summary(self) -> str:
        return (
            f"**{len(self.table)} row(s)** read from the file: **{self.added} to add**, **{self.changed} to "
            f"change**, {len(self.table) - self.added - self.changed} already stored."
        )


def preview_upload(figures: FigureStore, parsed: ParsedUpload, current: pd.DataFrame | None = None) -> UploadPreview:
    """The file's rows against the stored figures (`current`: the current version's, if already read)."""
    marked = figures.preview(parsed.rows, current)
    shown = marked[[EXCEL_ROW, S.AREA_CODE, S.METRIC_ID, S.PERIOD, "stored_value", S.VALUE, CHANGE, S.NOTES]]
    shown = shown.rename(columns={EXCEL_ROW: "row", "stored_value": "stored value", S.VALUE: "new value"})
    shown["stored value"] = shown["stored value"].map(lambda v: "" if v != v else f"{v:,.10g}")  # NaN: none stored
    return UploadPreview(shown, int((marked[CHANGE] == ADD).sum()), int((marked[CHANGE] == CHANGED).sum()))


def save_upload(
    figures: FigureStore, parsed: ParsedUpload, *, data: bytes, file_name: str, access: Access, expected_head: int
) -> WriteResult:
    """One new version with who, when, the file's name and SHA-256 (StoreError if refused; nothing written)."""
    return figures.write_upload(
        parsed.rows.drop(columns=EXCEL_ROW),
        who=access.who,
        file_name=file_name,
        sha256=sha256(data),
        new_metrics=parsed.new_metrics,
        expected_head=expected_head,
    )


@dataclass(frozen=True)
class History:
    table: pd.DataFrame  # every version, newest first, as listed on the page
    current: int  # the latest version (0 if none)
    older: tuple[int, ...]  # versions that can be restored

    @property
    def empty(self) -> bool:
        return self.table.empty


def history(figures: FigureStore) -> History:
    versions = figures.versions()
    if versions.empty:
        return History(versions, 0, ())
    table = versions[HISTORY_COLUMNS].copy()
    table["sha256"] = table["sha256"].str[:12]
    current = int(versions["version_id"].max())
    return History(table, current, restorable(versions, current))


def restore(figures: FigureStore, version: int, *, access: Access, expected_head: int) -> WriteResult:
    """A new version holding the figures of `version`; refused where it would touch another council's figures."""
    return figures.rollback(int(version), who=access.who, writable=access.councils, expected_head=expected_head)
