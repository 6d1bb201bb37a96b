"""Finding plugins (readers, writers, resolvers) and checking their options.

Plugins are classes registered under an entry-point group: ``paperbib.readers``,
``paperbib.writers`` and ``paperbib.resolvers`` (online metadata sources). A
third-party package declares its own in its ``pyproject.toml``::

    [project.entry-points."paperbib.writers"]
    endnote-xml = "paperbib_endnote:EndnoteXmlWriter"

paperbib's built-ins are declared there the same way, and once more here, in
:data:`BUILTINS`: one table of ``name -> ("module:Class", suffixes)`` per group,
which is what the registry reads (a test checks ``pyproject.toml`` and the
classes against it). The command line runs inside LaTeX builds, once per build
step, so its start-up is what users wait for, and finding the built-ins through
``importlib.metadata.entry_points(group="paperbib.readers")`` would import
``importlib.metadata`` and scan every installed distribution: 21 ms on top of
the 45 ms that ``python -c "import paperbib"`` takes, almost half again
(medians of 40 runs, Python 3.11, 33 distributions installed; the scan grows
with their number). Measured as whole processes, ``python -c`` of that one call
takes 48 ms against 10 ms for ``python -c pass``. The table also means a
third-party package cannot shadow a built-in name, and finding a format by
suffix imports only the plugins that claim it. Installed packages are scanned
only to list every plugin, or when nothing registered at run time or built in
matches.

A :class:`Registry` holds what was registered at run time and what was
loaded; :data:`default_registry` is the one paperbib's functions use, and the
module functions (:func:`find_reader`, :func:`register_writer`, …) act on it.
A format is resolved by explicit name, else by the file suffix, else (readers
only) by asking each candidate's ``sniff``; classes registered at run time come
before built-ins, and built-ins before installed plugins.

A plugin's options are its constructor's keyword arguments (the fields of an
attrs class): :func:`plugin_options` lists them, :func:`create` makes an
instance and rejects unknown options and bad values with a
:class:`~paperbib.errors.UsageError`, and :func:`parse_option` turns a command
line's ``key=value`` into a typed value. They live in :mod:`paperbib._options`,
loaded on first use: it would add about 35 µs to every ``import paperbib``
(half again what this module itself takes to load).
"""

from __future__ import annotations

import importlib
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, cast

from paperbib.errors import PluginLoadWarning, UnknownFormatError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.metadata import EntryPoint

    from paperbib._options import REQUIRED, OptionInfo, create, parse_option, plugin_options
    from paperbib.diagnostics import Diagnostics
    from paperbib.models import Bibliography, Entry
    from paperbib.resolve.http import Client
    from paperbib.resolve.record import Record

__all__ = [
    "BUILTINS",
    "READERS_GROUP",
    "REQUIRED",
    "RESOLVERS_GROUP",
    "WRITERS_GROUP",
    "OptionInfo",
    "Reader",
    "Registry",
    "Resolver",
    "Writer",
    "available_readers",
    "available_resolvers",
    "available_writers",
    "create",
    "default_registry",
    "find_reader",
    "find_writer",
    "parse_option",
    "plugin_options",
    "register_reader",
    "register_writer",
    "unregister_reader",
    "unregister_writer",
]

READERS_GROUP = "paperbib.readers"
"""Entry-point group of reader classes."""
WRITERS_GROUP = "paperbib.writers"
"""Entry-point group of writer classes."""
RESOLVERS_GROUP = "paperbib.resolvers"
"""Entry-point group of resolver classes (online metadata sources)."""


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


class Resolver(Protocol):
    """What a resolver class provides: a source of records about papers, online.

    Its constructor's keyword arguments are its options. Failures are raised
    as :class:`~paperbib.resolve.record.ResolveError`; the resolve stage turns
    them into diagnostics.
    """

    name: ClassVar[str]
    """Source name, as used with ``--resolve NAME`` (``"hf"``)."""
    description: ClassVar[str]
    """One line for ``paperbib formats``."""
    batch: ClassVar[int]
    """How many ids :meth:`fetch` asks for in one request."""

    def search(self, entry: Entry, client: Client) -> list[Record]:
        """Candidate records for *entry* (by its title)."""
        ...

    def fetch(self, ids: Sequence[str], client: Client) -> dict[str, Record]:
        """The records of *ids* that the source has, by id."""
        ...


BUILTINS: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    READERS_GROUP: {
        "arxiv": ("paperbib.readers.arxiv_text:ArxivTextReader", (".eml", ".abs")),
        "bibtex": ("paperbib.readers.bibtex:BibtexReader", (".bib",)),
        "csl-json": ("paperbib.readers.csl_json:CslJsonReader", (".json",)),
        "digest": ("paperbib.readers.digest:DigestReader", (".txt",)),
        "hf-json": ("paperbib.readers.hf_json:HfJsonReader", (".json",)),
        "html": ("paperbib.readers.html:HtmlReader", (".html", ".htm", ".xhtml")),
        "ris": ("paperbib.readers.ris:RisReader", (".ris",)),
    },
    WRITERS_GROUP: {
        "biblatex": ("paperbib.writers.bibtex:BiblatexWriter", (".bib",)),
        "bibtex": ("paperbib.writers.bibtex:BibtexWriter", (".bib",)),
        "csl-json": ("paperbib.writers.csl_json:CslJsonWriter", (".json",)),
        "ris": ("paperbib.writers.ris:RisWriter", (".ris",)),
    },
    RESOLVERS_GROUP: {
        "arxiv": ("paperbib.resolve.arxiv:ArxivResolver", ()),
        "hf": ("paperbib.resolve.hf:HfResolver", ()),
    },
}
"""The built-in plugins: ``{group: {name: ("module:Class", suffixes)}}``; its keys are the groups.

Read-only. ``pyproject.toml`` declares the same entry points.
"""

_DEFAULT_WRITER = "bibtex"

_P = TypeVar("_P")


def _import(spec: str) -> type:
    module_name, _, attribute = spec.partition(":")
    module = importlib.import_module(module_name)
    return cast(type, getattr(module, attribute))


def _suffix(filename: str | os.PathLike[str] | None) -> str:
    if filename is None:
        return ""
    return os.path.splitext(os.fspath(filename))[1].lower()


class Registry:
    """Plugins by group and name: built-ins, classes registered at run time, installed packages.

    *installed* gives the installed plugins as entry points by group, in place
    of scanning the installed packages' metadata (which happens on first need
    otherwise); tests use it to pretend a third-party package is installed.
    Built-in names among them are ignored, as among scanned ones.
    """

    __slots__ = ("_installed", "_loaded", "_runtime")

    def __init__(self, *, installed: Mapping[str, Iterable[EntryPoint]] | None = None) -> None:
        self._runtime: dict[str, dict[str, type]] = {group: {} for group in BUILTINS}
        self._loaded: dict[tuple[str, str], type] = {}
        self._installed: dict[str, dict[str, EntryPoint]] = {}
        if installed is not None:
            for group in BUILTINS:
                self._installed[group] = {
                    ep.name: ep for ep in installed.get(group, ()) if ep.name not in BUILTINS[group]
                }

    def __repr__(self) -> str:
        runtime = {group: sorted(names) for group, names in self._runtime.items() if names}
        return f"<Registry registered={runtime}>"

    @staticmethod
    def _check_group(group: str) -> None:
        if group not in BUILTINS:
            raise ValueError(f"unknown plugin group {group!r} (groups: {', '.join(BUILTINS)})")

    def _third_party(self, group: str) -> dict[str, EntryPoint]:
        """Installed entry points of *group* other than the built-ins, by name."""
        if group not in self._installed:
            from importlib.metadata import entry_points

            builtins = BUILTINS[group]
            self._installed[group] = {
                ep.name: ep for ep in entry_points(group=group) if ep.name not in builtins
            }
        return self._installed[group]

    def _load(self, group: str, name: str) -> type | None:
        """The class registered as *name* in *group*, or ``None``."""
        if name in self._runtime[group]:
            return self._runtime[group][name]
        if (group, name) in self._loaded:
            return self._loaded[(group, name)]
        if name in BUILTINS[group]:
            cls = _import(BUILTINS[group][name][0])
        else:
            entry_point = self._third_party(group).get(name)
            if entry_point is None:
                return None
            try:
                cls = cast(type, entry_point.load())
            except Exception as exc:  # a broken plugin must not break paperbib
                warnings.warn(
                    PluginLoadWarning(
                        f"cannot load {group} plugin {name!r} ({entry_point.value}): {exc}"
                    ),
                    stacklevel=4,
                )
                return None
        self._loaded[(group, name)] = cls
        return cls

    def _tiers(self, group: str) -> Iterator[list[str]]:
        """Names to consider, most trusted first: run time, built-in, then installed.

        Lazy, so that a built-in match never pays for scanning installed packages.
        """
        runtime = self._runtime[group]
        yield sorted(runtime)
        yield sorted(n for n in BUILTINS[group] if n not in runtime)
        yield sorted(n for n in self._third_party(group) if n not in runtime)

    def _matching(self, group: str, predicate: Callable[[str], bool]) -> list[str]:
        """Names in the first tier that has any plugin satisfying *predicate*."""
        for tier in self._tiers(group):
            matches = [name for name in tier if predicate(name)]
            if matches:
                return matches
        return []

    def _claims(self, group: str, name: str, suffix: str) -> bool:
        """Whether *name* claims *suffix*, importing it only if it is not a built-in."""
        if not suffix:
            return False
        if name not in self._runtime[group] and name in BUILTINS[group]:
            return suffix in BUILTINS[group][name][1]
        cls = self._load(group, name)
        return cls is not None and suffix in getattr(cls, "suffixes", ())

    def _sniffs(self, name: str, text: str) -> bool:
        cls = self._load(READERS_GROUP, name)
        return cls is not None and bool(cls.sniff(text))  # type: ignore[attr-defined]

    def _by_name(self, group: str, name: str, noun: str) -> type:
        cls = self._load(group, name.lower())
        if cls is None:
            raise UnknownFormatError(f"unknown {noun} {name!r}", available=self.available(group))
        return cls

    def available(self, group: str) -> dict[str, type]:
        """Every loadable class of *group* by name, sorted by name.

        Imports them all; an installed plugin that fails to import is left out
        with a :class:`~paperbib.errors.PluginLoadWarning`.
        """
        self._check_group(group)
        found = {}
        for tier in self._tiers(group):
            for name in tier:
                cls = self._load(group, name)
                if cls is not None:
                    found[name] = cls
        return dict(sorted(found.items()))

    def find(self, group: str, name: str) -> type:
        """The class registered as *name* (any case) in *group*.

        Raises :class:`~paperbib.errors.UnknownFormatError`, listing what
        *group* has, when there is none.
        """
        self._check_group(group)
        return self._by_name(group, name, group.rpartition(".")[2].removesuffix("s"))

    def register(self, group: str, cls: type[_P], *, replace: bool = False) -> type[_P]:
        """Register *cls* in *group* under its ``name``; return it (usable as a decorator).

        Raises :class:`ValueError` when the name is registered already or is a
        built-in, unless *replace* is true, or is not lowercase, and
        :class:`TypeError` when *cls* has no ``name``.
        """
        self._check_group(group)
        name = getattr(cls, "name", None)
        if not isinstance(name, str) or not name:
            raise TypeError(f"{cls!r} needs a non-empty string class attribute 'name'")
        if name != name.lower():
            # Names are looked up lowercased (-f CSL-JSON finds csl-json): one in capitals
            # could never be found.
            raise ValueError(f"format name {name!r} must be lowercase")
        if not replace and (name in self._runtime[group] or name in BUILTINS[group]):
            raise ValueError(f"format {name!r} is already registered; pass replace=True")
        self._runtime[group][name] = cls
        return cls

    def unregister(self, group: str, name: str) -> None:
        """Forget a class added with :meth:`register` (nothing happens if there is none)."""
        self._check_group(group)
        self._runtime[group].pop(name, None)

    def find_reader(
        self,
        name: str | None = None,
        *,
        filename: str | os.PathLike[str] | None = None,
        text: str | None = None,
    ) -> type[Reader]:
        """The reader class for an explicit *name*, else *filename*'s suffix, else *text*.

        See :func:`find_reader`.
        """
        if name:
            return cast("type[Reader]", self._by_name(READERS_GROUP, name, "input format"))
        suffix = _suffix(filename)
        where = f"{os.fspath(filename)}: " if filename is not None else ""

        def claims(name: str) -> bool:
            return self._claims(READERS_GROUP, name, suffix)

        if text is not None:
            for predicate in (
                lambda name: claims(name) and self._sniffs(name, text),
                lambda name: self._sniffs(name, text),
            ):
                sniffed = self._matching(READERS_GROUP, predicate)
                if len(sniffed) == 1:
                    return cast("type[Reader]", self._load(READERS_GROUP, sniffed[0]))
                if sniffed:
                    raise UnknownFormatError(
                        f"{where}input matches several formats; choose one with -f/format=",
                        available=sniffed,
                        usage=False,
                    )
        claimed = self._matching(READERS_GROUP, claims)
        if len(claimed) == 1:
            return cast("type[Reader]", self._load(READERS_GROUP, claimed[0]))
        if claimed and text is not None:
            raise UnknownFormatError(
                f"{where}not recognised as any input format that uses {suffix!r} "
                f"({', '.join(claimed)}); choose one with -f/format= if it is one",
                available=claimed,
                usage=False,
            )
        if claimed:
            raise UnknownFormatError(
                f"{where}several input formats use {suffix!r}; choose one with -f/format=",
                available=claimed,
            )
        raise UnknownFormatError(
            f"{where}cannot tell the input format; choose one with -f/format=",
            available=self.available(READERS_GROUP),
            usage=text is None,
        )

    def writers_claiming(self, suffix: str) -> list[str]:
        """Names of the writers that claim *suffix* (``".bib"``), most trusted first.

        As :meth:`find_writer` sees them: those of the first tier (run time,
        built-in, installed) that has any; a built-in claim imports nothing.
        """
        return self._matching(WRITERS_GROUP, lambda name: self._claims(WRITERS_GROUP, name, suffix))

    def find_writer(
        self, name: str | None = None, *, filename: str | os.PathLike[str] | None = None
    ) -> type[Writer]:
        """The writer class for an explicit *name*, else *filename*'s suffix, else BibTeX.

        See :func:`find_writer`.
        """
        if name:
            return cast("type[Writer]", self._by_name(WRITERS_GROUP, name, "output format"))
        suffix = _suffix(filename)
        if not suffix:
            return cast(
                "type[Writer]", self._by_name(WRITERS_GROUP, _DEFAULT_WRITER, "output format")
            )
        candidates = self.writers_claiming(suffix)
        if _DEFAULT_WRITER in candidates:
            candidates = [_DEFAULT_WRITER]
        if len(candidates) == 1:
            return cast("type[Writer]", self._load(WRITERS_GROUP, candidates[0]))
        if candidates:
            raise UnknownFormatError(
                f"several output formats use {suffix!r}; choose one with -t/format=",
                available=candidates,
            )
        raise UnknownFormatError(
            f"no output format uses the suffix {suffix!r}; choose one with -t/format=",
            available=self.available(WRITERS_GROUP),
        )


default_registry = Registry()
"""The registry paperbib's own functions and the command line use."""


def available_readers() -> dict[str, type[Reader]]:
    """Every loadable reader class by format name, sorted by name."""
    return cast("dict[str, type[Reader]]", default_registry.available(READERS_GROUP))


def available_writers() -> dict[str, type[Writer]]:
    """Every loadable writer class by format name, sorted by name."""
    return cast("dict[str, type[Writer]]", default_registry.available(WRITERS_GROUP))


def available_resolvers() -> dict[str, type[Resolver]]:
    """Every loadable resolver class by source name, sorted by name."""
    return cast("dict[str, type[Resolver]]", default_registry.available(RESOLVERS_GROUP))


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
    return default_registry.find_reader(name, filename=filename, text=text)


def find_writer(
    name: str | None = None, *, filename: str | os.PathLike[str] | None = None
) -> type[Writer]:
    """The writer class for an explicit *name*, else *filename*'s suffix, else BibTeX.

    A suffix no writer claims is an :class:`~paperbib.errors.UnknownFormatError`
    rather than a silent guess.
    """
    return default_registry.find_writer(name, filename=filename)


def register_reader(cls: type[_P], *, replace: bool = False) -> type[_P]:
    """Register a reader class under its ``name`` (usable as a decorator).

    For tests and applications; packages should declare an entry point in the
    ``paperbib.readers`` group instead. Replacing a built-in needs ``replace=True``.
    """
    return default_registry.register(READERS_GROUP, cls, replace=replace)


def register_writer(cls: type[_P], *, replace: bool = False) -> type[_P]:
    """Register a writer class under its ``name`` (usable as a decorator).

    For tests and applications; packages should declare an entry point in the
    ``paperbib.writers`` group instead. Replacing a built-in needs ``replace=True``.
    """
    return default_registry.register(WRITERS_GROUP, cls, replace=replace)


def unregister_reader(name: str) -> None:
    """Forget a reader added with :func:`register_reader`."""
    default_registry.unregister(READERS_GROUP, name)


def unregister_writer(name: str) -> None:
    """Forget a writer added with :func:`register_writer`."""
    default_registry.unregister(WRITERS_GROUP, name)


_OPTIONS = frozenset(("REQUIRED", "OptionInfo", "create", "parse_option", "plugin_options"))


def __getattr__(name: str) -> Any:
    """The option functions and types, imported from :mod:`paperbib._options` on first use."""
    if name in _OPTIONS:
        from paperbib import _options

        value = getattr(_options, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
