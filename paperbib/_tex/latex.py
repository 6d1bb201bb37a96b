"""The LaTeX renderer: untrusted text as LaTeX that typesets as written and executes nothing.

Text from web pages is untrusted: a title may carry ``\\input{/etc/passwd}`` or
``\\immediate\\write18{…}``. The only TeX that survives is ``$…$`` math that is
balanced and uses known, harmless math commands; every other special character
is escaped so it prints as itself. In ASCII mode non-ASCII characters become
the LaTeX forms BibTeX treats as one letter (``{\\'e}``, ``{$\\alpha$}``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from paperbib._tex.decode import LITERAL_HYPHEN
from paperbib._tex.math import modern_font_commands
from paperbib._tex.segments import (
    MATH,
    PROTECTED,
    TEXT,
    Segment,
    parse_segments,
    protected_words,
)
from paperbib._tex.vocab import ACCENTS, LETTERS, MATH_FALLBACKS, MATH_SYMBOLS, TEXT_SYMBOLS
from paperbib._text import is_printable

__all__ = ["escape_text", "fallback_preamble", "render_latex"]

_COMMAND_NAME = re.compile(r"\\([A-Za-z]+)")


def fallback_preamble(latex: str) -> str:
    """The ``@preamble`` entry *latex* needs, or ``""``: stand-ins for package-only math."""
    used = sorted(set(_COMMAND_NAME.findall(latex)) & MATH_FALLBACKS.keys())
    if not used:
        return ""
    return '@preamble{"' + " ".join(MATH_FALLBACKS[name] for name in used) + '"}\n'


# The escaper's side of the vocabulary: what each character is written as.
_TEXT_SPECIALS = {char: latex for char, (latex, _) in TEXT_SYMBOLS.items() if char.isascii()}
_TEXT_CHARS = {
    **{char: "{\\" + name + "}" for name, char in LETTERS.items()},
    **{char: latex for char, (latex, _) in TEXT_SYMBOLS.items() if not char.isascii()},
}
_MATH_LATEX = {
    char: "\\" + names.split()[0] if names[0].isalpha() else names
    for char, names in MATH_SYMBOLS.items()
}
_MATH_IN_TEXT = {char: "{$" + latex + "$}" for char, latex in _MATH_LATEX.items()}
_ACCENT_OF_MARK = {mark: accent for accent, mark in ACCENTS.items()}

# C0 and C1 controls and DEL cannot appear in a TeX file; whitespace is collapsed first.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BRACE = re.compile(r"[{}]")
# A regex search for two spaces is twice as fast as `"  " in text` on a long abstract.
_TWO_SPACES = re.compile("  ")


def _unmatched_braces(text: str) -> set[int]:
    """Positions of braces that have no partner.

    BibTeX counts every brace, escaped or not, so the escaped braces paperbib
    writes must pair up too; the unpaired ones get an invisible partner.
    """
    stack: list[int] = []
    unmatched: set[int] = set()
    for match in _BRACE.finditer(text):
        if match.group() == "{":
            stack.append(match.start())
        elif stack:
            stack.pop()
        else:
            unmatched.add(match.start())
    unmatched.update(stack)
    return unmatched


def _encode_cluster(cluster: str, unmapped: list[str]) -> str:
    """A non-ASCII letter with its accents as ``{\\'e}``, or the cluster as it is if it has none."""
    latex = _TEXT_CHARS.get(cluster) or _MATH_IN_TEXT.get(cluster)
    if latex is not None:
        return latex
    decomposed = unicodedata.normalize("NFD", cluster)
    base, marks = decomposed[0], decomposed[1:]
    if base.isascii() and not base.isalpha():
        # Accents on a digit or a TeX special: escape the special, keep the marks.
        unmapped.append(marks)
        return _TEXT_SPECIALS.get(base, base) + marks
    # An accented i is ``{\'i}``, not ``{\'{\i}}``: biber decodes \i to U+0131 and a
    # combining accent, which stops pdflatex, while LaTeX's OT1 and T1 encodings set
    # \' \` \^ \" over i with the dotless glyph themselves.
    if base in _TEXT_CHARS and base.isalpha():
        base = _TEXT_CHARS[base][1:-1]
    elif not (base.isascii() and base.isalpha()):
        unmapped.append(cluster)
        return cluster
    if not marks or any(mark not in _ACCENT_OF_MARK for mark in marks):
        unmapped.append(cluster)
        return cluster
    latex = base
    for mark in marks:
        accent = _ACCENT_OF_MARK[mark]
        latex = (
            f"\\{accent}{latex}"
            if not accent.isalpha() and len(latex) == 1
            else (f"\\{accent}{{{latex}}}")
        )
    return "{" + latex + "}"


def _encode_math(math: str, unmapped: list[str]) -> str:
    if math.isascii():
        return math
    out = []
    for index, ch in enumerate(math):
        if ch.isascii():
            out.append(ch)
        elif ch in _MATH_LATEX:
            latex = _MATH_LATEX[ch]
            following = math[index + 1 : index + 2]
            # A control word ends at the first non-letter; add a space only if a letter follows.
            if latex[-1].isalpha() and following.isascii() and following.isalpha():
                latex += " "
            out.append(latex)
        else:
            unmapped.append(ch)
            out.append(ch)
    return "".join(out)


# Stand-ins for braces that have no partner, swapped in before escaping: control
# characters, which escape_text has removed from the text by then.
_LONE_OPEN, _LONE_CLOSE = "\x01", "\x02"
_ESCAPES = {
    **_TEXT_SPECIALS,
    _LONE_OPEN: r"\{\vphantom{\}}",
    _LONE_CLOSE: r"\vphantom{\{}\}",
    # A hyphen that is not part of a dash (a URL's --, an option's): apart from the one before.
    LITERAL_HYPHEN: "{-}",
}
# ASCII characters that TeX text fonts join into ligatures, and the characters
# written as nothing but those (dashes, double quotes).
_LIGATURE_CHARS = frozenset("-`'") | {
    char for char, latex in _TEXT_CHARS.items() if latex and set(latex) <= set("-`'")
}
_LIGATURE_STARTS = _LIGATURE_CHARS | {"!", "?"}
_SPECIAL_CLASS = "[" + re.escape("".join(_ESCAPES)) + "]"
_SPECIALS = re.compile(_SPECIAL_CLASS)
_NOT_SPECIAL_ASCII = bytes(b for b in range(0x80) if chr(b) not in _ESCAPES)


def _has_specials(text: str) -> bool:
    # For ASCII, deleting every other byte in C is several times faster than a search.
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _NOT_SPECIAL_ASCII))
    return _SPECIALS.search(text) is not None


_SPECIALS_OR_CLUSTERS = re.compile(
    _SPECIAL_CLASS + r"|[^\x00-\x7f][\u0300-\u036f]*|[A-Za-z][\u0300-\u036f]+"
)


def _escape_run(text: str, ascii_only: bool, unmapped: list[str]) -> str:
    """Escape specials (and, in ASCII mode, encode other characters) in a run of text."""
    if ascii_only and not text.isascii():
        pattern = _SPECIALS_OR_CLUSTERS
    elif not _has_specials(text):
        return text
    else:
        pattern = _SPECIALS

    def replace(match: re.Match[str]) -> str:
        found = match.group()
        escaped = _ESCAPES.get(found)
        if escaped is not None:
            return escaped
        escaped = _encode_cluster(found, unmapped)
        if escaped[0] in _LIGATURE_CHARS and _touches_ligature(match):
            return "{" + escaped + "}"
        return escaped

    return pattern.sub(replace, text)


def _touches_ligature(match: re.Match[str]) -> bool:
    """Whether TeX would merge the ASCII form of *match* with a neighbour.

    Text fonts turn ``--``, ``---``, ``````, ``''``, ``!``` and ``?``` into
    single glyphs, so "-\u2010" written as ``--`` would print an en dash; a
    group (``-{-}``) keeps the characters apart.
    """
    text, (start, end) = match.string, match.span()
    return text[start - 1 : start] in _LIGATURE_STARTS or text[end : end + 1] in _LIGATURE_CHARS


def _mark_lone_braces(text: str) -> str:
    unmatched = _unmatched_braces(text)
    if not unmatched:
        return text
    chars = list(text)
    for index in unmatched:
        chars[index] = _LONE_OPEN if chars[index] == "{" else _LONE_CLOSE
    return "".join(chars)


def _mark_lone_braces_in_runs(segments: Sequence[Segment]) -> list[Segment]:
    """*segments* with unpaired braces swapped for stand-ins.

    Braces pair across the words of a run of text (``{BERT}``), not across math.
    """
    out: list[Segment] = []
    start = 0
    for end in [*(i for i, s in enumerate(segments) if s.kind == MATH), len(segments)]:
        run = segments[start:end]
        marked = _mark_lone_braces("".join(segment.text for segment in run))
        position = 0
        for kind, text in run:
            out.append(Segment(kind, marked[position : position + len(text)]))
            position += len(text)
        if end < len(segments):
            out.append(segments[end])
        start = end + 1
    return out


def render_latex(
    segments: Sequence[Segment],
    *,
    protect_case: bool = False,
    double_braces: bool = False,
    ascii_only: bool = False,
    unmapped: list[str] | None = None,
) -> str:
    """LaTeX for the *segments* of a text: math kept, everything else escaped.

    The segments come from :func:`~paperbib._tex.segments.parse_segments`, of a
    text without control characters (:func:`escape_text` removes them first).
    With *protect_case*, protected words and math are wrapped in braces (two
    pairs with *double_braces*); in ASCII mode, characters with no LaTeX form
    are appended to *unmapped*. See :func:`escape_text`.
    """
    braces = ("{{", "}}") if double_braces else ("{", "}")
    return _render(segments, braces if protect_case else None, ascii_only, unmapped)


def _render(
    segments: Sequence[Segment],
    braces: tuple[str, str] | None,
    ascii_only: bool,
    unmapped: list[str] | None,
) -> str:
    unmapped = [] if unmapped is None else unmapped
    if len(segments) == 1 and segments[0].kind == TEXT:  # most fields: one run of text
        text = segments[0].text
        if "{" in text or "}" in text:
            text = _mark_lone_braces(text)
        return _escape_run(text, ascii_only, unmapped)
    for kind, text in segments:
        if ("{" in text or "}" in text) and kind != MATH:
            segments = _mark_lone_braces_in_runs(segments)
            break
    out: list[str] = []
    for kind, text in segments:
        if kind == MATH:
            text = modern_font_commands(text)
            if ascii_only:
                text = _encode_math(text, unmapped)
            out.append(braces[0] + text + braces[1] if braces else text)
        elif kind == PROTECTED and braces:
            out.append(braces[0] + _escape_run(text, ascii_only, unmapped) + braces[1])
        else:
            out.append(_escape_run(text, ascii_only, unmapped))
    return "".join(out)


def escape_text(
    text: str,
    *,
    protect_case: bool = False,
    double_braces: bool = False,
    ascii_only: bool = False,
    unmapped: list[str] | None = None,
    removed: list[str] | None = None,
) -> str:
    """LaTeX for *text* in a BibTeX field value: prints as written, runs nothing.

    Safe ``$…$`` math is kept. Text-mode TeX paperbib knows (``Moraz\\'an``,
    ``50\\%``) is read for what it means; every other TeX special is escaped,
    so stray macros print as text. Whitespace runs, newlines included, become one space;
    control characters are dropped. With *protect_case*, acronym-like words
    (``BERT``, ``LeTI``, ``GPT4``, ``xPQA``) and math are wrapped in braces so
    styles do not lowercase them; *double_braces* uses two pairs, as Better
    BibTeX does. With *ascii_only*, other characters become LaTeX (``{\\'e}``,
    ``{$\\alpha$}``, ``--``); those with no LaTeX form stay as they are and are
    appended to *unmapped*; removed control characters are appended to *removed*.
    """
    if not is_printable(text):  # newlines, tabs, other spaces or control characters
        text = " ".join(text.split())
        if removed is not None:
            removed.extend(_CONTROLS.findall(text))
        text = _CONTROLS.sub("", text)
    elif _TWO_SPACES.search(text):
        text = " ".join(text.split())
    text = text.strip()
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    braces = ("{{", "}}") if double_braces else ("{", "}")
    if (
        protect_case
        and "--" not in text
        and (text.isascii() or not ascii_only)
        and not _has_specials(text)
    ):
        # Fast path, the usual title: no math, TeX, dash, brace or special to read or
        # escape (specials include $ \ { }), so only the protecting braces go in.
        out: list[str] = []
        position = 0
        for start, end in protected_words(text):
            out += (text[position:start], braces[0], text[start:end], braces[1])
            position = end
        out.append(text[position:])
        return "".join(out)
    segments = parse_segments(text, protect_case=protect_case, dashes=False)
    return _render(segments, braces if protect_case else None, ascii_only, unmapped)
