"""Small text helpers: month names, links in running text, a fast printable check."""

from __future__ import annotations

import re

from paperbib._startup import LazyPattern

_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def is_printable(text: str) -> bool:
    """``text.isprintable()``, several times faster for ASCII text.

    Writers ask this of every title and abstract; for ASCII it deletes the
    printable bytes in C and checks that nothing is left.
    """
    if text.isascii():
        return not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    return text.isprintable()


_NAMES = "january february march april may june july august september october november december"
MONTHS: dict[str, int] = {}
"""Month numbers by English name and three-letter abbreviation, lowercased."""
for _number, _name in enumerate(_NAMES.split(), start=1):
    MONTHS[_name] = _number
    MONTHS[_name[:3]] = _number
MONTHS["sept"] = 9

_URL_BODY = re.compile(r"""[^\s<>"'`{}\\|^]+""")
_SCHEMES = ("http", "https", "ftp")
_BARE_STARTS = ("www.", "WWW.", "github.com/", "gitlab.com/", "huggingface.co/")
_TRAILING = ".,;:!?*'\""
_CLOSERS = {")": "(", "]": "["}


def _trim(url: str) -> str:
    while url:
        last = url[-1]
        if last in _TRAILING or (last in _CLOSERS and url.count(last) > url.count(_CLOSERS[last])):
            url = url[:-1]
        else:
            break
    return url


def _starts(text: str) -> list[int]:
    """Where links begin: schemes before each ``://``, bare ``www.`` and code hosts.

    Found with ``str.find`` rather than one regular expression over the whole
    text: abstracts are long and links are few.
    """
    starts = []
    position = text.find("://")
    while position != -1:
        start = position
        while start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
            start -= 1
        if text[start:position].lower() in _SCHEMES:
            starts.append(start)
        position = text.find("://", position + 3)
    for literal in _BARE_STARTS:
        position = text.find(literal)
        while position != -1:
            before = text[position - 1] if position else " "
            if not (before.isalnum() or before in "._@/"):
                starts.append(position)
            position = text.find(literal, position + 1)
    return sorted(starts)


def find_links(text: str) -> tuple[str, ...]:
    """URLs in running text, in order, without repeats.

    Trailing sentence punctuation and unbalanced closing brackets are not part
    of a link, and neither is TeX residue: ``…/README.md{here.}`` ends at
    ``README.md``. Links without a scheme (``www.…``, ``github.com/…``) get
    ``https://``.
    """
    links: list[str] = []
    end = 0
    for start in _starts(text):
        if start < end:
            continue  # inside the previous link (a www. in an https:// link)
        match = _URL_BODY.match(text, start)
        if match is None:
            continue
        end = match.end()
        url = _trim(match.group())
        if "://" not in url:
            url = "https://" + url
        host_and_path = url.split("://", 1)[1]
        if "." not in host_and_path.split("/", 1)[0] or url in links:
            continue
        links.append(url)
    return tuple(links)


_ISO_DATE = LazyPattern(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ].*)?")
_DAY_MONTH_YEAR = LazyPattern(r"(\d{1,2})\.?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})")
_MONTH_DAY_YEAR = LazyPattern(r"([A-Za-z]{3,9})\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{4})")


def parse_date(text: str) -> tuple[int, int | None, int | None] | None:
    """``(year, month, day)`` from the date forms pages use, or ``None``.

    ``2021/6``, ``2004``, ``2010-05-05``, ``2010-05-05T00:00:00Z``, ``2019/04/22``,
    ``Apr 22, 2019``, ``April 2019``, ``22 April 2019``. The parts are not checked
    against the calendar: :class:`~paperbib.models.PartialDate` does that.
    """
    text = text.strip()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
        return int(year), int(month) if month else None, int(day) if day else None
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, name, year = match.groups()
        if (month := MONTHS.get(name.lower())) is not None:
            return int(year), month, int(day)
    if match := _MONTH_DAY_YEAR.fullmatch(text):
        name, day, year = match.groups()
        if (month := MONTHS.get(name.lower())) is not None:
            return int(year), month, int(day) if day else None
    return None
