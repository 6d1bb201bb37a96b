"""The Unicode renderer: TeX read into the characters it stands for, for CSL-JSON and RIS.

Formats that are not TeX want ``Morazán`` and ``ℬ`` rather than ``Moraz\\'an``
and ``$\\mathcal{B}$``. CSL-JSON titles also mark what a style must not recase
(the words BibTeX would brace-protect, and math) with ``<span class="nocase">``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from paperbib._tex.decode import decode_tex_text
from paperbib._tex.math import math_to_unicode
from paperbib._tex.segments import MATH, TEXT, Segment, parse_segments
from paperbib._tex.vocab import LETTERS

__all__ = [
    "render_csl_rich_text",
    "render_unicode",
    "tex_to_ascii",
    "tex_to_unicode",
    "to_csl_rich_text",
]

# Letters NFKD does not take apart, as the ASCII their TeX names spell (ß -> ss).
_ASCII_LETTERS = str.maketrans({char: name for name, char in LETTERS.items()})


def render_unicode(segments: Sequence[Segment]) -> str:
    """Plain Unicode for the *segments* of a text: math read as characters (``x²``)."""
    return "".join(math_to_unicode(text) if kind == MATH else text for kind, text in segments)


def render_csl_rich_text(segments: Sequence[Segment]) -> str:
    """CSL rich text for *segments*: Unicode, with protected words and math in nocase spans."""
    out: list[str] = []
    for kind, text in segments:
        if kind == TEXT:
            out.append(text)
        else:
            rendered = math_to_unicode(text, rich=True) if kind == MATH else text
            out.append(f'<span class="nocase">{rendered}</span>')
    return "".join(out)


def tex_to_unicode(text: str) -> str:
    """Decode both the math (``$…$`` spans that are safe TeX) and the text-mode TeX of *text*."""
    if "$" not in text:
        return decode_tex_text(text)  # one text segment: no need to build it
    return render_unicode(parse_segments(text))


def to_csl_rich_text(text: str) -> str:
    """A CSL-JSON title: Unicode, with the words BibTeX would brace-protect in nocase spans."""
    return render_csl_rich_text(parse_segments(text, protect_case=True))


def tex_to_ascii(text: str) -> str:
    """*text* read as Unicode (:func:`tex_to_unicode`), then as close as ASCII gets.

    Accents are dropped (``Morazán`` -> ``Morazan``), letters ASCII lacks are
    spelled as their TeX names spell them (``ß`` -> ``ss``), compatibility
    forms become their letters (``ℬ`` -> ``B``) and every other character
    that is not ASCII is dropped.
    """
    text = tex_to_unicode(text)
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_ASCII_LETTERS))
    return text.encode("ascii", "ignore").decode("ascii")
