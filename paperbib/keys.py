"""Citation keys: one generator for every writer.

The default is Google Scholar's style, which most LaTeX users recognise: the
first author's family name, the year and the first title word that is not a
stopword, lowercased ASCII (``devlin2018bert``). Without author names the
first two title words frame the year (``pretrained2022language``).

Keys stay with their papers. Entries that have keys (read from a ``.bib`` or
CSL-JSON file) keep them, and so do papers an earlier output gave a key
(:class:`KeyPins`). Papers whose keys clash each get two letters computed
from the paper itself (``smith2020kq``, ``smith2020fd``): never from the order
of the inputs, so adding, removing or reordering papers never moves a key to
another paper.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable

import attrs

from paperbib._startup import LazyPattern
from paperbib.models import Entry

__all__ = [
    "KEY_FIELDS",
    "MAX_KEY_LENGTH",
    "STOPWORDS",
    "KeyPins",
    "assign_keys",
    "base_key",
    "check_pattern",
    "fold_ascii",
    "usable_key",
]

MAX_KEY_LENGTH = 64
"""Generated keys are cut to this many characters (a 5,000-letter title word
would otherwise make a 5,000-letter key)."""

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


def base_key(entry: Entry, pattern: str | None = None, *, cut: bool = True) -> str:
    """The key *entry* gets when nothing else claims it (no clash suffix).

    With a *pattern* (``"{author}{year}{shorttitle}"``, see :data:`KEY_FIELDS`)
    its placeholders are filled in; an entry for which the pattern gives only
    its literal text gets the default key. The key is cut to
    :data:`MAX_KEY_LENGTH` characters unless *cut* is false.
    """
    key = _base_key(entry, pattern)
    return key[:MAX_KEY_LENGTH] if cut else key


def _base_key(entry: Entry, pattern: str | None) -> str:
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


class KeyPins:
    """Citation keys to keep for papers: the keys an earlier output gave them.

    Built from entries that have keys; :meth:`key_for` finds a paper's key by
    what identifies it (arXiv id, DOI, normalised title and year; see
    :func:`paperbib.merge.paper_ids`), never for a record whose identifiers
    prove it another paper, whatever the order of the inputs.
    """

    __slots__ = ("_by_id", "keys")

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        from paperbib.merge import paper_ids

        self._by_id: dict[tuple[str, object], Entry] = {}
        self.keys: set[str] = set()
        """Every key pinned."""
        for entry in entries:
            if entry.key:
                self.keys.add(entry.key)
                for identity in paper_ids(entry):
                    self._by_id.setdefault(identity, entry)

    def __len__(self) -> int:
        return len(self.keys)

    def key_for(self, entry: Entry, *, by_title: bool = True) -> str | None:
        """The key pinned for *entry*'s paper, or ``None``.

        Without *by_title*, only an arXiv id or a DOI finds it.
        """
        from paperbib.merge import conflict, paper_ids

        for identity in paper_ids(entry):
            if identity[0] == "title" and not by_title:
                break
            pinned = self._by_id.get(identity)
            if pinned is not None and not conflict(pinned, entry, keys=False):
                return pinned.key
        return None


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _identity(entry: Entry) -> str:
    """A text that tells *entry*'s paper apart, whatever else is converted with it."""
    from paperbib.merge import paper_ids

    ids = paper_ids(entry)
    if ids:
        return repr(ids[0])
    people = "; ".join(str(p) for p in entry.authors)
    return f"{entry.title}|{entry.date}|{people}|{entry.container_title}|{entry.url}"


def _suffix(identity: str, length: int) -> str:
    """*length* letters computed from *identity* alone."""
    letters: list[str] = []
    round_ = 0
    while len(letters) < length:
        number = zlib.crc32(f"{identity}#{round_}".encode())
        for _ in range(6):
            number, remainder = divmod(number, 26)
            letters.append(_LETTERS[remainder])
        round_ += 1
    return "".join(letters[:length])


def assign_keys(
    entries: Iterable[Entry],
    pattern: str | None = None,
    *,
    taken: Iterable[str] = (),
    pins: KeyPins | None = None,
) -> tuple[Entry, ...]:
    """Give every entry a unique key that stays with its paper.

    - An entry's own key is kept (the first entry keeps a key used twice).
    - Else a key *pins* hold for the paper (an earlier output's) is kept; a
      pinned key two papers here claim goes to neither, and one no paper here
      claims is given to none.
    - Else the entry gets :func:`base_key` (with *pattern*, if given). When
      several papers want one key, or it is taken, each gets a suffix of two
      letters computed from the paper itself (its arXiv id, DOI, or title and
      year): ``smith2020`` becomes ``smith2020kq`` and ``smith2020fd``,
      whatever the order of the inputs, and adding, removing or reordering
      papers never gives a paper's key to another.

    *taken* are keys no entry may get (those of a file being added to).
    """
    if pattern is not None:
        check_pattern(pattern)
    entries = tuple(entries)
    reserved = set(taken)
    keys: list[str | None] = [None] * len(entries)
    # Own keys first, then pins: a paper keeps the key a document already cites.
    later: list[int] = []
    for index, entry in enumerate(entries):
        if entry.key and entry.key not in reserved:
            keys[index] = entry.key
            reserved.add(entry.key)
        elif entry.key:
            later.append(index)
    if pins:
        # Identifiers first, then titles; a pinned key two papers claim in one pass goes to
        # neither (two versions of one title, told apart by their DOIs): input order
        # must not decide.
        for by_title in (False, True):
            claims: dict[str, list[int]] = {}
            for index, entry in enumerate(entries):
                if keys[index] is None and not entry.key:
                    pinned = pins.key_for(entry, by_title=by_title)
                    if pinned is not None and pinned not in reserved:
                        claims.setdefault(pinned, []).append(index)
            for pinned, claimants in claims.items():
                if len(claimants) == 1:
                    keys[claimants[0]] = pinned
                    reserved.add(pinned)
        # A pinned key no paper here is found to have stays its paper's: a document may
        # still cite it, and must not find another paper under it.
        reserved |= pins.keys
    groups: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        if keys[index] is None:
            wanted = entry.key if index in later else base_key(entry, pattern)
            groups.setdefault(wanted, []).append(index)
    # A key one paper alone wants is its own; then each clash, in key order.
    for wanted, members in groups.items():
        if len(members) == 1 and wanted not in reserved:
            keys[members[0]] = wanted
            reserved.add(wanted)
    for wanted in sorted(groups):
        members = [i for i in groups[wanted] if keys[i] is None]
        if not members:
            continue
        identities = []
        seen: dict[str, int] = {}
        for index in members:
            identity = _identity(entries[index])
            # Records that nothing tells apart (the same key twice in one file) are told
            # apart by their order, the one thing left.
            seen[identity] = seen.get(identity, -1) + 1
            identities.append(
                (f"{identity}#{seen[identity]}" if seen[identity] else identity, index)
            )
        # Each paper's letters, made once: a shorter suffix is the start of a longer one.
        letters = {i: _suffix(identity, 6) for identity, i in identities}
        length = 2
        while True:
            if length > 6:
                letters = {i: _suffix(identity, length) for identity, i in identities}
            candidates = {i: wanted + letters[i][:length] for i in letters}
            chosen = list(candidates.values())
            if len(set(chosen)) == len(chosen) and not reserved.intersection(chosen):
                break
            length += 1  # unique within a few letters: the identities differ
        for index, key in candidates.items():
            keys[index] = key
            reserved.add(key)
    return tuple(
        entry if entry.key == key else _with_key(entry, key)  # type: ignore[arg-type]
        for entry, key in zip(entries, keys, strict=True)
    )


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
