"""Diagnostics: what readers and writers noticed, recorded as data.

Plugins never print, warn or raise for bad input they can recover from. They
record a :class:`Diagnostic` in the :class:`Diagnostics` sink they are handed
and carry on; :mod:`paperbib.api` applies the policy once (raise under
``strict=True``, else Python warnings) and the CLI prints ``file:line: message``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from attrs import field, frozen

__all__ = ["Diagnostic", "Diagnostics", "Severity"]


class Severity(enum.Enum):
    """How much a diagnostic matters."""

    ERROR = "error"
    """Input was lost: text skipped, an entry or a field dropped."""
    WARNING = "warning"
    """Input was damaged or doubtful and was repaired or kept as it was."""
    NOTE = "note"
    """A documented inference the user may want to check (a year inferred)."""


@frozen(kw_only=True)
class Diagnostic:
    """One located observation about the input or the output."""

    severity: Severity
    """How much it matters."""
    code: str
    """Stable short slug (``"year-inferred"``), for filtering and documentation."""
    message: str
    """One line for a human."""
    source: str | None = None
    """File name, ``"<stdin>"``, or ``None`` for text given directly."""
    line: int | None = None
    """1-based line number, when there is one."""
    path: str | None = None
    """Element or JSON path inside the source, for inputs without useful lines."""
    key: str | None = None
    """Citation key of the entry concerned, when known."""
    entry_index: int | None = field(default=None, eq=False, repr=False)
    """Position of the concerned entry in what the reader returned (filled into ``key`` later)."""

    @property
    def location(self) -> str:
        """``file:line``, ``file:path``, ``file``, or ``<string>:line``."""
        where = self.source or "<string>"
        if self.line is not None:
            where += f":{self.line}"
        elif self.path:
            where += f":{self.path}"
        return where

    def __str__(self) -> str:
        subject = f"{self.key}: " if self.key else ""
        return f"{self.location}: {subject}{self.message} [{self.code}]"


class Diagnostics:
    """A list-like sink for diagnostics about one source.

    ``report.warning("bad-date", "…", line=12)`` records a diagnostic located
    in :attr:`source`. Iterating yields the diagnostics in the order recorded.
    """

    def __init__(self, source: str | None = None) -> None:
        self.source = source
        """The file name diagnostics recorded through the helpers are located in."""
        self._items: list[Diagnostic] = []
        self._entry: int | None = None

    @contextmanager
    def about(self, entry: int | None) -> Iterator[None]:
        """Attach diagnostics recorded inside the block to the *entry*-th entry read.

        Readers do not know citation keys; the API fills them in from this.
        """
        previous, self._entry = self._entry, entry
        try:
            yield
        finally:
            self._entry = previous

    def add(
        self,
        severity: Severity,
        code: str,
        message: str,
        *,
        line: int | None = None,
        path: str | None = None,
        key: str | None = None,
        source: str | None = None,
        entry: int | None = None,
    ) -> Diagnostic:
        """Record a diagnostic located in *source* (default :attr:`source`) and return it."""
        diagnostic = Diagnostic(
            severity=severity,
            code=code,
            message=message,
            source=source or self.source,
            line=line,
            path=path,
            key=key,
            entry_index=entry if entry is not None else self._entry,
        )
        self._items.append(diagnostic)
        return diagnostic

    def error(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        path: str | None = None,
        key: str | None = None,
        source: str | None = None,
        entry: int | None = None,
    ) -> Diagnostic:
        """Record that input was lost."""
        return self.add(
            Severity.ERROR, code, message, line=line, path=path, key=key, source=source, entry=entry
        )

    def warning(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        path: str | None = None,
        key: str | None = None,
        source: str | None = None,
        entry: int | None = None,
    ) -> Diagnostic:
        """Record that input was damaged or doubtful and was repaired or kept."""
        return self.add(
            Severity.WARNING,
            code,
            message,
            line=line,
            path=path,
            key=key,
            source=source,
            entry=entry,
        )

    def note(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        path: str | None = None,
        key: str | None = None,
        source: str | None = None,
        entry: int | None = None,
    ) -> Diagnostic:
        """Record a documented inference."""
        return self.add(
            Severity.NOTE, code, message, line=line, path=path, key=key, source=source, entry=entry
        )

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Append diagnostics recorded elsewhere, keeping their locations."""
        self._items.extend(diagnostics)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __repr__(self) -> str:
        return f"Diagnostics(source={self.source!r}, {len(self._items)} recorded)"
