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
