"""Source ids and the item labels shared by the council tax readers."""

from __future__ import annotations

SOURCE_ID = "mhclg_council_tax_ctr"
TAXBASE_ID = "mhclg_council_taxbase"

# (block, item) -> label regex. Matched on the words, not the item numbers: the numbers shift between years
# (Band D excluding parish precepts is item 11 in 2015-16 and item 9 from 2021-22).
ITEMS = {
    ("billing", "ctr"): r"^\d+[a-z]?\.? ?Council Tax Requirement .*excluding local precepts",
    ("billing", "band_d"): r"^\d+[a-z]?\.? ?Average \(Band D.*excluding local precepts",
    ("billing", "tax_base"): r"^\d+[a-z]?\.? ?Council tax base for council tax setting purposes",
    ("precepting", "ctr"): r"^\d+[a-z]?\.? ?Council Tax Requirement including special expenses\.?( \(|$)",
    ("precepting", "band_d"): r"^\d+[a-z]?\.? ?Average \(Band D.*of major precepting authority",
    ("precepting", "tax_base"): r"^\d+[a-z]?\.? ?Council tax base for the major precepting authority",
}


def previous_year(year: str) -> str:
    """'2023-24' -> '2022-23'."""
    return f"{int(year[:4]) - 1}-{year[2:4]}"
