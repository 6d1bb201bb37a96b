"""The quick split of a ``.bib`` gives bibtexparser's blocks, or leaves blocks to it.

:func:`paperbib.readers._bibsplit.split` cuts files by bibtexparser v2's rules
without its character-by-character walk; whatever it returns must be what
bibtexparser's splitter gives (:func:`~paperbib.readers._bibsplit.parsed`), for
every ``.bib`` of the test suite and for generated text full of the cases those
rules decide: escaped delimiters, quotes in braces and braces in quotes, block
starts inside values, duplicates, missing commas.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from paperbib._files import decode
from paperbib.diagnostics import Diagnostics
from paperbib.readers._bibsplit import Block, blocks, parsed, split

HERE = Path(__file__).parent
BIB_FILES = sorted(p for p in HERE.rglob("*.bib") if ".work" not in p.parts)


def _shape(found: list[Block]) -> list[tuple[object, ...]]:
    return [
        (b.kind, b.line, b.type, b.key, b.value, b.fields, b.duplicate)
        if b.kind != "failed"
        else (b.kind, b.line, b.failed.raw, getattr(b.failed.error, "abort_reason", b.failed.error))
        for b in found
    ]


def _agrees(text: str) -> bool:
    """Whether split alone cut *text*; fails unless the blocks are bibtexparser's.

    Blocks split cannot cut are cut by bibtexparser, with what follows them up to
    the next block starting a line: the result is the same as its own, whole.
    """
    assert _shape(blocks(text)) == _shape(parsed(text))
    return split(text) is not None


@pytest.mark.parametrize("path", BIB_FILES, ids=lambda p: str(p.relative_to(HERE)))
def test_the_split_gives_bibtexparsers_blocks(path: Path) -> None:
    _agrees(decode(path.read_bytes(), Diagnostics(str(path))))


def test_the_split_reads_the_suites_files_itself() -> None:
    """It does not just give up: the well-formed files are split without bibtexparser."""
    split_here = [p.name for p in BIB_FILES if _agrees(decode(p.read_bytes(), Diagnostics()))]
    assert len(split_here) >= len(BIB_FILES) * 3 // 4, split_here
    for name in ("xampl.bib", "biblatex-examples.bib"):
        assert name in split_here


_PIECES = st.sampled_from(
    [
        "@misc{", "@article {", "@STRING{", "@string{", "@comment{", "@preamble{", "@misc(",
        "@Book{k1,", "@misc{k2,", "@misc{k1,", "@{", "key", " title = ", "Title=", "year = 2020",
        "{", "}", '"', "{\"}", '\\"', "\\{", "\\}", "\\\n", ",", " , ", "=", "#", " # ",
        "\n", "\n  ", "\n@misc{x,", "  @misc{x,", "x@y.org", "@ ", "jan", "{A {B} C}",
        '"a {b} c"', "{a \"b\" c}", "%", "\\'e", "~", "text", " ", "\t", "(", ")", "\n}\n",
    ]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=40).map("".join))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@example('@misc{a, title = {T} # "x"}')
@example('@misc{a, title = "a {"} b", year = 1}')
@example("@misc{a, title = {a \\} b}, year = 1}")
@example('@misc{a, title = "a \\" b", year = 1}')
@example("@misc{a, t = {x}, t = {y}}\n@misc{a, u = {z}}\n@misc{a, v = {w}}")
@example("@misc{a, note = {one \\\ntwo}}\n@misc{b,\n title = {T}}")
@example("@misc{a, note = {mail\n @misc{y.org}}, title = {T}}\n")
@example("@string{s = {a}b}} @misc{k, t = s}")
def test_generated_text_is_split_as_bibtexparser_splits_it(text: str) -> None:
    _agrees(text)
