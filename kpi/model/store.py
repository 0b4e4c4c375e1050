"""The in-memory store: the bundled snapshot and catalogues, loaded and indexed once per process."""

from __future__ import annotations

import datetime as dt
import functools
import html
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kpi.core import schema as S
from kpi.core.catalogue import Catalogue
from kpi.core.provenance import UPLOAD_PREFIX, Supplied, is_upload_source, upload_version
from kpi.model.series import by_metric, mark_breaks, preferred
from kpi.storage import snapshots
from kpi.storage.backends import open_snapshots
from kpi.storage.figures import FigureStore
from kpi.storage.snapshot_files import FileSnapshots
from kpi.storage.snapshots import Snapshot, require_snapshot_folder

# The snapshot's file names and reader live in kpi.storage.snapshots; long imported from here too.
OBSERVATIONS, DEFLATORS, NEIGHBOURS, SNAPSHOT = (
    snapshots.OBSERVATIONS,
    snapshots.DEFLATORS,
    snapshots.NEIGHBOURS,
    snapshots.SNAPSHOT,
)
read_observations = snapshots.read_observations

BEST, OFFICIAL, COUNCIL = Supplied.BEST, Supplied.OFFICIAL, Supplied.COUNCIL
MEMO_ENTRIES = 64  # tables kept per store (see Store.memo): a few per measure and basis in use


@dataclass(frozen=True)
class MemoKey:
    """What a table kept in Store.memo was worked out for: its kind and the parts of the request it depends on.
    Each kind has its constructor here, so every key is declared in one place and two kinds never collide."""

    kind: str
    parts: tuple[Hashable, ...] = ()

    @classmethod
    def measure(cls, metric_id: str, prices: str, base_year: str | None, per_head: bool, supplied: str) -> MemoKey:
        """A measure on one basis for every council and year (kpi.calc.measures.every_council)."""
        return cls("measure", (metric_id, str(prices), base_year, per_head, str(supplied)))

    @classmethod
    def figures(cls, metric_id: str, prices: str, base_year: str | None, per_head: bool, supplied: str) -> MemoKey:
        """That measure's rows as plain values, with each council's span (kpi.views.council_figures)."""
        return cls("figures", cls.measure(metric_id, prices, base_year, per_head, supplied).parts)

    @classmethod
    def changes(cls, spec: Hashable, first: str, last: str) -> MemoKey:
        """Every council's % change of a measure between two years (kpi.views.narrative)."""
        return cls("changes", (spec, first, last))

    @classmethod
    def neighbours(cls) -> MemoKey:
        """The nearest neighbours ranked, by tier and council (kpi.calc.comparators)."""
        return cls("neighbours")

    @classmethod
    def lines(cls, area_class: str, area_types: tuple[str, ...] | None) -> MemoKey:
        """The councils of a class of functions ("*": every class) and of the types a measure applies to (None: any),
        by what measures share, so a few entries serve every measure (kpi.calc.comparable)."""
        return cls("lines", (area_class, area_types))

    @classmethod
    def newest_period(cls) -> MemoKey:
        """The newest year any measure has an official figure for (kpi.views.profile)."""
        return cls("newest_period")


@dataclass
class Store:
    catalogue: Catalogue
    observations: pd.DataFrame  # every observation, all sources
    deflators: pd.DataFrame  # period, index, source_id, release
    neighbours: pd.DataFrame  # tier, area_code, rank, neighbour_code, distance
    meta: dict = field(default_factory=dict)
    uploads: pd.DataFrame | None = None  # the upload versions behind council-supplied rows (audit, provenance)
    upload_version: int = 0  # the uploads' version merged in (0: none)

    def __post_init__(self) -> None:
        best = preferred(self.observations, self.catalogue.source_priority)
        best = mark_breaks(best)
        self.best = best
        self._by_metric = by_metric(best)
        council = self.observations[S.SOURCE_ID].str.startswith(UPLOAD_PREFIX)
        self._by_supplied = {BEST: self._by_metric}
        for kind, mask in ((COUNCIL, council), (OFFICIAL, ~council)):
            if council.any():
                chosen = mark_breaks(preferred(self.observations[mask], self.catalogue.source_priority))
                self._by_supplied[kind] = by_metric(chosen)
            else:
                self._by_supplied[kind] = {} if kind == COUNCIL else self._by_metric
        self.deflator_index = {
            p: float(v) for p, v in zip(self.deflators["period"], self.deflators["index"]) if pd.notna(v)
        }
        self._periods = {m: tuple(sorted(g[S.PERIOD].unique())) for m, g in self._by_metric.items()}
        self._memo: OrderedDict = OrderedDict()
        self._memo_lock = threading.Lock()

    def memo(self, key: MemoKey, build: Callable[[], object]):
        """`build()`, worked out once per store for a MemoKey: tables for every council that views then slice per
        council (kpi.calc.measures). A store holds one snapshot version with one version of the
        council-supplied figures and never changes, so nothing here goes stale; the least recently used table
        goes first beyond MEMO_ENTRIES. Callers must not mutate what it returns."""
        with self._memo_lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = build()
        with self._memo_lock:
            self._memo[key] = value
            while len(self._memo) > MEMO_ENTRIES:
                self._memo.popitem(last=False)
        return value

    @classmethod
    def load(cls, directory: Path | None = None, *, today: dt.date | None = None) -> Store:
        """The current snapshot version: of a data folder's files, or, with no folder given, of the configured
        back end (a PostgreSQL KPI_DB_URL: the shared snapshot; otherwise data/ or $KPI_DATA_DIR); councils as they
        stand on `today` (the caller reads the clock; None: before every vesting day still in reorganisations.csv)."""
        snapshots = FileSnapshots(Path(directory)) if directory is not None else open_snapshots()
        if isinstance(snapshots, FileSnapshots):
            require_snapshot_folder(snapshots.root)  # NoSnapshot: a missing or empty folder, said in one line
        return cls.from_snapshot(snapshots.read(), today=today)

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot, *, today: dt.date | None = None) -> Store:
        """A store of one snapshot version, from either back end (kpi.storage.snapshots), as of `today`."""
        return cls(
            catalogue=snapshot.catalogue(today),
            observations=snapshot.observations,
            deflators=snapshot.table(DEFLATORS, dtype={"period": str, "source_id": str, "release": str}),
            neighbours=snapshot.table(NEIGHBOURS, dtype={"tier": str, "area_code": str, "neighbour_code": str}),
            meta={**snapshot.meta(), "snapshot_version": snapshot.info.version_id},
        )

    def with_council_supplied(
        self,
        observations: pd.DataFrame,
        local_metrics: list[dict] | None = None,
        *,
        uploads: pd.DataFrame | None = None,
        version: int = 0,
    ) -> Store:
        """A new store with council-supplied rows (source_id "upload:<version>") and local metrics merged in.

        Official figures stay preferred where both exist; both remain in `observations` and are drawn apart."""
        extra = S.coerce(observations)
        if not extra[S.SOURCE_ID].str.startswith(UPLOAD_PREFIX).all():
            raise S.SchemaError("council-supplied rows must carry a source id upload:<version>")
        official = self.observations[~self.observations[S.SOURCE_ID].str.startswith(UPLOAD_PREFIX)]
        return Store(
            catalogue=self.catalogue.with_local_metrics(local_metrics or []),
            observations=pd.concat([official, extra], ignore_index=True),
            deflators=self.deflators,
            neighbours=self.neighbours,
            meta=self.meta,
            uploads=uploads,
            upload_version=version,
        )

    def provenance(self, source_id: str) -> str:
        """Where a figure came from, in words: the source's title, and for an upload its file, who and when."""
        text = self.catalogue.source_title(source_id)
        if is_upload_source(source_id) and self.uploads is not None and len(self.uploads):
            version = upload_version(source_id)
            rows = self.uploads[self.uploads["version_id"] == version]
            if len(rows):
                r = rows.iloc[0]
                # Charts render a little HTML in text: what an officer typed is escaped, never interpreted.
                text += (
                    f": {html.escape(str(r['file_name']))}, uploaded by {html.escape(str(r['created_by']))} "
                    f"on {str(r['created_at'])[:10]}"
                )
        return text

    # ---------------------------------------------------------------- lookups
    def series(self, metric_id: str, area_codes: list[str] | None = None, supplied: str = BEST) -> pd.DataFrame:
        """The preferred series of one metric (one row per area and year), optionally for some areas only."""
        frame = self._by_supplied[supplied].get(metric_id)
        if frame is None:
            return _no_series().copy(deep=False)  # a frame of its own over shared (copy-on-write) empty columns
        if area_codes is not None:
            frame = frame[frame[S.AREA_CODE].isin(area_codes)]
        return frame

    def deflator(self, period: str) -> float | None:
        value = self.deflator_index.get(period)
        return None if value is None or pd.isna(value) else float(value)

    def latest_deflator_period(self) -> str:
        return max(self.deflator_index)

    def deflator_periods(self) -> list[str]:
        return sorted(self.deflator_index)

    def periods(self, metric_id: str) -> list[str]:
        return list(self._periods.get(metric_id, ()))

    def metrics_with_data(self) -> list[str]:
        return [m for m in self.catalogue.metrics if m in self._by_metric]


def merged_store(base: Store, figures: FigureStore, head: int | None = None) -> Store:
    """The bundled store with the council-supplied figures of version `head` (default: the latest) merged in."""
    head = figures.head() if head is None else head
    if not head:
        return base
    rows = figures.observations_at(head).drop(columns="origin_version")
    return base.with_council_supplied(rows, figures.local_metrics(), uploads=figures.versions(), version=head)


@functools.cache
def _no_series() -> pd.DataFrame:
    """An empty series with the schema's columns and the series-break columns, made once per process."""
    return mark_breaks(S.empty())
