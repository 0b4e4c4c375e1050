"""Each source's status: release, retrieval date, coverage, and how its last refresh went (pure reading, no network).

The snapshot's sources.csv says which release is loaded; the status log (data/local/source_status.json, or the
shared database's snapshot_status table) records every attempt of `python -m loaders refresh/import` and of the
Data sources page. A source whose last attempt failed is a *failed refresh* (RefreshFailed): its figures are older
than the release the refresh went looking for."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kpi.core import schema as S
from kpi.storage.snapshot_files import FileSnapshots

COLUMNS = [
    "source_id",
    "title",
    "release",
    "retrieved",
    "councils",
    "first",
    "last",
    "last_attempt",
    "result",
    "message",
]


@dataclass(frozen=True)
class RefreshFailed:
    source_id: str
    title: str
    retrieved: str
    message: str

    def notice(self) -> str:
        return (
            f"The last refresh of {self.title} failed, so its figures are from the release retrieved on "
            f"{self.retrieved or 'an earlier date'}."
        )


def status_table(sources: pd.DataFrame, observations: pd.DataFrame, log: dict) -> pd.DataFrame:
    obs = observations[~observations[S.SOURCE_ID].str.startswith("derived")]
    cover = obs.groupby(S.SOURCE_ID).agg(
        councils=(S.AREA_CODE, "nunique"), first=(S.PERIOD, "min"), last=(S.PERIOD, "max")
    )
    rows = []
    for rec in sources.to_dict("records"):
        sid = rec["source_id"]
        if rec.get("kind") == "derived":
            continue
        attempt = log.get(sid, {})
        ok = attempt.get("ok")
        rows.append(
            {
                "source_id": sid,
                "title": rec.get("short_title") or rec.get("title", sid),
                "release": rec.get("release", ""),
                "retrieved": rec.get("retrieved", ""),
                "councils": int(cover.at[sid, "councils"]) if sid in cover.index else 0,
                "first": str(cover.at[sid, "first"]) if sid in cover.index else "",
                "last": str(cover.at[sid, "last"]) if sid in cover.index else "",
                "last_attempt": attempt.get("last_attempt", ""),
                "result": "" if ok is None else ("ok" if ok else "failed"),
                "message": attempt.get("message", ""),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def failed_refreshes_from_log(sources: pd.DataFrame, log: dict) -> list[RefreshFailed]:
    """Sources whose last attempt failed, without computing coverage (cheap enough for every rerun)."""
    titles = dict(zip(sources["source_id"], sources["short_title"]))
    retrieved = dict(zip(sources["source_id"], sources["retrieved"]))
    return [
        RefreshFailed(sid, str(titles.get(sid, sid)), str(retrieved.get(sid, "")), str(entry.get("message", "")))
        for sid, entry in sorted(log.items())
        if isinstance(entry, dict) and entry.get("ok") is False
    ]


def source_status(snapshots) -> pd.DataFrame:
    """The status table of the current snapshot version and the log, from either back end (the command line);
    a folder stands for its files."""
    if isinstance(snapshots, (str, Path)):
        snapshots = FileSnapshots(Path(snapshots))
    snapshot = snapshots.read()
    return status_table(snapshot.text_table("sources.csv"), snapshot.observations, snapshots.read_log())
