"""The one path every entry takes, as small named stages.

::

    decode -> read -> merge -> (resolve) -> key -> normalise -> write

- :func:`read` decodes one source (bytes, BOMs, charsets; see ``_files``), finds
  its reader and runs it. Records the reader cannot keep are :class:`Dropped`
  data in its sink, so ``entries read = written + merged + dropped`` holds for
  any reader, built in or not.
- :func:`assemble` merges the same paper read twice (:mod:`paperbib.merge`),
  gives every entry a unique key (:mod:`paperbib.keys`) and points each
  diagnostic at its entry's key through the entry's origin. This is what
  ``load`` returns: the entries as the inputs gave them.
- :func:`write` normalises (:mod:`paperbib.normalise`: identifiers and links
  derived once, text no format can hold removed and reported once), then runs
  one writer over the result.
- :func:`settle` applies the diagnostics policy once: with *strict*, warnings
  and errors raise one :class:`~paperbib.errors.ConversionError`; otherwise each
  diagnostic becomes a Python warning of its severity's category.

Every function of :mod:`paperbib.api` and the command line is a few lines over
these stages. Resolving entries online plugs in between merge and key.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, TypeAlias

import attrs

from paperbib import registry as plugins
from paperbib._files import atomic_write, decode, normalize_newlines
from paperbib._startup import process_claimed
from paperbib.diagnostics import Diagnostic, Diagnostics, Dropped, Origin, Severity
from paperbib.errors import ConversionError, ParseError, UsageError, warning_category
from paperbib.keys import MAX_KEY_LENGTH, KeyPins, assign_keys, base_key
from paperbib.merge import merge_duplicates
from paperbib.models import Bibliography, Entry
from paperbib.normalise import normalise

if TYPE_CHECKING:
    from paperbib.aux import Citations
    from paperbib.registry import Registry, Writer
    from paperbib.resolve import Progress, Summary
    from paperbib.resolve.lock import Block, Lock

__all__ = [
    "Assembled",
    "Options",
    "Read",
    "Resolve",
    "assemble",
    "cited",
    "combine",
    "existing_keys",
    "failing",
    "find_writer",
    "gc_paused",
    "put",
    "read",
    "settle",
    "source_name",
    "write",
]

Source: TypeAlias = "str | os.PathLike[str] | IO[bytes] | IO[str]"
Destination: TypeAlias = "str | os.PathLike[str] | IO[bytes] | IO[str]"


def source_name(source: Source) -> str | None:
    """The name diagnostics give *source*: its path, ``"<stdin>"``, or ``None``."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    name = getattr(source, "name", None)
    if isinstance(name, str):
        return name
    if isinstance(name, int):
        return "<stdin>" if name == 0 else f"<fd {name}>"
    return None


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off for one conversion, back on (if it was) after.

    A conversion builds many small objects that all live till it ends (10,000
    ``.bib`` entries make about two million); the collector would go through
    them again and again as they pile up, for nothing: what a conversion makes
    is freed by reference counting. Measured on 10,000 entries to CSL-JSON,
    2.8 s with the collector, 2.1 s without.

    Turned back on as it was, the collector's first young collection would walk
    every object the conversion made and still held (about 0.1 s for 10,000
    papers with authors, 0.2 s for 10,000 of TeX Live's entries), so they go to
    its oldest generation in one step first: :func:`gc.freeze` moves every
    object out of sight and :func:`gc.unfreeze` puts them all there (the
    caller's young objects too, whose cycles are then left to the next full
    collection). Not when the caller has frozen objects, which ``unfreeze``
    would release; in the command line's own process they stay frozen (it
    ends with the command).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if process_claimed():
            gc.freeze()
        elif not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        gc.enable()


class Read:
    """What one reader made of one source: entries, and its sink (diagnostics, dropped records)."""

    __slots__ = ("entries", "report")

    def __init__(self, entries: list[Entry], report: Diagnostics) -> None:
        self.entries = entries
        self.report = report


class Options:
    """Options for plugins of one kind, checked against the plugins that end up used.

    One call may read several formats; an option goes to every reader that
    takes it, and one that no plugin used takes is a usage error naming the
    options those plugins have. *values* are Python values; *text* values
    (from the command line) are converted by each plugin's own option types.
    """

    __slots__ = ("plugins", "text", "unused", "valid", "values")

    def __init__(
        self, values: Mapping[str, Any] | None = None, text: Mapping[str, str] | None = None
    ) -> None:
        self.values = dict(values or {})
        self.text = dict(text or {})
        if twice := sorted(set(self.values) & set(self.text)):
            raise UsageError(f"option {', '.join(map(repr, twice))} given twice")
        self.unused = set(self.values) | set(self.text)
        self.valid: set[str] = set()
        self.plugins: dict[str, None] = {}

    def create(self, cls: type[Any], kind: str) -> Any:
        """An instance of plugin *cls* with the options it takes."""
        from paperbib._options import takes_any_option

        known = plugins.plugin_options(cls)
        self.valid.update(known)
        self.plugins[cls.name] = None
        every = takes_any_option(cls)  # a plugin taking **kwargs takes every option
        mine = {name: value for name, value in self.values.items() if every or name in known}
        for name, value in self.text.items():
            if every or name in known:
                mine.update([plugins.parse_option(cls, f"{name}={value}", kind=kind)])
        self.unused -= set(mine)
        return plugins.create(cls, mine, kind=kind)

    def check_used(self, kind: str) -> None:
        """Raise :class:`UsageError` for options no plugin used takes."""
        if self.unused:
            names = ", ".join(repr(n) for n in sorted(self.unused))
            valid = ", ".join(sorted(self.valid)) or "none"
            used = " and ".join(self.plugins)
            plural = "s" if len(self.plugins) > 1 else ""
            raise UsageError(
                f"unknown {kind} option {names} for the {used} {kind}{plural} (valid: {valid})"
            )


def read(
    source: Source | str | bytes,
    format: str | None,
    options: Options,
    registry: Registry,
    *,
    name: str | None = None,
    is_data: bool = False,
) -> Read:
    """Decode *source* (a path or file object; with *is_data*, the text or bytes itself), read it.

    Raises :class:`~paperbib.errors.ParseError` when the input is empty,
    binary, or has no entry the reader recognises.
    """
    if is_data:
        data: str | bytes = source  # type: ignore[assignment]
    else:
        name = source_name(source)  # type: ignore[arg-type]
        if isinstance(source, (str, os.PathLike)):
            with open(source, "rb") as handle:
                data = handle.read()
        else:
            data = source.read()  # type: ignore[union-attr]
    report = Diagnostics(name)
    text = decode(data, report) if isinstance(data, bytes) else normalize_newlines(data)
    if not text.strip():
        raise ParseError("input is empty", source=name)
    cls = registry.find_reader(format, filename=name, text=text)
    report.reader = cls.name
    entries = options.create(cls, "reader").read(text, report)
    if not entries:
        reason = next((d.message for d in report if d.severity is Severity.ERROR), None)
        detail = f": {reason}" if reason else ""
        raise ParseError(f"no entries found (read as {cls.name}){detail}", source=name)
    # A plugin that does not locate its entries still gets distinct origins.
    entries = [e if e.origin else attrs.evolve(e, origin=report.origin()) for e in entries]
    return Read(entries, report)


class Assembled:
    """A bibliography with what it took to make it."""

    __slots__ = ("bib", "dropped", "lock", "merged", "present", "read", "summary")

    def __init__(
        self,
        bib: Bibliography,
        read: int,
        merged: int,
        dropped: list[Dropped],
        summary: Summary | None = None,
        lock: Lock | None = None,
        present: list[tuple[Entry, Entry]] | None = None,
    ) -> None:
        self.bib = bib
        self.read = read
        """Records read: kept, merged or dropped (or already present, for ``add``)."""
        self.merged = merged
        """Records merged into an earlier entry of the same paper."""
        self.dropped = dropped
        """Records that could not be kept."""
        self.summary = summary
        """What the resolve stage did, when it ran."""
        self.lock = lock
        """The lock to write after the output, when the run resolved online."""
        self.present = present or []
        """``(entry, entry of the file)`` for each paper a file being added to has already."""


def _assemble(
    entries: Sequence[Entry],
    diagnostics: Iterable[Diagnostic],
    dropped: list[Dropped],
    key_pattern: str | None,
    resolve: Resolve | None = None,
    *,
    pins: KeyPins | None = None,
    taken: Iterable[str] = (),
    present: Callable[[Entry], Entry | None] | None = None,
) -> Assembled:
    merge_report = Diagnostics()
    merged, where = merge_duplicates(entries, merge_report)
    summary = lock = None
    reserved = set(taken)
    blocks: list[Block | None] = []
    if resolve is not None:
        merged, blocks, summary = resolve.run(merged, merge_report)
        if resolve.resolution.lock is not None:
            # Keys of locked papers this input lacks stay theirs.
            reserved |= set(resolve.resolution.lock.blocks) - {e.key for e in merged if e.key}
    found: dict[int, Entry] = {}
    if present is not None:
        for index, entry in enumerate(merged):
            if (match := present(entry)) is not None:
                found[index] = match
    new = [index for index in range(len(merged)) if index not in found]
    unkeyed = [merged[index] for index in new]
    try:
        keyed = assign_keys(unkeyed, key_pattern, taken=reserved, pins=pins)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    _report_cut_keys(unkeyed, keyed, key_pattern, merge_report)
    key_of = {index: entry.key for index, entry in zip(new, keyed, strict=True)}
    key_of.update((index, match.key) for index, match in found.items())
    if resolve is not None and resolve.writes_lock:
        from paperbib.resolve.lock import Lock

        old = resolve.resolution.lock or Lock(path=resolve.lock_path)
        lock = old.updated(
            [attrs.evolve(b, key=key_of[i]) for i, b in enumerate(blocks) if b is not None]
        )
    keys: dict[Origin, str] = {}
    for entry, target in zip(entries, where, strict=True):
        if entry.origin is not None:
            keys[entry.origin] = key_of[target]
    out = [
        attrs.evolve(d, key=keys[d.origin]) if d.origin in keys and not d.key else d
        for d in [*diagnostics, *merge_report]
    ]
    return Assembled(
        Bibliography(keyed, diagnostics=out),
        read=len(entries) + len(dropped),
        merged=len(entries) - len(merged),
        dropped=dropped,
        summary=summary,
        lock=lock,
        present=[(merged[index], match) for index, match in found.items()],
    )


def _report_cut_keys(
    entries: Sequence[Entry], keyed: Sequence[Entry], pattern: str | None, report: Diagnostics
) -> None:
    """A ``key-cut`` note for each generated key that :data:`~paperbib.keys.MAX_KEY_LENGTH` cut."""
    for entry, done in zip(entries, keyed, strict=True):
        if entry.key or len(done.key) < MAX_KEY_LENGTH:
            continue
        length = len(base_key(entry, pattern, cut=False))
        if length > MAX_KEY_LENGTH:
            report.note(
                "key-cut",
                f"citation key cut from {length:,} to {MAX_KEY_LENGTH} characters",
                origin=entry.origin,
                source=entry.origin.source if entry.origin else None,
                line=entry.origin.line if entry.origin else None,
            )


def assemble(
    reads: Sequence[Read],
    key_pattern: str | None = None,
    resolve: Resolve | None = None,
    *,
    pins: KeyPins | None = None,
    taken: Iterable[str] = (),
    present: Callable[[Entry], Entry | None] | None = None,
) -> Assembled:
    """Merge, resolve (when asked) and key the entries of *reads* into one bibliography.

    Papers *pins* hold a key for keep it; no entry gets a key in *taken*.
    An entry *present* matches (a paper a file has already) is left out and
    listed in :attr:`Assembled.present`.
    """
    entries = [entry for r in reads for entry in r.entries]
    diagnostics = [d for r in reads for d in r.report]
    dropped = [d for r in reads for d in r.report.dropped]
    return _assemble(
        entries,
        diagnostics,
        dropped,
        key_pattern,
        resolve,
        pins=pins,
        taken=taken,
        present=present,
    )


class Resolve:
    """The resolve stage as one call of a conversion sets it up: sources, lock, manners.

    *sources* is ``True`` for every built-in source in :data:`paperbib.resolve.ORDER`,
    names (``["hf"]``) for some, or empty for none (the lock is applied, the
    network never touched). *lock* is the lock file's path; one that does not
    exist is created by a run that asks a source.
    """

    __slots__ = ("lock_path", "progress", "resolution", "resolvers", "writes_lock")

    def __init__(
        self,
        registry: Registry,
        *,
        sources: bool | str | Sequence[str] = (),
        lock: str | os.PathLike[str] | None = None,
        offline: bool = False,
        refresh: bool = False,
        progress: Progress | None = None,
    ) -> None:
        from paperbib.registry import RESOLVERS_GROUP
        from paperbib.resolve import ORDER, Resolution

        if sources is True:
            names: tuple[str, ...] = ORDER
        elif not sources:
            names = ()
        else:
            names = tuple(sources.split(",") if isinstance(sources, str) else sources)
            names = tuple(dict.fromkeys(n.strip().lower() for n in names if n.strip()))
        self.resolvers: dict[str, Any] = {
            name: plugins.create(registry.find(RESOLVERS_GROUP, name), {}, kind="resolver")
            for name in names
        }
        self.lock_path = os.fspath(lock) if lock is not None else None
        self.progress = progress
        self.writes_lock = bool(names) and not offline and self.lock_path is not None
        self.resolution = Resolution(
            sources=names,
            lock=_read_lock(self.lock_path),
            offline=offline,
            refresh=refresh,
        )

    def run(
        self, entries: Sequence[Entry], report: Diagnostics
    ) -> tuple[list[Entry], list[Block | None], Summary]:
        """The resolve stage over *entries* (merged, not yet keyed)."""
        from paperbib.resolve import resolve_entries

        return resolve_entries(
            entries, self.resolution, report, self.resolvers, progress=self.progress
        )


def _read_lock(path: str | None) -> Lock | None:
    from paperbib.resolve.lock import Lock, LockError

    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LockError(f"not UTF-8 (byte {exc.start})", source=path) from None
    return Lock.parse(normalize_newlines(text), path)


def combine(parts: Iterable[Bibliography | Iterable[Entry]]) -> Bibliography:
    """One bibliography from several (or from plain entries): each paper once, keys unique.

    Entries keep the keys they have; a key already taken by an earlier entry
    of another paper gets two letters computed from the paper
    (:func:`~paperbib.keys.assign_keys`), and entries without one get a
    generated key. Diagnostics are kept, in order.
    """
    entries: list[Entry] = []
    diagnostics: list[Diagnostic] = []
    for part in parts:
        if isinstance(part, Bibliography):
            entries.extend(part.entries)
            diagnostics.extend(part.diagnostics)
        else:
            for entry in part:
                if not isinstance(entry, Entry):
                    raise TypeError(f"expected Entry objects, got {type(entry).__name__}")
                entries.append(entry)
    return _assemble(entries, diagnostics, [], None).bib


def find_writer(
    registry: Registry,
    format: str | None,
    filename: str | None,
    options: Options,
) -> Writer:
    """The writer for *format* (else *filename*'s suffix), made with the *options* it takes.

    Raises :class:`UsageError` for an option the writer does not take.
    """
    writer = options.create(registry.find_writer(format, filename=filename), "writer")
    options.check_used("writer")
    return writer  # type: ignore[no-any-return]


def write(bib: Bibliography, writer: Writer) -> tuple[str, Diagnostics]:
    """Normalise *bib*, then write it in *writer*'s format; what both reported."""
    report = Diagnostics()
    normal = Bibliography(normalise(bib.entries, report), diagnostics=bib.diagnostics)
    return writer.write(normal, report), report


def existing_keys(dest: Destination, writer: Writer, registry: Registry) -> KeyPins | None:
    """The keys an existing output file (``.bib`` or CSL-JSON) gives its papers.

    Read only when *dest* is a path to a file the *writer*'s format can be read
    from; a file that holds no entries (or cannot be read) pins nothing.
    """
    reader = _OWN_READERS.get(writer.name)
    if reader is None or not isinstance(dest, (str, os.PathLike)) or not os.path.isfile(dest):
        return None
    try:
        entries = _read_ids(dest, reader)
        if entries is None:
            entries = read(dest, reader, Options(), registry).entries
    except (ParseError, OSError):
        return None
    return KeyPins(entries)


def _read_ids(path: str | os.PathLike[str], reader: str) -> list[Entry] | None:
    """An output's entries with what identifies their papers, if a quick read can tell.

    Every rebuild with an existing output reads it: only the fields keys depend
    on are read (see :func:`paperbib.readers.bibtex.read_ids`, which leaves
    bibtexparser unimported, and :func:`paperbib.readers.csl_json.read_ids`).
    """
    if reader == "bibtex":
        from paperbib.readers.bibtex import read_ids
    else:
        from paperbib.readers.csl_json import read_ids

    with open(path, "rb") as handle:
        data = handle.read()
    report = Diagnostics(os.fspath(path), reader=reader)
    return read_ids(decode(data, report), report)


_OWN_READERS = {"bibtex": "bibtex", "biblatex": "bibtex", "csl-json": "csl-json"}
"""Writers whose output a reader reads back, for the keys an existing output holds."""


def cited(bib: Bibliography, citations: Citations) -> tuple[Bibliography, int]:
    """The entries *citations* name (with their crossref and xdata parents).

    Returns the bibliography and how many entries it left out. Its diagnostics
    gain a warning for each cited key no entry has and a note for each cited in
    another case, located at its first citation; those of entries left out are
    left out.
    """
    if citations.everything:
        return bib, 0
    by_key = {entry.key: entry for entry in bib}
    folded = {key.casefold(): key for key in by_key}
    wanted: dict[str, None] = {}
    missing: list[Diagnostic] = []
    report = Diagnostics()
    for key, (source, line) in citations.keys.items():
        found = key if key in by_key else folded.get(key.casefold())
        if found is None:
            missing.append(
                report.warning(
                    "not-found", f"cited key {key!r} is in no input", source=source, line=line
                )
            )
            continue
        if found != key:
            missing.append(
                report.note(
                    "key-case",
                    f"cited as {key!r}; the entry's key is {found!r} "
                    "(bibtex accepts the difference in case, biber does not)",
                    source=source,
                    line=line,
                )
            )
        wanted[found] = None
    queue = list(wanted)
    while queue:
        entry = by_key[queue.pop()]
        for name in ("bibtex.crossref", "bibtex.xdata"):
            parents = entry.extra.get(name)
            for parent in str(parents or "").split(","):
                parent = parent.strip()
                parent = parent if parent in by_key else folded.get(parent.casefold(), "")
                if parent and parent not in wanted:
                    wanted[parent] = None
                    queue.append(parent)
    kept = [entry for entry in bib if entry.key in wanted]
    diagnostics = [d for d in bib.diagnostics if d.key is None or d.key in wanted]
    return Bibliography(kept, diagnostics=[*diagnostics, *missing]), len(bib) - len(kept)


def failing(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics ``strict`` fails on: warnings and errors (notes pass)."""
    return [d for d in diagnostics if d.severity is not Severity.NOTE]


def settle(diagnostics: Sequence[Diagnostic], strict: bool, stacklevel: int) -> None:
    """Raise for *strict* failures, else issue each diagnostic as a warning of its severity."""
    if strict and failing(diagnostics):
        raise ConversionError(diagnostics)
    for diagnostic in diagnostics:
        warnings.warn(warning_category(diagnostic)(diagnostic), stacklevel=stacklevel + 1)


def put(dest: Destination, text: str) -> bool:
    """Write *text* as UTF-8; a path atomically and only if it changes. Whether it was written."""
    if isinstance(dest, (str, os.PathLike)):
        return atomic_write(dest, text.encode("utf-8"))
    if isinstance(dest, io.TextIOBase):
        dest.write(text)
    else:
        dest.write(text.encode("utf-8"))  # type: ignore[arg-type]
    return True
