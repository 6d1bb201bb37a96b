"""Property tests: arbitrary Unicode through the BibTeX writers and back.

Whatever text a title, abstract or name holds, the .bib we write parses whole in
bibtexparser and in pybtex, and decoding the LaTeX of every field (pylatexenc)
gives the original text back. "Original" means what the text says: TeX math
and TeX escapes read for their meaning, whitespace runs as one space, control
characters removed, Unicode in NFC. TeX ligatures (``--``, ``````) are compared
as the characters they typeset.
"""

from __future__ import annotations

import re
import string
import unicodedata

import bibtexparser
import pybtex.database
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from paperbib import Bibliography, Entry, PartialDate, Person
from paperbib._tex import decode_tex_text, split_math
from paperbib.diagnostics import Diagnostics
from paperbib.writers.bibtex import BiblatexWriter, BibtexWriter

# pylatexenc does not know three standard LaTeX text symbols; teach them to it.
_CONTEXT = get_default_latex_context_db()
_CONTEXT.add_context_category(
    "latex-text-symbols",
    macros=[
        MacroTextSpec(name, char)
        for name, char in (("textless", "<"), ("textgreater", ">"), ("textbar", "|"))
    ],
    prepend=True,
)
DECODER = LatexNodes2Text(latex_context=_CONTEXT, math_mode="text", strict_latex_spaces=True)
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What pylatexenc prints for a few LaTeX forms, against the character we wrote; the
# writer's ASCII mode writes the hyphens U+2010 and U+2011 as "-", the same glyph in TeX.
DECODER_VARIANTS = str.maketrans(
    {"ˆ": "^", "·": "⋅", "μ": "µ", "ħ": "ℏ", "|": "∣", "−": "-", "\u2010": "-", "\u2011": "-"}
)
LIGATURES = [("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("!`", "¡"), ("?`", "¿")]

SPECIALS = st.sampled_from(
    [*"\\{}$%&#_^~<>|\"'`", "$x$", "$\\alpha$", "\\input{x}", "\\'e", "--", "BERT", "x\u0301"]
)
TEXT = st.lists(
    st.one_of(
        st.text(st.characters(exclude_categories=("Cs",)), max_size=8),
        st.text(string.ascii_letters + " ", max_size=8),
        SPECIALS,
    ),
    max_size=12,
).map("".join)
NAME = st.text(string.ascii_letters + "ÉéüßŁłçñ -'", min_size=1, max_size=12).filter(
    lambda s: s.strip(" -'") != "" and s.strip()[0].isalpha()
)


def ligatures(text: str, *, dashes: bool = True) -> str:
    """The glyphs TeX makes of adjacent characters; a group (``-{-}``) keeps them apart."""
    for tex, char in LIGATURES:
        if dashes or "-" not in tex:
            text = text.replace(tex, char)
    return text


def canonical(text: str) -> str:
    text = text.translate(DECODER_VARIANTS)
    return re.sub(r"\s+", " ", text).strip()


def meaning(text: str) -> str:
    """What *text* says, the way the writer reads it.

    Quotes and marks join as TeX joins them; runs of hyphens follow paperbib's dash
    rule (``decode_tex_text``: prose ``--`` is a dash, an option such as ``--A`` is not).
    """
    text = unicodedata.normalize("NFC", CONTROLS.sub("", re.sub(r"\s+", " ", text)).strip())
    return canonical(
        unicodedata.normalize(
            "NFC",
            "".join(
                DECODER.latex_to_text(piece)
                if is_math
                else decode_tex_text(ligatures(piece, dashes=False))
                for is_math, piece in split_math(text)
            ),
        )
    )


def decoded(latex: str) -> str:
    """What TeX prints for *latex*: ligatures formed in the source, then pylatexenc's reading."""
    latex = "".join(piece if is_math else ligatures(piece) for is_math, piece in split_math(latex))
    return canonical(unicodedata.normalize("NFC", DECODER.latex_to_text(latex)))


def write(entry: Entry, writer: BibtexWriter) -> str:
    return writer.write(Bibliography([entry]), Diagnostics())


WRITERS = st.sampled_from(
    [BibtexWriter(), BibtexWriter(unicode=True), BiblatexWriter(), BiblatexWriter(unicode=False)]
)
SETTINGS = settings(
    max_examples=int(__import__("os").environ.get("PAPERBIB_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(title=TEXT, abstract=TEXT, writer=WRITERS)
def test_text_fields_round_trip(title: str, abstract: str, writer: BibtexWriter) -> None:
    entry = Entry(key="k", title=title, abstract=abstract, date=PartialDate(2024, 1))
    text = write(entry, writer)
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    (parsed,) = library.entries
    pybtex_entry = pybtex.database.parse_string(text, "bibtex").entries["k"]
    for field, original in (("title", title), ("abstract", abstract)):
        if not meaning(original):
            assert field not in parsed.fields_dict
            continue
        assert decoded(parsed[field]) == meaning(original), (field, parsed[field])
        assert decoded(pybtex_entry.fields[field]) == meaning(original)


@SETTINGS
@given(family=NAME, given_name=NAME, writer=WRITERS)
def test_names_round_trip(family: str, given_name: str, writer: BibtexWriter) -> None:
    entry = Entry(key="k", title="T", authors=[Person(family=family, given=given_name)])
    text = write(entry, writer)
    (person,) = pybtex.database.parse_string(text, "bibtex").entries["k"].persons["author"]
    last = " ".join(person.prelast_names + person.last_names)
    first = " ".join(person.first_names + person.middle_names)
    assert decoded(last) == meaning(family)
    assert decoded(first) == meaning(given_name)
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []


def _allowed_commands() -> set[str]:
    from paperbib._tex import latex as renderer
    from paperbib._tex import vocab

    tables = [
        *renderer._TEXT_SPECIALS.values(),
        *renderer._TEXT_CHARS.values(),
        *vocab.MATH_FALLBACKS.values(),
        *renderer._MATH_LATEX.values(),
    ]
    names = {name for latex in tables for name in re.findall(r"\\([A-Za-z]+)", latex)}
    names |= set(vocab.SAFE_MATH_COMMANDS) | set(vocab.MATH_CONTROL_SYMBOLS)
    names |= set(renderer._ACCENT_OF_MARK.values()) | {"vphantom", "i", "j"}
    return names | set("%&#_${}'`^\"~=.")


ALLOWED = _allowed_commands()


@SETTINGS
@given(title=TEXT, writer=WRITERS)
def test_no_command_from_the_input_survives(title: str, writer: BibtexWriter) -> None:
    """Every control sequence in the output is one paperbib writes on purpose."""
    text = write(Entry(key="k", title=title, abstract=title, date=PartialDate(2024)), writer)
    used = set(re.findall(r"\\([A-Za-z]+|.)", text, re.DOTALL))
    assert used <= ALLOWED, used - ALLOWED
