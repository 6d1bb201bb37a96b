"""The TeX package: one vocabulary read both ways, text parsed once, two renderers."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from paperbib._tex import (
    MATH,
    PROTECTED,
    TEXT,
    Segment,
    decode_tex_text,
    escape_text,
    math_to_unicode,
    parse_segments,
    render_csl_rich_text,
    render_latex,
    render_unicode,
    tex_to_unicode,
    to_csl_rich_text,
)
from paperbib._tex.vocab import (
    ACCENTS,
    LETTERS,
    MATH_FALLBACKS,
    MATH_SYMBOLS,
    MATH_SYMBOLS_READ_ONLY,
    SAFE_MATH_COMMANDS,
    TEXT_SYMBOLS,
)


def test_segments_of_a_title() -> None:
    assert parse_segments(r"LeTI: $\alpha$-Moraz\'an models", protect_case=True) == (
        Segment(PROTECTED, "LeTI"),
        Segment(TEXT, ": "),
        Segment(MATH, r"$\alpha$"),
        Segment(TEXT, "-"),
        Segment(PROTECTED, "Morazán"),  # math, a hyphen and a capital: a name
        Segment(TEXT, " models"),
    )


def test_without_protection_words_are_not_looked_for() -> None:
    assert parse_segments("BERT and GPT4") == (Segment(TEXT, "BERT and GPT4"),)
    assert parse_segments("BERT $x$") == (Segment(TEXT, "BERT "), Segment(MATH, "$x$"))


@pytest.mark.parametrize("text", ["", r"\emph{}", "$x$"])
def test_no_segment_is_empty(text: str) -> None:
    assert all(segment.text for segment in parse_segments(text, protect_case=True))


TEXT_ST = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"])) | st.lists(
    st.sampled_from(["BERT", "word", " ", "$x^2$", "$", r"\'e", "{", "}", "3D", "-", "é"])
).map("".join)


@given(TEXT_ST)
@example("{BERT}")
@example(r"$\alpha$ {LeTI $x$}")
def test_segments_join_to_the_decoded_text(text: str) -> None:
    plain = parse_segments(text)
    protected = parse_segments(text, protect_case=True)
    assert "".join(s.text for s in protected) == "".join(s.text for s in plain)
    assert render_unicode(protected) == render_unicode(plain) == tex_to_unicode(text)


@given(TEXT_ST, st.booleans(), st.booleans(), st.booleans())
@example("{BERT}", True, False, True)
def test_escape_text_is_the_latex_renderer_over_segments(
    text: str, protect_case: bool, double_braces: bool, ascii_only: bool
) -> None:
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    unmapped: list[str] = []
    rendered = render_latex(
        # As escape_text reads a field: a "--" stays two hyphens (the dash rule is the writers').
        parse_segments(text, protect_case=protect_case, dashes=False),
        protect_case=protect_case,
        double_braces=double_braces,
        ascii_only=ascii_only,
        unmapped=unmapped,
    )
    expected_unmapped: list[str] = []
    expected = escape_text(
        text,
        protect_case=protect_case,
        double_braces=double_braces,
        ascii_only=ascii_only,
        unmapped=expected_unmapped,
    )
    assert (rendered, unmapped) == (expected, expected_unmapped)


def test_csl_rich_text_marks_protected_words_and_math() -> None:
    title = r"$\mathcal{B}$-Coder: xPQA and LLMs for Moraz\'an"
    expected = (
        '<span class="nocase">ℬ</span>-<span class="nocase">Coder</span>: '
        '<span class="nocase">xPQA</span> and '
        '<span class="nocase">LLMs</span> for Morazán'
    )
    assert to_csl_rich_text(title) == expected
    assert render_csl_rich_text(parse_segments(title, protect_case=True)) == expected


# The vocabulary is written once; both directions must agree with it.


@pytest.mark.parametrize(("accent", "mark"), ACCENTS.items())
def test_accents_read_and_written(accent: str, mark: str) -> None:
    letter = unicodedata.normalize("NFC", "e" + mark)
    argument = "{e}" if accent.isalpha() else "e"
    assert decode_tex_text(f"\\{accent}{{e}}") == letter
    assert escape_text(letter, ascii_only=True) == f"{{\\{accent}{argument}}}"


@pytest.mark.parametrize(("name", "letter"), LETTERS.items())
def test_letters_read_and_written(name: str, letter: str) -> None:
    assert decode_tex_text(f"{{\\{name}}}") == decode_tex_text(f"\\{name}{{}}") == letter
    assert escape_text(letter, ascii_only=True) == f"{{\\{name}}}"


@pytest.mark.parametrize(("char", "forms"), TEXT_SYMBOLS.items())
def test_text_symbols_read_and_written(char: str, forms: tuple[str, str]) -> None:
    written, read = forms
    text, expected = ("{x}", r"\{x\}") if char in "{}" else (f"a{char}b", f"a{written}b")
    assert render_latex(parse_segments(text), ascii_only=True) == expected
    for name in read.split():
        assert decode_tex_text(f"\\{name}{{}}") == char


@pytest.mark.parametrize(("char", "names"), MATH_SYMBOLS.items())
def test_math_symbols_written_with_their_first_command(char: str, names: str) -> None:
    first = names.split()[0]
    latex = first if first == "-" else "\\" + first
    assert escape_text(char, ascii_only=True) == "{$" + latex + "$}"
    assert math_to_unicode("$" + latex + "$") == (char if first != "-" else "-")


@pytest.mark.parametrize(
    ("char", "name"),
    [
        (char, name)
        for table in (MATH_SYMBOLS, MATH_SYMBOLS_READ_ONLY)
        for char, names in table.items()
        for name in names.split()
        if name.isalpha()
    ],
)
def test_math_commands_read_as_their_character(char: str, name: str) -> None:
    assert name in SAFE_MATH_COMMANDS
    assert math_to_unicode(f"$a\\{name} b$") == re.sub(r"\s+", " ", f"a{char} b")


@pytest.mark.parametrize(
    "char", [c for c in MATH_SYMBOLS_READ_ONLY if not c.isascii() and c not in TEXT_SYMBOLS]
)
def test_read_only_math_symbols_are_not_written(char: str) -> None:
    unmapped: list[str] = []
    assert escape_text(char, ascii_only=True, unmapped=unmapped) == char
    assert unmapped == [char]


def test_fallbacks_are_for_safe_commands() -> None:
    assert MATH_FALLBACKS.keys() <= SAFE_MATH_COMMANDS
