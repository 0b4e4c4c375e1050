"""The pack as one HTML document (the PDF's source): headings, figures with alternative text and captions,
tables with scoped header cells, and print CSS for A4. Every piece of text is escaped: figures, names, an
officer's notes and action text are data, never markup."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from html import escape

from reports.layout import Block, Figure, Heading, Para, TableBlock

LANGUAGE = "en-GB"
# Static (nothing from data): A4 pages, the house colours, tables that break between rows, figures kept whole.
CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #505A5F; } }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10pt; color: #0B0C0C;
  line-height: 1.35; }
h1 { font-size: 20pt; margin: 0 0 8pt; }
h2 { font-size: 15pt; margin: 16pt 0 6pt; border-bottom: 1pt solid #12436D; padding-bottom: 2pt; }
h3 { font-size: 12pt; margin: 12pt 0 4pt; }
h2, h3 { break-after: avoid; }
p { margin: 0 0 6pt; }
p.fact { margin: 0 0 2pt; }
p.note { font-size: 8.5pt; color: #505A5F; }
figure { margin: 6pt 0; break-inside: avoid; }
figure img { width: 100%; }
figcaption { font-size: 9pt; font-weight: bold; margin-top: 2pt; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 4pt 0 10pt; table-layout: fixed; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 9pt; padding-bottom: 3pt; }
th, td { border: 0.5pt solid #B1B4B6; padding: 2pt 4pt; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
thead th { background: #F3F2F1; }
td.short { white-space: nowrap; }
tr { break-inside: avoid; }
"""


def to_html(blocks: list[Block], *, title: str, made: str, image_url: Callable[[int], str] | None = None) -> str:
    """The document; figure i's image is at `image_url(i)` (default: inline as a data URL)."""
    figures = iter(range(len(blocks)))
    body = "\n".join(_block(b, image_url, figures) for b in blocks)
    return (
        f'<!DOCTYPE html>\n<html lang="{LANGUAGE}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        '<meta name="author" content="Council KPI dashboard">\n'
        f'<meta name="dcterms.created" content="{escape(made)}">\n'
        f"<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _block(block: Block, image_url: Callable[[int], str] | None, figures: Iterator[int]) -> str:
    if isinstance(block, Heading):
        level = block.level + 1
        return f"<h{level}>{escape(block.text)}</h{level}>"
    if isinstance(block, Para):
        label = f"<strong>{escape(block.label)}</strong> " if block.label else ""
        return f'<p class="{block.kind}">{label}{escape(block.text)}</p>'
    if isinstance(block, TableBlock):
        return _table(block)
    if isinstance(block, Figure):
        src = image_url(next(figures)) if image_url else data_url(block.image)
        return (
            f'<figure><img src="{escape(src)}" alt="{escape(block.alt)}">'
            f"<figcaption>{escape(block.caption)}</figcaption></figure>"
        )
    raise TypeError(f"unknown block {type(block).__name__}")


def data_url(image: bytes) -> str:
    mime = "image/jpeg" if image[:2] == b"\xff\xd8" else "image/png"
    return f"data:{mime};base64,{base64.b64encode(image).decode('ascii')}"


def _table(block: TableBlock) -> str:
    t = block.table
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in t.columns)
    rows = []
    for row in t.rows:
        cells = [
            f'<th scope="row">{escape(str(v))}</th>' if t.row_headers and i == 0 else _cell(str(v))
            for i, v in enumerate(row)
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f"<table><caption>{escape(block.caption)}</caption>{_widths(t)}<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _widths(t) -> str:
    """Column widths from the length of what each column holds: a fixed table layout is several times quicker
    to lay out than an automatic one, and reads the same."""
    weights = [
        min(max([len(name) * 0.6, *(len(str(row[i])) for row in t.rows)]), 40) + 4 for i, name in enumerate(t.columns)
    ]
    total = sum(weights)
    return "<colgroup>" + "".join(f'<col style="width: {w / total * 100:.1f}%">' for w in weights) + "</colgroup>"


def _cell(text: str) -> str:
    """A data cell; short ones ("2010-11", "£1,459") are kept on one line."""
    return f'<td class="short">{escape(text)}</td>' if len(text) <= 12 else f"<td>{escape(text)}</td>"
