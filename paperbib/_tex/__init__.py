"""TeX in one place: reading it, finding what to protect, and writing it.

Text is parsed once (:func:`parse_segments`) into runs of safe ``$…$`` math,
plain text with its TeX read into Unicode, and acronym-like words a style must
not recase. Each writer renders those runs: the BibTeX writers as LaTeX
(:func:`escape_text`, :func:`render_latex`), CSL-JSON and RIS as Unicode
(:func:`tex_to_unicode`, :func:`to_csl_rich_text`). The TeX vocabulary both
directions share is in :mod:`paperbib._tex.vocab`.

Modules: ``vocab`` (the tables), ``decode`` (text-mode TeX to Unicode),
``math`` (finding safe math, reading it as Unicode), ``segments`` (the parse
and the case-protection rule), ``latex`` and ``unicode`` (the renderers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paperbib._tex.decode import decode_tex_text
from paperbib._tex.math import math_to_unicode, split_math
from paperbib._tex.segments import (
    MATH,
    PROTECTED,
    TEXT,
    Segment,
    needs_protection,
    parse_segments,
    protected_words,
    protects_compound,
)
from paperbib._tex.unicode import (
    render_csl_rich_text,
    render_unicode,
    tex_to_ascii,
    tex_to_unicode,
    to_csl_rich_text,
)

if TYPE_CHECKING:
    from paperbib._tex.latex import escape_text, fallback_preamble, render_latex

__all__ = [
    "MATH",
    "PROTECTED",
    "TEXT",
    "Segment",
    "decode_tex_text",
    "escape_text",
    "fallback_preamble",
    "math_to_unicode",
    "needs_protection",
    "parse_segments",
    "protected_words",
    "protects_compound",
    "render_csl_rich_text",
    "render_latex",
    "render_unicode",
    "split_math",
    "tex_to_ascii",
    "tex_to_unicode",
    "to_csl_rich_text",
]


def __getattr__(name: str) -> object:
    # The LaTeX renderer compiles its patterns at import, and only the BibTeX
    # writers use it: CSL-JSON and RIS runs start faster without it.
    if name in ("escape_text", "fallback_preamble", "render_latex"):
        from paperbib._tex import latex

        return getattr(latex, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
