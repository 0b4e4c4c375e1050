"""An officer's figures checked a column at a time: each distinct cell judged once, each problem named by its row.

kpi.officers.figures.rows holds the rules and their wording. Here every distinct value of a column is judged once,
in the order the values first appear, so what depends on order (which fifty unknown names are matched for typos,
which row declares a local metric first) is as it is row by row; numbers are read for the whole column at once
(kpi.officers.figures.numbers); a row is kept only if none of its cells has a problem, and then only the first row
of each council, metric and year. Problems come out in row order, and in a row in the order of the checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from kpi.core import schema as S
from kpi.core.catalogue import Catalogue
from kpi.officers.figures.numbers import parse_values
from kpi.officers.figures.rows import AREA_NAME, METRIC_POLARITY, METRIC_TITLE, METRIC_UNIT, Found, RowRules
from kpi.officers.files.tabular import EXCEL_ROW

MATCH_COLUMNS = ["row", "given", S.AREA_CODE, AREA_NAME]
NOTES, COUNCIL, METRIC, PERIOD, VALUE, DUPLICATE, UNMATCHED = range(7)  # the checks, in the order of a row's problems


@dataclass(frozen=True)
class Checked:
    rows: pd.DataFrame  # the schema's columns plus _excel_row
    problems: list[S.Problem]
    name_matches: pd.DataFrame  # row, given, area_code, area_name: names turned into codes, to confirm
    new_metrics: dict[str, dict]


class _Problems:
    """Problems as they are found, each with its row and check, put in order at the end."""

    def __init__(self, numbers: np.ndarray):
        self.numbers, self.found, self.rows = numbers, [], np.zeros(len(numbers), dtype=bool)

    def add(self, i: int, check: int, found: list[Found]) -> None:
        row = int(self.numbers[i])
        self.found += [((row, check, k), S.Problem(row, *f)) for k, f in enumerate(found)]
        self.rows[i] |= check != DUPLICATE and bool(found)

    def each(self, codes: np.ndarray, found: list[list[Found]], check: int) -> None:
        """Every row whose distinct value (its code) was judged with problems."""
        bad = [u for u, f in enumerate(found) if f]
        if bad:
            for i in np.flatnonzero(np.isin(codes, bad)):
                self.add(i, check, found[codes[i]])

    def in_order(self) -> list[S.Problem]:
        return [p for _, p in sorted(self.found, key=lambda item: item[0])]


class _Judged(NamedTuple):
    """A column judged once per distinct cell: each distinct cell's result, and each row's distinct cell."""

    results: list
    codes: np.ndarray

    def at(self, i: int):
        return self.results[self.codes[i]]

    def rows(self) -> np.ndarray:
        results = np.empty(len(self.results), dtype=object)
        results[:] = self.results
        return results[self.codes]

    def ids(self) -> np.ndarray:
        """Each row's result as a number: equal results (from different cells), equal numbers."""
        results = np.empty(len(self.results), dtype=object)
        results[:] = self.results
        return pd.factorize(results)[0][self.codes]

    def text(self, rows: np.ndarray):
        """The results of `rows` as the schema's text column, decoded at once from the distinct results."""
        indices = pa.array(self.codes[rows], type=pa.int32())
        decoded = pa.DictionaryArray.from_arrays(indices, pa.array(self.results, pa.string())).cast(pa.string())
        return pd.array(decoded, dtype="string")


def check_figures(
    columns: dict[str, list], numbers: list[int], catalogue: Catalogue, writable: frozenset[str] | None
) -> Checked:
    """The clean rows of a table (columns by schema name, `numbers` = the rows as the officer numbers them)."""
    rules, problems = RowRules(catalogue, writable), _Problems(np.asarray(numbers, dtype=np.int64))
    notes = _each(columns.get(S.NOTES), rules.notes, problems, NOTES)
    councils, matches = _councils(columns.get(S.AREA_CODE), columns.get(AREA_NAME), rules, problems)
    metric_ids, units = _metrics(columns, rules, problems)
    periods = _each(columns[S.PERIOD], rules.period, problems, PERIOD)
    values, bad = parse_values(rules, columns[S.VALUE], units)
    for i, found in bad:
        problems.add(i, VALUE, found)
    known = np.array([code is not None for code in councils.results], dtype=bool)[councils.codes]
    kept = _first_of_each(np.flatnonzero(~problems.rows & known), councils, metric_ids, periods, problems)
    if not len(kept):
        return Checked(S.empty(), problems.in_order(), matches, rules.new_metrics)
    blank = _Judged([""], np.zeros(len(numbers), dtype=np.intp))
    frame = {S.AREA_CODE: councils.text(kept), S.METRIC_ID: metric_ids.text(kept), S.PERIOD: periods.text(kept)}
    frame.update({S.VALUE: values[kept], S.UNIT: pd.array(pa.array(units[kept], pa.string()), dtype="string")})
    frame.update({S.SOURCE_ID: blank.text(kept), S.STATUS: blank.text(kept), S.NOTES: notes.text(kept)})
    rows = S.coerce(pd.DataFrame(frame))
    rows[EXCEL_ROW] = problems.numbers[kept]
    return Checked(rows, problems.in_order(), matches, rules.new_metrics)


def _distinct(cells: list | None, n: int) -> tuple[list, np.ndarray]:
    """The distinct cells in the order they first appear, and each cell's index among them (None: a column the file
    does not have, all blank). A workbook's 1, 1.0 and TRUE are told apart (they read differently)."""
    if cells is None:
        return [""], np.zeros(n, dtype=np.intp)
    if set(map(type, cells)) == {str}:  # every CSV column: encoded at once
        try:
            encoded = pa.array(cells, type=pa.string()).dictionary_encode()
        except (pa.ArrowException, UnicodeError):  # text Arrow cannot hold (a lone surrogate): below
            pass
        else:
            return encoded.dictionary.to_pylist(), encoded.indices.to_numpy(zero_copy_only=False)
    index: dict = {}
    codes = np.fromiter((index.setdefault((c.__class__, c), len(index)) for c in cells), dtype=np.intp, count=n)
    return [c for _, c in index], codes


def _each(cells: list | None, rule, problems: _Problems, check: int) -> _Judged:
    """A rule of one cell judged once per distinct cell; problems named per row."""
    distinct, codes = _distinct(cells, len(problems.numbers))
    judged = [rule(c) for c in distinct]
    problems.each(codes, [found for _, found in judged], check)
    return _Judged([result for result, _ in judged], codes)


def _councils(
    code_cells: list | None, name_cells: list | None, rules: RowRules, problems: _Problems
) -> tuple[_Judged, pd.DataFrame]:
    """Each row's council code (None if unknown), problems named per row, and the names matched (first row each)."""
    given_codes, code_of = _distinct(code_cells, len(problems.numbers))
    given_names, name_of = _distinct(name_cells, len(problems.numbers))
    code_texts = [str(c or "").strip() for c in given_codes]
    name_texts = [str(c or "").strip() for c in given_names]
    by_code = np.array([bool(t) for t in code_texts], dtype=bool)[code_of]
    key = np.where(by_code, code_of, len(given_codes) + name_of)
    keys, firsts, key_of = np.unique(key, return_index=True, return_inverse=True)
    verdicts: list = [None] * len(keys)
    for k in np.argsort(firsts, kind="stable"):  # as the rows first give them: the name-matching cap counts so
        given, column = (
            (code_texts[keys[k]], S.AREA_CODE)
            if keys[k] < len(given_codes)
            else (name_texts[keys[k] - len(given_codes)], AREA_NAME)
        )
        verdicts[k] = (given, column, rules.council(given, column))
    problems.each(key_of, [v[2].found for v in verdicts], COUNCIL)
    unmatched = np.flatnonzero(np.array([v[2].unmatched for v in verdicts], dtype=bool)[key_of])
    if len(unmatched):
        given, column, _ = verdicts[key_of[unmatched[0]]]
        problem = rules.unmatched(problems.numbers[unmatched].tolist(), column, given[:80])
        problems.found.append(((problem.row, UNMATCHED, 0), problem))
    matches = _matches(verdicts, firsts, key_of, problems.numbers, rules.catalogue)
    return _Judged([v[2].code for v in verdicts], key_of), matches


def _matches(verdicts: list, firsts: np.ndarray, key_of: np.ndarray, numbers: np.ndarray, catalogue) -> pd.DataFrame:
    """Names turned into codes, the first row of each name, labelled by its place among all rows matched by name."""
    matched = np.array([v[2].by_name and v[2].code is not None for v in verdicts], dtype=bool)
    every = np.flatnonzero(matched[key_of])
    records, labels, seen = [], [], set()
    for k in sorted(np.flatnonzero(matched), key=lambda k: firsts[k]):
        given, _, council = verdicts[k]
        if given not in seen:
            seen.add(given)
            row = int(numbers[firsts[k]])
            records.append(
                {"row": row, "given": given, S.AREA_CODE: council.code, AREA_NAME: catalogue.area_name(council.code)}
            )
            labels.append(int(np.searchsorted(every, firsts[k])))
    if not records:
        return pd.DataFrame([], columns=MATCH_COLUMNS).drop_duplicates("given")
    return pd.DataFrame(records, columns=MATCH_COLUMNS, index=labels)


def _metrics(columns: dict, rules: RowRules, problems: _Problems) -> tuple[_Judged, np.ndarray]:
    """Each row's metric id, and its unit (None where unknown); a metric not in the catalogue is declared row by
    row."""
    distinct, codes = _distinct(columns.get(S.METRIC_ID), len(problems.numbers))
    judged = [rules.metric(c) for c in distinct]
    metric_ids = _Judged([metric_id for _, metric_id, _ in judged], codes)
    row_units = _Judged([unit for _, _, unit in judged], codes).rows()
    local = np.flatnonzero(np.equal(row_units, None))
    if len(local):
        blank = [""] * len(problems.numbers)  # a column the file does not have
        declared = [columns.get(name, blank) for name in (METRIC_TITLE, METRIC_UNIT, METRIC_POLARITY)]
        for i in local:  # in row order: the first good declaration of a local metric counts for the rows after it
            text, metric_id, _ = judged[codes[i]]
            row_units[i], found = rules.local_metric(text, metric_id, tuple(c[i] for c in declared))
            if found:
                problems.add(i, METRIC, found)
    return metric_ids, row_units


def _first_of_each(
    clean: np.ndarray, councils: _Judged, metric_ids: _Judged, periods: _Judged, problems: _Problems
) -> np.ndarray:
    """The clean rows that are the first of their council, metric and year; the others are problems."""
    if not len(clean):
        return clean
    parts = [judged.ids()[clean] for judged in (councils, metric_ids, periods)]
    key = (parts[0] * (parts[1].max() + 1) + parts[1]) * (parts[2].max() + 1) + parts[2]
    _, firsts, key_of = np.unique(key, return_index=True, return_inverse=True)
    first = firsts[key_of]
    for j in np.flatnonzero(first != np.arange(len(clean))):
        i, same = clean[j], clean[first[j]]
        given = "/".join((councils.at(i), metric_ids.at(i), periods.at(i)))
        expected = f"one row per council, metric and year (row {problems.numbers[same]} has the same)"
        problems.add(i, DUPLICATE, [(f"{S.AREA_CODE}/{S.METRIC_ID}/{S.PERIOD}", given, expected)])
    return clean[first == np.arange(len(clean))]
