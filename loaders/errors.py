"""Typed errors a page or command can explain to a person."""


class LoaderError(Exception):
    """Base class: something went wrong bringing a source in."""

    def __init__(self, source_id: str, message: str):
        super().__init__(f"{source_id}: {message}")
        self.source_id = source_id
        self.message = message


class SourceUnavailable(LoaderError):
    """The source could not be reached (offline, timeout, server error after retries)."""


class SourceNotFound(LoaderError):
    """The address or publication no longer exists (HTTP 404/410, no matching attachment)."""


class LayoutChanged(LoaderError):
    """The file no longer has the sheets, header rows or columns the parser looks for."""


class BadData(LoaderError):
    """The file parsed but its values are not usable (empty, truncated, non-numeric where numbers belong)."""


class NotThisSource(LoaderError):
    """A file is not a release of this source: what sniff looked for and what it found instead."""
