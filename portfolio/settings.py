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


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings from environment variables, with safe defaults."""
    env = os.environ if environ is None else environ
    url = env.get("PORTFOLIO_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
    return Settings(database_url=url)
