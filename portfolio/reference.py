"""Reference data (regions, countries, instruments, norms, pillars, themes, statuses) and the
matching of free text to their codes.

The data lives in the database, seeded by Alembic data migrations; this module reads it once into
an immutable :class:`Vocabulary` and is the only place that turns what people write ("Republic of
Moldova", "13(d)", "IPA III") into codes. Forms, the CLI and the importer all call it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio import models
from portfolio.cells import split_list
from portfolio.errors import PortfolioError
from portfolio.text import normalise_key

STATUSES: tuple[str, ...] = ("pipeline", "ongoing", "completed", "suspended", "cancelled")
_STATUS_WORDS: Mapping[str, str] = {
    "pipeline": "pipeline",
    "planned": "pipeline",
    "in preparation": "pipeline",
    "identification": "pipeline",
    "formulation": "pipeline",
    "ongoing": "ongoing",
    "on going": "ongoing",
    "active": "ongoing",
    "running": "ongoing",
    "in progress": "ongoing",
    "implementation": "ongoing",
    "completed": "completed",
    "complete": "completed",
    "closed": "completed",
    "finished": "completed",
    "ended": "completed",
    "suspended": "suspended",
    "on hold": "suspended",
    "paused": "suspended",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "terminated": "cancelled",
}

NORM_PRIMARY = "primary"
NORM_SECONDARY = "secondary"

# "d", "13(d)", "13 d", "norm d", "Norm 13(d)", "UN norm d", "GGE norm (d)"
_NORM_LETTER = re.compile(r"^(?:un )?(?:gge )?(?:norm )?(?:13 )?([a-k])$")


class UnknownValue(PortfolioError):
    """Free text that matches no code; carries the nearest matches as suggestions."""

    def __init__(self, kind: str, value: str, suggestions: list[str]) -> None:
        self.kind = kind
        self.value = value
        self.suggestions = suggestions
        hint = f" Did you mean {_or_list(suggestions)}?" if suggestions else ""
        super().__init__(f"'{value}' is not a known {kind}.{hint}")


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


@dataclass(frozen=True)
class RegionInfo:
    code: str
    name: str


@dataclass(frozen=True)
class CountryInfo:
    code: str
    alpha2: str
    name: str
    official_name: str | None
    display_name: str
    footnote: str | None
    region_code: str | None


@dataclass(frozen=True)
class InstrumentInfo:
    code: str
    name: str
    full_name: str
    period: str
    note: str
    successor_code: str | None
    scope: frozenset[str]  # countries served; empty = every country


@dataclass(frozen=True)
class NormInfo:
    code: str
    label: str


@dataclass(frozen=True)
class PillarInfo:
    code: str
    label: str


@dataclass(frozen=True)
class ThemeInfo:
    code: str
    name: str


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """All reference data, read once from the database. Immutable, safe to share across threads."""

    regions: tuple[RegionInfo, ...]
    countries: Mapping[str, CountryInfo]
    instruments: Mapping[str, InstrumentInfo]
    norms: Mapping[str, NormInfo]
    pillars: Mapping[str, PillarInfo]
    themes: Mapping[str, ThemeInfo]
    country_aliases: Mapping[str, str] = field(default_factory=dict)  # alias text -> code
    instrument_aliases: Mapping[str, str] = field(default_factory=dict)
    region_aliases: Mapping[str, str] = field(default_factory=dict)  # alias text -> region code
    _country_keys: dict[str, str] = field(init=False, repr=False, compare=False)
    _instrument_keys: dict[str, str] = field(init=False, repr=False, compare=False)
    _region_keys: dict[str, str] = field(init=False, repr=False, compare=False)
    _theme_keys: dict[str, str] = field(init=False, repr=False, compare=False)
    _norm_keys: dict[str, str] = field(init=False, repr=False, compare=False)
    _countries_in_text: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_country_keys", self._build_country_keys())
        object.__setattr__(self, "_instrument_keys", self._build_instrument_keys())
        regions = {normalise_key(r.name): r.code for r in self.regions} | {r.code.lower(): r.code for r in self.regions}
        regions |= {normalise_key(alias): code for alias, code in self.region_aliases.items()}
        object.__setattr__(self, "_region_keys", regions)
        themes = {normalise_key(t.code): t.code for t in self.themes.values()}
        object.__setattr__(self, "_theme_keys", themes | {normalise_key(t.name): t.code for t in self.themes.values()})
        object.__setattr__(self, "_norm_keys", {normalise_key(n.label): n.code for n in self.norms.values()})
        object.__setattr__(self, "_countries_in_text", {})

    # --- indexes -----------------------------------------------------------------------

    def _build_country_keys(self) -> dict[str, str]:
        keys: dict[str, str] = {}
        # Later entries win: codes first, then names, then curated aliases.
        for c in self.countries.values():
            keys[c.code.lower()] = c.code
            keys[c.alpha2.lower()] = c.code
        for c in self.countries.values():
            for name in (c.name, c.official_name, c.display_name):
                if name:
                    keys[normalise_key(name)] = c.code
        for alias, code in self.country_aliases.items():
            keys[normalise_key(alias)] = code
        return keys

    def _build_instrument_keys(self) -> dict[str, str]:
        keys: dict[str, str] = {}
        for i in self.instruments.values():
            for text in (i.code, i.name, i.full_name):
                keys[normalise_key(text)] = i.code
        for alias, code in self.instrument_aliases.items():
            keys[normalise_key(alias)] = code
        return keys

    # --- lookups -------------------------------------------------------------------------

    def region(self, code: str) -> RegionInfo:
        for r in self.regions:
            if r.code == code:
                return r
        raise UnknownValue("region", code, [r.code for r in self.regions])

    def countries_in_region(self, region_code: str) -> list[str]:
        return [c.code for c in self.countries.values() if c.region_code == region_code]

    def regions_of(self, country_codes: Iterable[str]) -> list[str]:
        """Focus regions of these countries, in the board's order (WB, EN, SN)."""
        present = {self.countries[c].region_code for c in country_codes if c in self.countries}
        return [r.code for r in self.regions if r.code in present]

    def instrument_group(self, code: str) -> str:
        """The current instrument an older one was succeeded by (ENI -> NDICI), or itself."""
        seen = {code}
        while (successor := self.instruments[code].successor_code) and successor not in seen:
            seen.add(successor)
            code = successor
        return code

    def footnotes_for(self, country_codes: Iterable[str]) -> list[str]:
        notes: list[str] = []
        for code in country_codes:
            note = self.countries[code].footnote if code in self.countries else None
            if note and note not in notes:
                notes.append(note)
        return notes

    # --- matching free text to codes --------------------------------------------------------

    def match_country(self, text: str) -> str:
        """ISO alpha-2/alpha-3, English short or official name, or a common variant -> alpha-3."""
        key = normalise_key(text)
        code = self._country_keys.get(key)
        if code:
            return code
        raise UnknownValue("country", text.strip(), self._suggest_countries(key))

    def _suggest_countries(self, key: str) -> list[str]:
        if not key:
            return []
        keys = self._country_keys
        names = [k for k in keys if len(k) > 3]
        suggestions: list[str] = []
        for candidate, score, _ in process.extract(key, names, scorer=fuzz.WRatio, limit=12):
            code = keys[candidate]
            label = f"{self.countries[code].display_name} ({code})"
            if score >= 70 and label not in suggestions:
                suggestions.append(label)
        return suggestions[:3]

    def match_region(self, text: str) -> str | None:
        """The region a name stands for ("Western Balkans", "WB6", "EaP countries"), or None."""
        return self._region_keys.get(normalise_key(text))

    def is_country_or_region(self, text: str) -> bool:
        key = normalise_key(text)
        return key in self._country_keys or key in self._region_keys

    def countries_in_text(self, text: str) -> list[str]:
        """The countries a cell names, as codes where they are known: lists split without breaking
        names ("Bosnia and Herzegovina"), regions expanded ("EaP countries"), repeats dropped. What is
        not known stays as written, for validation to report with suggestions."""
        if text not in self._countries_in_text:
            items: list[str] = []
            for item in split_list(text, is_known=self.is_country_or_region):
                region = self.match_region(item)
                if region:
                    items += self.countries_in_region(region)
                    continue
                try:
                    items.append(self.match_country(item))
                except UnknownValue:
                    items.append(item)
            if len(self._countries_in_text) < 10_000:
                self._countries_in_text[text] = tuple(dict.fromkeys(items))
            else:
                return list(dict.fromkeys(items))
        return list(self._countries_in_text[text])

    def is_norm_label(self, text: str) -> bool:
        return normalise_key(text) in self._norm_keys

    def is_theme(self, text: str) -> bool:
        return normalise_key(text) in self._theme_keys

    def match_instrument(self, text: str) -> str:
        key = normalise_key(text)
        keys = self._instrument_keys
        if key in keys:
            return keys[key]
        found = process.extract(key, list(keys), scorer=fuzz.WRatio, limit=6) if key else []
        suggestions: list[str] = []
        for candidate, score, _ in found:
            code = keys[candidate]
            if score >= 70 and code not in suggestions:
                suggestions.append(code)
        raise UnknownValue("funding instrument", text.strip(), suggestions[:3])

    def match_norm(self, text: str) -> str:
        """'d', '13(d)', 'norm d', 'Norm D' or the norm's label -> its letter."""
        key = normalise_key(text)
        letter = _NORM_LETTER.match(key)
        if letter:
            return letter.group(1)
        if key in self._norm_keys:
            return self._norm_keys[key]
        labels = {normalise_key(n.label): n.code for n in self.norms.values()}
        found = process.extract(key, list(labels), scorer=fuzz.WRatio, limit=3) if key else []
        suggestions = [f"{labels[c]} ({self.norms[labels[c]].label})" for c, score, _ in found if score >= 70]
        raise UnknownValue("UN norm (use a letter a-k, e.g. '13(d)', or the norm's label)", text.strip(), suggestions)

    def match_theme(self, text: str) -> str:
        code = self._theme_keys.get(normalise_key(text))
        if code:
            return code
        return self._fuzzy_code("GFCE theme", text, {normalise_key(t.name): t.code for t in self.themes.values()})

    def match_pillar(self, text: str) -> str:
        key = normalise_key(text)
        for pillar in self.pillars.values():
            if key in (normalise_key(pillar.code), normalise_key(pillar.label)):
                return pillar.code
        aliases = {"cbm": "cbms", "confidence building": "cbms", "law": "international-law", "il": "international-law"}
        if key in aliases and aliases[key] in self.pillars:
            return aliases[key]
        return self._fuzzy_code("pillar", text, {normalise_key(p.label): p.code for p in self.pillars.values()})

    def _fuzzy_code(self, kind: str, text: str, choices: dict[str, str]) -> str:
        key = normalise_key(text)
        found = process.extract(key, list(choices), scorer=fuzz.WRatio, limit=3) if key else []
        raise UnknownValue(kind, text.strip(), [choices[c] for c, score, _ in found if score >= 70])


def match_status(text: str) -> str:
    """A status word, matched loosely ('Ongoing', 'on-going', 'closed' -> completed)."""
    key = normalise_key(text)
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key]
    found = process.extract(key, list(_STATUS_WORDS), scorer=fuzz.WRatio, limit=3) if key else []
    suggestions = sorted({_STATUS_WORDS[c] for c, score, _ in found if score >= 70})
    raise UnknownValue("status (pipeline, ongoing, completed, suspended or cancelled)", text.strip(), suggestions)


def load_vocabulary(session: Session) -> Vocabulary:
    """Read all reference data from the database into an immutable Vocabulary."""
    scopes: dict[str, set[str]] = {}
    for scope in session.scalars(select(models.InstrumentScope)):
        scopes.setdefault(scope.instrument_code, set()).add(scope.country_code)
    return Vocabulary(
        regions=tuple(
            RegionInfo(r.code, r.name) for r in session.scalars(select(models.Region).order_by(models.Region.position))
        ),
        countries={
            c.code: CountryInfo(c.code, c.alpha2, c.name, c.official_name, c.display_name, c.footnote, c.region_code)
            for c in session.scalars(select(models.Country).order_by(models.Country.display_name))
        },
        instruments={
            i.code: InstrumentInfo(
                i.code, i.name, i.full_name, i.period, i.note, i.successor_code, frozenset(scopes.get(i.code, ()))
            )
            for i in session.scalars(select(models.Instrument).order_by(models.Instrument.position))
        },
        norms={
            n.code: NormInfo(n.code, n.label) for n in session.scalars(select(models.Norm).order_by(models.Norm.code))
        },
        pillars={
            p.code: PillarInfo(p.code, p.label)
            for p in session.scalars(select(models.Pillar).order_by(models.Pillar.position))
        },
        themes={
            t.code: ThemeInfo(t.code, t.name)
            for t in session.scalars(select(models.Theme).order_by(models.Theme.position))
        },
        country_aliases={a.alias: a.country_code for a in session.scalars(select(models.CountryAlias))},
        instrument_aliases={a.alias: a.instrument_code for a in session.scalars(select(models.InstrumentAlias))},
        region_aliases={a.alias: a.region_code for a in session.scalars(select(models.RegionAlias))},
    )
