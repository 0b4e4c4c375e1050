"""Where each source is published: the one reviewed list of addresses and GOV.UK publication paths.

GOV.UK asset links change with every release, so GOV.UK sources name a collection (or publication) path and the
pattern of the file wanted; loaders.govuk finds the current file through the content API. Review this file when a
publisher reorganises its pages. Sources with no stable public address are `manual`: refresh reports that and
`python -m loaders import FILE` takes the file downloaded by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from loaders import govuk, http
from loaders.errors import SourceNotFound


@dataclass(frozen=True)
class Entry:
    source_id: str  # loaders.sources.source_for(source_id) reads what this entry fetches
    kind: str  # "govuk", "direct" or "manual"
    filename_pattern: str = ""  # govuk: regex on the attachment's file name or title
    collection: str = ""  # govuk: collection base path (publications listed in links.documents)
    title_pattern: str = "."  # govuk: regex on the publication title within the collection
    publication: str = ""  # govuk: a fixed publication base path (instead of a collection)
    url: str = ""  # direct: the https address
    params: tuple[tuple[str, str], ...] = ()
    expire_after: timedelta = timedelta(days=1)
    note: str = ""
    default: bool = True  # refreshed by `refresh` without --source


ENTRIES = (
    Entry(
        "ons_mye_2021_based",
        "direct",
        url="https://www.nomisweb.co.uk/api/v01/dataset/NM_2002_1.data.csv",
        params=(
            ("date", "latestMINUS3,latestMINUS2,latestMINUS1,latest"),
            ("gender", "0"),
            ("c_age", "200"),
            ("measures", "20100"),
            ("select", "date_name,geography_name,geography_code,obs_value"),
        ),
        expire_after=timedelta(days=7),
        note="Nomis API, dataset NM_2002_1: the latest four mid-years (ONS revises recent years with each "
        "release); geography chunked to stay under 25,000 rows a call",
    ),
    Entry(
        "ons_gdp_deflator_ybgb",
        "direct",
        url="https://www.ons.gov.uk/generator",
        params=(("format", "csv"), ("uri", "/economy/grossdomesticproductgdp/timeseries/ybgb/qna")),
        expire_after=timedelta(days=7),
    ),
    Entry(
        "hmt_gdp_deflators",
        "govuk",
        collection="/government/collections/gdp-deflators-at-market-prices-and-money-gdp",
        title_pattern=r"GDP deflators at market prices",
        filename_pattern=r"GDP_Deflators.*\.xlsx$",
        expire_after=timedelta(days=7),
        default=False,
        note="alternative to YBGB: replaces the deflator series only when asked for with --source",
    ),
    Entry(
        "mhclg_revenue_outturn_rs",
        "govuk",
        collection="/government/collections/local-authority-revenue-expenditure-and-financing",
        title_pattern=r"revenue outturn multi-year data|individual local authority data.*outturn",
        filename_pattern=r"(Revenue_?Outturn.*(time_?series|multi).*\.csv|RS_\d{4}-\d{2}_data_by_LA\.(ods|xlsx))$",
        expire_after=timedelta(days=7),
    ),
    Entry(
        "mhclg_revenue_account_ra",
        "govuk",
        collection="/government/collections/local-authority-revenue-expenditure-and-financing",
        title_pattern=r"budget.*individual local authority data",
        filename_pattern=r"RA_\d{2}-\d{2}_data_(by_LA|Part_1)\.(ods|xlsx)$",
        expire_after=timedelta(days=7),
    ),
    Entry(
        "mhclg_council_tax_ctr",
        "govuk",
        collection="/government/collections/council-tax-statistics",
        title_pattern=r"^Council Tax levels set by local authorities in England",
        filename_pattern=r"(CTR.*Table_?9|Table_?9.*CTR).*\.(ods|xlsx)$",
        expire_after=timedelta(days=7),
    ),
    Entry(
        "mhclg_council_taxbase",
        "govuk",
        collection="/government/collections/council-taxbase-statistics",
        title_pattern=r"^Council Taxbase \d{4} in England",
        filename_pattern=r"Council_Taxbase.*local_authority_level_data.*\.(ods|xlsx)$",
        expire_after=timedelta(days=7),
    ),
    Entry(
        "mhclg_borrowing_investment",
        "govuk",
        publication="/government/statistical-data-sets/live-tables-on-local-government-finance",
        filename_pattern=r"Borrowing_and_Investment_Live_Table.*\.xlsx$",
        expire_after=timedelta(days=7),
    ),
    Entry(
        "mhclg_core_spending_power",
        "govuk",
        collection="/government/collections/final-local-government-finance-settlement",
        title_pattern=r"final local government finance settlement",
        filename_pattern=r"(CSP_information_table|Core_Spending_Power).*\.xlsx$",
        expire_after=timedelta(days=7),
    ),
    Entry(
        "lga_qpses",
        "manual",
        note="LGA publishes the QPSES workbooks behind its own site search: download 'QPSES <year> Q<n>.xlsx' "
        "and run `python -m loaders import FILE`",
    ),
    Entry(
        "ons_nearest_neighbours_2025",
        "manual",
        note="ONS publishes the nearest neighbours workbook without a stable address: import it by hand",
    ),
)

BY_ID = {e.source_id: e for e in ENTRIES}


def entry(source_id: str) -> Entry:
    if source_id not in BY_ID:
        raise KeyError(f"unknown source {source_id!r}; known: {', '.join(BY_ID)}")
    return BY_ID[source_id]


def request_for(e: Entry, url: str | None = None, params: tuple = (), filename: str = "") -> http.Request:
    return http.Request(
        source_id=e.source_id,
        url=url or e.url,
        params=params or e.params,
        expire_after=e.expire_after,
        filename=filename,
    )


def fetch_entry(session, e: Entry, *, progress=None) -> tuple[bytes, str, str]:
    """(content, filename, release date) of the entry's current file; typed errors otherwise."""
    if e.kind == "manual":
        raise SourceNotFound(e.source_id, f"no reviewed download address; {e.note}")
    if e.kind == "direct":
        content = http.get(session, request_for(e), progress=progress)
        return content, e.url.rsplit("/", 1)[-1], ""
    found = govuk.discover(
        session,
        source_id=e.source_id,
        filename_pattern=e.filename_pattern,
        publication=e.publication or None,
        collection=e.collection or None,
        title_pattern=e.title_pattern,
        progress=progress,
    )
    content = http.get(session, request_for(e, url=found.url, params=(), filename=found.filename), progress=progress)
    return content, found.filename, found.updated
