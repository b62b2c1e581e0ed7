"""One AppTest per page: the page logic, fast, without a browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from portfolio.db import make_engine
from portfolio.projects import find_project, save_project, update_project
from portfolio.reference import load_vocabulary
from portfolio.schema import validate_project
from portfolio.settings import PROJECT_ROOT, Settings
from portfolio.ui.components.text import plain

APP = str(PROJECT_ROOT / "app.py")
PORTFOLIO, PROJECT, EDIT = (f"portfolio/ui/pages/{name}.py" for name in ("portfolio_page", "project_page", "edit_page"))


@pytest.fixture
def app(demo_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", demo_sqlite_url)
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    return at


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


def test_archiving_from_the_project_page_needs_a_name_and_records_it(app: AppTest, demo_sqlite_url: str) -> None:
    _open(app, PROJECT, id=str(_project_id(demo_sqlite_url, "SN-CBM-OSCE")))
    app.button[1].click().run()  # Archive, with no name given
    assert any("Enter your name in the sidebar" in e.value for e in app.error)
    app.sidebar.text_input(key="identity.name").input("Board secretariat").run()
    app.button[1].click().run()
    assert any("archived" in w.value for w in app.warning)
    app.button[1].click().run()  # Restore
    assert not any("archived" in w.value for w in app.warning)
    assert "by Board secretariat" in app.caption[0].value


def test_the_new_project_form_shows_errors_beside_fields_and_saves_nothing(app: AppTest) -> None:
    _open(app, EDIT)
    assert app.title[0].value == "New project"
    app.sidebar.text_input(key="identity.name").input("Programme manager").run()
    app.text_input(key="project_form.budget_eur").input("-10")
    app.date_input(key="project_form.start_date").set_value("2025-06-01")
    app.date_input(key="project_form.end_date").set_value("2024-01-01")
    app.button(key="FormSubmitter:project_form-Create project").click().run()
    assert not app.exception
    assert any("Nothing was saved" in e.value for e in app.error)
    beside = " ".join(m.value for m in app.markdown)
    assert "a title is required" in beside
    assert "an amount cannot be negative" in beside


def test_the_new_project_form_creates_a_project_with_a_whole_region(app: AppTest, demo_sqlite_url: str) -> None:
    _open(app, EDIT)
    app.sidebar.text_input(key="identity.name").input("Programme manager").run()
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
    assert saved.created_by == "Programme manager"


def test_a_stale_edit_tells_the_user_and_offers_to_reload(app: AppTest, demo_sqlite_url: str) -> None:
    project_id = _project_id(demo_sqlite_url, "TN-CYBER")
    _open(app, EDIT, id=str(project_id))
    app.sidebar.text_input(key="identity.name").input("Second editor").run()
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
            actor="First editor",
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
            actor="elsewhere",
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
            actor="[me](http://evil.example)",
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
    app.sidebar.text_input(key="identity.name").input("Programme manager").run()
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
