"""BibTeX name lists split and names taken apart as bibtexparser v2 does, plain names faster.

bibtexparser's :func:`~bibtexparser.middlewares.names.split_multiple_persons_names`
and :func:`~bibtexparser.middlewares.names.parse_single_name_into_parts`
implement BibTeX's rules (names joined by ``and`` outside braces; First von
Last, von Last, First and von Last, Jr, First, the von part told by lowercase
words) one character at a time. Most names are plain words (no braces, no
backslash), for which the same rules come down to a split on whitespace and
commas; a 10,000-paper ``.bib`` has about 100,000 of them. Those are taken
apart here, with the same results (``tests/test_bibliography_readers.py``
checks them against bibtexparser's on generated names); any other name goes to
bibtexparser, which also repairs what is malformed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["NameParts", "name_parts", "split_names"]

# bibtexparser's separators: space, tab and line breaks (not the tie, ~, which the
# list split keeps inside a name); "and" in any case.
_AND = re.compile(r"[ \t\r\n]+[aA][nN][dD][ \t\r\n]+")
_WORDS = re.compile(r"[^ ~\t\r\n,]+|,")


class NameParts(NamedTuple):
    """The words of a name's four parts (each possibly empty)."""

    first: list[str]
    von: list[str]
    last: list[str]
    jr: list[str]


def _plain(text: str) -> bool:
    return "{" not in text and "}" not in text and "\\" not in text


def split_names(value: str) -> list[str]:
    """The names of a name list (``author``, ``editor``), as bibtexparser splits them."""
    if not _plain(value):
        from bibtexparser.middlewares.names import split_multiple_persons_names

        return split_multiple_persons_names(value)
    value = value.strip(" \r\n\t")
    return _AND.split(value) if value else []


def name_parts(name: str) -> NameParts | None:
    """First, von, Last and Jr of *name*; ``None`` when bibtexparser finds it invalid."""
    parts = _plain_parts(name) if _plain(name) else None
    if parts is not None:
        return parts
    from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts

    try:
        found = parse_single_name_into_parts(name, strict=False)
    except InvalidNameError:
        return None
    return NameParts(found.first, found.von, found.last, found.jr)


def _case(word: str) -> int:
    """1 when the first letter of *word* is uppercase, 0 when lowercase, -1 without letters."""
    for char in word:
        if char.isalpha():
            return 1 if char.isupper() else 0
    return -1


def _plain_parts(name: str) -> NameParts | None:
    """The parts of a name without braces or backslashes; ``None`` for what needs a repair.

    A name with an empty part (a trailing comma, two commas in a row) or more
    than two commas is left to bibtexparser, which repairs those.
    """
    sections: list[list[str]] = [[]]
    for token in _WORDS.findall(name):
        if token == ",":
            if len(sections) == 3:
                return None
            sections.append([])
        else:
            sections[-1].append(token)
    if not all(sections):
        return None
    if len(sections) == 1:
        words = sections[0]
        if len(words) <= 2:
            return NameParts(words[:-1], [], words[-1:], [])
        cases = [_case(word) for word in words]
        if 0 not in cases:
            return NameParts(words[:-1], [], words[-1:], [])
        # First: the words before the first lowercase one; von: up to the last lowercase
        # one that is not the last word; Last: the rest, never empty.
        first_lower = cases.index(0) - len(cases)
        last_lower = -cases[::-1].index(0) - 1
        if last_lower == -1:
            last_lower -= 1
        return NameParts(
            words[:first_lower], words[first_lower : last_lower + 1], words[last_lower + 1 :], []
        )
    first = sections[-1]
    jr = sections[1] if len(sections) == 3 else []
    words = sections[0]
    split = 0
    if len(words) > 1:
        # von: the words up to the last lowercase one before the last word.
        for index in range(len(words) - 2, -1, -1):
            if _case(words[index]) == 0:
                split = index + 1
                break
    return NameParts(first, words[:split], words[split:], jr)
