"""The hub model: what every reader produces and every writer consumes.

The classes are frozen attrs records with no I/O and no knowledge of any file
format. Text is stored as the source has it (TeX math such as ``$\\mathcal{B}$``
stays as written); each writer converts it for its own format.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs
from attrs import field, frozen

from paperbib.diagnostics import Diagnostic, Origin

__all__ = [
    "Bibliography",
    "Entry",
    "EntryKind",
    "Extra",
    "Origin",
    "PartialDate",
    "Person",
    "Source",
]


class EntryKind(enum.Enum):
    """What kind of work an entry describes; writers map it to their own types."""

    PREPRINT = "preprint"
    JOURNAL_ARTICLE = "journal-article"
    CONFERENCE_PAPER = "conference-paper"
    REPORT = "report"
    DATASET = "dataset"
    WEB_PAGE = "web-page"
    BOOK = "book"
    CHAPTER = "chapter"
    """A part of a book: a chapter, or a contribution to an edited collection."""
    THESIS = "thesis"
    MISC = "misc"


class Source(enum.Enum):
    """Where a record came from: a small controlled vocabulary, not free text.

    Writers show :attr:`label` (CSL ``source``, RIS ``DP``). A landing page's
    own site name is kept as the extra ``web.site`` (:data:`SITE_EXTRA`).
    """

    HUGGING_FACE = "hf"
    """Hugging Face papers: pages, copied text and the API."""
    ARXIV = "arxiv"
    """arXiv: listings, abstract pages, mailings and the API."""
    WEB = "web"
    """A publisher's or repository's landing page, or any other web page."""

    @property
    def label(self) -> str:
        """The name a reader of the bibliography knows the source by."""
        return _SOURCE_LABELS[self]


_SOURCE_LABELS = {
    Source.HUGGING_FACE: "Hugging Face",
    Source.ARXIV: "arXiv",
    Source.WEB: "Web page",
}

SITE_EXTRA = "web.site"
"""The extra that holds a web page's own site name (``Nature``, ``PubMed``)."""

ExtraValue = str | int
"""A value of :attr:`Entry.extra`: text or a whole number."""

_NAMESPACED = "abcdefghijklmnopqrstuvwxyz0123456789"
# A name may also hold the hyphens and underscores of the fields it keeps
# (BibTeX's ``bdsk-url-1``, CSL's ``archive_location``).
_NAME_CHARACTERS = _NAMESPACED + "-_"


_KNOWN_KEYS: set[str] = set()
"""Extra keys already checked: the same few recur on every entry of a run."""


def _check_extra_key(key: object) -> str:
    if key in _KNOWN_KEYS:
        return key
    if not isinstance(key, str):
        raise TypeError(f"extra keys are strings, not {type(key).__name__}")
    namespace, dot, name = key.partition(".")
    if not (
        dot
        and namespace[:1].isalpha()
        and name[:1].isalpha()
        and all(c in _NAMESPACED for c in namespace)
        and all(c in _NAME_CHARACTERS for c in name)
    ):
        raise ValueError(
            f"extra key {key!r} is not of the form 'namespace.name' "
            "(lowercase ASCII letters and digits, each starting with a letter; "
            "the name may also hold - and _)"
        )
    _KNOWN_KEYS.add(key)
    return key


class Extra(Mapping[str, ExtraValue]):
    """An immutable, ordered, hashable mapping of namespaced keys to text or numbers.

    Data one source has and bibliographic formats have no field for lives here
    (``hf.upvotes``, ``arxiv.comments``). Keys are ``namespace.name`` in
    lowercase ASCII (the name may also hold ``-`` and ``_``); the namespace
    names the source. Every writer maps every
    key by one rule (see ``docs/index.md``), so nothing read is lost.
    """

    __slots__ = ("_items",)

    def __init__(
        self, items: Mapping[str, ExtraValue] | Iterable[tuple[str, ExtraValue]] = ()
    ) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        data: dict[str, ExtraValue] = {}
        for key, value in pairs:
            if type(value) is not int and not isinstance(value, str):
                raise TypeError(f"extra {key!r}: values are str or int, not {type(value).__name__}")
            data[_check_extra_key(key)] = value
        self._items = tuple(data.items())

    def __getitem__(self, key: str) -> ExtraValue:
        for name, value in self._items:
            if name == key:
                return value
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    # Writers walk every entry's extras: plain tuples, not Mapping's generic views.
    def get(self, key: str, default: Any = None) -> Any:
        """The value of *key*, or *default*."""
        for name, value in self._items:
            if name == key:
                return value
        return default

    def __contains__(self, key: object) -> bool:
        return any(name == key for name, _ in self._items)

    def items(self) -> tuple[tuple[str, ExtraValue], ...]:  # type: ignore[override]
        """The ``(key, value)`` pairs, in order."""
        return self._items

    def values(self) -> tuple[ExtraValue, ...]:  # type: ignore[override]
        """The values, in order."""
        return tuple(value for _, value in self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Extra):
            return self._items == other._items
        return isinstance(other, Mapping) and dict(self._items) == dict(other)

    def __repr__(self) -> str:
        return f"Extra({dict(self._items)!r})"

    def __or__(self, other: Mapping[str, ExtraValue]) -> Extra:
        """These items followed by *other*'s new keys (values here win)."""
        new = [(k, v) for k, v in other.items() if k not in self]
        return Extra(self._items + tuple(new)) if new else self


_NO_EXTRA = Extra()


def _extra(value: Mapping[str, ExtraValue] | Iterable[tuple[str, ExtraValue]]) -> Extra:
    if type(value) is Extra:
        return value
    return Extra(value) if value else _NO_EXTRA


def _source(value: Source | str | None) -> Source | None:
    return value if value is None or type(value) is Source else Source(value)


def _optional_str(value: str | None) -> str | None:
    return value or None


@frozen(kw_only=True)
class Person:
    """A personal name split into parts, or an organisation given as a literal.

    Names are not parsed here; readers build ``Person`` from whatever form their
    source uses.
    """

    family: str | None = field(default=None, converter=_optional_str)
    """Family name (``"Devlin"``), without particles."""
    given: str | None = field(default=None, converter=_optional_str)
    """Given names (``"Jacob"``, ``"Ming-Wei"``)."""
    particle: str | None = field(default=None, converter=_optional_str)
    """A name particle such as ``"van"`` or ``"de la"``."""
    suffix: str | None = field(default=None, converter=_optional_str)
    """A generational suffix such as ``"Jr."``."""
    literal: str | None = field(default=None, converter=_optional_str)
    """The whole name of an organisation or a name that must not be split."""
    affiliation: str | None = field(default=None, converter=_optional_str, eq=False)
    """Institution the source gives for this person; not part of equality."""

    def __attrs_post_init__(self) -> None:
        if not (self.family or self.literal):
            raise ValueError("a Person needs a family name or a literal name")
        if self.literal and (self.family or self.given or self.particle or self.suffix):
            raise ValueError("a literal name cannot also have name parts")

    def __str__(self) -> str:
        if self.literal:
            return self.literal
        parts = [self.given, self.particle, self.family]
        name = " ".join(p for p in parts if p)
        return f"{name}, {self.suffix}" if self.suffix else name


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _check_year(_inst: object, _attr: attrs.Attribute[int], value: int) -> None:
    if not 1 <= value <= 9999:
        raise ValueError(f"year {value} is out of range 1..9999")


@frozen(order=True)
class PartialDate:
    """A calendar date of which only the year may be known.

    ``PartialDate(2022, 2, 30)`` raises ``ValueError``: a partial date is always
    a real date (or month, or year).
    """

    year: int = field(validator=[attrs.validators.instance_of(int), _check_year])
    """Four-digit year."""
    month: int | None = field(default=None)
    """Month 1..12, if known."""
    day: int | None = field(default=None)
    """Day of the month, if known (needs a month)."""

    def __attrs_post_init__(self) -> None:
        if self.month is None:
            if self.day is not None:
                raise ValueError("a date with a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is out of range 1..12")
        if self.day is not None:
            last = _days_in_month(self.year, self.month)
            if not 1 <= self.day <= last:
                raise ValueError(
                    f"day {self.day} is out of range for {self.year}-{self.month:02d} (1..{last})"
                )

    @classmethod
    def from_date(cls, value: datetime.date) -> PartialDate:
        """The partial date for a complete :class:`datetime.date`."""
        return cls(value.year, value.month, value.day)

    def isoformat(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def parts(self) -> tuple[int, ...]:
        """The known parts, year first: ``(2022, 2, 3)``, ``(2022, 2)`` or ``(2022,)``."""
        return tuple(p for p in (self.year, self.month, self.day) if p is not None)

    def __str__(self) -> str:
        return self.isoformat()


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _persons(values: Iterable[Person]) -> tuple[Person, ...]:
    return tuple(values)


@frozen(kw_only=True)
class Entry:
    """One cited work, independent of any file format."""

    key: str = ""
    """Citation key, unique within a :class:`Bibliography`; empty until assigned."""
    kind: EntryKind = EntryKind.MISC
    """What kind of work this is."""
    title: str = ""
    """Title as the source writes it."""
    authors: tuple[Person, ...] = field(default=(), converter=_persons)
    """Authors in order; empty when the source names none."""
    editors: tuple[Person, ...] = field(default=(), converter=_persons)
    """Editors of the work (or of the book or proceedings it appeared in), in order."""
    date: PartialDate | None = None
    """Publication date (for arXiv preprints: first version)."""
    abstract: str | None = None
    """Abstract as the source writes it (TeX kept)."""
    container_title: str | None = None
    """Journal, proceedings or book the work appeared in."""
    volume: str | None = None
    """Volume of the container."""
    issue: str | None = None
    """Issue (number) of the container."""
    pages: str | None = None
    """Page range as ``"12-34"``, or a single page or article number."""
    publisher: str | None = None
    """Publisher (for a preprint, the server is implied by ``arxiv_id``)."""
    place: str | None = None
    """Where the work was published (BibTeX ``address``, biblatex ``location``)."""
    edition: str | None = None
    """Edition of a book (``"2"``, ``"Second revised"``)."""
    series: str | None = None
    """Series the work belongs to (``"Lecture Notes in Computer Science"``)."""
    institution: str | None = None
    """Institution that issued a report."""
    report_number: str | None = None
    """Report or technical-report number."""
    isbn: str | None = None
    """ISBN of the book or proceedings."""
    journal_ref: str | None = None
    """Free-text reference to the published version (arXiv's Journal-ref)."""
    note: str | None = None
    """A note the source gives about the work (BibTeX ``note``, CSL ``note``, RIS ``N1``)."""
    arxiv_id: str | None = None
    """arXiv identifier without version or prefix (``"1810.04805"``)."""
    doi: str | None = None
    """DOI without a resolver prefix (``"10.48550/arXiv.1810.04805"``)."""
    url: str | None = None
    """Landing page of the work."""
    links: tuple[str, ...] = field(default=(), converter=_strings)
    """Other links the source gives, such as code repositories named in the abstract."""
    categories: tuple[str, ...] = field(default=(), converter=_strings)
    """Subject categories; the first is the primary class (``"cs.CL"``)."""
    accessed: PartialDate | None = None
    """When the source page was captured."""
    source: Source | None = field(default=None, converter=_source)
    """Where the record came from (:class:`Source`; its value ``"hf"`` is accepted too)."""
    extra: Extra = field(default=_NO_EXTRA, converter=_extra)
    """Source-specific data with no bibliographic field (``{"hf.upvotes": 12}``), in order."""
    origin: Origin | None = field(default=None, eq=False)
    """Reader, file and line the entry was read from; not part of equality."""


def _check_unique_keys(
    _inst: object, _attr: attrs.Attribute[tuple[Entry, ...]], entries: tuple[Entry, ...]
) -> None:
    seen: set[str] = set()
    for entry in entries:
        if not entry.key:
            raise ValueError(f"entry {entry.title!r} has no citation key")
        if entry.key in seen:
            raise ValueError(f"duplicate citation key {entry.key!r}")
        seen.add(entry.key)


def _entries(values: Iterable[Entry]) -> tuple[Entry, ...]:
    return tuple(values)


def _diagnostics(values: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(values)


@frozen
class Bibliography:
    """Entries in input order with unique keys, plus what was noticed while reading them.

    Build one from reader output with :func:`paperbib.keys.assign_keys`, which
    gives every entry a unique key.
    """

    entries: tuple[Entry, ...] = field(default=(), converter=_entries, validator=_check_unique_keys)
    """The entries, in input order."""
    diagnostics: tuple[Diagnostic, ...] = field(default=(), converter=_diagnostics, eq=False)
    """Problems and inferences recorded while reading, in the order they were found."""

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __getitem__(self, key: str) -> Entry:
        """The entry with citation key *key*."""
        for entry in self.entries:
            if entry.key == key:
                return entry
        raise KeyError(key)

    def __add__(self, other: object) -> Bibliography:
        """Both bibliographies as one: the same paper once, every key unique.

        Entries keep their keys where they can; a key taken by an earlier
        entry of another paper gets a suffix (see :func:`paperbib.combine`).
        """
        if not isinstance(other, Bibliography):
            return NotImplemented
        from paperbib.pipeline import combine

        return combine([self, other])
