"""Organisations (funders and implementers) as one table with aliases, so "Council of Europe",
"CoE" and "Council of Europe (CoE)" are one implementer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portfolio.models import Organisation, OrganisationAlias
from portfolio.text import normalise_key

ORGANISATION_KINDS: dict[str, str] = {
    "eu-institution": "EU institution",
    "member-state": "Member State",
    "agency": "Agency",
    "international-organisation": "International organisation",
    "ngo": "NGO",
    "company": "Company",
    "academia": "Academia",
}

# "Council of Europe (CoE)" -> name "Council of Europe", acronym "CoE"
_NAME_WITH_ACRONYM = re.compile(r"^(?P<name>.+?)\s*\((?P<acronym>[^()]{1,20})\)$")


@dataclass(frozen=True)
class OrganisationRecord:
    id: int
    name: str
    kind: str | None
    country_code: str | None
    aliases: tuple[str, ...]


def split_acronym(text: str) -> tuple[str, str | None]:
    match = _NAME_WITH_ACRONYM.match(text.strip())
    if match:
        return match.group("name").strip(), match.group("acronym").strip()
    return text.strip(), None


def find_organisation(session: Session, *, name: str) -> Organisation | None:
    """The organisation this name, acronym or "Name (ACR)" refers to, if it is known.

    The whole text is tried first, then the acronym in brackets, then the name before them, so
    "European Commission (DG NEAR)" finds DG NEAR before it finds the Commission as a whole.
    Last, an acronym is matched to the one organisation whose initials it is ("CoE" is the
    Council of Europe), and a full name to the one organisation registered under its initials.
    """
    base, acronym = split_acronym(name)
    for text in (name, acronym, base):
        key = normalise_key(text) if text else ""
        if not key:
            continue
        alias_owner = select(OrganisationAlias.organisation_id).where(OrganisationAlias.alias_key == key)
        found = session.scalars(
            select(Organisation).where(or_(Organisation.name_key == key, Organisation.id.in_(alias_owner))).limit(1)
        ).first()
        if found is not None:
            return found
    return _by_initials(session, normalise_key(base))


def initials(key: str) -> str:
    """'council of europe' -> 'coe'. Only names of two words or more have initials."""
    words = key.split()
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def _is_acronym(key: str) -> bool:
    return 2 <= len(key) <= 8 and " " not in key


def _by_initials(session: Session, key: str) -> Organisation | None:
    if not key:
        return None
    matches: set[int] = set()
    names = session.execute(select(Organisation.id, Organisation.name_key)).all()
    aliases = session.execute(select(OrganisationAlias.organisation_id, OrganisationAlias.alias_key)).all()
    for organisation_id, known in [*names, *aliases]:
        if (_is_acronym(key) and initials(known) == key) or (_is_acronym(known) and initials(key) == known):
            matches.add(organisation_id)
    if len(matches) != 1:
        return None  # unknown, or ambiguous: better a new organisation than a wrong merge
    return session.get(Organisation, matches.pop())


def registered_name(session: Session, *, name: str) -> str:
    """The name an organisation is, or would be, registered under, without registering it."""
    found = find_organisation(session, name=name)
    return found.name if found else split_acronym(name)[0]


def resolve_organisation(
    session: Session,
    *,
    name: str,
    kind: str | None = None,
    country_code: str | None = None,
    aliases: tuple[str, ...] = (),
) -> Organisation:
    """Find the organisation a name refers to, or register it. Never creates a duplicate,
    even when another session registers the same name at the same moment."""
    found = find_organisation(session, name=name)
    base, acronym = split_acronym(name)
    if found is not None:
        _learn_names(session, found, base=base, acronym=acronym)
        return found
    try:
        with session.begin_nested():
            organisation = Organisation(name=base, name_key=normalise_key(base), kind=kind, country_code=country_code)
            keys = {organisation.name_key}
            for alias in (a for a in (acronym, name, *aliases) if a):
                key = normalise_key(alias)
                if key and key not in keys and not _alias_taken(session, key):
                    keys.add(key)
                    organisation.aliases.append(OrganisationAlias(alias=alias, alias_key=key))
            session.add(organisation)
            session.flush()
    except IntegrityError:
        # Another session registered it first: use theirs.
        found = find_organisation(session, name=name)
        if found is None:
            raise
        return found
    return organisation


def _learn_names(session: Session, organisation: Organisation, *, base: str, acronym: str | None) -> None:
    """Remember the names an organisation was just called by, so filters and later look-ups find it.
    An organisation first registered by its acronym ("CoE") takes its full name when it is given."""
    base_key = normalise_key(base)
    if _is_acronym(organisation.name_key) and initials(base_key) == organisation.name_key:
        old_name, old_key = organisation.name, organisation.name_key
        organisation.name, organisation.name_key = base, base_key
        session.flush()
        organisation.aliases.append(OrganisationAlias(alias=old_name, alias_key=old_key))
    for alias in (base, acronym):
        key = normalise_key(alias) if alias else ""
        if key and key != organisation.name_key and not _alias_taken(session, key):
            organisation.aliases.append(OrganisationAlias(alias=alias, alias_key=key))
    session.flush()


def _alias_taken(session: Session, key: str) -> bool:
    return (
        session.scalar(select(OrganisationAlias.id).where(OrganisationAlias.alias_key == key).limit(1)) is not None
        or session.scalar(select(Organisation.id).where(Organisation.name_key == key).limit(1)) is not None
    )


def list_organisations(session: Session) -> list[OrganisationRecord]:
    organisations = session.scalars(select(Organisation).order_by(Organisation.name)).all()
    alias_rows = session.execute(select(OrganisationAlias.organisation_id, OrganisationAlias.alias)).all()
    aliases: dict[int, list[str]] = {}
    for organisation_id, alias in alias_rows:
        aliases.setdefault(organisation_id, []).append(alias)
    return [
        OrganisationRecord(o.id, o.name, o.kind, o.country_code, tuple(sorted(aliases.get(o.id, []))))
        for o in organisations
    ]
