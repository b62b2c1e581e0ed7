"""SQLAlchemy 2.0 typed ORM models. Alembic migrations own the schema built from these."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from portfolio.errors import PortfolioError
from portfolio.permissions import ROLE_CODES

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Euros with cents. Large enough for any programme (up to 10^14 EUR), exact as Decimal.
EUR = Numeric(16, 2)
PERCENT = Numeric(5, 2)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# --- reference data (seeded by migrations, read through portfolio.reference) -------------


class Region(Base):
    __tablename__ = "region"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)


class Country(Base):
    __tablename__ = "country"
    code: Mapped[str] = mapped_column(String(3), primary_key=True)  # ISO alpha-3 (Kosovo: XKX)
    alpha2: Mapped[str] = mapped_column(String(2), unique=True)
    name: Mapped[str] = mapped_column(String(100))  # English short name
    official_name: Mapped[str | None] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(100))  # as EU texts show it (Kosovo*)
    # The standard EU footnote on status (Kosovo*, Palestine*), shown wherever the name is.
    footnote: Mapped[str | None] = mapped_column(Text)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)


class RegionAlias(Base):
    """Other names for a region in project sheets ("WB6", "EaP countries")."""

    __tablename__ = "region_alias"
    alias: Mapped[str] = mapped_column(String(100), primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), index=True)


class CountryAlias(Base):
    """Other names people write for a country ("Republic of Moldova", "Turkey")."""

    __tablename__ = "country_alias"
    alias: Mapped[str] = mapped_column(String(200), primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("country.code"), index=True)


class Instrument(Base):
    __tablename__ = "instrument"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))  # short name, e.g. "NDICI-Global Europe"
    full_name: Mapped[str] = mapped_column(String(300))
    period: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(300))
    successor_code: Mapped[str | None] = mapped_column(ForeignKey("instrument.code"))
    position: Mapped[int] = mapped_column(Integer)


class InstrumentAlias(Base):
    __tablename__ = "instrument_alias"
    alias: Mapped[str] = mapped_column(String(200), primary_key=True)
    instrument_code: Mapped[str] = mapped_column(ForeignKey("instrument.code"), index=True)


class InstrumentScope(Base):
    """Countries an instrument serves. An instrument with no rows here serves every country."""

    __tablename__ = "instrument_scope"
    instrument_code: Mapped[str] = mapped_column(ForeignKey("instrument.code"), primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("country.code"), primary_key=True)


class Norm(Base):
    __tablename__ = "norm"
    code: Mapped[str] = mapped_column(String(1), primary_key=True)  # a-k
    label: Mapped[str] = mapped_column(String(200))


class Pillar(Base):
    __tablename__ = "pillar"
    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)


class Theme(Base):
    __tablename__ = "theme"
    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)


# --- organisations -------------------------------------------------------------------------


class Organisation(Base):
    __tablename__ = "organisation"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    # Normalised name: "Council of Europe" and "council of europe" are one organisation.
    name_key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str | None] = mapped_column(String(40))
    country_code: Mapped[str | None] = mapped_column(ForeignKey("country.code"))
    aliases: Mapped[list[OrganisationAlias]] = relationship(back_populates="organisation", cascade="all, delete-orphan")

    __table_args__ = (
        CheckConstraint(
            "kind IS NULL OR kind IN ('eu-institution', 'member-state', 'agency', "
            "'international-organisation', 'ngo', 'company', 'academia')",
            name="kind",
        ),
    )


class OrganisationAlias(Base):
    __tablename__ = "organisation_alias"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    alias_key: Mapped[str] = mapped_column(String(300), unique=True)
    organisation: Mapped[Organisation] = relationship(back_populates="aliases")


# --- projects ------------------------------------------------------------------------------


class Project(Base):
    __tablename__ = "project"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    title_key: Mapped[str] = mapped_column(String(300), index=True)  # normalised, for matching
    acronym: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), index=True)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    budget_eur: Mapped[Decimal | None] = mapped_column(EUR)
    website: Mapped[str | None] = mapped_column(String(500))
    contact: Mapped[str | None] = mapped_column(String(300))
    source: Mapped[str | None] = mapped_column(String(500))
    last_confirmed: Mapped[date | None] = mapped_column(Date)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"), index=True)
    # The account that created the project (a programme manager may edit what they own).
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"), index=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # Case- and accent-folded ref, title, acronym and description, for free-text search.
    search_text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(100))

    countries: Mapped[list[ProjectCountry]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectCountry.position"
    )
    funding: Mapped[list[FundingLine]] = relationship(cascade="all, delete-orphan", order_by="FundingLine.position")
    implementers: Mapped[list[ProjectImplementer]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectImplementer.position"
    )
    norms: Mapped[list[ProjectNorm]] = relationship(cascade="all, delete-orphan", order_by="ProjectNorm.norm_code")
    pillars: Mapped[list[ProjectPillar]] = relationship(cascade="all, delete-orphan")
    themes: Mapped[list[ProjectTheme]] = relationship(cascade="all, delete-orphan")
    parent: Mapped[Project | None] = relationship(remote_side=[id])

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own idiom
    __table_args__ = (
        CheckConstraint("status IN ('pipeline', 'ongoing', 'completed', 'suspended', 'cancelled')", name="status"),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates"),
        CheckConstraint("budget_eur IS NULL OR budget_eur >= 0", name="budget"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        # Without a reference, a project is known by its normalised title: two imports running at
        # once must not both create it.
        Index(
            "uq_project_title_key_without_ref",
            "title_key",
            unique=True,
            sqlite_where=text("ref IS NULL"),
            postgresql_where=text("ref IS NULL"),
        ),
    )


class ProjectCountry(Base):
    __tablename__ = "project_country"
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("country.code"), primary_key=True)
    share_pct: Mapped[Decimal | None] = mapped_column(PERCENT)
    position: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("share_pct IS NULL OR (share_pct >= 0 AND share_pct <= 100)", name="share"),
        Index("ix_project_country_country_code", "country_code"),
    )


class FundingLine(Base):
    __tablename__ = "funding_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    instrument_code: Mapped[str] = mapped_column(ForeignKey("instrument.code"), index=True)
    funder_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    amount_eur: Mapped[Decimal | None] = mapped_column(EUR)
    funder: Mapped[Organisation | None] = relationship()

    __table_args__ = (CheckConstraint("amount_eur IS NULL OR amount_eur >= 0", name="amount"),)


class ProjectImplementer(Base):
    __tablename__ = "project_implementer"
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    organisation: Mapped[Organisation] = relationship()

    __table_args__ = (Index("ix_project_implementer_organisation_id", "organisation_id"),)


class ProjectNorm(Base):
    __tablename__ = "project_norm"
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    norm_code: Mapped[str] = mapped_column(ForeignKey("norm.code"), primary_key=True)
    is_primary: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (Index("ix_project_norm_norm_code", "norm_code"),)


class ProjectPillar(Base):
    __tablename__ = "project_pillar"
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    pillar_code: Mapped[str] = mapped_column(ForeignKey("pillar.code"), primary_key=True)


class ProjectTheme(Base):
    __tablename__ = "project_theme"
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    theme_code: Mapped[str] = mapped_column(ForeignKey("theme.code"), primary_key=True)

    __table_args__ = (Index("ix_project_theme_theme_code", "theme_code"),)


# --- audit ---------------------------------------------------------------------------------


class ProjectAlias(Base):
    """An old reference that now means another project (the survivor of a merge)."""

    __tablename__ = "project_alias"
    alias: Mapped[str] = mapped_column(String(60), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)


class DuplicateVerdict(Base):
    """What a board member or data steward decided about a candidate pair, and on which versions
    of the two records (their material fields, as fingerprints)."""

    __tablename__ = "duplicate_verdict"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_a_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    project_b_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    verdict: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    a_fingerprint: Mapped[str] = mapped_column(String(64))
    b_fingerprint: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        CheckConstraint("verdict IN ('same', 'not-same', 'overlap-acknowledged')", name="verdict"),
        CheckConstraint("project_a_id < project_b_id", name="ordered"),
    )


class PairComment(Base):
    """A board member's comment on a candidate pair: it keeps the discussion with the pair without
    deciding it (a verdict does that)."""

    __tablename__ = "pair_comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_a_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    project_b_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (CheckConstraint("project_a_id < project_b_id", name="ordered"),)


class ImportBatch(Base):
    """One committed import of a sheet: what came in, from where, by whom, with what result."""

    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(300))
    sheet: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created: Mapped[int] = mapped_column(Integer)
    updated: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)


class AuditEvent(Base):
    """Append-only record of every change: who, when, which record, which fields old -> new.

    `subject` says what kind of record changed: a project (project_id / project_ref), a user
    account or a duplication verdict (`subject_key` names it). Neither the ORM (below) nor the
    database (triggers from migration 0005) lets a stored event change or disappear.
    """

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"), index=True)
    project_ref: Mapped[str | None] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    version: Mapped[int | None] = mapped_column(Integer)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), index=True)
    subject: Mapped[str] = mapped_column(String(20), default="project", server_default="project", index=True)
    subject_key: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        CheckConstraint("action IN ('create', 'update', 'archive', 'restore')", name="action"),
        CheckConstraint("subject IN ('project', 'user', 'verdict', 'comment')", name="subject"),
    )


class AuditIsAppendOnly(PortfolioError):
    """Something tried to change or delete a stored audit event."""

    def __init__(self) -> None:
        super().__init__("The audit trail is append-only: stored events cannot be changed or deleted.")


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_audit_rewrite(_mapper: Any, _connection: Any, _target: AuditEvent) -> None:
    raise AuditIsAppendOnly()


class User(Base):
    """A person who signs in. No password is ever stored, only its argon2 hash; an account that
    signs in through single sign-on only has none. `failed_attempts` and `locked_until` carry the
    lockout after repeated wrong passwords."""

    __tablename__ = "app_user"  # "user" is a reserved word in PostgreSQL
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100), unique=True)  # case-folded, for sign-in
    full_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(300), unique=True)  # lower case; single sign-on maps on it
    role: Mapped[str] = mapped_column(String(30))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100))
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint(f"role IN ({', '.join(repr(code) for code in ROLE_CODES)})", name="role"),
        CheckConstraint("failed_attempts >= 0", name="failed_attempts"),
    )
