"""Making a pack, step by step: gather the figures, draw the charts, write each file. The page and the command
line both call `make_pack`; `progress(fraction, text)` is told before each step (the charts are the slow part)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from charts.export import Exporter, ExportUnavailable
from kpi.core.formatting import file_slug
from kpi.model.store import Store
from kpi.views.pack.build import Pack, PackRequest, build_pack
from kpi.views.pack.plan import PlanInput
from reports import layout, pdf
from reports.docx import write_docx
from reports.images import render_charts

DOCX, PDF = "docx", "pdf"
FORMATS = {
    DOCX: ("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    PDF: ("PDF", "application/pdf"),
}
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class PackFile:
    fmt: str
    name: str  # file name for the download
    mime: str
    data: bytes

    @property
    def label(self) -> str:
        return FORMATS[self.fmt][0]


@dataclass(frozen=True)
class MadePack:
    pack: Pack
    files: tuple[PackFile, ...]
    notes: tuple[str, ...]  # what is missing and why (e.g. charts without a browser)


def file_name(pack: Pack, made: dt.datetime, fmt: str) -> str:
    return f"evidence-pack-{file_slug(pack.area_name, most=60, empty='council')}-{made:%Y-%m-%d}.{fmt}"


def make_pack(
    store: Store,
    request: PackRequest,
    *,
    formats: tuple[str, ...],
    exporter: Exporter,
    made: dt.datetime,
    plan: PlanInput | None = None,
    progress: Progress | None = None,
) -> MadePack:
    """The pack's files in the formats asked for. Raises PdfUnavailable if a PDF is asked for and cannot be made,
    before any work; charts that cannot be drawn are left out and the pack says why."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"formats must be some of {', '.join(FORMATS)}, not {', '.join(unknown) or 'none'}")
    if PDF in formats and (reason := pdf.unavailable_reason()):
        raise pdf.PdfUnavailable(reason)
    tell = progress or (lambda _f, _t: None)
    steps = 2 * len(formats)  # each file counts as two steps (a PDF's layout takes as long as two charts)

    def gathered(i: int, n: int, text: str) -> None:
        tell(i / (2 * n + steps), text)

    pack = build_pack(store, request, made=made, plan=plan, progress=gathered)
    charts, measures = len(pack.charts()) + (len(pack.options.charts) if pack.options else 0), len(pack.sections)
    total = measures + charts + steps
    images, notes = {}, []
    if charts:
        tell(measures / total, f"Drawing chart 1 of {charts}")
        try:
            images = render_charts(pack, exporter, done=lambda i: tell((measures + i + 1) / total, _next(i, charts)))
        except ExportUnavailable as exc:
            notes.append(str(exc))
    blocks = layout.blocks(pack, images, no_images=notes[0] if notes else "")
    files, done = [], measures + charts
    for fmt in formats:
        tell(done / total, f"Writing the {FORMATS[fmt][0]}")
        if fmt == DOCX:
            data = write_docx(blocks, title=pack.title.title, made=made)
        else:
            data = pdf.write_pdf(blocks, title=pack.title.title, made=made.isoformat(timespec="seconds"))
        files.append(PackFile(fmt, file_name(pack, made, fmt), FORMATS[fmt][1], data))
        done += 2
    tell(1.0, "Done")
    return MadePack(pack, tuple(files), tuple(notes))


def _next(i: int, charts: int) -> str:
    return f"Drawing chart {i + 2} of {charts}" if i + 1 < charts else "Charts drawn"
