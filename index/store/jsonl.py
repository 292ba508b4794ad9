"""Reading a JSONL file of an index folder that may be damaged: its good lines, the rest left out."""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["json_rows"]


def json_rows(path: str | Path, errors: str = "strict") -> list[dict]:
    """The JSON objects of the JSONL file at ``path``, one per line, in file order.

    A line that is not JSON, or is JSON but not an object, is left out; a missing or unreadable
    file gives ``[]``. ``errors`` is how bytes that are not UTF-8 are decoded (``str.decode``):
    ``"strict"`` makes such a file unreadable as a whole, ``"replace"`` keeps its other lines.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8", errors=errors).splitlines()
    except (OSError, UnicodeError):
        return []
    rows = []
    for line in lines:
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict):
            rows.append(row)
    return rows
