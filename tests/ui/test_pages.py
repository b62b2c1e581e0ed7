"""One AppTest per page: the page logic, fast, without a browser."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from portfolio.access import actor_named
from portfolio.db import make_engine
from portfolio.permissions import Role
from portfolio.projects import find_project, save_project, update_project
from portfolio.reference import load_vocabulary
from portfolio.schema import validate_project
from portfolio.settings import PROJECT_ROOT, Settings
from portfolio.ui.components.text import plain
from tests.accounts import ACCOUNTS
from tests.factories import admin

APP = str(PROJECT_ROOT / "app.py")
PORTFOLIO, PROJECT, EDIT = (f"portfolio/ui/pages/{name}.py" for name in ("portfolio_page", "project_page", "edit_page"))


def _signed_in(url: str, role: Role) -> AppTest:
    """The app as the account with this role sees it, signed in a moment ago."""
    engine = make_engine(Settings(database_url=url))
    with Session(engine) as session, session.begin():
        user_id = actor_named(session, name=ACCOUNTS[role][0]).user_id
    engine.dispose()
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["auth.user_id"] = user_id
    at.session_state["auth.last_seen"] = time.time()
    return at.run()


@pytest.fixture
def app(demo_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    """Signed in as the data steward, who may do everything with projects."""
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", demo_sqlite_url)
    return _signed_in(demo_sqlite_url, Role.DATA_STEWARD)


@pytest.fixture
def as_role(demo_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Callable[[Role], AppTest]:
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", demo_sqlite_url)
    return lambda role: _signed_in(demo_sqlite_url, role)


def _open(at: AppTest, page: str, **query: str) -> AppTest:
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page)
    return at.run()


def _project_id(url: str, ref: str) -> int:
    engine = make_engine(Settings(database_url=url))
    with Session(engine) as session, session.begin():
        project_id = find_project(session, ref=ref).id
    engine.dispose()
    return project_id


def _metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def test_the_portfolio_page_lists_projects_with_count_and_total_for_the_filter(app: AppTest) -> None:
    assert not app.exception
    everything = int(_metric(app, "Projects"))
    assert everything >= 40
    app.multiselect(key="filters.regions").set_value(["WB"]).run()
    western_balkans = int(_metric(app, "Projects"))
    assert 0 < western_balkans < everything
    table = app.dataframe[0].value
    assert len(table) == western_balkans
    assert all("WB" in regions for regions in table["Regions"])
    assert _metric(app, "Total budget").startswith("EUR ")
    app.text_input(key="filters.text").input("no project has this title").run()
    assert int(_metric(app, "Projects")) == 0
    assert any("No project matches these filters" in i.value for i in app.info)


def test_the_project_page_shows_fields_in_plain_language_with_the_kosovo_footnote(
    app: AppTest, demo_sqlite_url: str
) -> None:
    _open(app, PROJECT, id=str(_project_id(demo_sqlite_url, "XK-CYBER")))
    assert not app.exception
    assert app.title[0].value.startswith("Kosovo")
    captions = " ".join(c.value for c in app.caption)
    assert "UNSCR 1244/1999" in captions
    assert "Focus regions: Western Balkans" in captions
    countries = app.dataframe[0].value
    assert list(countries["Country"]) == ["Kosovo*"]
    norms = " ".join(m.value for m in app.markdown)
    assert "13\\(g\\) Protect critical infrastructure" in norms


def test_archiving_from_the_project_page_records_who_did_it(app: AppTest, demo_sqlite_url: str) -> None:
    _open(app, PROJECT, id=str(_project_id(demo_sqlite_url, "SN-CBM-OSCE")))
    archive = next(b for b in app.button if b.label == "Archive")
    archive.click().run()
    assert any("archived" in w.value for w in app.warning)
    next(b for b in app.button if b.label == "Restore").click().run()
    assert not any("archived" in w.value for w in app.warning)
    assert "by sam" in app.caption[0].value


def test_the_new_project_form_shows_errors_beside_fields_and_saves_nothing(app: AppTest) -> None:
    _open(app, EDIT)
    assert app.title[0].value == "New project"
    app.text_input(key="project_form.budget_eur").input("-10")
    app.date_input(key="project_form.start_date").set_value("2025-06-01")
    app.date_input(key="project_form.end_date").set_value("2024-01-01")
    app.button(key="FormSubmitter:project_form-Create project").click().run()
    assert not app.exception
    assert any("Nothing was saved" in e.value for e in app.error)
    beside = " ".join(m.value for m in app.markdown)
    assert "a title is required" in beside
    assert "an amount cannot be negative" in beside


def test_the_new_project_form_creates_a_project_with_a_whole_region(
    as_role: Callable[[Role], AppTest], demo_sqlite_url: str
) -> None:
    app = _open(as_role(Role.PROGRAMME_MANAGER), EDIT)
    app.button(key="project_form.add.EN").click().run()
    assert app.multiselect(key="project_form.countries").value == ["ARM", "AZE", "BLR", "GEO", "MDA", "UKR"]
    app.text_input(key="project_form.ref").input("EAP-CERT-NET")
    app.text_input(key="project_form.title").input("Eastern Partnership CERT network")
    app.text_input(key="project_form.budget_eur").input("2,000,000")
    app.multiselect(key="project_form.norms_primary").set_value(["k"])
    app.multiselect(key="project_form.themes").set_value(["incident-cip"])
    app.button(key="FormSubmitter:project_form-Create project").click().run()
    assert not app.exception
    assert app.title[0].value == "Eastern Partnership CERT network"
    assert any(plain("Created EAP-CERT-NET") in s.value for s in app.success)
    engine = make_engine(Settings(database_url=demo_sqlite_url))
    with Session(engine) as session, session.begin():
        saved = find_project(session, ref="EAP-CERT-NET")
    engine.dispose()
    assert saved.regions == ("EN",)
    assert str(saved.budget_eur) == "2000000.00"
    assert saved.created_by == "maria"
    assert saved.owner_id is not None  # hers to edit later


def test_a_stale_edit_tells_the_user_and_offers_to_reload(app: AppTest, demo_sqlite_url: str) -> None:
    project_id = _project_id(demo_sqlite_url, "TN-CYBER")
    _open(app, EDIT, id=str(project_id))
    assert (
        app.text_input(key="project_form.title").value == "Tunisia: national cyber security strategy and sector CSIRTs"
    )
    engine = make_engine(Settings(database_url=demo_sqlite_url))  # someone else saves first
    with Session(engine) as session, session.begin():
        current = find_project(session, ref="TN-CYBER")
        data = current.as_json() | {"title": "Tunisia: national cyber strategy (revised)"}
        data["countries"] = list(current.country_codes)
        for key in ("regions", "instruments", "funders", "parent", "version", "updated_at", "updated_by"):
            data.pop(key)
        update_project(
            session,
            project_id=project_id,
            expected_version=current.version,
            actor=admin("First editor"),
            project=validate_project(data, vocabulary=load_vocabulary(session)),
        )
    engine.dispose()
    app.text_input(key="project_form.acronym").input("TN-CYB")
    app.button(key="FormSubmitter:project_form-Save changes").click().run()
    assert any("was changed by First editor" in e.value for e in app.error), (
        [e.value for e in app.error] + [m.value for m in app.markdown][:5] + [str(app.exception)]
    )
    reload = next(b for b in app.button if b.label.startswith("Reload the current version"))
    reload.click().run()
    assert app.text_input(key="project_form.title").value == "Tunisia: national cyber strategy (revised)"


def test_an_unreachable_database_gives_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", f"sqlite:///{tmp_path / 'no-such-folder' / 'x.db'}")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert "The portfolio cannot be opened" in at.error[0].value


def test_a_save_made_elsewhere_shows_on_the_next_rerun(app: AppTest, demo_sqlite_url: str) -> None:
    before = int(_metric(app, "Projects"))
    engine = make_engine(Settings(database_url=demo_sqlite_url))  # another browser or app instance saves
    with Session(engine) as session, session.begin():
        save_project(
            session,
            data={"title": "Saved by another instance", "countries": ["GEO"]},
            vocabulary=load_vocabulary(session),
            actor=admin("elsewhere"),
        )
    engine.dispose()
    app.run()
    assert int(_metric(app, "Projects")) == before + 1


def test_the_import_page_offers_the_template_and_waits_for_a_sheet(app: AppTest) -> None:
    _open(app, "portfolio/ui/pages/import_page.py")
    assert not app.exception
    assert app.title[0].value == "Import projects"
    assert "at most 20 MB and 50,000 rows" in app.caption[0].value
    assert app.checkbox(key="import.skip_invalid").value is False
    assert not any(b.label.startswith("Import:") for b in app.button)  # nothing to confirm before an upload


def test_the_coverage_page_shows_the_figures_for_the_filter(app: AppTest) -> None:
    _open(app, "portfolio/ui/pages/coverage_page.py")
    assert not app.exception
    assert app.title[0].value == "Coverage"
    everything = int(_metric(app, "Active projects"))
    assert everything >= 40
    assert _metric(app, "UN norms covered").endswith("of 11")
    app.multiselect(key="filters.regions").set_value(["SN"]).run()
    assert 0 < int(_metric(app, "Active projects")) < everything
    assert any("split by its country shares" in c.value for c in app.caption)


def test_markdown_in_user_text_is_shown_as_typed(app: AppTest, demo_sqlite_url: str) -> None:
    engine = make_engine(Settings(database_url=demo_sqlite_url))
    with Session(engine) as session, session.begin():
        saved = save_project(
            session,
            data={"title": "**bold** [link](javascript:alert(1)) ![img](http://evil.example/x.png)"},
            vocabulary=load_vocabulary(session),
            actor=admin("[me](http://evil.example)"),
        )
    engine.dispose()
    _open(app, PROJECT, id=str(saved.record.id))
    assert not app.exception
    title = app.title[0].value
    assert "\\*\\*bold\\*\\*" in title
    assert "\\[link\\]\\(javascript" in title
    assert "\\[me\\]\\(http" in app.caption[0].value


def test_the_duplicates_page_lists_candidate_pairs_by_kind(app: AppTest) -> None:
    _open(app, "portfolio/ui/pages/duplicates_page.py")
    assert not app.exception
    assert app.title[0].value == "Duplicates"
    same = app.dataframe[0].value
    assert "CYBERSOUTH" in set(same["Project A"]) | set(same["Project B"])
    unrelated = same[same["Related"] == ""]
    assert all(unrelated["Score"] >= 70)
    assert "phases" in set(same["Related"])  # ESIWA and ESIWA+: below the threshold, shown as related
    app.slider(key="duplicates.min.same-record").set_value(95).run()
    narrowed = app.dataframe[0].value
    assert all(narrowed[narrowed["Related"] == ""]["Score"] >= 95)


def test_creating_a_project_that_looks_like_a_stored_one_asks_first(app: AppTest) -> None:
    _open(app, EDIT)
    app.multiselect(key="project_form.countries").set_value(["DZA", "JOR", "MAR", "TUN"]).run()
    app.text_input(key="project_form.title").input(
        "Cooperation on Cybercrime in the Southern Neighbourhood (CyberSouth)"
    )
    app.multiselect(key="project_form.implementers").set_value(["Council of Europe"])
    app.date_input(key="project_form.start_date").set_value("2017-07-01")
    app.date_input(key="project_form.end_date").set_value("2024-12-31")
    app.button(key="FormSubmitter:project_form-Create project").click().run()
    assert not app.exception
    assert any("looks like a project already in the portfolio" in w.value for w in app.warning)
    assert any("CYBERSOUTH" in w.value for w in app.warning)
    assert app.title[0].value == "New project"  # nothing saved yet
    app.button(key="lookalikes.save").click().run()
    assert not app.exception
    assert app.title[0].value.startswith("Cooperation on Cybercrime in the Southern Neighbourhood")
