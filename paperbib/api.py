"""The public functions: ``load``/``loads`` read, ``dump``/``dumps`` write, ``convert`` does both.

Every function applies the diagnostics policy once, at the end: with
``strict=True`` any diagnostic raises one :class:`~paperbib.errors.ConversionError`
holding them all; otherwise each is issued as a
:class:`~paperbib.errors.PaperbibWarning` (and reading diagnostics stay
available as :attr:`Bibliography.diagnostics <paperbib.models.Bibliography.diagnostics>`).
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any, TypeAlias

import attrs
from attrs import frozen

from paperbib import registry
from paperbib._files import atomic_write, decode, normalize_newlines
from paperbib.diagnostics import Diagnostic, Diagnostics, Severity
from paperbib.errors import ConversionError, PaperbibWarning, ParseError, UsageError
from paperbib.keys import assign_keys
from paperbib.merge import merge_duplicates
from paperbib.models import Bibliography, Entry

__all__ = [
    "ConversionResult",
    "convert",
    "dump",
    "dumps",
    "load",
    "loads",
    "to_bibtex",
    "to_csl_json",
    "to_ris",
]

PathLike: TypeAlias = "str | os.PathLike[str]"
Source: TypeAlias = "str | os.PathLike[str] | IO[bytes] | IO[str]"
Destination: TypeAlias = "str | os.PathLike[str] | IO[bytes] | IO[str]"


def _settle(diagnostics: Sequence[Diagnostic], strict: bool, stacklevel: int) -> None:
    if strict and diagnostics:
        raise ConversionError(diagnostics)
    for diagnostic in diagnostics:
        warnings.warn(PaperbibWarning(diagnostic), stacklevel=stacklevel + 1)


def _options(cls: type, options: Mapping[str, Any], kind: str) -> Any:
    try:
        return cls(**options)
    except TypeError as exc:
        raise UsageError(f"bad option for the {cls.name} {kind}: {exc}") from None  # type: ignore[attr-defined]
    except ValueError as exc:
        raise UsageError(f"bad option value for the {cls.name} {kind}: {exc}") from None  # type: ignore[attr-defined]


def _source_name(source: Source) -> str | None:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    name = getattr(source, "name", None)
    if isinstance(name, str):
        return name
    if isinstance(name, int):
        return "<stdin>" if name == 0 else f"<fd {name}>"
    return None


def _read_bytes_or_text(source: Source) -> bytes | str:
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            return handle.read()
    return source.read()


def _accepted(cls: type, options: Mapping[str, Any]) -> dict[str, Any]:
    if attrs.has(cls):
        names = {a.alias for a in attrs.fields(cls)}
        return {k: v for k, v in options.items() if k in names}
    return dict(options)


def _read(
    data: bytes | str,
    name: str | None,
    format: str | None,
    options: Mapping[str, Any],
    *,
    only_accepted: bool = False,
) -> tuple[list[Entry], Diagnostics]:
    report = Diagnostics(name)
    text = decode(data, report) if isinstance(data, bytes) else normalize_newlines(data)
    if not text.strip():
        raise ParseError("input is empty", source=name)
    reader_cls = registry.find_reader(format, filename=name, text=text)
    if only_accepted:
        options = _accepted(reader_cls, options)
    reader = _options(reader_cls, options, "reader")
    entries = reader.read(text, report)
    if not entries:
        reason = next((d.message for d in report if d.severity is Severity.ERROR), None)
        detail = f": {reason}" if reason else ""
        raise ParseError(f"no entries found (read as {reader_cls.name}){detail}", source=name)
    return entries, report


DROPPED = frozenset({"orphan-meta", "skipped-entry", "missing-title"})
"""Diagnostic codes that report an entry the input had but the output does not."""


class _Assembled:
    # A plain class: attrs would generate its methods at import, on every run.
    __slots__ = ("bib", "dropped", "merged", "read")

    def __init__(self, bib: Bibliography, read: int, dropped: int, merged: int) -> None:
        self.bib, self.read, self.dropped, self.merged = bib, read, dropped, merged


def _assemble(
    sources: Sequence[tuple[Sequence[Entry], Iterable[Diagnostic]]], key_pattern: str | None
) -> _Assembled:
    """Merge duplicates across all sources, assign keys, give diagnostics their entry's key."""
    entries: list[Entry] = []
    located: list[tuple[Diagnostic, int | None]] = []
    for read, diagnostics in sources:
        offset = len(entries)
        for diagnostic in diagnostics:
            index = diagnostic.entry_index
            usable = index is not None and index < len(read) and diagnostic.code not in DROPPED
            located.append((diagnostic, offset + index if usable and index is not None else None))
        entries.extend(read)
    merge_report = Diagnostics()
    merged, where = merge_duplicates(entries, merge_report)
    try:
        keyed = assign_keys(merged, key_pattern)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    out = [
        d if index is None else attrs.evolve(d, key=keyed[where[index]].key) for d, index in located
    ]
    out += [
        attrs.evolve(d, key=keyed[d.entry_index].key)
        for d in merge_report
        if d.entry_index is not None
    ]
    dropped = sum(d.code in DROPPED for d, _ in located)
    return _Assembled(
        Bibliography(keyed, diagnostics=out),
        read=len(entries) + dropped,
        dropped=dropped,
        merged=len(entries) - len(merged),
    )


def load(
    source: Source,
    format: str | None = None,
    *,
    strict: bool = False,
    key_pattern: str | None = None,
    **reader_options: Any,
) -> Bibliography:
    """Read a file (a path, or a binary or text file object) into a :class:`Bibliography`.

    *format* names the reader; without it the file suffix decides, then the
    content. Reader options are keyword arguments, for example
    ``load("papers.txt", as_of=date(2025, 12, 9))``. *key_pattern* shapes the
    citation keys (``"{author}{year}{shorttitle}"``; see :mod:`paperbib.keys`).
    """
    name = _source_name(source)
    entries, report = _read(_read_bytes_or_text(source), name, format, reader_options)
    bib = _assemble([(entries, report)], key_pattern).bib
    _settle(bib.diagnostics, strict, stacklevel=2)
    return bib


def loads(
    text: str | bytes,
    format: str | None = None,
    *,
    strict: bool = False,
    source: str | None = None,
    key_pattern: str | None = None,
    **reader_options: Any,
) -> Bibliography:
    """Read text (or undecoded bytes) into a :class:`Bibliography`.

    *source* names the text in diagnostics and entry origins; the other
    arguments are those of :func:`load`.
    """
    entries, report = _read(text, source, format, reader_options)
    bib = _assemble([(entries, report)], key_pattern).bib
    _settle(bib.diagnostics, strict, stacklevel=2)
    return bib


def _write(
    bib: Bibliography, format: str | None, filename: str | None, options: Mapping[str, Any]
) -> tuple[str, Diagnostics]:
    writer_cls = registry.find_writer(format, filename=filename)
    writer = _options(writer_cls, options, "writer")
    report = Diagnostics(filename)
    return writer.write(bib, report), report


def dumps(
    bib: Bibliography, format: str = "bibtex", *, strict: bool = False, **writer_options: Any
) -> str:
    """The text of *bib* in *format* (``"bibtex"``, ``"csl-json"``, …)."""
    text, report = _write(bib, format, None, writer_options)
    _settle(list(report), strict, stacklevel=2)
    return text


def _put(dest: Destination, text: str) -> bool:
    if isinstance(dest, (str, os.PathLike)):
        return atomic_write(dest, text.encode("utf-8"))
    if isinstance(dest, io.TextIOBase):
        dest.write(text)
    else:
        dest.write(text.encode("utf-8"))  # type: ignore[arg-type]
    return True


def dump(
    bib: Bibliography,
    dest: Destination,
    format: str | None = None,
    *,
    strict: bool = False,
    **writer_options: Any,
) -> bool:
    """Write *bib* to a path or file object; return whether anything was written.

    Without *format* the path's suffix decides (``.bib``, ``.json``), else
    BibTeX. A path is written atomically and left untouched when it already
    holds the same bytes, so make and latexmk see no change.
    """
    filename = _source_name(dest) if format is None else None
    text, report = _write(bib, format, filename, writer_options)
    _settle(list(report), strict, stacklevel=2)
    return _put(dest, text)


def to_bibtex(bib: Bibliography, *, strict: bool = False, **options: Any) -> str:
    """``dumps(bib, "bibtex", ...)``."""
    text, report = _write(bib, "bibtex", None, options)
    _settle(list(report), strict, stacklevel=2)
    return text


def to_csl_json(bib: Bibliography, *, strict: bool = False, **options: Any) -> str:
    """``dumps(bib, "csl-json", ...)``."""
    text, report = _write(bib, "csl-json", None, options)
    _settle(list(report), strict, stacklevel=2)
    return text


def to_ris(bib: Bibliography, *, strict: bool = False, **options: Any) -> str:
    """``dumps(bib, "ris", ...)``; ``eol="lf"`` for LF line ends."""
    text, report = _write(bib, "ris", None, options)
    _settle(list(report), strict, stacklevel=2)
    return text


@frozen(kw_only=True)
class ConversionResult:
    """What :func:`convert` did."""

    entries_read: int
    """Entries the inputs hold: written, merged into another, or dropped (and reported)."""
    entries_written: int
    """Entries in the output."""
    entries_merged: int
    """Duplicates merged into an earlier entry (each reported)."""
    entries_dropped: int
    """Entries that could not be kept (each reported with its reason)."""
    written: bool
    """Whether the output changed (an identical existing file is left alone)."""
    diagnostics: tuple[Diagnostic, ...]
    """Everything reported while reading and writing, in order."""
    format: str
    """Name of the output format."""


def convert(
    inputs: Sequence[Source],
    output: Destination,
    *,
    from_format: str | None = None,
    to_format: str | None = None,
    strict: bool = False,
    key_pattern: str | None = None,
    reader_options: Mapping[str, Any] | None = None,
    writer_options: Mapping[str, Any] | None = None,
) -> ConversionResult:
    """Read *inputs*, give the entries unique keys across all of them, write *output*.

    This is what ``paperbib convert`` runs. Options a reader or writer does not
    take are ignored, so one call can mix formats (``eol`` only matters to RIS). Diagnostics are
    returned, not warned; with *strict*, any diagnostic raises
    :class:`~paperbib.errors.ConversionError` and nothing is written.
    """
    sources = []
    for source in inputs:
        name = _source_name(source)
        data = _read_bytes_or_text(source)
        sources.append(_read(data, name, from_format, reader_options or {}, only_accepted=True))
    assembled = _assemble(sources, key_pattern)
    bib = assembled.bib
    diagnostics = list(bib.diagnostics)
    filename = _source_name(output) if to_format is None else None
    writer_cls = registry.find_writer(to_format, filename=filename)
    options = _accepted(writer_cls, writer_options or {})
    text, report = _write(bib, writer_cls.name, None, options)
    diagnostics.extend(report)
    if strict and diagnostics:
        raise ConversionError(diagnostics)
    written = _put(output, text)
    return ConversionResult(
        entries_read=assembled.read,
        entries_written=len(bib),
        entries_merged=assembled.merged,
        entries_dropped=assembled.dropped,
        written=written,
        diagnostics=tuple(diagnostics),
        format=writer_cls.name,
    )
