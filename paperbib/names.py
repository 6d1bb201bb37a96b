"""Parsing personal names as sources write them into :class:`~paperbib.models.Person`.

Pages give names as ``"Given Family"`` (Hugging Face, arXiv listings, most
landing pages) or ``"Family, Given"`` (Highwire ``citation_author``, Dublin
Core). Both follow BibTeX's rules where they are right for the source:
lowercase words before the family name are a particle (``Ludwig van
Beethoven``), a generational suffix is kept apart (``Martin Luther King Jr.``,
``King, Jr., Martin``, ``Robert W. Heath, Jr.``), and organisations
(``LiteBIRD Collaboration``) become literal names that are never split.

Where BibTeX's rules are wrong for the names papers carry, the family name is
what the name's owner writes: a capitalised particle belongs to it (``M. De
Napoli`` has the family name ``De Napoli``, which is how it sorts), and initials
written without spaces are still initials (``J.P.Hague`` is ``J.P.`` Hague).
"et al" and "others" are not names.
"""

from __future__ import annotations

import re
import unicodedata

from paperbib._tex import decode_tex_text
from paperbib.models import Person

__all__ = ["is_not_a_name", "is_organization", "parse_name"]

SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "2nd", "3rd", "4th"})
"""Generational suffixes, lowercased."""

ORGANIZATION_WORDS = frozenset(
    """
    collaboration collaborations consortium team group institute institution university
    universities laboratory laboratories lab labs inc ltd llc gmbh corporation corp company
    foundation project initiative association society committee organization organisation
    center centre council network alliance workshop community contributors authors agency
    department ministry bureau academy school college hospital
    """.split()
)
"""Words that make a name an organisation's, lowercased."""

PARTICLES = frozenset(
    """
    da dal dalla de degli dei del della delle dello den der des di dos du la ten ter van von zu
    """.split()
)
"""Name particles that, written with a capital inside a "Given Family" name (``Paolo Di
Vecchia``, ``Herbert Van de Sompel``), start the family name. Lowercased. Words that are
also common given or family names on their own (``Le``, ``Das``, ``Do``, ``Mac``) are left
out: ``Le`` and ``Do`` are Vietnamese family names written last."""

VIETNAMESE_FAMILY_NAMES = frozenset(
    """
    bui cao chu dang dinh do doan duong ha ho hoang huynh la lam le luong luu ly mai ngo nguyen
    pham phan phung quach ta tang thai tran trinh truong vo vu vuong
    """.split()
)
"""Common Vietnamese family names, without diacritics: in ``Thanh Van Nguyen`` "Van" is the
middle name Văn, not a particle."""

_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+(?:\.)?")
# "J.P.Hague", "N.d'Ambrumenil", "C.Sfienti": initials glued to the family name.
_GLUED_INITIALS = re.compile(r"((?:[A-Z][a-z]?\.-?|[a-z]\.)+)([^\W\d_][\w'’-]+)")
_NOT_A_NAME = re.compile(r"(?:et\.?\s*al\.?|others|and others|\.\.\.|…)", re.IGNORECASE)


def is_organization(name: str) -> bool:
    """Whether *name* reads as an organisation (``"Google DeepMind Team"``)."""
    return any(word.lower().rstrip(".") in ORGANIZATION_WORDS for word in _WORD.findall(name))


def is_not_a_name(text: str) -> bool:
    """Whether *text* stands for more authors rather than naming one (``"et al."``)."""
    return _NOT_A_NAME.fullmatch(text.strip().strip(",;").strip()) is not None


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


def _unglue(words: list[str]) -> list[str]:
    """``["J.P.Hague"]`` -> ``["J.P.", "Hague"]``: initials glued to the last word split off."""
    match = _GLUED_INITIALS.fullmatch(words[-1])
    if match is None:
        return words
    return [*words[:-1], match.group(1), match.group(2)]


def _family_start(words: list[str]) -> int:
    """Where the family name starts in ``Given … Family`` *words* (at least 1, at most last)."""
    last = len(words) - 1
    start = last
    while start > 1 and _is_particle(words[start - 1]):
        start -= 1
    # A capitalised particle and the particles after it belong to the family name.
    for index in range(1, start):
        if words[index].lower() in PARTICLES and all(
            w.lower() in PARTICLES for w in words[index:start]
        ):
            return start if _ascii_folded(words[last]) in VIETNAMESE_FAMILY_NAMES else index
    return start


def _ascii_folded(word: str) -> str:
    """*word* lowercased without diacritics (``Nguyễn`` -> ``nguyen``)."""
    decomposed = unicodedata.normalize("NFKD", word.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def parse_name(text: str) -> Person | None:
    """A :class:`Person` for *text*, or ``None`` if it holds no name.

    TeX accents are decoded (``Moraz\\'an`` -> ``Morazán``); text in one pair of
    braces, and organisations, become literal names; "et al" is no name.
    """
    text = _WHITESPACE.sub(" ", decode_tex_text(text)).strip().strip(",;").strip()
    if not text or is_not_a_name(text):
        return None
    if text.startswith("{") and text.endswith("}") and text.count("{") == 1:
        return Person(literal=text[1:-1].strip())
    if is_organization(text):
        # "… and the ALADiN2000 Collaboration": a joining "the" is no part of the name.
        return Person(literal=text[4:] if text.startswith("the ") else text)
    if "," in text:
        head, _, tail = text.rpartition(",")
        if tail.strip().lower() in SUFFIXES and " " in head.strip() and "," not in head:
            # "Robert W. Heath, Jr.": a "Given Family" name with its suffix after a comma.
            words = head.strip().split(" ")
            if not all(_is_particle(w) for w in words[:-1]):
                return _direct(words, tail.strip())
        return _inverted(text)
    words = text.split(" ")
    suffix = None
    if len(words) >= 3 and words[-1].lower() in SUFFIXES:
        suffix = words.pop().rstrip(",")
    return _direct(words, suffix)


def _direct(words: list[str], suffix: str | None) -> Person:
    """``Given … Family`` *words*, with *suffix* already taken off."""
    words = _unglue(words)
    if len(words) == 1:
        return Person(family=words[0], suffix=suffix)
    start = _family_start(words)
    given = " ".join(words[:start]).rstrip(",")
    family_words = words[start:]
    if _is_particle(family_words[0]):
        particle, family = _split_particle(" ".join(family_words))
    else:
        particle, family = None, " ".join(family_words)
    return Person(family=family, given=given, particle=particle, suffix=suffix)


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
