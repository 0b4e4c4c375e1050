"""Options files: `option, proposed_council, area_code[, share]`, a row a council in a proposed council, read as
officers' files are read (CSV in any common encoding and separator, or a workbook; kpi.officers.files) and checked
whole (kpi.calc.options.rows): a file with any problem is refused, each problem with its row and reason."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kpi.calc.options.model import OptionSet
from kpi.calc.options.rows import COLUMNS, ROW, OptionsRefused, read_rows, to_rows
from kpi.core.catalogue import Catalogue
from kpi.core.safecsv import to_csv_bytes
from kpi.core.schema import Problem
from kpi.officers.files.tabular import EXCEL_ROW, FileRejected, read_table


def read_options(catalogue: Catalogue, data: bytes, name: str, *, area: tuple[str, ...] = ()) -> OptionSet:
    """The option set a file holds, or OptionsRefused naming every problem (a file that cannot be read is one)."""
    try:
        frame = read_table(data, name, header_names=set(COLUMNS))
    except FileRejected as exc:
        raise OptionsRefused([Problem(None, "file", name[:60], str(exc))]) from None
    columns = [c for c in frame.columns if c != EXCEL_ROW]
    rows = [{**row, ROW: row[EXCEL_ROW]} for row in frame.to_dict("records")]
    return read_rows(catalogue, rows, columns=columns, area=area)


def read_options_file(catalogue: Catalogue, path: Path, *, area: tuple[str, ...] = ()) -> OptionSet:
    """`read_options` of a file on disk (the command line's --options and --file)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise OptionsRefused([Problem(None, "file", str(path)[:80], f"a file that can be read ({exc})")]) from None
    return read_options(catalogue, data, Path(path).name, area=area)


def read_frame(catalogue: Catalogue, frame: pd.DataFrame, *, area: tuple[str, ...] = ()) -> OptionSet:
    """The option set a table of COLUMNS holds (the page's editor), its rows numbered from 1 as shown."""
    records = enumerate(frame.fillna("").to_dict("records"), 1)
    rows = [{**row, ROW: i} for i, row in records if any(str(row.get(c, "")).strip() for c in COLUMNS)]
    return read_rows(catalogue, rows, columns=list(frame.columns), area=area)


def options_frame(options: OptionSet) -> pd.DataFrame:
    return pd.DataFrame(to_rows(options), columns=list(COLUMNS))


def options_csv(options: OptionSet) -> bytes:
    """The option set as an options file (formula-safe CSV)."""
    return to_csv_bytes(options_frame(options))
