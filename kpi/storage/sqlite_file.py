"""Whether a SQLite database file may have changed, from its header alone.

In SQLite's default rollback-journal mode, every transaction that writes to the file raises its header's "file change
counter" (4 bytes, big-endian, at offset 24; https://www.sqlite.org/fileformat2.html#file_change_counter), which
exists so that readers can tell whether anyone has written since they last looked. A value read from the database
(the latest upload and plan versions every run is keyed on) is read again only when the counter has moved, for the
cost of reading the file's first 100 bytes. A file in WAL mode (bytes 18 and 19 are 2), one that cannot be read, and
any other database are read every time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
HEADER = b"SQLite format 3\x00"


def sqlite_path(url: str) -> str | None:
    """The file of a SQLite URL (sqlite:///path), or None for an in-memory database or any other database."""
    if not url.startswith("sqlite:///") or url.startswith("sqlite:///:memory:"):
        return None
    return url.removeprefix("sqlite:///").split("?", 1)[0] or None


def change_counter(path: str | None) -> int | None:
    """The file change counter of a SQLite file in rollback-journal mode; None where it does not tell (no such file,
    not a SQLite file, WAL mode)."""
    if path is None:
        return None
    try:
        with open(path, "rb") as file:
            header = file.read(100)
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(HEADER) or header[18] != 1 or header[19] != 1:
        return None
    return int.from_bytes(header[24:28], "big")


class WhileUnchanged(Generic[T]):
    """`read()`, again only when the database may have changed since the last read (see the module's notes).

    The counter is read before the value, so a write between the two makes the next call read again; a value is
    never kept for a counter older than what it saw. Shared by every session of a process: the last read is one
    tuple, replaced whole."""

    def __init__(self, url: str, read: Callable[[], T]):
        self.path, self.read = sqlite_path(url), read
        self._seen: tuple[int | None, T | None] = (None, None)

    def __call__(self) -> T:
        counter = change_counter(self.path)
        seen, value = self._seen
        if counter is not None and counter == seen:
            return value  # type: ignore[return-value]
        value = self.read()
        self._seen = (counter, value)
        return value
