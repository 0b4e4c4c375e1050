"""The pack as an accessible PDF: the HTML of reports/html.py laid out by WeasyPrint as PDF/UA-1 (tagged, with
the document language, a title, figures with alternative text and tables with header cells, in reading order).

WeasyPrint needs Debian's Pango libraries (libpango-1.0-0, libpangoft2-1.0-0; `.ci/run` installs them). Where
they are missing, PdfUnavailable says so, and the page and the command line show it; Word packs still work.
"""

from __future__ import annotations

import contextlib
import functools
import io

from reports.html import to_html
from reports.layout import Block

PDF_VARIANT = "pdf/ua-1"
INSTALL = "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


class PdfUnavailable(RuntimeError):
    """PDF packs cannot be made here; the message says why and what to install."""


def _weasyprint():
    try:
        # WeasyPrint prints its own installation advice when a library is missing: keep it out of the output.
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            "PDF packs cannot be made on this server: WeasyPrint or the Pango libraries it needs are missing "
            f"({type(exc).__name__}: {str(exc)[:160]}). On Debian: {INSTALL}. The Word document still works."
        ) from exc
    return weasyprint


@functools.cache
def unavailable_reason() -> str:
    """Why PDF packs cannot be made here, or "" when they can (checked once per process)."""
    try:
        _weasyprint()
    except PdfUnavailable as exc:
        return str(exc)
    return ""


def write_pdf(blocks: list[Block], *, title: str, made: str) -> bytes:
    weasyprint = _weasyprint()
    html = to_html(blocks, title=title, made=made)
    return weasyprint.HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)
