"""Small text helpers shared by readers: month names and links in running text."""

from __future__ import annotations

import re

_NAMES = "january february march april may june july august september october november december"
MONTHS: dict[str, int] = {}
"""Month numbers by English name and three-letter abbreviation, lowercased."""
for _number, _name in enumerate(_NAMES.split(), start=1):
    MONTHS[_name] = _number
    MONTHS[_name[:3]] = _number
MONTHS["sept"] = 9

_URL = re.compile(
    r"""(?:https?://|ftp://|www\.|(?<![\w.@/])(?:github\.com|gitlab\.com|huggingface\.co)/)"""
    r"""[^\s<>"'`{}\\|^]+""",
    re.IGNORECASE,
)
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


def find_links(text: str) -> tuple[str, ...]:
    """URLs in running text, in order, without repeats.

    Trailing sentence punctuation and unbalanced closing brackets are not part
    of a link, and neither is TeX residue: ``…/README.md{here.}`` ends at
    ``README.md``. Links without a scheme (``www.…``, ``github.com/…``) get
    ``https://``.
    """
    links: list[str] = []
    for match in _URL.finditer(text):
        url = _trim(match.group())
        if "://" not in url:
            url = "https://" + url
        host_and_path = url.split("://", 1)[1]
        if "." not in host_and_path.split("/", 1)[0] or url in links:
            continue
        links.append(url)
    return tuple(links)


_ISO_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ].*)?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\.?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]{3,9})\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{4})")


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
