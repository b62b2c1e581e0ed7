"""The Streamlit configuration that keeps the app safe and offline (.streamlit/config.toml)."""

from __future__ import annotations

import tomllib

from portfolio.settings import PROJECT_ROOT, Settings

CONFIG = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_xsrf_protection_stays_on_and_uploads_are_bounded_by_the_import_limit() -> None:
    server = CONFIG["server"]
    assert server["enableXsrfProtection"] is True
    # The server refuses bigger uploads before the importer sees them; the two limits agree, so the
    # importer's clearer message is what a person reads at the limit.
    assert server["maxUploadSize"] == Settings().import_max_mb


def test_nothing_leaves_the_machine_and_tables_offer_no_unneutralised_copy() -> None:
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["server"]["enableStaticServing"] is True  # Leaflet served locally
    assert CONFIG["client"]["disableDataExport"] is True
