"""The public functions: ``load``/``loads`` read, ``dump``/``dumps`` write, ``convert`` does both,
``add`` appends new papers to a ``.bib`` file.

Each is a few lines over :mod:`paperbib.pipeline`, and each applies the
diagnostics policy once, at the end: with ``strict=True`` warnings and errors
raise one :class:`~paperbib.errors.ConversionError` holding every diagnostic;
otherwise each diagnostic is issued as a Python warning whose category tells
its severity (:class:`~paperbib.errors.NoteWarning`,
:class:`~paperbib.errors.DataWarning`, :class:`~paperbib.errors.DataErrorWarning`).
Reading diagnostics stay available as
:attr:`Bibliography.diagnostics <paperbib.models.Bibliography.diagnostics>`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from attrs import frozen

from paperbib import pipeline, registry
from paperbib._startup import keep_to_exit
from paperbib.diagnostics import Diagnostic, Dropped, Severity
from paperbib.errors import ConversionError, UsageError
from paperbib.keys import check_pattern
from paperbib.models import Bibliography, Entry
from paperbib.pipeline import Destination, Source, combine

if TYPE_CHECKING:
    from paperbib.resolve import Progress, Summary

__all__ = [
    "AddResult",
    "ConversionResult",
    "add",
    "combine",
    "convert",
    "default_lock",
    "dump",
    "dumps",
    "load",
    "loads",
    "to_bibtex",
    "to_csl_json",
    "to_ris",
]


def _check_key_pattern(pattern: str | None) -> None:
    """Refuse a bad *pattern* before any input is read (or looked up online)."""
    if pattern is not None:
        try:
            check_pattern(pattern)
        except ValueError as exc:
            raise UsageError(str(exc)) from None


def _sources(source: Source | Sequence[Source]) -> Sequence[Source]:
    """*source* as a list of sources: one path or file object is a list of one."""
    if isinstance(source, (str, bytes, os.PathLike)) or hasattr(source, "read"):
        return [source]  # type: ignore[list-item]
    return list(source)


def load(
    source: Source | Sequence[Source],
    format: str | None = None,
    *,
    strict: bool = False,
    key_pattern: str | None = None,
    resolve: bool | str | Sequence[str] = False,
    lock: str | os.PathLike[str] | None = None,
    offline: bool = False,
    refresh: bool = False,
    **reader_options: Any,
) -> Bibliography:
    """Read one file or several (paths, binary or text file objects) into a :class:`Bibliography`.

    Several sources are merged as ``paperbib convert`` merges them: the same
    paper once, every key unique. *format* names the reader; without it each
    file's suffix decides, then its content. Reader options are keyword
    arguments, for example ``load("papers.txt", as_of=date(2025, 12, 9))``; one
    no reader used takes is a :class:`~paperbib.errors.UsageError`.
    *key_pattern* shapes the citation keys (``"{author}{year}{shorttitle}"``;
    see :mod:`paperbib.keys`).

    *resolve* fills what the input lacks from online sources (``True``: all
    built-in ones, in order; ``"hf"`` or ``["hf", "arxiv"]``: some), and *lock*
    names the lock file that pins what was found and each paper's key: an
    existing lock is applied without a request, and a resolving run writes it
    (see ``docs/resolve.md``). *offline* forbids the network even with
    *resolve*; *refresh* resolves locked papers again.
    """
    _check_key_pattern(key_pattern)
    with pipeline.gc_paused():
        options = pipeline.Options(reader_options)
        reads = [
            pipeline.read(s, format, options, registry.default_registry) for s in _sources(source)
        ]
        options.check_used("reader")
        return _assemble(reads, key_pattern, resolve, lock, offline, refresh, strict)


def _resolve_stage(
    resolve: bool | str | Sequence[str],
    lock: str | os.PathLike[str] | None,
    offline: bool,
    refresh: bool,
    progress: Any = None,
) -> pipeline.Resolve | None:
    if not resolve and (lock is None or not os.path.exists(lock)):
        return None  # nothing to apply: the resolve stage (and its imports) are skipped
    return pipeline.Resolve(
        registry.default_registry,
        sources=resolve,
        lock=lock,
        offline=offline,
        refresh=refresh,
        progress=progress,
    )


def loads(
    text: str | bytes,
    format: str | None = None,
    *,
    strict: bool = False,
    source: str | None = None,
    key_pattern: str | None = None,
    resolve: bool | str | Sequence[str] = False,
    lock: str | os.PathLike[str] | None = None,
    offline: bool = False,
    refresh: bool = False,
    **reader_options: Any,
) -> Bibliography:
    """Read text (or undecoded bytes) into a :class:`Bibliography`.

    *source* names the text in diagnostics and entry origins; the other
    arguments are those of :func:`load`.
    """
    _check_key_pattern(key_pattern)
    with pipeline.gc_paused():
        options = pipeline.Options(reader_options)
        read = pipeline.read(
            text, format, options, registry.default_registry, name=source, is_data=True
        )
        options.check_used("reader")
        return _assemble([read], key_pattern, resolve, lock, offline, refresh, strict)


def _assemble(
    reads: list[pipeline.Read],
    key_pattern: str | None,
    resolve: bool | str | Sequence[str],
    lock: str | os.PathLike[str] | None,
    offline: bool,
    refresh: bool,
    strict: bool,
) -> Bibliography:
    """What ``load`` and ``loads`` share: the stages after read, the policy, the lock."""
    assembled = pipeline.assemble(
        reads, key_pattern, _resolve_stage(resolve, lock, offline, refresh)
    )
    pipeline.settle(assembled.bib.diagnostics, strict, stacklevel=3)
    if assembled.lock is not None and assembled.lock.path is not None:
        pipeline.put(assembled.lock.path, assembled.lock.text())
    return assembled.bib


def _writer(format: str | None, filename: str | None, options: Mapping[str, Any]) -> Any:
    return pipeline.find_writer(
        registry.default_registry, format, filename, pipeline.Options(options)
    )


def _bibliography(bib: Bibliography | Iterable[Entry]) -> Bibliography:
    return bib if isinstance(bib, Bibliography) else combine([bib])


def dumps(
    bib: Bibliography | Iterable[Entry],
    format: str = "bibtex",
    *,
    strict: bool = False,
    **writer_options: Any,
) -> str:
    """The text of *bib* in *format* (``"bibtex"``, ``"csl-json"``, …).

    *bib* may also be plain entries (``list(a) + list(b)``): they are combined
    first as :func:`combine` does, so keys stay unique. Writer options are
    keyword arguments; one the writer does not take is a
    :class:`~paperbib.errors.UsageError`.
    """
    with pipeline.gc_paused():
        text, report = pipeline.write(_bibliography(bib), _writer(format, None, writer_options))
        pipeline.settle(list(report), strict, stacklevel=2)
        return text


def dump(
    bib: Bibliography | Iterable[Entry],
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
    with pipeline.gc_paused():
        filename = pipeline.source_name(dest) if format is None else None
        text, report = pipeline.write(_bibliography(bib), _writer(format, filename, writer_options))
        pipeline.settle(list(report), strict, stacklevel=2)
        return pipeline.put(dest, text)


def to_bibtex(bib: Bibliography | Iterable[Entry], **options: Any) -> str:
    """``dumps(bib, "bibtex", ...)``."""
    return dumps(bib, "bibtex", **options)


def to_csl_json(bib: Bibliography | Iterable[Entry], **options: Any) -> str:
    """``dumps(bib, "csl-json", ...)``."""
    return dumps(bib, "csl-json", **options)


def to_ris(bib: Bibliography | Iterable[Entry], **options: Any) -> str:
    """``dumps(bib, "ris", ...)``; ``eol="lf"`` for LF line ends."""
    return dumps(bib, "ris", **options)


@frozen(kw_only=True)
class ConversionResult:
    """What :func:`convert` did."""

    entries_read: int
    """Records the inputs hold: written, merged into another, dropped (and reported), or not
    cited (with *aux*)."""
    entries_written: int
    """Entries in the output."""
    entries_merged: int
    """Duplicates merged into an earlier entry (each reported)."""
    dropped: tuple[Dropped, ...]
    """Records that could not be kept, each with its origin and reason."""
    written: bool
    """Whether the output changed (an identical existing file is left alone)."""
    diagnostics: tuple[Diagnostic, ...]
    """Everything reported while reading and writing, in order."""
    format: str
    """Name of the output format."""
    resolved: Summary | None = None
    """What the resolve stage did, when it ran."""
    lock: str | None = None
    """The lock file written, when the run resolved online."""
    entries_not_cited: int = 0
    """Entries left out because the document (*aux*) does not cite them."""

    @property
    def entries_dropped(self) -> int:
        """How many records could not be kept."""
        return len(self.dropped)

    def count(self, severity: Severity) -> int:
        """How many diagnostics have *severity*."""
        return sum(d.severity is severity for d in self.diagnostics)


def _read_all(
    inputs: Source | Sequence[Source],
    from_format: str | None,
    reader_options: Mapping[str, Any] | None,
    reader_text_options: Mapping[str, str] | None,
) -> list[pipeline.Read]:
    options = pipeline.Options(reader_options, reader_text_options)
    reads = [
        pipeline.read(s, from_format, options, registry.default_registry) for s in _sources(inputs)
    ]
    options.check_used("reader")
    return reads


def convert(
    inputs: Source | Sequence[Source],
    output: Destination,
    *,
    from_format: str | None = None,
    to_format: str | None = None,
    strict: bool = False,
    key_pattern: str | None = None,
    reader_options: Mapping[str, Any] | None = None,
    writer_options: Mapping[str, Any] | None = None,
    reader_text_options: Mapping[str, str] | None = None,
    writer_text_options: Mapping[str, str] | None = None,
    resolve: bool | str | Sequence[str] = False,
    lock: str | os.PathLike[str] | None = None,
    offline: bool = False,
    refresh: bool = False,
    progress: Progress | None = None,
    aux: str | os.PathLike[str] | None = None,
) -> ConversionResult:
    """Read *inputs*, give the entries unique keys across all of them, write *output*.

    This is what ``paperbib convert`` runs. A reader option goes to every
    reader used that takes it; one that none of them takes, or a writer
    option the writer does not take, is a :class:`~paperbib.errors.UsageError`
    naming the valid ones. *reader_text_options* and *writer_text_options* are
    options given as text (the command line's ``--reader-option`` and
    ``--writer-option``), converted by each plugin's option types.

    When *output* is a ``.bib`` or CSL-JSON file that exists, the papers in it
    keep their keys. With *aux* (a LaTeX ``.aux`` file), only the entries the
    document cites are written (see :mod:`paperbib.aux`), with the crossref
    parents they need; a cited key no input has is a warning located in the
    ``.aux`` file.

    Diagnostics are returned, not warned; with *strict*, any warning or error
    raises :class:`~paperbib.errors.ConversionError` and nothing is written.

    *resolve*, *offline* and *refresh* are :func:`load`'s. *lock* defaults to
    the output's path with the suffix ``.lock`` (``refs.bib`` -> ``refs.lock``)
    when resolving into a file; the lock is written after the output.
    *progress* is called as ``progress(papers done, papers, requests)``.
    """
    _check_key_pattern(key_pattern)
    with pipeline.gc_paused():
        reads = _read_all(inputs, from_format, reader_options, reader_text_options)
        if lock is None and isinstance(output, (str, os.PathLike)):
            lock = default_lock(output)
        stage = _resolve_stage(resolve, lock, offline, refresh, progress)
        filename = pipeline.source_name(output) if to_format is None else None
        writer = pipeline.find_writer(
            registry.default_registry,
            to_format,
            filename,
            pipeline.Options(writer_options, writer_text_options),
        )
        pins = pipeline.existing_keys(output, writer, registry.default_registry)
        assembled = pipeline.assemble(reads, key_pattern, stage, pins=pins)
        bib, not_cited = assembled.bib, 0
        if aux is not None:
            from paperbib.aux import read_aux

            bib, not_cited = pipeline.cited(bib, read_aux(aux))
        text, report = pipeline.write(bib, writer)
        diagnostics = (*bib.diagnostics, *report)
        if strict and pipeline.failing(diagnostics):
            raise ConversionError(diagnostics)
        written = pipeline.put(output, text)
        lock_path = assembled.lock.path if assembled.lock is not None else None
        if assembled.lock is not None and lock_path is not None:
            pipeline.put(lock_path, assembled.lock.text())
        keep_to_exit(reads, pins, assembled, bib, text)  # the command line's: freed by its end
        return ConversionResult(
            entries_read=assembled.read,
            entries_written=len(bib),
            entries_merged=assembled.merged,
            dropped=tuple(assembled.dropped),
            written=written,
            diagnostics=diagnostics,
            format=writer.name,
            resolved=assembled.summary,
            lock=lock_path,
            entries_not_cited=not_cited,
        )


def default_lock(output: str | os.PathLike[str]) -> str:
    """Where ``convert`` keeps the lock for *output*: ``refs.bib`` -> ``refs.lock``."""
    root, _ = os.path.splitext(os.fspath(output))
    return root + ".lock"


@frozen(kw_only=True)
class AddResult:
    """What :func:`add` did."""

    entries_read: int
    """Records the inputs hold: added, already in the file, merged, or dropped."""
    entries_added: int
    """Entries appended to the file."""
    entries_merged: int
    """Duplicates among the inputs merged into an earlier entry (each reported)."""
    present: tuple[tuple[str, str], ...]
    """``(title, key in the file)`` for each paper the file has already."""
    dropped: tuple[Dropped, ...]
    """Records that could not be kept, each with its origin and reason."""
    written: bool
    """Whether the file was written (not when nothing was new)."""
    diagnostics: tuple[Diagnostic, ...]
    """Everything reported while reading and writing, in order."""
    format: str
    """Name of the format the new entries are written in."""
    resolved: Summary | None = None
    """What resolving did, when it ran (as :attr:`ConversionResult.resolved`)."""
    lock: str | None = None
    """Path of the lock written, if any."""


def add(
    inputs: Source | Sequence[Source],
    to: str | os.PathLike[str],
    *,
    from_format: str | None = None,
    to_format: str | None = None,
    strict: bool = False,
    key_pattern: str | None = None,
    reader_options: Mapping[str, Any] | None = None,
    writer_options: Mapping[str, Any] | None = None,
    reader_text_options: Mapping[str, str] | None = None,
    writer_text_options: Mapping[str, str] | None = None,
    resolve: bool | str | Sequence[str] = False,
    lock: str | os.PathLike[str] | None = None,
    offline: bool = False,
    refresh: bool = False,
    progress: Progress | None = None,
) -> AddResult:
    """Append the papers of *inputs* that the ``.bib`` file *to* does not have yet.

    A paper is in the file when an entry there has its arXiv id, its DOI, or
    its normalised title and year; each is reported (a ``present`` note naming
    the key) and not appended. The new entries get keys no entry of the file
    has, and are written in *to_format* (``bibtex``, the default, or
    ``biblatex``) after the file's last byte, in its line ends; every other
    byte of the file stays as it was. The file is replaced atomically, and not
    at all when nothing is new. A file that does not exist is created.
    Options are those of :func:`convert` (the lock defaults to *to* with the
    suffix ``.lock``).
    """
    _check_key_pattern(key_pattern)
    with pipeline.gc_paused():
        from paperbib.bibfile import Target

        reads = _read_all(inputs, from_format, reader_options, reader_text_options)
        writer = pipeline.find_writer(
            registry.default_registry,
            to_format or "bibtex",
            None,
            pipeline.Options(writer_options, writer_text_options),
        )
        if writer.name not in ("bibtex", "biblatex"):
            raise UsageError(f"add writes BibTeX or biblatex entries, not {writer.name}")
        suffix = os.path.splitext(to)[1].lower()
        claims = registry.default_registry.writers_claiming(suffix) if suffix else []
        if claims and not {"bibtex", "biblatex"} & set(claims):
            raise UsageError(
                f"add appends BibTeX entries to a .bib file; {os.fspath(to)!r} ends in {suffix}, "
                f"the suffix of {' and '.join(claims)} output"
            )
        target = Target.open(to)
        stage = _resolve_stage(
            resolve, default_lock(to) if lock is None else lock, offline, refresh, progress
        )
        assembled = pipeline.assemble(
            reads, key_pattern, stage, taken=target.keys, present=target.find
        )
        notes = target.report_present(assembled.present)
        text, report = pipeline.write(assembled.bib, writer)
        diagnostics = (*assembled.bib.diagnostics, *notes, *report)
        if strict and pipeline.failing(diagnostics):
            raise ConversionError(diagnostics)
        written = target.append(text) if len(assembled.bib) else False
        lock_path = assembled.lock.path if assembled.lock is not None else None
        if assembled.lock is not None and lock_path is not None:
            pipeline.put(lock_path, assembled.lock.text())
        keep_to_exit(reads, target, assembled, text)  # the command line's: freed by its end
        return AddResult(
            entries_read=assembled.read,
            entries_added=len(assembled.bib),
            entries_merged=assembled.merged,
            present=tuple((entry.title, match.key) for entry, match in assembled.present),
            dropped=tuple(assembled.dropped),
            written=written,
            diagnostics=diagnostics,
            format=writer.name,
            resolved=assembled.summary,
            lock=lock_path,
        )
