"""Parsing personal names as sources write them into :class:`~paperbib.models.Person`.

Pages give names as ``"Given Family"`` (Hugging Face, arXiv listings, most
landing pages) or ``"Family, Given"`` (Highwire ``citation_author``, Dublin
Core). Both follow BibTeX's rules: lowercase words before the family name are a
particle (``Ludwig van Beethoven``), a generational suffix is kept apart
(``Martin Luther King Jr.``, ``King, Jr., Martin``), and organisations
(``LiteBIRD Collaboration``) become literal names that are never split.
"""

from __future__ import annotations

import re

from paperbib._tex import decode_tex_text
from paperbib.models import Person

__all__ = ["is_organization", "parse_name"]

SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "2nd", "3rd", "4th"})
"""Generational suffixes, lowercased."""

ORGANIZATION_WORDS = frozenset(
    """
    collaboration consortium team group institute institution university universities
    laboratory laboratories lab labs inc ltd llc gmbh corporation corp company foundation
    project initiative association society committee organization organisation center centre
    council network alliance workshop community contributors authors agency department
    ministry bureau academy school college hospital
    """.split()
)
"""Words that make a name an organisation's, lowercased."""

_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+(?:\.)?")


def is_organization(name: str) -> bool:
    """Whether *name* reads as an organisation (``"Google DeepMind Team"``)."""
    return any(word.lower().rstrip(".") in ORGANIZATION_WORDS for word in _WORD.findall(name))


def _is_particle(word: str) -> bool:
    return word[:1].islower() and word[:1].isalpha()


def _split_particle(family: str) -> tuple[str | None, str]:
    """``"van der Berg"`` -> ``("van der", "Berg")``."""
    words = family.split(" ")
    index = 0
    while index < len(words) - 1 and _is_particle(words[index]):
        index += 1
    if index == 0:
        return None, family
    return " ".join(words[:index]), " ".join(words[index:])


def parse_name(text: str) -> Person | None:
    """A :class:`Person` for *text*, or ``None`` if it holds no name.

    TeX accents are decoded (``Moraz\\'an`` -> ``Morazán``); text in one pair of
    braces, and organisations, become literal names.
    """
    text = _WHITESPACE.sub(" ", decode_tex_text(text)).strip().strip(",;").strip()
    if not text:
        return None
    if text.startswith("{") and text.endswith("}") and text.count("{") == 1:
        return Person(literal=text[1:-1].strip())
    if is_organization(text):
        return Person(literal=text)
    if "," in text:
        return _inverted(text)
    words = text.split(" ")
    suffix = None
    if len(words) >= 3 and words[-1].lower() in SUFFIXES:
        suffix = words.pop().rstrip(",")
    elif len(words) >= 3 and words[-2].endswith(",") and words[-1].lower() in SUFFIXES:
        suffix = words.pop()
    if len(words) == 1:
        return Person(family=words[0], suffix=suffix)
    family_start = len(words) - 1
    while family_start > 1 and _is_particle(words[family_start - 1]):
        family_start -= 1
    given = " ".join(words[:family_start]).rstrip(",")
    particle = " ".join(words[family_start:-1]) or None
    return Person(family=words[-1], given=given, particle=particle, suffix=suffix)


def _inverted(text: str) -> Person:
    """``Family, Given``, ``von Family, Jr., Given`` or ``Family, Given, Jr.``."""
    parts = [part.strip() for part in text.split(",")]
    family_part, rest = parts[0], [p for p in parts[1:] if p]
    suffix = None
    if len(rest) >= 2 and rest[0].lower() in SUFFIXES:
        suffix = rest.pop(0)
    elif len(rest) >= 2 and rest[-1].lower() in SUFFIXES:
        suffix = rest.pop()
    elif len(rest) == 1 and rest[0].lower() in SUFFIXES:
        suffix, rest = rest[0], []
    particle, family = _split_particle(family_part)
    if not family:
        return Person(literal=text)
    return Person(family=family, given=", ".join(rest) or None, particle=particle, suffix=suffix)
