"""CSV files for download: a few header lines, then exactly the rows a chart plots, safe to open in a spreadsheet.

A text cell that begins with = + - @ (or a tab or carriage return) is a formula to Excel and LibreOffice
("CSV injection"); such cells get a leading apostrophe. Numbers are written as numbers, negative ones included.
"""

from __future__ import annotations

import csv
import io
import math
import numbers

import pandas as pd

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """A text cell made inert if a spreadsheet would read it as a formula; numbers and blanks unchanged."""
    if cell is None or isinstance(cell, bool):
        return cell
    if isinstance(cell, numbers.Number):
        return cell
    text = str(cell)
    if text.startswith(_TRIGGERS):
        return "'" + text
    return text


def _cell(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return value.item() if hasattr(value, "item") else value
    return neutralise(value)


def to_csv_bytes(frame: pd.DataFrame, *, header_lines: list[str] | tuple[str, ...] = ()) -> bytes:
    """UTF-8 CSV (with BOM, so Excel reads £ correctly): header lines, a blank line, the column names and rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in header_lines:
        writer.writerow([neutralise(line)])
    if header_lines:
        writer.writerow([])
    writer.writerow([neutralise(c) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def header_lines(*, title: str, subtitle: str, source_note: str, licence: str, retrieved: str) -> list[str]:
    """The lines every chart's CSV starts with."""
    lines = [f"Title: {title}"]
    if subtitle:
        lines.append(f"Units and basis: {subtitle}")
    lines += [source_note, f"Licence: {licence}", f"Retrieved: {retrieved}"]
    return lines
