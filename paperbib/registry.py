"""Finding readers and writers: entry points, names, file suffixes, content sniffing.

Readers and writers are classes registered under the entry-point groups
``paperbib.readers`` and ``paperbib.writers``; the built-in ones are declared
in paperbib's own ``pyproject.toml`` the same way a third-party plugin is::

    [project.entry-points."paperbib.writers"]
    endnote-xml = "paperbib_endnote:EndnoteXmlWriter"

A format is resolved by explicit name, else by the file suffix, else (readers
only) by asking each candidate's ``sniff``. Built-in formats are resolved from
a static table without scanning installed packages, which keeps the command
line fast and means a third-party package cannot shadow a built-in name.
Plugins are imported only when they are used.
"""

from __future__ import annotations

import importlib
import os
import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeVar, cast

from paperbib.errors import PluginLoadWarning, UnknownFormatError

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from paperbib.diagnostics import Diagnostics
    from paperbib.models import Bibliography, Entry

__all__ = [
    "READERS_GROUP",
    "WRITERS_GROUP",
    "Reader",
    "Writer",
    "available_readers",
    "available_writers",
    "find_reader",
    "find_writer",
    "register_reader",
    "register_writer",
    "unregister_reader",
    "unregister_writer",
]

READERS_GROUP = "paperbib.readers"
"""Entry-point group of reader classes."""
WRITERS_GROUP = "paperbib.writers"
"""Entry-point group of writer classes."""


class Reader(Protocol):
    """What a reader class provides. Its constructor's keyword arguments are its options."""

    name: ClassVar[str]
    """Format name, as used with ``format=`` and ``-f`` (``"digest"``)."""
    suffixes: ClassVar[tuple[str, ...]]
    """File suffixes this reader claims, with the dot (``(".txt",)``)."""
    description: ClassVar[str]
    """One line for ``paperbib formats``."""

    @classmethod
    def sniff(cls, text: str) -> bool:
        """Whether *text* looks like this format."""
        ...

    def read(self, text: str, report: Diagnostics) -> list[Entry]:
        """Entries found in *text* (LF line ends); problems go to *report*."""
        ...


class Writer(Protocol):
    """What a writer class provides. Its constructor's keyword arguments are its options."""

    name: ClassVar[str]
    """Format name, as used with ``format=`` and ``-t`` (``"bibtex"``)."""
    suffixes: ClassVar[tuple[str, ...]]
    """File suffixes this writer claims, with the dot; the first is the usual one."""
    description: ClassVar[str]
    """One line for ``paperbib formats``."""

    def write(self, bib: Bibliography, report: Diagnostics) -> str:
        """The whole output file as text; problems go to *report*."""
        ...


_BUILTINS: dict[str, dict[str, str]] = {
    READERS_GROUP: {
        "arxiv": "paperbib.readers.arxiv_text:ArxivTextReader",
        "digest": "paperbib.readers.digest:DigestReader",
        "hf-json": "paperbib.readers.hf_json:HfJsonReader",
        "html": "paperbib.readers.html:HtmlReader",
    },
    WRITERS_GROUP: {
        "biblatex": "paperbib.writers.bibtex:BiblatexWriter",
        "bibtex": "paperbib.writers.bibtex:BibtexWriter",
        "csl-json": "paperbib.writers.csl_json:CslJsonWriter",
        "ris": "paperbib.writers.ris:RisWriter",
    },
}
# The built-ins' suffixes, so that finding a format by suffix imports only the
# plugins that claim it (tests check this table against the classes).
_BUILTIN_SUFFIXES: dict[str, dict[str, tuple[str, ...]]] = {
    READERS_GROUP: {
        "arxiv": (".eml", ".abs"),
        "digest": (".txt",),
        "hf-json": (".json",),
        "html": (".html", ".htm", ".xhtml"),
    },
    WRITERS_GROUP: {
        "biblatex": (".bib",),
        "bibtex": (".bib",),
        "csl-json": (".json",),
        "ris": (".ris",),
    },
}
_DEFAULT_WRITER = "bibtex"
_runtime: dict[str, dict[str, type]] = {READERS_GROUP: {}, WRITERS_GROUP: {}}
_loaded: dict[tuple[str, str], type] = {}
_entry_points_cache: dict[str, dict[str, EntryPoint]] = {}

_P = TypeVar("_P")


def _import(spec: str) -> type:
    module_name, _, attribute = spec.partition(":")
    module = importlib.import_module(module_name)
    return cast(type, getattr(module, attribute))


def _third_party(group: str) -> dict[str, EntryPoint]:
    """Installed entry points of *group* other than the built-ins, by name."""
    if group not in _entry_points_cache:
        from importlib.metadata import entry_points

        builtins = _BUILTINS[group]
        _entry_points_cache[group] = {
            ep.name: ep for ep in entry_points(group=group) if ep.name not in builtins
        }
    return _entry_points_cache[group]


def _load(group: str, name: str) -> type | None:
    """The class registered as *name* in *group*, or ``None``."""
    if name in _runtime[group]:
        return _runtime[group][name]
    if (group, name) in _loaded:
        return _loaded[(group, name)]
    if name in _BUILTINS[group]:
        cls = _import(_BUILTINS[group][name])
    else:
        entry_point = _third_party(group).get(name)
        if entry_point is None:
            return None
        try:
            cls = cast(type, entry_point.load())
        except Exception as exc:  # a broken plugin must not break paperbib
            warnings.warn(
                PluginLoadWarning(
                    f"cannot load {group} plugin {name!r} ({entry_point.value}): {exc}"
                ),
                stacklevel=3,
            )
            return None
    _loaded[(group, name)] = cls
    return cls


def _tiers(group: str) -> Iterator[list[str]]:
    """Names to consider, most trusted first: runtime, built-in, then installed plugins.

    Lazy, so that a built-in match never pays for scanning installed packages.
    """
    yield sorted(_runtime[group])
    yield sorted(n for n in _BUILTINS[group] if n not in _runtime[group])
    yield sorted(n for n in _third_party(group) if n not in _runtime[group])


def _available(group: str) -> dict[str, type]:
    found = {}
    for tier in _tiers(group):
        for name in tier:
            cls = _load(group, name)
            if cls is not None:
                found[name] = cls
    return dict(sorted(found.items()))


def available_readers() -> dict[str, type[Reader]]:
    """Every loadable reader class by format name, sorted by name."""
    return cast("dict[str, type[Reader]]", _available(READERS_GROUP))


def available_writers() -> dict[str, type[Writer]]:
    """Every loadable writer class by format name, sorted by name."""
    return cast("dict[str, type[Writer]]", _available(WRITERS_GROUP))


def _by_name(group: str, kind: str, name: str) -> type:
    cls = _load(group, name.lower())
    if cls is None:
        raise UnknownFormatError(f"unknown {kind} format {name!r}", available=_available(group))
    return cls


def _suffix(filename: str | os.PathLike[str] | None) -> str:
    if filename is None:
        return ""
    return os.path.splitext(os.fspath(filename))[1].lower()


def _matching(group: str, predicate: Callable[[str], bool]) -> list[str]:
    """Names in the first tier that has any format satisfying *predicate*."""
    for tier in _tiers(group):
        matches = [name for name in tier if predicate(name)]
        if matches:
            return matches
    return []


def _claims(group: str, name: str, suffix: str) -> bool:
    """Whether format *name* claims *suffix*, importing it only if it is not a built-in."""
    if not suffix:
        return False
    if name not in _runtime[group] and name in _BUILTIN_SUFFIXES[group]:
        return suffix in _BUILTIN_SUFFIXES[group][name]
    cls = _load(group, name)
    return cls is not None and suffix in getattr(cls, "suffixes", ())


def _sniffs(name: str, text: str) -> bool:
    cls = _load(READERS_GROUP, name)
    return cls is not None and bool(cls.sniff(text))  # type: ignore[attr-defined]


def _reader(name: str) -> type[Reader]:
    return cast("type[Reader]", _load(READERS_GROUP, name))


def find_reader(
    name: str | None = None,
    *,
    filename: str | os.PathLike[str] | None = None,
    text: str | None = None,
) -> type[Reader]:
    """The reader class for an explicit *name*, else *filename*'s suffix, else *text*.

    Readers that claim the suffix are asked to ``sniff`` the text first, then
    all readers. Registered and built-in readers come before installed
    plugins, so installing a plugin never changes how a file a built-in reader
    recognises is read. Raises :class:`~paperbib.errors.UnknownFormatError`,
    listing the readers available, when nothing or more than one reader
    matches.
    """
    if name:
        return cast("type[Reader]", _by_name(READERS_GROUP, "input", name))
    suffix = _suffix(filename)
    where = f"{os.fspath(filename)}: " if filename is not None else ""

    def claims(name: str) -> bool:
        return _claims(READERS_GROUP, name, suffix)

    if text is not None:
        for predicate in (
            lambda name: claims(name) and _sniffs(name, text),
            lambda name: _sniffs(name, text),
        ):
            sniffed = _matching(READERS_GROUP, predicate)
            if len(sniffed) == 1:
                return _reader(sniffed[0])
            if sniffed:
                raise UnknownFormatError(
                    f"{where}input matches several formats; choose one with -f/format=",
                    available=sniffed,
                    usage=False,
                )
    claimed = _matching(READERS_GROUP, claims)
    if len(claimed) == 1:
        return _reader(claimed[0])
    if claimed:
        raise UnknownFormatError(
            f"{where}several input formats use {suffix!r}; choose one with -f/format=",
            available=claimed,
        )
    raise UnknownFormatError(
        f"{where}cannot tell the input format; choose one with -f/format=",
        available=_available(READERS_GROUP),
        usage=text is None,
    )


def find_writer(
    name: str | None = None, *, filename: str | os.PathLike[str] | None = None
) -> type[Writer]:
    """The writer class for an explicit *name*, else *filename*'s suffix, else BibTeX.

    A suffix no writer claims is an :class:`~paperbib.errors.UnknownFormatError`
    rather than a silent guess.
    """
    if name:
        return cast("type[Writer]", _by_name(WRITERS_GROUP, "output", name))
    suffix = _suffix(filename)
    if not suffix:
        return cast("type[Writer]", _by_name(WRITERS_GROUP, "output", _DEFAULT_WRITER))
    candidates = _matching(WRITERS_GROUP, lambda name: _claims(WRITERS_GROUP, name, suffix))
    if _DEFAULT_WRITER in candidates:
        candidates = [_DEFAULT_WRITER]
    if len(candidates) == 1:
        return cast("type[Writer]", _load(WRITERS_GROUP, candidates[0]))
    if candidates:
        raise UnknownFormatError(
            f"several output formats use {suffix!r}; choose one with -t/format=",
            available=candidates,
        )
    raise UnknownFormatError(
        f"no output format uses the suffix {suffix!r}; choose one with -t/format=",
        available=_available(WRITERS_GROUP),
    )


def _register(group: str, cls: type[_P], replace: bool) -> type[_P]:
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name:
        raise TypeError(f"{cls!r} needs a non-empty string class attribute 'name'")
    if not replace and (name in _runtime[group] or name in _BUILTINS[group]):
        raise ValueError(f"format {name!r} is already registered; pass replace=True")
    _runtime[group][name] = cls
    return cls


def register_reader(cls: type[_P], *, replace: bool = False) -> type[_P]:
    """Register a reader class under its ``name`` (usable as a decorator).

    For tests and applications; packages should declare an entry point in the
    ``paperbib.readers`` group instead. Replacing a built-in needs ``replace=True``.
    """
    return _register(READERS_GROUP, cls, replace)


def register_writer(cls: type[_P], *, replace: bool = False) -> type[_P]:
    """Register a writer class under its ``name`` (usable as a decorator).

    For tests and applications; packages should declare an entry point in the
    ``paperbib.writers`` group instead. Replacing a built-in needs ``replace=True``.
    """
    return _register(WRITERS_GROUP, cls, replace)


def unregister_reader(name: str) -> None:
    """Forget a reader added with :func:`register_reader`."""
    _runtime[READERS_GROUP].pop(name, None)


def unregister_writer(name: str) -> None:
    """Forget a writer added with :func:`register_writer`."""
    _runtime[WRITERS_GROUP].pop(name, None)


def builtin_entry_points() -> dict[str, dict[str, str]]:
    """The built-in formats as ``{group: {name: "module:Class"}}`` (what pyproject declares)."""
    return {group: dict(names) for group, names in _BUILTINS.items()}
