"""Project services on real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from portfolio.errors import NotFound, ValidationFailed, VersionConflict
from portfolio.models import AuditEvent
from portfolio.projects import (
    ProjectFilter,
    archive_project,
    find_project,
    get_project,
    list_projects,
    project_history,
    restore_project,
    save_project,
    update_project,
)
from portfolio.reference import Vocabulary
from tests.factories import admin, make_project, project_data, valid_project


def test_a_created_project_reads_back_with_every_field(session: Session, vocabulary: Vocabulary) -> None:
    created = make_project(
        session,
        vocabulary,
        ref="GLACY-E",
        title="Global Action on Cybercrime Enhanced",
        acronym="GLACY-e",
        countries=[{"country": "SRB", "share_pct": "60"}, {"country": "Kosovo*", "share_pct": "40"}],
        funding=[
            {"instrument": "IPA III", "funder": "DG NEAR", "amount_eur": "900000.50"},
            {"instrument": "OTHER", "funder": "Council of Europe", "amount_eur": "99999.50"},
        ],
        implementers=["Council of Europe (CoE)"],
        norms=["13(d)", {"norm": "e", "primary": False}],
        pillars=["International law"],
        themes=["cybercrime"],
        website="https://www.coe.int/glacy-e",
        contact="glacy@example.org",
        source="https://www.coe.int/en/web/cybercrime",
        last_confirmed="2025-02-01",
        description="Budapest Convention <b>support</b>",
    )
    found = find_project(session, ref="GLACY-E")
    assert found == created
    assert found.acronym == "GLACY-e"
    assert [(c.code, c.share_pct) for c in found.countries] == [("SRB", Decimal("60.00")), ("XKX", Decimal("40.00"))]
    assert found.regions == ("WB",)
    assert [(f.instrument, f.funder, f.amount_eur) for f in found.funding] == [
        ("IPA3", "DG NEAR", Decimal("900000.50")),
        ("OTHER", "Council of Europe", Decimal("99999.50")),
    ]
    assert found.implementers == ("Council of Europe",)
    assert [(n.code, n.primary) for n in found.norms] == [("d", True), ("e", False)]
    assert found.pillars == ("international-law",)
    assert found.themes == ("cybercrime",)
    assert found.last_confirmed == date(2025, 2, 1)
    assert found.description == "Budapest Convention <b>support</b>"
    assert found.version == 1
    assert found.created_by == found.updated_by == "tester"


def test_money_comes_back_as_the_exact_decimal_that_went_in(session: Session, vocabulary: Vocabulary) -> None:
    amount = Decimal("123456789012.34")
    created = make_project(
        session,
        vocabulary,
        budget_eur=str(amount),
        funding=[{"instrument": "NDICI", "amount_eur": "0.01"}, {"instrument": "EPF", "amount_eur": "123456789012.33"}],
    )
    session.expire_all()
    found = get_project(session, project_id=created.id)
    assert found.budget_eur == amount
    assert isinstance(found.budget_eur, Decimal)
    assert [f.amount_eur for f in found.funding] == [Decimal("0.01"), Decimal("123456789012.33")]
    assert found.as_json()["budget_eur"] == "123456789012.34"


def test_a_reference_can_be_used_only_once(session: Session, vocabulary: Vocabulary) -> None:
    make_project(session, vocabulary, ref="CYBEREAST")
    with pytest.raises(ValidationFailed) as raised:
        make_project(session, vocabulary, ref="CYBEREAST")
    assert raised.value.issues[0].field == "ref"
    assert "reference 'CYBEREAST' is already used by another project" in str(raised.value)


@pytest.mark.parametrize(
    "names",
    [
        ["Council of Europe", "CoE", "Council of Europe (CoE)", "council of europe"],
        ["CoE", "Council of Europe", "Council of Europe (CoE)", "COUNCIL OF EUROPE"],
        ["Council of Europe (CoE)", "Council of Europe", "CoE", "coe"],
    ],
)
def test_an_organisation_named_three_ways_is_one_implementer(
    session: Session, vocabulary: Vocabulary, names: list[str]
) -> None:
    created = [make_project(session, vocabulary, implementers=[name]) for name in names]
    records = [get_project(session, project_id=r.id) for r in created]
    assert {r.implementers for r in records} == {("Council of Europe",)}
    assert len(list_projects(session, filters=ProjectFilter(implementers=("CoE",)))) == 4
    assert len(list_projects(session, filters=ProjectFilter(implementers=("Council of Europe",)))) == 4


def test_an_acronym_shared_by_two_organisations_is_not_guessed(session: Session, vocabulary: Vocabulary) -> None:
    make_project(session, vocabulary, implementers=["Council of Europe"])
    make_project(session, vocabulary, implementers=["Centre of Excellence"])
    ambiguous = make_project(session, vocabulary, implementers=["COE"])
    assert ambiguous.implementers == ("COE",)


def test_an_edit_saves_with_a_new_version_and_an_audit_of_what_changed(
    session: Session, vocabulary: Vocabulary
) -> None:
    created = make_project(
        session,
        vocabulary,
        ref="MD-CYBER",
        title="EU support to Moldova",
        budget_eur="100",
        funding=[{"instrument": "NDICI", "amount_eur": "100"}],
    )
    edited = update_project(
        session,
        project_id=created.id,
        expected_version=1,
        actor=admin("editor"),
        project=valid_project(
            vocabulary,
            ref="MD-CYBER",
            title="EU support to Moldova's cyber resilience",
            budget_eur="250",
            funding=[{"instrument": "NDICI", "amount_eur": "100"}],
        ),
    )
    assert edited.version == 2
    assert edited.updated_by == "editor"
    history = project_history(session, project_id=created.id)
    assert [h.action for h in history] == ["update", "create"]
    changed = {c.field: (c.old, c.new) for c in history[0].changes}
    assert changed["title"] == ("EU support to Moldova", "EU support to Moldova's cyber resilience")
    assert changed["budget_eur"] == ("100.00", "250.00")
    assert history[0].actor == "editor"


def test_an_edit_that_changes_nothing_writes_nothing(session: Session, vocabulary: Vocabulary) -> None:
    data = project_data()
    created = make_project(session, vocabulary, **data)
    again = update_project(
        session, project_id=created.id, expected_version=1, actor=admin("x"), project=valid_project(vocabulary, **data)
    )
    assert again.version == 1
    assert len(project_history(session, project_id=created.id)) == 1


def test_a_stale_edit_is_refused_and_overwrites_nothing(session: Session, vocabulary: Vocabulary) -> None:
    created = make_project(session, vocabulary, ref="ESIWA", title="ESIWA first title")
    update_project(
        session,
        project_id=created.id,
        expected_version=1,
        actor=admin("alice"),
        project=valid_project(vocabulary, ref="ESIWA", title="Alice's title"),
    )
    with pytest.raises(VersionConflict) as raised:
        update_project(
            session,
            project_id=created.id,
            expected_version=1,
            actor=admin("bob"),
            project=valid_project(vocabulary, ref="ESIWA", title="Bob's title"),
        )
    assert "changed by alice" in str(raised.value)
    assert raised.value.current_version == 2
    assert get_project(session, project_id=created.id).title == "Alice's title"


def test_archive_and_restore_take_a_project_out_of_the_list_and_back(session: Session, vocabulary: Vocabulary) -> None:
    created = make_project(session, vocabulary, ref="ARCH-1")
    archived = archive_project(session, project_id=created.id, expected_version=1, actor=admin("steward"))
    assert archived.archived
    assert archived.version == 2
    assert "ARCH-1" not in {r.ref for r in list_projects(session)}
    assert "ARCH-1" in {r.ref for r in list_projects(session, filters=ProjectFilter(include_archived=True))}
    restored = restore_project(session, project_id=created.id, expected_version=2, actor=admin("steward"))
    assert not restored.archived
    assert restored.version == 3
    assert [h.action for h in project_history(session, project_id=created.id)] == ["restore", "archive", "create"]


def test_archiving_a_version_someone_else_changed_is_refused(session: Session, vocabulary: Vocabulary) -> None:
    created = make_project(session, vocabulary)
    archive_project(session, project_id=created.id, expected_version=1, actor=admin("a"))
    with pytest.raises(VersionConflict):
        restore_project(session, project_id=created.id, expected_version=1, actor=admin("b"))


def test_a_component_names_its_programme_and_the_programme_lists_it(session: Session, vocabulary: Vocabulary) -> None:
    programme = make_project(session, vocabulary, ref="WB-CYBER")
    component = make_project(session, vocabulary, ref="WB-CYBER-CSIRT", parent_ref="WB-CYBER")
    assert component.parent is not None
    assert component.parent.ref == "WB-CYBER"
    assert [c.ref for c in get_project(session, project_id=programme.id).components] == ["WB-CYBER-CSIRT"]
    assert component.as_json()["parent"] == "WB-CYBER"


def test_a_programme_cannot_become_a_component_of_its_own_component(session: Session, vocabulary: Vocabulary) -> None:
    programme = make_project(session, vocabulary, ref="PROG")
    make_project(session, vocabulary, ref="PROG-1", parent_ref="PROG")
    with pytest.raises(ValidationFailed, match="cannot be the parent programme"):
        update_project(
            session,
            project_id=programme.id,
            expected_version=1,
            actor=admin("x"),
            project=valid_project(vocabulary, ref="PROG", parent_ref="PROG-1"),
        )


def test_an_unknown_parent_is_a_validation_error(session: Session, vocabulary: Vocabulary) -> None:
    with pytest.raises(ValidationFailed, match="there is no project with reference 'NOPE'"):
        make_project(session, vocabulary, parent_ref="NOPE")


def test_a_missing_project_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        find_project(session, ref="DOES-NOT-EXIST")


def test_references_are_found_ignoring_case(session: Session, vocabulary: Vocabulary) -> None:
    make_project(session, vocabulary, ref="GLACY+")
    assert find_project(session, ref="glacy+").ref == "GLACY+"


def test_save_project_validates_and_returns_warnings(session: Session, vocabulary: Vocabulary) -> None:
    saved = save_project(session, data=project_data(countries=["Egypt"]), vocabulary=vocabulary, actor=admin("pm"))
    assert saved.created
    assert "IPA III" in saved.warnings[0].message
    with pytest.raises(ValidationFailed):
        save_project(session, data=project_data(title=""), vocabulary=vocabulary, actor=admin("pm"))


@pytest.fixture
def small_portfolio(session: Session, vocabulary: Vocabulary) -> Session:
    make_project(
        session,
        vocabulary,
        ref="WB-1",
        title="Serbian CSIRT",
        countries=["SRB"],
        status="ongoing",
        start_date="2022-01-01",
        end_date="2024-12-31",
        norms=["g"],
        themes=["incident-cip"],
        funding=[{"instrument": "IPA3", "funder": "DG NEAR", "amount_eur": "100"}],
        budget_eur="100",
        implementers=["GIZ"],
    )
    make_project(
        session,
        vocabulary,
        ref="EN-1",
        title="Moldova cybercrime law",
        countries=["MDA", "UKR"],
        status="completed",
        start_date="2019-01-01",
        end_date="2021-06-30",
        norms=["d"],
        themes=["cybercrime"],
        funding=[{"instrument": "ENI", "funder": "DG NEAR", "amount_eur": "100"}],
        budget_eur="100",
        implementers=["Council of Europe"],
        description="Budapest Convention accession",
    )
    make_project(
        session,
        vocabulary,
        ref="SN-1",
        title="Tunisie: stratégie nationale",
        countries=["TUN"],
        status="pipeline",
        start_date="2026-01-01",
        end_date="2028-12-31",
        norms=["a"],
        themes=["policy"],
        funding=[{"instrument": "MS", "funder": "Government of France", "amount_eur": "100"}],
        budget_eur="100",
        implementers=["Expertise France"],
    )
    make_project(
        session,
        vocabulary,
        ref="GLOBAL-1",
        title="Global cyber diplomacy",
        countries=["KEN", "IDN"],
        status="ongoing",
        start_date=None,
        end_date=None,
        norms=["a", "b"],
        themes=["policy"],
        funding=[{"instrument": "NDICI", "funder": "FPI", "amount_eur": "100"}],
        budget_eur="100",
        implementers=["GIZ"],
    )
    return session


@pytest.mark.parametrize(
    ("filters", "refs"),
    [
        (ProjectFilter(), {"WB-1", "EN-1", "SN-1", "GLOBAL-1"}),
        (ProjectFilter(regions=("WB",)), {"WB-1"}),
        (ProjectFilter(regions=("EN", "SN")), {"EN-1", "SN-1"}),
        (ProjectFilter(countries=("UKR",)), {"EN-1"}),
        (ProjectFilter(instruments=("IPA3", "ENI")), {"WB-1", "EN-1"}),
        (ProjectFilter(funders=("DG NEAR",)), {"WB-1", "EN-1"}),
        (ProjectFilter(funders=("france",)), {"SN-1"}),
        (ProjectFilter(implementers=("GIZ",)), {"WB-1", "GLOBAL-1"}),
        (ProjectFilter(norms=("a",)), {"SN-1", "GLOBAL-1"}),
        (ProjectFilter(themes=("cybercrime",)), {"EN-1"}),
        (ProjectFilter(statuses=("ongoing",)), {"WB-1", "GLOBAL-1"}),
        (ProjectFilter(active_from=date(2023, 1, 1), active_to=date(2023, 12, 31)), {"WB-1", "GLOBAL-1"}),
        (ProjectFilter(active_from=date(2027, 1, 1)), {"SN-1", "GLOBAL-1"}),
        (ProjectFilter(active_to=date(2020, 1, 1)), {"EN-1", "GLOBAL-1"}),
        (ProjectFilter(text="budapest"), {"EN-1"}),
        (ProjectFilter(text="STRATEGIE"), {"SN-1"}),
        (ProjectFilter(text="csirt"), {"WB-1"}),
        (ProjectFilter(text="100%"), set()),
        (ProjectFilter(regions=("WB",), statuses=("completed",)), set()),
    ],
)
def test_listing_filters_the_portfolio(small_portfolio: Session, filters: ProjectFilter, refs: set[str]) -> None:
    assert {r.ref for r in list_projects(small_portfolio, filters=filters)} == refs


def test_listing_issues_the_same_number_of_statements_for_5_or_300_projects(
    session: Session, vocabulary: Vocabulary
) -> None:
    def statements_to_list() -> tuple[int, int]:
        count = 0

        def on_execute(*_: object) -> None:
            nonlocal count
            count += 1

        connection = session.connection()
        event.listen(connection, "before_cursor_execute", on_execute)
        try:
            listed = len(list_projects(session))
        finally:
            event.remove(connection, "before_cursor_execute", on_execute)
        return listed, count

    for _ in range(5):
        make_project(session, vocabulary, countries=["SRB", "MNE"], implementers=["GIZ", "CoE"], norms=["d", "g"])
    few, statements_few = statements_to_list()
    for _ in range(295):
        make_project(session, vocabulary, countries=["SRB", "MNE"], implementers=["GIZ", "CoE"], norms=["d", "g"])
    many, statements_many = statements_to_list()
    assert (few, many) == (5, 300)
    assert statements_many == statements_few
    assert statements_few <= 12


def test_every_change_is_in_the_append_only_audit_trail(session: Session, vocabulary: Vocabulary) -> None:
    created = make_project(session, vocabulary)
    archive_project(session, project_id=created.id, expected_version=1, actor=admin("a"))
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.project_id == created.id).order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.actor, e.version) for e in events] == [("create", "tester", 1), ("archive", "a", 2)]
