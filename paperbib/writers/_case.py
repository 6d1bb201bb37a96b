"""Which words a style must not recase: one rule for every writer.

BibTeX styles and CSL processors change the case of titles. Words whose
capitals carry meaning must be protected: BibTeX writes them in braces
(``{LeTI}``), CSL-JSON in ``<span class="nocase">`` (the same words in both).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["needs_protection", "protected_words"]

_WORD = re.compile(r"[^\W_]+")


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


def protected_words(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every acronym-like word in *text*, in order."""
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isalpha() and word[1:].islower():
            continue  # most words: decided here, without the call
        if needs_protection(word):
            yield match.span()
