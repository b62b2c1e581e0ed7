"""The one validated input model for a project, used by the forms, the CLI and the importer.

Every rule lives here (or in portfolio.reference for matching free text to codes), so a rule gives
the same message wherever a project comes in. Validation needs the reference data, passed as
context: ``validate_project(data, vocabulary=vocabulary)``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from portfolio.errors import FieldIssue, ValidationFailed
from portfolio.reference import UnknownValue, Vocabulary, match_status

TITLE_MAX = 300
REF_MAX = 60
TEXT_MAX = 300
MAX_EUR = Decimal("99999999999999.99")  # what a Numeric(16, 2) column holds
CENT = Decimal("0.01")

# What each field is called on screens and in reports.
FIELD_LABELS: Mapping[str, str] = {
    "ref": "Reference",
    "title": "Title",
    "acronym": "Acronym",
    "description": "Description",
    "status": "Status",
    "start_date": "Start date",
    "end_date": "End date",
    "budget_eur": "Total budget (EUR)",
    "countries": "Beneficiary countries",
    "funding": "Funding lines",
    "implementers": "Implementing organisations",
    "norms": "UN norms",
    "pillars": "Pillars",
    "themes": "GFCE themes",
    "website": "Website",
    "contact": "Contact",
    "source": "Source",
    "last_confirmed": "Last confirmed",
    "parent_ref": "Parent programme",
}


def ref_taken_message(ref: str) -> str:
    return f"reference '{ref}' is already used by another project"


def title_taken_message(title: str) -> str:
    return f"another project without a reference already has the title '{title}'; give this one a reference"


def parent_unknown_message(ref: str) -> str:
    return f"there is no project with reference '{ref}' to be the parent programme"


def parent_cycle_message(ref: str) -> str:
    return f"'{ref}' cannot be the parent programme: it is this project or one of its components"


class CountryShare(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    country: str
    share_pct: Decimal | None = None

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str, info: ValidationInfo) -> str:
        return _match(_vocabulary(info).match_country, value)

    @field_validator("share_pct", mode="before")
    @classmethod
    def _share(cls, value: Any) -> Decimal | None:
        share = parse_decimal(value, what="share in percent")
        if share is not None and not Decimal(0) <= share <= Decimal(100):
            raise PydanticCustomError(
                "share", "a share must be between 0 and 100 percent, not {share}", {"share": share}
            )
        return share


class FundingLineInput(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    instrument: str
    funder: str | None = None
    amount_eur: Decimal | None = None

    @field_validator("instrument")
    @classmethod
    def _known_instrument(cls, value: str, info: ValidationInfo) -> str:
        if not value:
            raise PydanticCustomError("required", "each funding line needs an instrument")
        return _match(_vocabulary(info).match_instrument, value)

    @field_validator("funder", mode="before")
    @classmethod
    def _funder(cls, value: Any) -> str | None:
        return _optional_text(value, max_length=TEXT_MAX)

    @field_validator("amount_eur", mode="before")
    @classmethod
    def _amount(cls, value: Any) -> Decimal | None:
        return parse_eur(value)


class NormAlignment(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    norm: str
    primary: bool = True

    @field_validator("norm")
    @classmethod
    def _known_norm(cls, value: str, info: ValidationInfo) -> str:
        return _match(_vocabulary(info).match_norm, value)


class ProjectInput(BaseModel):
    """A project as entered, after validation: codes instead of free text, Decimals for money."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, extra="forbid")

    ref: str | None = None
    title: str
    acronym: str | None = None
    description: str | None = None
    status: str = "pipeline"
    start_date: date | None = None
    end_date: date | None = None
    budget_eur: Decimal | None = None
    countries: tuple[CountryShare, ...] = ()
    funding: tuple[FundingLineInput, ...] = ()
    implementers: tuple[str, ...] = ()
    norms: tuple[NormAlignment, ...] = ()
    pillars: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    website: str | None = None
    contact: str | None = None
    source: str | None = None
    last_confirmed: date | None = None
    parent_ref: str | None = None

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> str:
        title = _optional_text(value, max_length=TITLE_MAX)
        if not title:
            raise PydanticCustomError("required", "a title is required")
        return title

    @field_validator("ref", "parent_ref", mode="before")
    @classmethod
    def _ref(cls, value: Any) -> str | None:
        return _optional_text(value, max_length=REF_MAX)

    @field_validator("acronym", mode="before")
    @classmethod
    def _acronym(cls, value: Any) -> str | None:
        return _optional_text(value, max_length=REF_MAX)

    @field_validator("contact", "source", mode="before")
    @classmethod
    def _short_text(cls, value: Any) -> str | None:
        return _optional_text(value, max_length=500)

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: Any) -> str | None:
        return _optional_text(value, max_length=20_000)

    @field_validator("website", mode="before")
    @classmethod
    def _website(cls, value: Any) -> str | None:
        url = _optional_text(value, max_length=500)
        if url and not re.match(r"^https?://[^\s/$.?#][^\s]*$", url, re.IGNORECASE):
            raise PydanticCustomError(
                "url", "'{url}' is not a web address (it should start with https://)", {"url": url}
            )
        return url

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, value: Any) -> str:
        text = _optional_text(value, max_length=60)
        return _match(match_status, text) if text else "pipeline"

    @field_validator("start_date", "end_date", "last_confirmed", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if not text:
                return None
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise PydanticCustomError(
                    "date", "'{value}' is not a date (write it as YYYY-MM-DD)", {"value": text}
                ) from None
        return value

    @field_validator("budget_eur", mode="before")
    @classmethod
    def _budget(cls, value: Any) -> Decimal | None:
        return parse_eur(value)

    @field_validator("countries", mode="before")
    @classmethod
    def _country_list(cls, value: Any) -> Any:
        return [{"country": item} if isinstance(item, str) else item for item in _as_list(value)]

    @field_validator("norms", mode="before")
    @classmethod
    def _norm_list(cls, value: Any) -> Any:
        return [{"norm": item} if isinstance(item, str) else item for item in _as_list(value)]

    @field_validator("implementers", mode="before")
    @classmethod
    def _implementers(cls, value: Any) -> tuple[str, ...]:
        names = [_optional_text(item, max_length=TEXT_MAX) for item in _as_list(value)]
        return _unique([n for n in names if n])

    @field_validator("pillars", mode="before")
    @classmethod
    def _pillars(cls, value: Any, info: ValidationInfo) -> tuple[str, ...]:
        return _unique([_match(_vocabulary(info).match_pillar, str(item)) for item in _as_list(value)])

    @field_validator("themes", mode="before")
    @classmethod
    def _themes(cls, value: Any, info: ValidationInfo) -> tuple[str, ...]:
        return _unique([_match(_vocabulary(info).match_theme, str(item)) for item in _as_list(value)])

    @field_validator("countries")
    @classmethod
    def _countries_once_with_shares(
        cls, value: tuple[CountryShare, ...], info: ValidationInfo
    ) -> tuple[CountryShare, ...]:
        codes = [c.country for c in value]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            names = ", ".join(_vocabulary(info).countries[c].display_name for c in twice)
            raise PydanticCustomError("duplicate", "{names} is listed more than once", {"names": names})
        shares = [c.share_pct for c in value if c.share_pct is not None]
        if shares and len(shares) != len(value):
            raise PydanticCustomError("shares", "give a share for every country, or for none of them")
        if shares and sum(shares, Decimal(0)) != Decimal(100):
            raise PydanticCustomError(
                "shares",
                "country shares add up to {total}%; they must add up to 100%",
                {"total": _pct(sum(shares, Decimal(0)))},
            )
        return value

    @field_validator("norms")
    @classmethod
    def _norms_once(cls, value: tuple[NormAlignment, ...]) -> tuple[NormAlignment, ...]:
        letters = [n.norm for n in value]
        twice = sorted({n for n in letters if letters.count(n) > 1})
        if twice:
            raise PydanticCustomError(
                "duplicate", "norm {letters} is listed more than once", {"letters": ", ".join(twice)}
            )
        return tuple(sorted(value, key=lambda n: n.norm))

    @model_validator(mode="after")
    def _cross_field_rules(self) -> ProjectInput:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise _FieldError("end_date", f"the end date {self.end_date} is before the start date {self.start_date}")
        amounts = [line.amount_eur for line in self.funding if line.amount_eur is not None]
        if self.budget_eur is not None and amounts and sum(amounts, Decimal(0)) > self.budget_eur:
            raise _FieldError(
                "funding",
                f"the funding lines add up to {format_eur(sum(amounts, Decimal(0)))}, "
                f"more than the total budget of {format_eur(self.budget_eur)}",
            )
        if self.parent_ref and self.ref and self.parent_ref.casefold() == self.ref.casefold():
            raise _FieldError("parent_ref", parent_cycle_message(self.parent_ref))
        return self


class _FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(message)


def validate_project(data: Mapping[str, Any], *, vocabulary: Vocabulary) -> ProjectInput:
    """Validate raw input (form values, a CLI payload, an import row) into a ProjectInput.

    Raises ValidationFailed listing every problem found, each tied to its field.
    """
    try:
        return ProjectInput.model_validate(dict(data), context={"vocabulary": vocabulary})
    except ValidationError as exc:
        raise ValidationFailed([_issue(error) for error in exc.errors()]) from None


def project_warnings(project: ProjectInput, *, vocabulary: Vocabulary) -> list[FieldIssue]:
    """Things that are allowed but worth a second look (IPA III outside its region)."""
    warnings: list[FieldIssue] = []
    codes = [c.country for c in project.countries]
    for instrument_code in _unique([line.instrument for line in project.funding]):
        instrument = vocabulary.instruments[instrument_code]
        outside = [c for c in codes if instrument.scope and c not in instrument.scope]
        if outside:
            names = ", ".join(vocabulary.countries[c].display_name for c in outside)
            warnings.append(
                FieldIssue(
                    "funding",
                    f"{instrument.name} ({instrument.note}) is used for {names}, outside the countries it "
                    "serves. This is allowed, but check the instrument.",
                )
            )
    return warnings


# --- parsing helpers ---------------------------------------------------------------------


_MULTIPLIERS = {
    "k": Decimal(1_000), "thousand": Decimal(1_000),
    "m": Decimal(1_000_000), "mn": Decimal(1_000_000), "mio": Decimal(1_000_000), "million": Decimal(1_000_000),
    "millions": Decimal(1_000_000),
    "bn": Decimal(1_000_000_000), "billion": Decimal(1_000_000_000),
}  # fmt: skip
_AMOUNT = re.compile(
    r"^(?P<sign>-)?\s*(?:eur|euros?|€)?\s*(?P<sign2>-)?\s*(?P<number>\d[\d.,\s]*)\s*"
    r"(?P<unit>k|thousand|m|mn|mio|millions?|bn|billion)?\s*(?:eur|euros?|€)?$",
    re.IGNORECASE,
)


def parse_decimal(value: Any, *, what: str) -> Decimal | None:
    """A number from a cell or a field: 1,200,000 · 1.200.000 · 1 200 000 · €1.2m · EUR 1.2 million ·
    850k · 3,5 M€. A single separator followed by exactly three digits separates thousands."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if value != value:  # NaN: an empty cell in a table editor
            return None
        number = Decimal(str(value))
    else:
        text = str(value).strip()
        if not text:
            return None
        number = _parse_number_text(text, what=what)
    if not number.is_finite():
        raise PydanticCustomError("number", "'{value}' is not a {what}", {"value": str(value), "what": what})
    return number


@lru_cache(maxsize=16_384)
def _parse_number_text(text: str, *, what: str) -> Decimal:
    cleaned = re.sub(r"[\u00a0\u202f\u2009]", " ", text).replace("%", "").strip()
    match = _AMOUNT.match(cleaned)
    if not match:
        raise PydanticCustomError("number", "'{value}' is not a {what}", {"value": text, "what": what})
    digits = _normalise_separators(re.sub(r"(?<=\d)\s+(?=\d)", "", match.group("number").strip()))
    if digits is None:
        raise PydanticCustomError("number", "'{value}' is not a {what}", {"value": text, "what": what})
    number = Decimal(digits)
    if match.group("unit"):
        number *= _MULTIPLIERS[match.group("unit").lower()]
    if match.group("sign") or match.group("sign2"):
        number = -number
    return number


def _normalise_separators(digits: str) -> str | None:
    """'1,200,000' -> '1200000'; '1.200,50' -> '1200.50'; '3,5' -> '3.5'; '1,200' -> '1200'."""
    if re.search(r"[^\d.,]", digits) or digits[-1] in ".,":
        return None
    commas, dots = digits.count(","), digits.count(".")
    if commas and dots:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        whole, _, fraction = digits.rpartition(decimal_mark)
        if not re.fullmatch(rf"\d{{1,3}}(?:\{thousands}\d{{3}})*", whole):
            return None
        return whole.replace(thousands, "") + "." + fraction
    separator = "," if commas else "." if dots else ""
    if not separator:
        return digits
    if digits.count(separator) > 1:
        return digits.replace(separator, "") if re.fullmatch(rf"\d{{1,3}}(?:\{separator}\d{{3}})+", digits) else None
    whole, _, fraction = digits.partition(separator)
    return whole + fraction if len(fraction) == 3 else whole + "." + fraction


def parse_eur(value: Any) -> Decimal | None:
    """An amount in euros: a number, or text such as '1,200,000', '€1.2m' or '850k'. Never negative."""
    amount = parse_decimal(value, what="number of euros")
    if amount is None:
        return None
    if amount < 0:
        raise PydanticCustomError("negative", "an amount cannot be negative ({amount})", {"amount": amount})
    if amount > MAX_EUR:
        raise PydanticCustomError(
            "too_large", "{amount} is larger than any budget this register holds", {"amount": amount}
        )
    if amount != amount.quantize(CENT):
        raise PydanticCustomError(
            "cents", "{amount} has more than two decimals (euros and cents)", {"amount": amount.normalize()}
        )
    return amount.quantize(CENT)


def format_eur(amount: Decimal) -> str:
    return f"EUR {amount:,.2f}"


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}"


# Control characters (other than tab and line breaks) are invisible noise from copy and paste, and
# spreadsheets refuse them: they are dropped from every text field. Line breaks become "\n" (a
# spreadsheet would turn a lone "\r" into one anyway).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _optional_text(value: Any, *, max_length: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from a table editor
        return None
    text = _CONTROL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return None
    if len(text) > max_length:
        raise PydanticCustomError(
            "too_long",
            "is {length} characters long; at most {limit} are allowed",
            {"length": len(text), "limit": max_length},
        )
    return text


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in re.split(r"[;\n]", value) if part.strip()]
    return list(value)


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _vocabulary(info: ValidationInfo) -> Vocabulary:
    vocabulary = (info.context or {}).get("vocabulary")
    if not isinstance(vocabulary, Vocabulary):
        raise TypeError("ProjectInput must be validated with validate_project(..., vocabulary=...)")
    return vocabulary


def _match(matcher: Any, text: str) -> str:
    try:
        code: str = matcher(text)
    except UnknownValue as exc:
        raise PydanticCustomError("unknown", "{message}", {"message": str(exc)}) from None
    return code


_FRIENDLY = {
    "missing": "is required",
    "date_from_datetime_parsing": "'{input}' is not a date (write it as YYYY-MM-DD)",
    "date_parsing": "'{input}' is not a date (write it as YYYY-MM-DD)",
    "date_type": "'{input}' is not a date (write it as YYYY-MM-DD)",
    "extra_forbidden": "is not a field of a project",
    "bool_parsing": "'{input}' is not yes or no",
    "string_type": "'{input}' is not text",
    "list_type": "should be a list",
    "tuple_type": "should be a list",
}


def _issue(error: ErrorDetails) -> FieldIssue:
    location = error["loc"]
    field = str(location[0]) if location else "project"
    ctx = error.get("ctx") or {}
    inner = ctx.get("error")
    if isinstance(inner, _FieldError):
        return FieldIssue(inner.field, inner.message)
    if error["type"] == "missing" and field == "title":
        return FieldIssue(field, "a title is required")
    template = _FRIENDLY.get(error["type"])
    message = template.format(input=error.get("input")) if template else error["msg"]
    if len(location) > 1 and isinstance(location[1], int):
        message = f"item {location[1] + 1}: {message}"
    return FieldIssue(field, message)
