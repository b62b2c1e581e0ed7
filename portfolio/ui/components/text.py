"""Showing people's text safely in Markdown: no link, image or HTML they typed becomes live."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def plain(text: str | None) -> str:
    """Escape Markdown so user text shows exactly as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text or "")
