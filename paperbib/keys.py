"""Citation keys: one generator for every writer.

The default is Google Scholar's style, which most LaTeX users recognise: the
first author's family name, the year and the first title word that is not a
stopword, lowercased ASCII (``devlin2018bert``). Without author names the
first two title words frame the year (``pretrained2022language``). Keys that
clash get ``a``, ``b``, … in input order; the first keeps the bare key, so
adding an entry never changes the key of an unrelated one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

import attrs

from paperbib._startup import LazyPattern
from paperbib.models import Entry

__all__ = [
    "KEY_FIELDS",
    "STOPWORDS",
    "assign_keys",
    "base_key",
    "check_pattern",
    "fold_ascii",
    "usable_key",
]

STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further had
    has have having how i if in into is it its itself just may more most no nor not of off on
    once only or other our out over own same should so some such than that the their them then
    there these they this those through to too towards under until up upon very via was we were
    what when where which while who whom why will with within without would you your
    """.split()
)
"""Words skipped when a key takes words from a title."""

# Letters NFKD does not decompose into an ASCII base letter.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
        "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "œ": "oe",
        "Œ": "OE", "ı": "i", "ŋ": "ng", "Ŋ": "Ng",
    }
)  # fmt: skip
_TEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_ALNUM_OR_SPACE = re.compile(r"[^a-z0-9 ]+")
# Every ASCII character but letters, digits and space: punctuation and controls.
_DROP_ASCII_PUNCTUATION = str.maketrans(
    "", "", "".join(chr(c) for c in range(128) if not (chr(c).isalnum() or c == 32))
)
_WHITESPACE = re.compile(r"\s+")
# For titles: ASCII whitespace becomes a space (it separates words), other
# punctuation and controls are dropped.
_ASCII_TITLE_WORDS = str.maketrans(
    {chr(c): " " if chr(c).isspace() else None for c in range(128) if not chr(c).isalnum()}
)


def _fold(text: str, keep: str) -> str:
    text = _TEX_COMMAND.sub("", text) if "\\" in text else text
    if text.isascii() and keep:
        return text.lower().translate(_DROP_ASCII_PUNCTUATION)
    if not text.isascii():
        text = text.translate(_SPECIAL_LETTERS)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return (_NOT_ALNUM_OR_SPACE if keep else _NOT_ALNUM).sub("", text.lower())


def fold_ascii(text: str) -> str:
    """Lowercase ASCII letters and digits of *text*: ``"Łukasz Müller"`` -> ``"lukaszmuller"``.

    TeX control words (``\\mathcal``) are dropped, accents are removed.
    """
    return _fold(text, "")


def _title_words(title: str) -> list[str]:
    if title.isascii() and "\\" not in title:
        words = title.lower().translate(_ASCII_TITLE_WORDS).split()
    else:
        # Fold the whole title at once; whitespace still separates the words.
        words = _fold(_WHITESPACE.sub(" ", title), " ").split()
    return [word for word in words if word not in STOPWORDS]


def _first_word(name: str) -> str:
    return next((w for w in map(fold_ascii, name.split()) if w), "")


def base_key(entry: Entry, pattern: str | None = None) -> str:
    """The key *entry* gets when nothing else claims it (no clash suffix).

    With a *pattern* (``"{author}{year}{shorttitle}"``, see :data:`KEY_FIELDS`)
    its placeholders are filled in; an entry for which the pattern gives only
    its literal text gets the default key.
    """
    if pattern is not None:
        key = _pattern_key(entry, pattern)
        if key:
            return key
    year = str(entry.date.year) if entry.date else ""
    words = _title_words(entry.title)
    author = _author(entry)
    if author:
        return f"{author}{year}{words[0] if words else ''}"
    if words:
        return f"{words[0]}{year}{words[1] if len(words) > 1 else ''}"
    if entry.arxiv_id:
        return f"arxiv{fold_ascii(entry.arxiv_id)}"
    return f"untitled{year}"


def _author(entry: Entry) -> str:
    if not entry.authors:
        return ""
    first = entry.authors[0]
    return fold_ascii(first.family) if first.family else _first_word(first.literal or "")


KEY_FIELDS: dict[str, Callable[[Entry], str]] = {
    "author": _author,
    "Author": lambda e: _author(e).capitalize(),
    "year": lambda e: str(e.date.year) if e.date else "",
    "title": lambda e: "".join(_title_words(e.title)[:1]),
    "Title": lambda e: "".join(_title_words(e.title)[:1]).capitalize(),
    "title2": lambda e: "".join(_title_words(e.title)[1:2]),
    "shorttitle": lambda e: "".join(_title_words(e.title)[:3]),
    "Shorttitle": lambda e: "".join(w.capitalize() for w in _title_words(e.title)[:3]),
    "arxiv": lambda e: (e.arxiv_id or "").replace("/", "-"),
}
"""Placeholders of key patterns: ``{author}{year}{title}`` is Google Scholar's style."""

_PLACEHOLDER = LazyPattern(r"\{([A-Za-z0-9]+)\}")
# What BibTeX and biber forbid in a key (biber adds parentheses, quotes and =).
_FORBIDDEN = LazyPattern(r"[\s{}(),\\#%~\"'=]")


def usable_key(key: str) -> bool:
    """Whether *key* can be a citation key in BibTeX, biber and every other format.

    Keys of other tools (a CSL ``id``, an RIS ``ID``) may hold spaces, commas
    or braces, which no ``.bib`` file can.
    """
    return bool(key) and _FORBIDDEN.search(key) is None


_SAFE_LITERAL = LazyPattern(r"[A-Za-z0-9._:-]*")


def check_pattern(pattern: str) -> None:
    """Raise ``ValueError`` unless *pattern* uses known placeholders and biber-safe characters."""
    for name in _PLACEHOLDER.findall(pattern):
        if name not in KEY_FIELDS:
            known = ", ".join("{" + n + "}" for n in KEY_FIELDS)
            raise ValueError(f"unknown key placeholder {{{name}}} (known: {known})")
    literal = _PLACEHOLDER.sub("", pattern)
    if not _SAFE_LITERAL.fullmatch(literal):
        raise ValueError(
            f"key pattern {pattern!r} has characters citation keys cannot hold; "
            "use letters, digits and . _ : -"
        )
    if not _PLACEHOLDER.search(pattern):
        raise ValueError(f"key pattern {pattern!r} has no placeholder")


def _pattern_key(entry: Entry, pattern: str) -> str:
    key = _PLACEHOLDER.sub(lambda m: KEY_FIELDS[m.group(1)](entry), pattern)
    return key if _PLACEHOLDER.sub("", pattern) != key else ""


def _suffixes() -> Iterator[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    width = 1
    while True:
        for n in range(len(letters) ** width):
            suffix = ""
            for _ in range(width):
                n, r = divmod(n, len(letters))
                suffix = letters[r] + suffix
            yield suffix
        width += 1


def assign_keys(entries: Iterable[Entry], pattern: str | None = None) -> tuple[Entry, ...]:
    """Give every entry a unique key, keeping keys that entries already have.

    Entries without a key get :func:`base_key` (with *pattern*, if given); a
    key already taken by an earlier entry gets the first free suffix ``a``,
    ``b``, … ``z``, ``aa``, …. Runs in linear time.
    """
    if pattern is not None:
        check_pattern(pattern)
    entries = tuple(entries)
    wanted = [entry.key or base_key(entry, pattern) for entry in entries]
    natural = set(wanted)
    taken: set[str] = set()
    next_suffix: dict[str, Iterator[str]] = {}
    result = []
    for entry, key in zip(entries, wanted, strict=True):
        if key in taken:
            suffixes = next_suffix.setdefault(key, _suffixes())
            candidate = key + next(suffixes)
            while candidate in taken or candidate in natural:
                candidate = key + next(suffixes)
            key = candidate
        taken.add(key)
        result.append(entry if entry.key == key else _with_key(entry, key))
    return tuple(result)


def _with_key(entry: Entry, key: str) -> Entry:
    """``attrs.evolve(entry, key=key)`` for an entry that is already valid.

    Copies the fields into a new instance instead of calling ``__init__``: the
    converters and checks have run for these values once, and a key is a string.
    It takes about half the time of ``evolve``, paid for every entry converted.
    """
    new = _new(Entry)
    for name in _ENTRY_FIELDS:
        _set(new, name, getattr(entry, name))
    _set(new, "key", key)
    return new


_ENTRY_FIELDS = tuple(field.name for field in attrs.fields(Entry))
_new = object.__new__
_set = object.__setattr__
