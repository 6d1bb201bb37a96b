"""BibTeX name lists split and names taken apart as bibtexparser v2 does, plain names faster.

bibtexparser's :func:`~bibtexparser.middlewares.names.split_multiple_persons_names`
and :func:`~bibtexparser.middlewares.names.parse_single_name_into_parts`
implement BibTeX's rules (names joined by ``and`` outside braces; First von
Last, von Last, First and von Last, Jr, First, the von part told by lowercase
words) one character at a time. Most names are plain words (no braces, no
backslash), for which the same rules come down to a split on whitespace and
commas; a 10,000-paper ``.bib`` has about 100,000 of them. Those are taken
apart here, and lists are split here unless a backslash stands outside braces,
with the same results (``tests/test_bibliography_readers.py`` checks both
against bibtexparser's on generated names and lists); any other name or list
goes to bibtexparser, which also repairs what is malformed.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

__all__ = [
    "NameParts",
    "family_given",
    "name_parts",
    "plain_name_parts",
    "split_names",
    "split_plain_names",
]

# bibtexparser's separators: space, tab and line breaks (not the tie, ~, which the
# list split keeps inside a name); "and" in any case.
_AND = re.compile(r"[ \t\r\n]+[aA][nN][dD][ \t\r\n]+")
_WORDS = re.compile(r"[^ ~\t\r\n,]+")
_BRACE_MARKS = re.compile(r"\\.?|[{}]", re.DOTALL)


class NameParts(NamedTuple):
    """The words of a name's four parts (each possibly empty)."""

    first: list[str]
    von: list[str]
    last: list[str]
    jr: list[str]


def _plain(text: str) -> bool:
    return "{" not in text and "}" not in text and "\\" not in text


def split_plain_names(value: str) -> list[str]:
    """:func:`split_names` for a list without braces or backslashes."""
    value = value.strip(" \r\n\t")
    return _AND.split(value) if value else []


def split_names(value: str) -> list[str]:
    """The names of a name list (``author``, ``editor``), as bibtexparser splits them."""
    if _plain(value):
        return split_plain_names(value)
    found = _split_braced(value.strip(" \r\n\t"))
    if found is not None:
        return found
    from bibtexparser.middlewares.names import split_multiple_persons_names

    return split_multiple_persons_names(value)


def _split_braced(value: str) -> list[str] | None:
    """A list with braces split at each ``and`` outside them; ``None`` for bibtexparser.

    A backslash escapes the character after it (an escaped brace does not
    count); one outside braces, or a closing brace right after an ``and``
    (which bibtexparser's steps then do not split at), is left to bibtexparser.
    """
    starts: list[int] = []  # where the brace depth changes, and what it becomes
    depths: list[int] = []
    depth = 0
    for mark in _BRACE_MARKS.finditer(value):
        token = mark.group()
        if token[0] == "\\":
            if not depth:
                return None
            continue
        depth = depth + 1 if token == "{" else max(depth - 1, 0)
        starts.append(mark.start())
        depths.append(depth)
    names = []
    start = 0
    for separator in _AND.finditer(value):
        at = bisect.bisect_left(starts, separator.start()) - 1
        if at >= 0 and depths[at]:
            continue
        if value[separator.end() : separator.end() + 1] == "}":
            return None
        names.append(value[start : separator.start()])
        start = separator.end()
    names.append(value[start:])
    return names if value else []


def name_parts(name: str) -> NameParts | None:
    """First, von, Last and Jr of *name*; ``None`` when bibtexparser finds it invalid."""
    parts = plain_name_parts(name) if _plain(name) else None
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


def family_given(name: str) -> tuple[str, str] | None:
    """Family and given names of a plain ``Family, Given`` with a one-word family, else ``None``.

    The commonest shape in ``.bib`` files: with one word before the comma there
    is no von part, and :func:`plain_name_parts` gives the same parts.
    """
    family, comma, given = name.partition(",")
    if not comma or "," in given:
        return None
    last = _WORDS.findall(family)
    first = _WORDS.findall(given) if len(last) == 1 else None
    return (last[0], " ".join(first)) if first else None


def plain_name_parts(name: str) -> NameParts | None:
    """:func:`name_parts` of a name without braces or backslashes; ``None`` for a repair.

    A name with an empty part (a trailing comma, two commas in a row) or more
    than two commas is left to :func:`name_parts`, whose bibtexparser repairs
    those.
    """
    if "," not in name:
        sections = [_WORDS.findall(name)]
    else:
        sections = [_WORDS.findall(section) for section in name.split(",")]
        if len(sections) > 3:
            return None
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
