"""Exceptions and warnings, in one place.

Every exception paperbib raises on purpose derives from :class:`PaperbibError`
and from the builtin a caller would naturally catch (``LookupError`` for an
unknown format, ``ValueError`` for unreadable input).
"""

from __future__ import annotations

from collections.abc import Iterable

from paperbib.diagnostics import Diagnostic, Severity

__all__ = [
    "ConversionError",
    "DataErrorWarning",
    "DataWarning",
    "NoteWarning",
    "PaperbibError",
    "PaperbibWarning",
    "ParseError",
    "PluginLoadWarning",
    "UnknownFormatError",
    "UsageError",
]


class PaperbibError(Exception):
    """Base class of the errors paperbib raises on purpose."""


class UsageError(PaperbibError, ValueError):
    """A call or command line asked for something that cannot be done (a bad option)."""


class UnknownFormatError(PaperbibError, LookupError):
    """No reader or writer matches the name, file suffix or content.

    The message lists the formats that are available. :attr:`usage` is true
    when a name or suffix the caller gave was wrong (the command line exits
    with 2), false when the input's content is not recognised (exit 1).
    """

    def __init__(self, message: str, *, available: Iterable[str] = (), usage: bool = True) -> None:
        self.available = tuple(available)
        self.usage = usage
        if self.available:
            message = f"{message} (available: {', '.join(self.available)})"
        super().__init__(message)


class ParseError(PaperbibError, ValueError):
    """The input cannot be read at all (binary data, no entries of the format).

    Recoverable problems inside an input are diagnostics, not exceptions.
    """

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.source = source
        self.line = line
        where = source or "<string>"
        if line is not None:
            where += f":{line}"
        super().__init__(f"{where}: {message}")


class ConversionError(PaperbibError):
    """``strict=True`` was asked for and warnings or errors were recorded.

    :attr:`diagnostics` holds every diagnostic, notes included, in order;
    the message lists the warnings and errors that failed the conversion.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        failing = [d for d in self.diagnostics if d.severity is not Severity.NOTE]
        count = len(failing)
        lines = "\n".join(str(d) for d in failing)
        plural = "s" if count != 1 else ""
        super().__init__(f"strict mode: {count} warning{plural} or error{plural}\n{lines}")


class PaperbibWarning(UserWarning):
    """A diagnostic issued as a Python warning; :attr:`diagnostic` holds it.

    The category tells the severity: :class:`NoteWarning`, :class:`DataWarning`
    or :class:`DataErrorWarning`, so ``warnings.simplefilter("ignore",
    NoteWarning)`` silences inferences only.
    """

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


class NoteWarning(PaperbibWarning):
    """A note: a documented inference the user may want to check."""


class DataWarning(PaperbibWarning):
    """A warning: input was damaged or doubtful and was repaired or kept."""


class DataErrorWarning(PaperbibWarning):
    """An error: input was lost (a record, a field or text)."""


_CATEGORIES: dict[Severity, type[PaperbibWarning]] = {
    Severity.NOTE: NoteWarning,
    Severity.WARNING: DataWarning,
    Severity.ERROR: DataErrorWarning,
}


def warning_category(diagnostic: Diagnostic) -> type[PaperbibWarning]:
    """The warning class a diagnostic is issued as."""
    return _CATEGORIES[diagnostic.severity]


class PluginLoadWarning(UserWarning):
    """An installed reader or writer plugin could not be loaded and was skipped."""
