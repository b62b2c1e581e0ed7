"""Duplication checks: the same project entered twice (to merge), and different projects that
overlap in place, time and purpose (to coordinate).

Candidates are found by blocking, never by comparing every pair: projects meet only when they
share a rare title word, an acronym or reference stem (same record), or a country and an
overlapping period (overlap). Each pair gets a score from 0 to 100 and its reasons in words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations, pairwise
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from portfolio.projects import ProjectFilter, ProjectRecord, draft_record, list_projects
from portfolio.reference import Vocabulary
from portfolio.schema import validate_project
from portfolio.text import fold

SAME_RECORD = "same-record"
OVERLAP = "overlap"
THRESHOLDS = {SAME_RECORD: 70, OVERLAP: 60}
MAX_BLOCK = 300  # a key shared by more projects than this says nothing about identity
MAX_WORD_BLOCK = 100  # single words: word pairs and acronyms carry the rest
OVERLAP_NEIGHBOURS = 25  # per country, each project meets this many by start date

# Abbreviations senders use, written out before titles are compared.
_ABBREVIATIONS = {
    "eap": "eastern partnership", "wb": "western balkans", "wb6": "western balkans", "sn": "southern neighbourhood",
    "eu": "european union", "cert": "csirt", "certs": "csirt", "csirts": "csirt", "cyber crime": "cybercrime",
    "cyber security": "cybersecurity", "cyber-security": "cybersecurity", "int l": "international",
    "programme": "program", "organised": "organized", "&": "and",
}  # fmt: skip
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "on",
        "for",
        "to",
        "with",
        "by",
        "at",
        "from",
        "its",
        "their",
        "project",
        "action",
        "programme",
        "program",
    ]
)
_PHASE = re.compile(r"(\+|\bplus\b|\bii\b|\biii\b|\biv\b|\bphase\s*\w+|\b[2-9]\b|\benhanced\b|\bextended\b|\b2\.0\b)")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Side:
    id: int
    ref: str | None
    title: str

    @property
    def label(self) -> str:
        return self.ref or self.title


@dataclass(frozen=True)
class OverlapFacts:
    """What two overlapping projects share; put into words only when someone reads them."""

    countries: frozenset[str]
    norms: frozenset[str]
    themes: frozenset[str]
    start: date
    end: date
    funders: tuple[tuple[str, ...], tuple[str, ...]] | None  # set when the funders differ
    vocabulary: Vocabulary

    def words(self) -> tuple[str, ...]:
        v = self.vocabulary
        names = ", ".join(sorted(v.countries[c].display_name for c in self.countries)[:4])
        until = f" to {self.end:%Y-%m}" if self.end != date.max else ""
        reasons = [f"both in {names}", f"both active from {self.start:%Y-%m}{until}"]
        if self.norms:
            reasons.append("both on UN norm " + ", ".join(f"13({n})" for n in sorted(self.norms)))
        if self.themes:
            reasons.append("same theme: " + ", ".join(v.themes[t].name for t in sorted(self.themes)))
        if self.funders:
            reasons.append(f"different funders ({', '.join(self.funders[0][:2])} / {', '.join(self.funders[1][:2])})")
        return tuple(reasons)


@dataclass(frozen=True)
class Candidate:
    kind: str
    score: int
    a: Side
    b: Side
    said: tuple[str, ...] = ()
    related: bool = False  # successive phases of one programme: not the same record
    facts: OverlapFacts | None = None

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the pair was found, in words."""
        return self.facts.words() if self.facts else self.said

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "score": self.score, "a": self.a.label, "b": self.b.label,
                "reasons": list(self.reasons)}  # fmt: skip


@dataclass(frozen=True)
class _Prepared:
    record: ProjectRecord
    title: str  # normalised
    tokens: frozenset[str]
    acronym: str  # normalised acronym (or ref stem)
    ref: str
    phase: str  # phase markers in ref, acronym and title
    compact: str  # the whole title as one key, when it is short enough to be an acronym ("ESIWA")
    countries: frozenset[str]
    norms: frozenset[str]
    themes: frozenset[str]
    funders: frozenset[str]  # folded
    funder_names: tuple[str, ...]
    side: Side
    start: date | None
    end: date  # date.max when open-ended


def normalise_title(title: str) -> str:
    text = " " + fold(title).replace("-", " ").replace("–", " ") + " "
    text = _NON_ALNUM.sub(" ", text.replace("&", " and ").replace("+", " plus "))
    text = f" {' '.join(text.split())} "
    for short, long in _ABBREVIATIONS.items():
        text = text.replace(f" {short} ", f" {long} ")
    return " ".join(w for w in text.split() if w not in _STOPWORDS)


def _key(code: str | None) -> str:
    """A reference or acronym for comparison: case, dashes and spaces dropped, '+' kept as 'plus'."""
    return _NON_ALNUM.sub("", fold(code or "").replace("+", "plus"))


def _prepare(record: ProjectRecord) -> _Prepared:
    title = normalise_title(record.title)
    acronym = _key(record.acronym)
    ref = _key(record.ref)
    phase_source = " ".join(fold(t) for t in (record.ref or "", record.acronym or "", record.title))
    phase = " ".join(sorted(set(m.strip() for m in _PHASE.findall(phase_source))))
    compact = _key(record.title) if len(record.title.split()) <= 2 else ""
    return _Prepared(
        record, title, frozenset(title.split()), acronym, ref, phase, compact,
        countries=frozenset(record.country_codes), norms=frozenset(n.code for n in record.norms),
        themes=frozenset(record.themes), funders=frozenset(fold(f) for f in record.funders),
        funder_names=record.funders, side=_side(record), start=record.start_date, end=record.end_date or date.max,
    )  # fmt: skip


def find_candidates(
    records: Sequence[ProjectRecord],
    *,
    vocabulary: Vocabulary,
    kind: str | None = None,
    min_score: int | None = None,
    include_related: bool = False,
) -> list[Candidate]:
    """Candidate pairs, best first. Without ``min_score`` each kind uses its default threshold.
    With ``include_related``, same-record pairs below it that are phases of one programme are kept
    too, marked ``related``."""
    prepared = [_prepare(r) for r in records]
    found: list[Candidate] = []
    same_pairs: set[tuple[int, int]] = set()
    if kind in (None, SAME_RECORD):
        for i, j in _same_record_blocks(prepared):
            if _family(prepared[i].record, prepared[j].record):
                continue  # a programme and its component are two records by design
            candidate = _same_record(prepared[i], prepared[j], vocabulary)
            threshold = THRESHOLDS[SAME_RECORD] if min_score is None else min_score
            if candidate.score >= threshold or (include_related and candidate.related):
                found.append(candidate)
            if candidate.score >= THRESHOLDS[SAME_RECORD]:
                same_pairs.add((candidate.a.id, candidate.b.id))
    if kind in (None, OVERLAP):
        threshold = THRESHOLDS[OVERLAP] if min_score is None else min_score
        for i, j in _overlap_blocks(prepared):
            pa, pb = prepared[i], prepared[j]
            if (min(pa.record.id, pb.record.id), max(pa.record.id, pb.record.id)) in same_pairs:
                continue
            overlap = _overlap(pa, pb, vocabulary, threshold)
            if overlap is not None:
                found.append(overlap)
    return sorted(found, key=lambda c: (-c.score, c.kind, c.a.id, c.b.id))


def lookalikes(
    drafts: Sequence[ProjectRecord], stored: Sequence[ProjectRecord], *, vocabulary: Vocabulary
) -> dict[int, list[Candidate]]:
    """For each draft (a project about to be saved), the stored projects and other drafts it looks
    like the same record as, best first. Blocking keeps this close to linear in the portfolio."""
    prepared = [_prepare(r) for r in [*stored, *drafts]]
    draft_ids = {r.id for r in drafts}
    found: dict[int, list[Candidate]] = {r.id: [] for r in drafts}
    for i, j in _same_record_blocks(prepared):
        a, b = prepared[i].record, prepared[j].record
        if a.id not in draft_ids and b.id not in draft_ids:
            continue
        candidate = _same_record(prepared[i], prepared[j], vocabulary)
        if candidate.score < THRESHOLDS[SAME_RECORD]:
            continue
        for draft_id in {a.id, b.id} & draft_ids:
            found[draft_id].append(candidate)
    return {k: sorted(v, key=lambda c: -c.score) for k, v in found.items()}


def lookalikes_of_new(session: Session, *, data: Mapping[str, Any], vocabulary: Vocabulary) -> list[Candidate]:
    """Stored projects that a project about to be created looks like (the same record entered
    again). Raises ValidationFailed when the input is not valid yet."""
    project = validate_project(data, vocabulary=vocabulary)
    draft = draft_record(project, draft_id=-1, vocabulary=vocabulary, session=session)
    stored = list_projects(session, filters=ProjectFilter(include_archived=False))
    return lookalikes([draft], stored, vocabulary=vocabulary)[-1]


def find_duplicates(
    session: Session,
    *,
    vocabulary: Vocabulary,
    kind: str | None = None,
    min_score: int | None = None,
    include_related: bool = False,
) -> list[Candidate]:
    """Candidates among the active portfolio (archived projects are left out)."""
    records = list_projects(session, filters=ProjectFilter())
    return find_candidates(
        records, vocabulary=vocabulary, kind=kind, min_score=min_score, include_related=include_related
    )


# --- blocking ----------------------------------------------------------------------------------


def _same_record_blocks(prepared: Sequence[_Prepared]) -> set[tuple[int, int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for index, p in enumerate(prepared):
        words = p.title.split()
        keys = {f"w:{t}" for t in p.tokens if len(t) > 2}
        # Word pairs stay selective where single words are too common to block on.
        keys |= {f"b:{x} {y}" for x, y in pairwise(words)}
        for stem in {p.acronym, p.compact, _stem(p.ref), _stem(p.acronym)} - {""}:
            keys.add(f"a:{stem}")
        for key in keys:
            postings[key].append(index)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for key, members in postings.items():
        if len(members) > (MAX_WORD_BLOCK if key[0] == "w" else MAX_BLOCK):
            continue
        weight = {"a": 3, "b": 2}.get(key[0], 1)
        for i, j in combinations(members, 2):
            shared[(i, j)] += weight
    # Enough shared evidence: an acronym, or a word pair and a word, or three rare words.
    return {pair for pair, count in shared.items() if count >= 3}


def _overlap_blocks(prepared: Sequence[_Prepared]) -> set[tuple[int, int]]:
    by_country: dict[str, list[int]] = defaultdict(list)
    for index, p in enumerate(prepared):
        for code in p.record.country_codes:
            by_country[code].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in by_country.values():
        dated = sorted((m for m in members if prepared[m].start), key=lambda m: prepared[m].start or date.min)
        for position, i in enumerate(dated):
            for j in dated[position + 1 : position + 1 + OVERLAP_NEIGHBOURS]:
                if (prepared[j].start or date.min) > prepared[i].end:
                    break  # sorted by start: no later project overlaps i either
                pairs.add((min(i, j), max(i, j)))
    return pairs


def _stem(key: str) -> str:
    """A reference or acronym without its phase marks: glacyplus, glacye -> glacy."""
    return re.sub(r"(plus|ii|iii|\d+|e)$", "", key) if len(key) > 3 else key


# --- scoring -----------------------------------------------------------------------------------


def _same_record(pa: _Prepared, pb: _Prepared, vocabulary: Vocabulary) -> Candidate:
    a, b = pa.record, pb.record
    reasons: list[str] = []
    title = fuzz.token_set_ratio(pa.title, pb.title)
    codes_a, codes_b = {pa.acronym, pa.ref} - {""}, {pb.acronym, pb.ref} - {""}
    if (pa.compact and pa.compact in codes_b) or (pb.compact and pb.compact in codes_a):
        title = max(title, 90)
        reasons.append("one title is the other's acronym")
    else:
        reasons.append(f"titles {title:.0f}% alike")
    score = 0.6 * title
    acronyms = {pa.acronym, pa.ref} & {pb.acronym, pb.ref} - {""}
    if acronyms:
        score += 15
        reasons.append(f"same acronym or reference ({(a.acronym or a.ref)})")
    if pa.ref and pb.ref:
        if pa.ref == pb.ref:
            score += 10
            reasons.append(f"references are variants of each other ({a.ref} / {b.ref})")
        else:
            score -= 30
            reasons.append(f"different references ({a.ref} / {b.ref})")
    # Phases of one programme share an acronym stem, or nearly the whole title (in order).
    same_stem = _stem(pa.acronym or pa.ref) == _stem(pb.acronym or pb.ref) != ""
    related = pa.phase != pb.phase and (same_stem or fuzz.token_sort_ratio(pa.title, pb.title) >= 90)
    if related:
        score -= 25
        reasons.append("different phases of one programme")
    score += _shared("funder", a.funders, b.funders, reasons, bonus=7, penalty=5)
    score += _shared("implementer", a.implementers, b.implementers, reasons, bonus=8, penalty=8)
    countries = set(a.country_codes) & set(b.country_codes)
    if countries:
        union = set(a.country_codes) | set(b.country_codes)
        score += 8 if len(countries) / len(union) >= 0.5 else 4
        names = ", ".join(sorted(vocabulary.countries[c].display_name for c in countries)[:4])
        reasons.append(f"shared countries: {names}")
    elif a.countries and b.countries:
        score -= 15
        reasons.append("no country in common")
    score += _dates(a, b, reasons)
    if a.budget_eur and b.budget_eur:
        larger = max(a.budget_eur, b.budget_eur)
        if abs(a.budget_eur - b.budget_eur) <= larger / 10:
            score += 6
            reasons.append("budgets within 10 %")
        elif abs(a.budget_eur - b.budget_eur) > larger / 2:
            score -= 5
            reasons.append("budgets differ by more than half")
    final = max(0, min(100, round(score)))
    return Candidate(SAME_RECORD, final, _side(a), _side(b), said=tuple(reasons), related=related)


def _shared(
    what: str, left: Iterable[str], right: Iterable[str], reasons: list[str], *, bonus: int, penalty: int
) -> int:
    a, b = {fold(x) for x in left}, {fold(x) for x in right}
    if a & b:
        name = next(x for x in left if fold(x) in b)
        reasons.append(f"same {what}: {name}")
        return bonus
    if a and b:
        reasons.append(f"different {what}s")
        return -penalty
    return 0


def _dates(a: ProjectRecord, b: ProjectRecord, reasons: list[str]) -> int:
    if not (a.start_date and b.start_date):
        return 0
    if a.end_date and b.end_date and (a.end_date < b.start_date or b.end_date < a.start_date):
        reasons.append("periods do not overlap")
        return -25
    close = abs((a.start_date - b.start_date).days) <= 183 and (
        not (a.end_date and b.end_date) or abs((a.end_date - b.end_date).days) <= 183
    )
    if close:
        reasons.append("dates within six months of each other")
        return 8
    return 0


def _overlap(pa: _Prepared, pb: _Prepared, vocabulary: Vocabulary, threshold: int) -> Candidate | None:
    """Different projects in the same country, at the same time, on the same norm or theme: what
    the board coordinates. Its reasons are put into words only when read (there can be many)."""
    countries, norms, themes = pa.countries & pb.countries, pa.norms & pb.norms, pa.themes & pb.themes
    if not countries or not (norms or themes) or pa.start is None or pb.start is None:
        return None
    a, b = pa.record, pb.record
    if _family(a, b):
        return None
    start, end = max(pa.start, pb.start), min(pa.end, pb.end)
    if end < start:
        return None
    shorter = max(1, min((pa.end - pa.start).days, (pb.end - pb.start).days))
    different_funders = bool(pa.funders and pb.funders and not pa.funders & pb.funders)
    score = round(30 + 20 * min(1.0, (end - start).days / shorter) + 15 * bool(norms) + 10 * bool(themes)
                  + 15 * different_funders)  # fmt: skip
    score = max(0, min(100, score))
    if score < threshold:
        return None
    funders = (pa.funder_names, pb.funder_names) if different_funders else None
    facts = OverlapFacts(countries, norms, themes, start, end, funders, vocabulary)
    return Candidate(OVERLAP, score, pa.side, pb.side, facts=facts)


def _family(a: ProjectRecord, b: ProjectRecord) -> bool:
    return (a.parent is not None and a.parent.id == b.id) or (b.parent is not None and b.parent.id == a.id)


def _side(record: ProjectRecord) -> Side:
    return Side(record.id, record.ref, record.title)
