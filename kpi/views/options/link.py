"""Options in the link: `oa` holds the area's councils (comma-separated), each `opt` one proposed council as
"option|proposed council|CODE,CODE:share,...". A link is read through the same checks as a file (kpi.calc.options.rows);
one that fails them opens with no options and a notice saying why."""

from __future__ import annotations

from kpi.calc.options.model import OptionSet
from kpi.calc.options.rows import ROW, SEPARATOR, OptionsRefused, read_rows
from kpi.core.catalogue import Catalogue

AREA, OPTION = "oa", "opt"
PARAMS = (AREA, OPTION)


def to_params(options: OptionSet) -> dict[str, str | list[str]]:
    """The option set as query parameters ({} when there are no options)."""
    if not options.options:
        return {}
    params: dict[str, str | list[str]] = {
        OPTION: [
            SEPARATOR.join(
                [o.name, p.name, ",".join(x.code + ("" if x.share is None else f":{x.share:g}") for x in p.parts)]
            )
            for o, p in options.proposed
        ]
    }
    if options.area:
        params[AREA] = ",".join(options.area)
    return params


def _values(params: dict, key: str) -> list[str]:
    value = params.get(key)
    return [str(v) for v in (value if isinstance(value, list) else [value])] if value else []


def from_params(params: dict, catalogue: Catalogue) -> tuple[OptionSet, list[str]]:
    """The option set a link holds, and a notice for each thing in it that could not be used."""
    notices: list[str] = []
    area = []
    for given in (c.strip().upper() for v in _values(params, AREA) for c in v.split(",") if c.strip()):
        if given in catalogue.current_codes:
            area.append(given)
        else:
            notices.append(
                f"The council '{given[:20]}' in the options' area is not a current council and was left out."
            )
    rows = []
    for i, value in enumerate(_values(params, OPTION), 1):
        option, proposed, codes = (value.split(SEPARATOR) + ["", ""])[:3]
        for code in codes.split(","):
            code, _, share = code.partition(":")
            rows.append({"option": option, "proposed_council": proposed, "area_code": code, "share": share, ROW: i})
    if not rows:
        return OptionSet(tuple(dict.fromkeys(area))), notices
    try:
        return read_rows(catalogue, rows, area=tuple(dict.fromkeys(area))), notices
    except OptionsRefused as exc:
        first = exc.problems[0]
        notices.append(
            f"The reorganisation options in the link could not be used ({first.column or 'options'} "
            f"'{str(first.value)[:30]}': expected {first.expected}), so none are shown."
        )
        return OptionSet(tuple(dict.fromkeys(area))), notices
