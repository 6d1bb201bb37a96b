"""Diagnostics: what readers and writers noticed, recorded as data.

Plugins never print, warn or raise for bad input they can recover from. They
record a :class:`Diagnostic` in the :class:`Diagnostics` sink they are handed
and carry on; the pipeline applies the policy once (raise under
``strict=True``, else Python warnings of the diagnostic's severity) and the
command line prints ``file:line: message``.

A record the reader could not keep is data too: :meth:`Diagnostics.drop`
records a :class:`Dropped` record with its origin and reason (and an error
diagnostic), so that every record read is either written or reported,
whatever reader produced it.

Entries are located by their :class:`Origin`, which the sink hands out
(:meth:`Diagnostics.origin`); a diagnostic recorded inside
``with report.about(origin):`` concerns that entry, and later stages fill in
the entry's citation key.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

from attrs import field, frozen

__all__ = ["Diagnostic", "Diagnostics", "Dropped", "Origin", "Severity"]


class Severity(enum.Enum):
    """How much a diagnostic matters; ``strict`` fails on warnings and errors, not notes."""

    ERROR = "error"
    """Input was lost: text skipped, an entry or a field dropped."""
    WARNING = "warning"
    """Input was damaged or doubtful and was repaired or kept as it was."""
    NOTE = "note"
    """A documented inference the user may want to check (a year inferred, a merge)."""


@frozen(kw_only=True)
class Origin:
    """Where an entry (or a dropped record) was read: reader, file, line, path.

    *record* numbers the records of one read in the order the reader met them,
    so two entries from one line (a JSON list) still have distinct origins.
    """

    reader: str
    """Name of the reader that produced the entry (``"digest"``)."""
    source: str | None = None
    """File name, ``"<stdin>"`` or ``None`` for text given directly."""
    line: int | None = field(default=None, eq=False)
    """1-based line where the entry starts."""
    path: str | None = field(default=None, eq=False)
    """Element or JSON path of the record inside the source, when it has one."""
    record: int = field(default=0, repr=False)
    """Position of the record among those of one read (kept or dropped); with the
    reader and the source, what tells two origins apart."""

    def __str__(self) -> str:
        where = self.source or "<string>"
        if self.line:
            return f"{where}:{self.line}"
        return f"{where}:{self.path}" if self.path else where


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
    """Citation key of the entry concerned, once known."""
    origin: Origin | None = field(default=None, eq=False, repr=False)
    """Origin of the entry concerned, which the pipeline turns into :attr:`key`."""

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


@frozen(kw_only=True)
class Dropped:
    """A record the input had and the output does not: where it was, and why."""

    origin: Origin
    """Where the record was read."""
    code: str
    """The code of the error diagnostic that reports it."""
    reason: str
    """One line for a human."""


class Diagnostics:
    """A list-like sink for the diagnostics and dropped records of one source.

    ``report.warning("bad-date", "…", line=12)`` records a diagnostic located
    in :attr:`source`. Iterating yields the diagnostics in the order recorded;
    :attr:`dropped` lists the records dropped.
    """

    def __init__(self, source: str | None = None, *, reader: str = "") -> None:
        self.source = source
        """The file name diagnostics recorded through the helpers are located in."""
        self.reader = reader
        """Name of the reader the origins handed out name."""
        self.dropped: list[Dropped] = []
        """Records the reader could not keep, in the order met."""
        self._items: list[Diagnostic] = []
        self._about: Origin | None = None
        self._records = 0

    def origin(self, *, line: int | None = None, path: str | None = None) -> Origin:
        """A new :class:`Origin` in this source, for the next record read."""
        self._records += 1
        return Origin(
            reader=self.reader, source=self.source, line=line, path=path, record=self._records
        )

    def about(self, origin: Origin | None) -> _About:
        """Attach the diagnostics recorded inside the block to the entry read at *origin*."""
        return _About(self, origin)

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
        origin: Origin | None = None,
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
            origin=origin or self._about,
        )
        self._items.append(diagnostic)
        return diagnostic

    def error(self, code: str, message: str, **where: object) -> Diagnostic:
        """Record that input was lost (keywords as for :meth:`add`)."""
        return self.add(Severity.ERROR, code, message, **where)  # type: ignore[arg-type]

    def warning(self, code: str, message: str, **where: object) -> Diagnostic:
        """Record that input was damaged or doubtful and was repaired or kept."""
        return self.add(Severity.WARNING, code, message, **where)  # type: ignore[arg-type]

    def note(self, code: str, message: str, **where: object) -> Diagnostic:
        """Record a documented inference."""
        return self.add(Severity.NOTE, code, message, **where)  # type: ignore[arg-type]

    def drop(
        self,
        code: str,
        message: str,
        *,
        line: int | None = None,
        path: str | None = None,
        origin: Origin | None = None,
    ) -> Dropped:
        """Record a record that is not kept, with an error diagnostic saying why.

        *origin* is the record's, if one was handed out for it already (else a new one).
        """
        origin = origin or self.origin(line=line, path=path)
        self.add(Severity.ERROR, code, message, line=line, path=path, origin=origin)
        dropped = Dropped(origin=origin, code=code, reason=message)
        self.dropped.append(dropped)
        return dropped

    def extend(self, diagnostics: Diagnostics) -> None:
        """Take over the diagnostics and dropped records of another sink."""
        self._items.extend(diagnostics._items)
        self.dropped.extend(diagnostics.dropped)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __repr__(self) -> str:
        return f"Diagnostics(source={self.source!r}, {len(self._items)} recorded)"


class _About:
    """The context of :meth:`Diagnostics.about`: a class, not a generator, as it is
    entered once for every entry read (a generator's context costs three times as much)."""

    __slots__ = ("origin", "previous", "report")

    def __init__(self, report: Diagnostics, origin: Origin | None) -> None:
        self.report = report
        self.origin = origin
        self.previous: Origin | None = None

    def __enter__(self) -> None:
        self.previous, self.report._about = self.report._about, self.origin

    def __exit__(self, *exc: object) -> None:
        self.report._about = self.previous
