"""The pack as an accessible PDF: the HTML of reports/html.py laid out by WeasyPrint as PDF/UA-1 (tagged, with
the document language, a title, figures with alternative text and tables with header cells, in reading order).

WeasyPrint needs Debian's Pango libraries (libpango-1.0-0, libpangoft2-1.0-0; `.ci/run` installs them). Where
they are missing, PdfUnavailable says so, and the page and the command line show it; Word packs still work.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
from concurrent.futures import ThreadPoolExecutor

from reports.html import to_html
from reports.layout import Block, Figure

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
    blocks = _with_jpeg_charts(blocks)
    images = {f"{IMAGE_SCHEME}:{i}": b.image for i, b in enumerate(b for b in blocks if isinstance(b, Figure))}
    html = to_html(blocks, title=title, made=made, image_url=lambda i: f"{IMAGE_SCHEME}:{i}")
    fetcher = _own_images_only(images)
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant=PDF_VARIANT)


IMAGE_SCHEME = "pack-image"


def _own_images_only(images: dict[str, bytes]):
    """A URL fetcher that serves the pack's charts and nothing else: no file or network access while the PDF is
    written, and the images are not parsed as megabytes of base64 inside the HTML."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PackImages(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in images:
                raise ValueError(f"a pack refers to its own images only, not to {url[:80]}")
            return URLFetcherResponse(url, images[url], {"Content-Type": "image/jpeg"})

    return PackImages(fail_on_errors=True)


JPEG_QUALITY = 92


def _with_jpeg_charts(blocks: list[Block]) -> list[Block]:
    """The charts as high-quality JPEG (no chroma subsampling) at the same print resolution. WeasyPrint decodes
    and re-encodes every PNG it embeds, splitting off the alpha channel, which costs more than drawing the charts;
    a JPEG is embedded as it is. The Word document keeps the PNGs."""
    from PIL import Image  # installed with WeasyPrint

    def jpeg(png: bytes) -> bytes:
        out = io.BytesIO()
        Image.open(io.BytesIO(png)).convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, subsampling=0)
        return out.getvalue()

    figures = [b for b in blocks if isinstance(b, Figure)]
    with ThreadPoolExecutor(max_workers=2) as pool:  # Pillow works outside the GIL: both cores
        converted = dict(zip(map(id, figures), pool.map(jpeg, [f.image for f in figures])))
    return [dataclasses.replace(b, image=converted[id(b)]) if isinstance(b, Figure) else b for b in blocks]
