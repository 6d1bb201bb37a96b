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
    has_digit = has_alpha = False
    upper = 0
    for ch in word:
        if ch.isdigit():
            has_digit = True
        elif ch.isalpha():
            has_alpha = True
            upper += ch.isupper()
    if has_digit and has_alpha:
        # "60th" and "3rd" need no protection; "GPT4", "3D" and "word2vec" do.
        return not (word[0].isdigit() and upper == 0)
    return upper >= 2 or (upper == 1 and not word[0].isupper())


def protected_words(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of every acronym-like word in *text*, in order."""
    for match in _WORD.finditer(text):
        if needs_protection(match.group()):
            yield match.span()
