"""One typed, frozen settings object, read from the environment at the entry points."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'portfolio.db'}"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    # Seconds a SQLite writer waits for another writer before giving up.
    sqlite_busy_timeout_s: float = 10.0
    # Import limits: a sheet over one of them is refused before it is read in full.
    import_max_mb: int = 20
    import_max_rows: int = 50_000
    import_max_cell_chars: int = 10_000
    # A tile server for maps on networks that have one ({z}/{x}/{y} URL); none by default.
    map_tiles: str = ""
    # Minutes without activity after which the app signs a person out.
    session_idle_minutes: int = 30


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings from environment variables, with safe defaults."""
    env = os.environ if environ is None else environ
    url = env.get("PORTFOLIO_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
    return Settings(
        database_url=url,
        import_max_mb=_positive_int(env, "PORTFOLIO_IMPORT_MAX_MB", 20),
        import_max_rows=_positive_int(env, "PORTFOLIO_IMPORT_MAX_ROWS", 50_000),
        import_max_cell_chars=_positive_int(env, "PORTFOLIO_IMPORT_MAX_CELL_CHARS", 10_000),
        map_tiles=env.get("PORTFOLIO_MAP_TILES", "").strip(),
        session_idle_minutes=_positive_int(env, "PORTFOLIO_SESSION_IDLE_MINUTES", 30),
    )


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) <= 0:
        raise ValueError(f"{name} must be a whole number above 0, not '{text}'")
    return int(text)
