"""What the pipeline knows of a source: the one Source each module in loaders/sources/ declares.

refresh calls fetch, import calls sniff, and both then parse and normalise. Whatever a source does differently is
declared here (its own fetch, a table it replaces), so the pipeline never asks which source it is handling.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from loaders import registry
from loaders.areas import AreaLookup
from loaders.base import Parsed

Fetched = tuple[bytes, str, str]  # (content, filename, release date as the publisher states it, or "")


def fetch_entry(session, entry: registry.Entry, areas: AreaLookup, progress=None) -> list[Fetched]:
    """The usual fetch: the one current file at the entry's reviewed address."""
    return [registry.fetch_entry(session, entry, progress=progress)]


@dataclass(frozen=True)
class Source:
    name: str  # its module in loaders/sources/
    ids: tuple[str, ...]  # the source ids its releases are recorded under
    sniff: Callable[[bytes, str], str]  # the release's source id; NotThisSource says why not
    parse: Callable[[bytes, str], Parsed]  # LayoutChanged / BadData name what was wrong
    normalise: Callable[[Parsed, AreaLookup], pd.DataFrame]  # tidy rows (or the whole replaced table)
    fetch: Callable[..., list[Fetched]] = fetch_entry  # (session, entry, areas, progress)
    replaces_table: str = ""  # "deflators" or "neighbours": the rows replace that table instead of merging
