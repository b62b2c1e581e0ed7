"""Where the money goes: the portfolio's figures by country, region, instrument, funder, norm,
theme, status and year, and the gap matrix of focus countries by UN norm.

The rules, each stated where the figures are shown:
- a multi-country project's budget is split by its country shares, or equally when it has none
  (and the figures say how much was split equally);
- a programme and its components are counted once: a programme is credited only with the part of
  its budget its listed components do not account for;
- archived and cancelled projects are left out unless asked for;
- by year, a project's budget is spread evenly over its active days.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from sqlalchemy.orm import Session

from portfolio.projects import ProjectFilter, ProjectRecord, list_projects
from portfolio.reference import Vocabulary

# What can colour a coverage map, and how its legend names it.
METRICS = {"budget": "Budget (EUR)", "projects": "Projects", "norms": "UN norms covered"}

CENT = Decimal("0.01")
DIMENSIONS = ("country", "region", "instrument", "funder", "norm", "theme", "status", "year")

RULES = {
    "split": "A project in several countries is split by its country shares, or equally when it has none.",
    "programmes": "A programme and its components are counted once: the programme keeps only the part of its "
    "budget its components do not account for.",
    "excluded": "Archived and cancelled projects are left out unless you ask for them.",
    "overlap": "A project serving several norms (or themes) counts fully under each, so these totals overlap.",
    "years": "By year, each project's budget is spread evenly over its active days; undated projects are left out.",
}


@dataclass(frozen=True)
class CoverageRow:
    key: str
    projects: int
    budget_eur: Decimal
    equal_split_eur: Decimal = Decimal(0)

    def as_json(self, *, with_equal_split: bool) -> dict[str, object]:
        row: dict[str, object] = {"key": self.key, "projects": self.projects, "budget_eur": f"{self.budget_eur:.2f}"}
        if with_equal_split:
            row["equal_split_eur"] = f"{self.equal_split_eur:.2f}"
        return row


@dataclass(frozen=True)
class GapCell:
    country: str
    norm: str
    projects: int
    budget_eur: Decimal


@dataclass(frozen=True)
class Coverage:
    """The figures of one filter of the portfolio, for every view of it."""

    projects: tuple[ProjectRecord, ...]
    counted_budget: dict[int, Decimal]  # each project's budget after the programme rule
    vocabulary: Vocabulary
    group_instruments: bool = False

    @property
    def total_budget(self) -> Decimal:
        return sum(self.counted_budget.values(), Decimal(0))

    @property
    def countries_reached(self) -> int:
        return len({c for p in self.projects for c in p.country_codes})

    @property
    def norms_covered(self) -> int:
        return len({n.code for p in self.projects for n in p.norms})

    def by(self, dimension: str) -> list[CoverageRow]:
        """Figures by one dimension, largest budget first (years in order)."""
        if dimension not in DIMENSIONS:
            raise ValueError(f"cannot group by {dimension!r}; choose one of {', '.join(DIMENSIONS)}")
        rows = getattr(self, f"_by_{dimension}")()
        if dimension == "year":
            return sorted(rows, key=lambda r: r.key)
        return sorted(rows, key=lambda r: (-r.budget_eur, -r.projects, r.key))

    # --- dimensions ------------------------------------------------------------------------

    def _by_country(self) -> list[CoverageRow]:
        return _collect(
            (country, p.id, amount, equal)
            for p in self.projects
            for country, amount, equal in _country_split(p, self.counted_budget[p.id])
        )

    def _by_region(self) -> list[CoverageRow]:
        region_of = {code: c.region_code for code, c in self.vocabulary.countries.items() if c.region_code}
        return _collect(
            (region_of[country], p.id, amount, equal)
            for p in self.projects
            for country, amount, equal in _country_split(p, self.counted_budget[p.id])
            if country in region_of
        )

    def _by_instrument(self) -> list[CoverageRow]:
        def key(code: str) -> str:
            return self.vocabulary.instrument_group(code) if self.group_instruments else code

        return _collect(
            (key(code), p.id, amount, equal)
            for p in self.projects
            for code, amount, equal in self._lines(p, "instrument")
        )

    def _by_funder(self) -> list[CoverageRow]:
        return _collect(
            (name, p.id, amount, equal) for p in self.projects for name, amount, equal in self._lines(p, "funder")
        )

    def _by_norm(self) -> list[CoverageRow]:
        return _collect((n.code, p.id, self.counted_budget[p.id], Decimal(0)) for p in self.projects for n in p.norms)

    def _by_theme(self) -> list[CoverageRow]:
        return _collect((t, p.id, self.counted_budget[p.id], Decimal(0)) for p in self.projects for t in p.themes)

    def _by_status(self) -> list[CoverageRow]:
        return _collect((p.status, p.id, self.counted_budget[p.id], Decimal(0)) for p in self.projects)

    def _by_year(self) -> list[CoverageRow]:
        return _collect(
            (str(year), p.id, amount, Decimal(0))
            for p in self.projects
            if p.start_date and p.end_date
            for year, amount in _spread_over_years(self.counted_budget[p.id], p.start_date, p.end_date)
        )

    def _lines(self, p: ProjectRecord, what: str) -> list[tuple[str, Decimal, Decimal]]:
        """A project's budget by instrument or funder: in proportion to its funding lines' amounts
        when every line states one, else split equally among its lines (and said to be)."""
        pairs: list[tuple[str, Decimal | None]] = []
        for line in p.funding:
            key = line.instrument if what == "instrument" else line.funder
            if key is not None:
                pairs.append((key, line.amount_eur))
        if not pairs:
            return []
        budget = self.counted_budget[p.id]
        stated = [amount for _, amount in pairs if amount is not None]
        if len(stated) == len(pairs) and sum(stated, Decimal(0)) > 0:
            amounts = _split_by_weights(budget, stated)
            return [(key, amount, Decimal(0)) for (key, _), amount in zip(pairs, amounts, strict=True)]
        amounts = split_evenly(budget, len(pairs))
        return [(key, amount, amount) for (key, _), amount in zip(pairs, amounts, strict=True)]

    def gap_matrix(self) -> list[GapCell]:
        """Every focus country by every norm: the active projects and their country budget."""
        focus = [c for r in self.vocabulary.regions for c in self.vocabulary.countries_in_region(r.code)]
        cells: dict[tuple[str, str], tuple[set[int], Decimal]] = {
            (c, n): (set(), Decimal(0)) for c in focus for n in self.vocabulary.norms
        }
        for p in self.projects:
            for country, amount, _ in _country_split(p, self.counted_budget[p.id]):
                for norm in p.norms:
                    if (country, norm.code) in cells:
                        ids, budget = cells[(country, norm.code)]
                        ids.add(p.id)
                        cells[(country, norm.code)] = (ids, budget + amount)
        return [GapCell(c, n, len(ids), budget) for (c, n), (ids, budget) in cells.items()]


def portfolio_coverage(
    session: Session,
    *,
    filters: ProjectFilter,
    vocabulary: Vocabulary,
    include_cancelled: bool = False,
    group_instruments: bool = False,
) -> Coverage:
    """The coverage figures of the projects this filter selects (archived and cancelled ones left
    out unless asked for)."""
    records = list_projects(session, filters=filters)
    if not include_cancelled and "cancelled" not in filters.statuses:
        records = [r for r in records if r.status != "cancelled"]
    return coverage_of(records, vocabulary=vocabulary, group_instruments=group_instruments)


def coverage_of(
    records: Sequence[ProjectRecord], *, vocabulary: Vocabulary, group_instruments: bool = False
) -> Coverage:
    """Apply the programme rule: a programme keeps the part of its budget its components (those
    among these records) do not account for."""
    present = {r.id for r in records}
    components: dict[int, Decimal] = defaultdict(Decimal)
    for r in records:
        if r.parent and r.parent.id in present:
            components[r.parent.id] += own_budget(r)
    counted = {r.id: max(own_budget(r) - components.get(r.id, Decimal(0)), Decimal(0)) for r in records}
    return Coverage(tuple(records), counted, vocabulary, group_instruments)


def own_budget(record: ProjectRecord) -> Decimal:
    """The project's total budget, or, when none is recorded, what its funding lines add up to."""
    if record.budget_eur is not None:
        return record.budget_eur
    return sum((line.amount_eur for line in record.funding if line.amount_eur is not None), Decimal(0))


# --- arithmetic ----------------------------------------------------------------------------


def split_evenly(amount: Decimal, parts: int) -> list[Decimal]:
    """Split an amount into equal parts to the cent, the leftover cents going to the first parts,
    so the parts always add up to the amount."""
    if parts <= 0:
        return []
    base = (amount / parts).quantize(CENT, rounding=ROUND_DOWN)
    leftover = int((amount - base * parts) / CENT)
    return [base + (CENT if i < leftover else Decimal(0)) for i in range(parts)]


def _split_by_weights(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    total = sum(weights, Decimal(0))
    if total == 0:
        return split_evenly(amount, len(weights))
    parts = [(amount * w / total).quantize(CENT, rounding=ROUND_DOWN) for w in weights]
    leftover = int((amount - sum(parts, Decimal(0))) / CENT)
    return [p + (CENT if i < leftover else Decimal(0)) for i, p in enumerate(parts)]


def _country_split(p: ProjectRecord, budget: Decimal) -> list[tuple[str, Decimal, Decimal]]:
    """(country, amount, amount split equally) for each of the project's countries."""
    if not p.countries:
        return []
    shares = [c.share_pct for c in p.countries]
    if all(s is not None for s in shares):
        amounts = _split_by_weights(budget, [s for s in shares if s is not None])
        return [(c.code, a, Decimal(0)) for c, a in zip(p.countries, amounts, strict=True)]
    return [(c.code, a, a if len(p.countries) > 1 else Decimal(0))
            for c, a in zip(p.countries, split_evenly(budget, len(p.countries)), strict=True)]  # fmt: skip


def _spread_over_years(budget: Decimal, start: date, end: date) -> list[tuple[int, Decimal]]:
    days = (end - start).days + 1
    weights = []
    for year in range(start.year, end.year + 1):
        first = max(start, date(year, 1, 1))
        last = min(end, date(year, 12, 31))
        weights.append((year, Decimal((last - first + timedelta(days=1)).days)))
    amounts = _split_by_weights(budget, [w for _, w in weights]) if days > 0 else []
    return [(year, a) for (year, _), a in zip(weights, amounts, strict=True)]


def _collect(entries: Iterable[tuple[str, int, Decimal, Decimal]]) -> list[CoverageRow]:
    projects: dict[str, set[int]] = defaultdict(set)
    budgets: dict[str, Decimal] = defaultdict(Decimal)
    equal: dict[str, Decimal] = defaultdict(Decimal)
    for key, project_id, amount, split_equally in entries:
        projects[key].add(project_id)
        budgets[key] += amount
        equal[key] += split_equally
    return [CoverageRow(k, len(projects[k]), budgets[k], equal[k]) for k in projects]
