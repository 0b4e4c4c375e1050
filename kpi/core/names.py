"""Council names as people and publishers write them -> ONS GSS codes: the one matcher.

The council picker's links and the command line (`Catalogue.resolve_area`), officers' uploads and the official-file
loaders all match names here, so a name is read the same way wherever it is typed. A name is reduced to a key:
lower case, "&" read as "and", apostrophes dropped, punctuation to spaces, and the words every publisher adds or
leaves out ("Council", "Borough of", "City of", "UA", "MBC" ...) removed. Keys match exactly; failing that, a
single candidate at least 90% alike (a typo such as "Barkng and Dagenham") is taken and the caller shows the match.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

NOISE_WORDS = (
    "council",
    "borough",
    "district",
    "city",
    "county",
    "metropolitan",
    "royal",
    "the",
    "of",
    "and",
    "london",
    "corporation",
    "ua",
    "mbc",
    "bc",
    "dc",
    "cc",
)
_NOISE = re.compile(r"\b(" + "|".join(NOISE_WORDS) + r")\b")
# Names some publications still use for renamed councils (kept short and reviewed; add with a source).
ALIASES = {
    "shepway": "folkestone hythe"  # renamed 2018; LGA QPSES kept the old name
}
TYPO_CUTOFF = 0.9  # a typo is accepted only this alike, and only when no other council comes close
SUGGEST_CUTOFF = 0.6


def plain(text: object) -> str:
    """Lower case, '&' as 'and', no apostrophes, any other punctuation as one space."""
    value = str(text or "").lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", " ", value).strip()


def name_key(text: object) -> str:
    """The key two spellings of one council share: "London Borough of Barking & Dagenham" -> "barking dagenham".

    A name made only of noise words ("City of London") keeps them, so it never becomes an empty key."""
    simple = plain(text)
    key = re.sub(r"\s+", " ", _NOISE.sub(" ", simple)).strip()
    key = key or simple
    return ALIASES.get(key, key)


@dataclass(frozen=True)
class NameMatch:
    code: str | None
    exact: bool  # False: taken as a typo of the name it resembles, worth showing to the user
    suggestions: tuple[str, ...]  # codes of near matches, when nothing was taken


class NameIndex:
    """Every council's names (display and official) -> its code; current councils win a shared name."""

    def __init__(self, rows: Iterable[tuple[str, Iterable[str], bool]]):
        """rows: (code, names, current)."""
        self._keys: dict[str, str] = {}
        self._plain: dict[str, str] = {}
        self._memo: dict[str, NameMatch] = {}
        for code, names, _current in sorted(rows, key=lambda r: bool(r[2])):  # current last: they overwrite
            for name in names:
                if name:
                    self._keys[name_key(name)] = code
                    self._plain[plain(name)] = code

    @classmethod
    def from_areas(cls, areas) -> NameIndex:
        """From an area catalogue frame (area_code, area_name, official_name, current)."""
        current = [str(c).lower() in ("true", "1") if isinstance(c, str) else bool(c) for c in areas["current"]]
        return cls(zip(areas["area_code"], zip(areas["area_name"], areas["official_name"]), current))

    def exact(self, text: object) -> str | None:
        """The code of the council with this name's key, without guessing at typos (cheap: one dictionary look-up)."""
        return self._keys.get(name_key(text))

    def match(self, text: object) -> NameMatch:
        key = name_key(text)
        if not key:
            return NameMatch(None, True, ())
        if key in self._keys:
            return NameMatch(self._keys[key], True, ())
        if key not in self._memo:
            self._memo[key] = self._nearest(key, text)
        return self._memo[key]

    def _nearest(self, key: str, text: object) -> NameMatch:
        close = difflib.get_close_matches(key, list(self._keys), n=4, cutoff=TYPO_CUTOFF - 0.05)
        scored = [(difflib.SequenceMatcher(None, key, k).ratio(), k) for k in close]
        if scored and scored[0][0] >= TYPO_CUTOFF:
            best = self._keys[scored[0][1]]
            rivals = {self._keys[k] for r, k in scored[1:] if r >= scored[0][0] - 0.05} - {best}
            if not rivals:
                return NameMatch(best, False, ())
        return NameMatch(None, True, self.suggest(text))

    def suggest(self, text: object, n: int = 3) -> tuple[str, ...]:
        """Codes of councils whose name contains the text or resembles it, best first."""
        simple = plain(text)
        found = [code for name, code in self._plain.items() if simple and simple in name][:n]
        found += [
            self._plain[p] for p in difflib.get_close_matches(simple, list(self._plain), n=n, cutoff=SUGGEST_CUTOFF)
        ]
        found += [
            self._keys[k]
            for k in difflib.get_close_matches(name_key(text), list(self._keys), n=n, cutoff=SUGGEST_CUTOFF)
        ]
        return tuple(dict.fromkeys(found))
