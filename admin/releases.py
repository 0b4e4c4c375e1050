"""A downloaded release: recognised by its content, previewed against the current snapshot, applied as a version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from kpi.core import schema as S
from kpi.core.schema import SchemaError
from kpi.storage.snapshots import IMPORT, SnapshotError, VersionInfo
from loaders import pipeline
from loaders.compare import changed_rows
from loaders.errors import LoaderError

MAX_BYTES = 10 * 1024 * 1024  # server.maxUploadSize; a bigger file goes through `python -m loaders import`
TYPES = ("csv", "xlsx", "xls", "ods")
SAMPLE_ROWS = 20


class Refused(Exception):
    """A file that is no known release, or whose figures fail the checks; nothing was changed."""


@dataclass(frozen=True)
class Preview:
    """What applying a file would change, worked out against one version of the snapshot."""

    file_name: str
    sha256: str
    source_id: str
    source_title: str
    release: str
    change: pipeline.Change
    outcome: pipeline.Outcome
    rows: pd.DataFrame  # every observation added, changed or removed
    unmatched: list[str] = field(default_factory=list)

    @property
    def parent(self) -> int:
        return self.change.parent

    @property
    def nothing_to_change(self) -> bool:
        return self.rows.empty and not self.outcome.replaces_table

    def counts(self) -> dict[str, int]:
        return {k: int((self.rows["change"] == k).sum()) for k in ("added", "changed", "removed")}

    def years(self) -> list[str]:
        return sorted(self.rows[S.PERIOD].unique())

    def summary(self) -> str:
        if self.outcome.replaces_table:
            return f"The file replaces the whole {self.outcome.replaces_table} table ({len(self.outcome.rows)} rows)."
        if self.rows.empty:
            return "Every figure in this file is already in the snapshot: applying it would change no figure."
        c, years = self.counts(), self.years()
        span = years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"
        return (
            f"{c['added']:,} figure(s) added, {c['changed']:,} changed and {c['removed']:,} removed, for "
            f"{self.rows[S.AREA_CODE].nunique()} council(s), {span}, in {self.rows[S.METRIC_ID].nunique()} measure(s)."
        )

    def by_measure(self, titles: dict[str, str]) -> pd.DataFrame:
        table = self.rows.pivot_table(index=S.METRIC_ID, columns="change", values=S.AREA_CODE, aggfunc="count")
        table = table.reindex(columns=["added", "changed", "removed"], fill_value=0).fillna(0).astype(int)
        table.insert(0, "measure", [titles.get(m, m) for m in table.index])
        return table.reset_index()

    def sample(self, names: dict[str, str], n: int = SAMPLE_ROWS) -> pd.DataFrame:
        """The first rows of the change, councils by name (the full list is in the download)."""
        out = self.rows.head(n).copy()
        out.insert(1, "council", out[S.AREA_CODE].map(lambda c: names.get(c, c)))
        return out


def preview(snapshots, content: bytes, file_name: str, *, who: str, now: dt.datetime) -> Preview:
    """Recognise the file by its content and work out the new version; Refused (saying why) otherwise."""
    if len(content) > MAX_BYTES:
        raise Refused(f"{file_name} is {len(content) / 1e6:.1f} MB; the page takes up to 10 MB")
    snapshot = snapshots.read()
    try:
        outcome = pipeline.read_release(content, file_name, pipeline.areas_of(snapshot))
        by = pipeline.Provenance(IMPORT, who, file_name=file_name, sha256=pipeline.sha256(content))
        change = pipeline.prepare(snapshot, [outcome], now=now, by=by)
    except LoaderError as exc:
        raise Refused(exc.message) from exc
    except SchemaError as exc:
        raise Refused(f"the merged snapshot failed its checks: {exc}") from exc
    catalogue = snapshot.catalogue()
    return Preview(
        file_name=file_name,
        sha256=by.sha256,
        source_id=outcome.source_id,
        source_title=catalogue.source_title(outcome.source_id),
        release=outcome.release,
        change=change,
        outcome=outcome,
        rows=changed_rows(change.current, change.observations),
        unmatched=outcome.unmatched,
    )


def apply(snapshots, preview: Preview, *, now: dt.datetime) -> VersionInfo:
    """Write the previewed version; SnapshotError (VersionConflict, Busy) if the snapshot moved on or is being
    written."""
    info = pipeline.apply(snapshots, preview.change)
    pipeline.record(snapshots, [preview.outcome], now=now, obs=preview.change.observations)
    return info


__all__ = ["MAX_BYTES", "TYPES", "Preview", "Refused", "SnapshotError", "apply", "preview"]
