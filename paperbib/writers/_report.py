"""Writer diagnostics point at the entry's origin, where the user can fix the input."""

from __future__ import annotations

from paperbib.diagnostics import Diagnostics
from paperbib.models import Entry


def warn(report: Diagnostics, entry: Entry, code: str, message: str) -> None:
    """Record a warning about *entry*, located at the file and line it was read from."""
    origin = entry.origin
    report.warning(
        code,
        message,
        key=entry.key,
        source=origin.source if origin else None,
        line=origin.line if origin else None,
    )
