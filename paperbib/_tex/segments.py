"""Text read once into segments: math, plain text, and words a style must not recase.

Every writer sees a field the same way: ``$…$`` math that is safe TeX (kept
as written), and text whose TeX has been read into Unicode, in which the
acronym-like words are singled out. BibTeX styles and CSL processors change
the case of titles, and words whose capitals carry meaning must be protected:
BibTeX writes them in braces (``{LeTI}``), CSL-JSON in ``<span
class="nocase">``; :func:`protected_words` is the one rule for both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final, Literal, NamedTuple

from paperbib._startup import LazyPattern
from paperbib._tex.decode import decode_tex_text
from paperbib._tex.math import split_math
from paperbib._tex.vocab import NOCASE

__all__ = [
    "MATH",
    "PROTECTED",
    "TEXT",
    "Segment",
    "needs_protection",
    "parse_segments",
    "protected_words",
    "protects_compound",
]

TEXT: Final = "text"
PROTECTED: Final = "protected"
MATH: Final = "math"

Kind = Literal["text", "protected", "math"]


class Segment(NamedTuple):
    """One run of a parsed text; joined in order, the runs are the text with its TeX read.

    ``kind`` is :data:`TEXT` (Unicode: the text-mode TeX in it is already read),
    :data:`PROTECTED` (one acronym-like word, Unicode) or :data:`MATH` (a safe
    ``$…$`` span as written, dollars included). A NamedTuple, without a
    ``__dict__``, because writers make several for every field they write.
    """

    kind: Kind
    text: str


_WORD = re.compile(r"[^\W_]+")
# A word, or words joined by single hyphens (B-Coder, LLaMA-Adapter, Pre-Trained).
_COMPOUND = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# needs_protection for ASCII words as one pattern, which the regex engine runs in C
# a quarter faster than the loop over _WORD: a capital after the first character,
# or a digit after leading letters.
_ASCII_PROTECTED = r"(?<![A-Za-z0-9])(?:[A-Za-z0-9]+[A-Z]|[A-Za-z]+[0-9])[A-Za-z0-9]*"
# Segment(kind, text) runs the NamedTuple's __new__, written in Python; this is its core.
_new = tuple.__new__


def needs_protection(word: str) -> bool:
    """Whether *word* is acronym-like: all caps (``BERT``), internal capitals
    (``LeTI``, ``xPQA``) or letters mixed with digits (``GPT4``, ``3D``, ``word2vec``;
    not an ordinal such as ``60th``).

    A word whose only capital is its first letter (``Learning``) is left to the style.
    """
    if word.isdigit():
        return False
    if word.isalpha():
        rest = word[1:]
        return rest != rest.lower()  # a capital after the first letter
    if not any(ch.isalpha() for ch in word):
        return False
    # Letters with digits: protected, except an ordinal such as "60th".
    return not (word[0].isdigit() and word == word.lower())


def protects_compound(parts: list[str]) -> bool:
    """Whether the hyphenated word made of *parts* is protected whole.

    It is when one part is a single capital letter and a part after the first
    starts with a capital: ``B-Coder``, ``U-Net``, ``Hydra-A`` are names. Other
    hyphenated words are judged part by part: ``{LLM}-Based`` becomes
    "LLM-based" in sentence case, ``Pre-Trained`` "Pre-trained".
    """
    return any(len(part) == 1 and part.isupper() for part in parts) and any(
        part[0].isupper() for part in parts[1:]
    )


def protected_words(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every acronym-like word in *text*, in order.

    A hyphenated word is one span when :func:`protects_compound` says so,
    else each of its parts is judged as a word of its own (``{GPT}-2``).
    """
    if text.isascii() and ("-" not in text or not _SINGLE_CAPITAL_PART.search(text)):
        # No hyphenated word can be protected whole: each part is a word of its own.
        return (match.span() for match in _ASCII_PROTECTED_WORD.finditer(text))
    return _protected_words(text)


_ASCII_PROTECTED_WORD = LazyPattern(_ASCII_PROTECTED)  # RIS never needs it
# A single capital letter next to a hyphen, as a part of its own (B-Coder, Hydra-A).
_SINGLE_CAPITAL_PART = LazyPattern(r"(?<![A-Za-z0-9])[A-Z]-|-[A-Z](?![A-Za-z0-9])")
_MARKER = "\\" + NOCASE + "{"
# A span the model marks as protected: \NoCaseChange{...} around text without braces.
_MARKED = LazyPattern(r"\\" + NOCASE + r"\{([^{}\\$]*)\}")


def _protected_words(text: str) -> Iterator[tuple[int, int]]:
    for match in _COMPOUND.finditer(text):
        word = match.group()
        if "-" in word:
            parts = word.split("-")
            if protects_compound(parts):
                yield match.span()
                continue
            start = match.start()
            for part in parts:
                if needs_protection(part):
                    yield start, start + len(part)
                start += len(part) + 1
            continue
        if word.isalpha() and word[1:].islower():
            continue  # most words: decided here, without the call
        if needs_protection(word):
            yield match.span()


_CAPITALISED_AFTER_HYPHEN = LazyPattern(r"-([^\W\d_a-z][^\W_]*(?:-[^\W_]+)*)")


def parse_segments(
    text: str, *, protect_case: bool = False, dashes: bool = True
) -> tuple[Segment, ...]:
    """*text* as :class:`Segment` runs: safe math, and text with its TeX read.

    Math is found by :func:`~paperbib._tex.math.split_math` and text decoded by
    :func:`~paperbib._tex.decode.decode_tex_text`. With *protect_case*, the
    words :func:`protected_words` picks, and the spans the model marks
    protected (``\\NoCaseChange{…}``, see :data:`~paperbib._tex.vocab.NOCASE`),
    are runs of their own; without it (abstracts, names) they are not looked
    for and a marked span is plain text. *dashes* is passed on to
    :func:`~paperbib._tex.decode.decode_tex_text` (false for LaTeX). No run is empty.
    """
    if "$" not in text and not protect_case:
        text = decode_tex_text(text, dashes=dashes)
        return (_new(Segment, (TEXT, text)),) if text else ()
    segments: list[Segment] = []
    for is_math, piece in split_math(text):
        if is_math:
            segments.append(_new(Segment, (MATH, piece)))
        elif protect_case and _MARKER in piece:
            _append_marked(segments, piece, dashes)
        else:
            _append_text(segments, piece, protect_case, dashes)
    return tuple(segments)


def _append_text(segments: list[Segment], piece: str, protect_case: bool, dashes: bool) -> None:
    piece = decode_tex_text(piece, dashes=dashes)
    if protect_case and segments and segments[-1].kind == MATH:
        # Math joined by a hyphen to a capitalised word is a name: $\mathcal{B}$-Coder.
        after = _CAPITALISED_AFTER_HYPHEN.match(piece)
        if after:
            segments.append(_new(Segment, (TEXT, "-")))
            segments.append(_new(Segment, (PROTECTED, after.group(1))))
            piece = piece[after.end() :]
    if protect_case:
        position = 0
        for start, end in protected_words(piece):
            if position < start:
                segments.append(_new(Segment, (TEXT, piece[position:start])))
            segments.append(_new(Segment, (PROTECTED, piece[start:end])))
            position = end
        piece = piece[position:]
    if piece:
        segments.append(_new(Segment, (TEXT, piece)))


def _append_marked(segments: list[Segment], piece: str, dashes: bool) -> None:
    """Segments of a text piece holding protection markers: each marked span one run."""
    position = 0
    for match in _MARKED.finditer(piece):
        if position < match.start():
            _append_text(segments, piece[position : match.start()], True, dashes)
        if text := decode_tex_text(match.group(1), dashes=dashes):
            segments.append(_new(Segment, (PROTECTED, text)))
        position = match.end()
    if position < len(piece):
        _append_text(segments, piece[position:], True, dashes)
