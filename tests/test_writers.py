"""Writers: pinned output for each input, checked by the programs that read it."""

from __future__ import annotations

import json
import re
import warnings
from typing import Any

import jsonschema
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from paperbib import (
    Bibliography,
    Entry,
    EntryKind,
    PaperbibWarning,
    PartialDate,
    Person,
    Source,
    UsageError,
    dumps,
    loads,
    to_csl_json,
    to_ris,
)
from paperbib.diagnostics import Diagnostics
from paperbib.keys import assign_keys

from .conftest import DATA, SEED, SEED_AS_OF, loads_checked

INPUTS = {
    "hf-papers-2025-12-09": (SEED, SEED_AS_OF),
    "hf-papers-2026-08-21": (DATA / "hf-papers-2026-08-21.txt", "2026-08-21"),
}
SUFFIXES = {"csl-json": ".json", "ris": ".ris"}  # BibTeX: test_bibtex.py
SCHEMA = json.loads((DATA / "csl-data.json").read_text(encoding="utf-8"))


def read_input(name: str) -> Bibliography:
    path, as_of = INPUTS[name]
    return loads_checked(path.read_bytes(), source=path.name, as_of=as_of)


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
def test_output_is_deterministic(fmt: str) -> None:
    assert dumps(read_input("hf-papers-2025-12-09"), fmt) == dumps(
        read_input("hf-papers-2025-12-09"), fmt
    )


class TestCslJson:
    @pytest.mark.parametrize("name", sorted(INPUTS))
    def test_valid_against_the_official_schema(self, name: str) -> None:
        items = json.loads(to_csl_json(read_input(name)))
        jsonschema.validate(items, SCHEMA, cls=jsonschema.Draft7Validator)

    def test_seed_items(self) -> None:
        bib = read_input("hf-papers-2025-12-09")
        text = to_csl_json(bib)
        items = json.loads(text)
        assert len(items) == 39
        for item, entry in zip(items, bib, strict=True):
            assert item["id"] == item["citation-key"] == entry.key
            assert item["type"] == "article"
            # TeX's dashes are read as dashes (see test_dashes_are_dashes_in_every_format).
            if "$" not in entry.title:
                title = re.sub(r"</?span[^>]*>", "", item["title"])
                assert title == dashed(entry.title)
            if "\\" not in (entry.abstract or ""):
                assert item["abstract"] == dashed(entry.abstract or "")
            assert item["issued"] == {"date-parts": [list(entry.date.parts())]}
            assert item["accessed"] == {"date-parts": [[2025, 12, 9]]}
        assert "\\u" not in text

    def test_titles_protect_what_bibtex_protects(self) -> None:
        titles = [
            item["title"] for item in json.loads(to_csl_json(read_input("hf-papers-2025-12-09")))
        ]
        assert titles[3] == (
            '<span class="nocase">ℬ</span>-<span class="nocase">Coder</span>: Value-Based Deep '
            "Reinforcement Learning for Program Synthesis"
        )
        assert (
            titles[8]
            == '<span class="nocase">LeTI</span>: Learning to Generate from Textual Interactions'
        )
        assert titles[20] == (
            '<span class="nocase">LLM2LLM</span>: Boosting <span class="nocase">LLMs</span> with '
            "Novel Iterative Data Enhancement"
        )
        assert all("$" not in t and "\\" not in t for t in titles)

    def test_tex_in_abstracts_becomes_unicode(self) -> None:
        entry = Entry(
            key="k",
            title="T",
            abstract="Moraz\\'an's $\\alpha$-test: 50\\% of {\\\"o} \\ewtune~adds.",
        )
        item = json.loads(to_csl_json(Bibliography([entry])))[0]
        assert item["abstract"] == "Morazán's α-test: 50% of ö \\ewtune~adds."

    def test_names(self) -> None:
        entry = Entry(
            key="k",
            title="T",
            authors=(
                Person(family="Beethoven", given="Ludwig", particle="van"),
                Person(family="King", given="Martin Luther", suffix="Jr."),
                Person(literal="The BigScience Workshop"),
            ),
        )
        items = json.loads(to_csl_json(Bibliography([entry])))
        assert items[0]["author"] == [
            {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
            {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
            {"literal": "The BigScience Workshop"},
        ]
        jsonschema.validate(items, SCHEMA, cls=jsonschema.Draft7Validator)

    @pytest.mark.parametrize(
        ("date", "parts"),
        [(PartialDate(2020), [[2020]]), (PartialDate(2020, 5), [[2020, 5]])],
    )
    def test_partial_dates(self, date: PartialDate, parts: list[list[int]]) -> None:
        bib = Bibliography(assign_keys([Entry(title="T", date=date)]))
        items = json.loads(to_csl_json(bib))
        assert items[0]["issued"] == {"date-parts": parts}


class TestRis:
    def test_seed_records(self) -> None:
        bib = read_input("hf-papers-2025-12-09")
        text = to_ris(bib)
        records = text.split("\r\n\r\n")
        assert len(records) == 39
        first = records[0].split("\r\n")
        assert first[0] == "TY  - GEN"
        assert first[-1] == "ER  - "
        assert first[1] == f"ID  - {bib.entries[0].key}"
        assert first[2] == f"TI  - {bib.entries[0].title}"
        assert "PY  - 2022" in first
        assert "DA  - 2022/02/03/" in first
        assert "Y2  - 2025/12/09/" in first
        assert "N1  - hf.authorcount: 14" in first
        assert not text.startswith("\ufeff")

    def test_full_record_in_zotero_order(self) -> None:
        entry = Entry(
            key="devlin2018bert",
            kind=EntryKind.PREPRINT,
            title="BERT: Pre-training",
            authors=(
                Person(family="Devlin", given="Jacob"),
                Person(family="Beethoven", given="Ludwig", particle="van"),
                Person(family="King", given="Martin", suffix="Jr."),
                Person(literal="Google"),
            ),
            abstract="Line one\nline two\r\n\tend.",
            date=PartialDate(2018, 10),
            arxiv_id="1810.04805",
            categories=("cs.CL", "cs.LG"),
            extra={"hf.upvotes": 3},
            links=("https://github.com/google/bert",),
        )
        assert to_ris(Bibliography([entry]), eol="lf") == (
            "TY  - GEN\n"
            "ID  - devlin2018bert\n"
            "TI  - BERT: Pre-training\n"
            "AU  - Devlin, Jacob\n"
            "AU  - van Beethoven, Ludwig\n"
            "AU  - King, Martin, Jr.\n"
            "AU  - Google\n"
            "AB  - Line one line two end.\n"
            "DA  - 2018/10//\n"
            "PY  - 2018\n"
            "DO  - 10.48550/arXiv.1810.04805\n"
            "PB  - arXiv\n"
            "UR  - https://arxiv.org/abs/1810.04805\n"
            "N1  - arXiv:1810.04805 [cs.CL]\n"
            "N1  - Links: https://github.com/google/bert\n"
            "N1  - hf.upvotes: 3\n"
            "KW  - cs.CL\n"
            "KW  - cs.LG\n"
            "ER  - \n"
        )

    def test_bad_eol(self) -> None:
        with pytest.raises(UsageError):
            to_ris(read_input("hf-papers-2025-12-09"), eol="cr")


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=24,
)


@given(JSON_VALUES)
def test_csl_layout_is_the_same_json(value: Any) -> None:
    """The hand-written layout of the CSL-JSON writer is JSON that reads back as the value."""
    from paperbib.writers import csl_json

    assert json.loads(csl_json._format(value)) == value


WORDS = st.text(st.sampled_from("aZé \\${}-\n\t"), max_size=8)
NAME_PART = st.none() | WORDS
PERSON = st.builds(
    Person,
    family=WORDS.filter(bool),
    given=NAME_PART,
    particle=NAME_PART,
    suffix=NAME_PART,
    affiliation=NAME_PART,
) | st.builds(Person, literal=WORDS.filter(bool), affiliation=NAME_PART)
DATE = st.builds(PartialDate, st.integers(1000, 2999), st.none() | st.integers(1, 12)) | st.builds(
    PartialDate, st.integers(1000, 2999), st.integers(1, 12), st.integers(1, 28)
)
# Several rows fill publisher, number and note: the first wins, the others go to custom.
TEXT_FIELDS = ["abstract", "publisher", "institution", "report_number", "arxiv_id"]
TEXT_FIELDS += ["note", "journal_ref", "container_title", "volume", "doi", "url", "place"]
EXTRA = st.dictionaries(
    st.sampled_from(["csl.language", "csl.title", "csl.note", "hf.upvotes", "web.site"]),
    st.integers() | WORDS,
)


@given(
    st.builds(
        Entry,
        key=WORDS.filter(bool),
        title=WORDS,
        kind=st.sampled_from(EntryKind),
        authors=st.lists(PERSON, max_size=3),
        editors=st.lists(PERSON, max_size=2),
        date=st.none() | DATE,
        accessed=st.none() | DATE,
        links=st.lists(WORDS, max_size=2),
        categories=st.lists(WORDS, max_size=2),
        source=st.none() | st.sampled_from(Source),
        extra=EXTRA,
        **{field: st.none() | WORDS for field in TEXT_FIELDS},
    )
)
def test_csl_text_is_the_item_laid_out(entry: Entry) -> None:
    """The writer's text, written without building the items, is the items laid out."""
    from paperbib.writers.csl_json import CslJsonWriter, _format

    writer = CslJsonWriter()
    text = writer.write(Bibliography([entry]), Diagnostics())
    assert text == "[\n  " + _format(writer.item(entry), "  ") + "\n]\n"


# Fast paths must agree with the plain definitions they stand in for.
TEXT = st.text(st.characters(codec="utf-8")) | st.text(st.characters(max_codepoint=0x7F))


@given(TEXT)
@example("tab\there")
@example("delete\x7f")
@example("space ~")
@example("nbsp\u00a0")
def test_is_printable_is_str_isprintable(text: str) -> None:
    from paperbib._text import is_printable

    assert is_printable(text) is text.isprintable()


@given(TEXT)
@example("50% & more")
@example("caf\u00e9 {x}")
def test_specials_check_agrees_with_the_search(text: str) -> None:
    from paperbib._tex.latex import _SPECIALS, _has_specials

    assert _has_specials(text) is (_SPECIALS.search(text) is not None)


def dashed(text: str) -> str:
    """*text* with TeX's ``--`` and ``---`` as the dashes they print (for text without code)."""
    return text.replace("---", "\u2014").replace("--", "\u2013")


# The math of two arXiv titles that reached CSL-JSON as TeX (issue #16).
TEX_TITLE = Entry(
    key="tex2007",
    kind=EntryKind.PREPRINT,
    title=r"The $^{12}{\rm C}(p,n)$ reaction and a grating rotated by 0$^{\circ}$",
    authors=(Person(family="Hague", given="J.P."),),
    date=PartialDate(2007, 4),
    arxiv_id="0704.0241",
)


def test_csl_and_ris_titles_hold_no_tex() -> None:
    (item,) = json.loads(to_csl_json(Bibliography([TEX_TITLE])))
    assert item["title"] == (
        'The <span class="nocase">¹²C(p,n)</span> reaction and a grating rotated by '
        '0<span class="nocase">°</span>'
    )
    ris = to_ris(Bibliography([TEX_TITLE]))
    assert "TI  - The ¹²C(p,n) reaction and a grating rotated by 0°" in ris.splitlines()


def test_bibtex_keeps_the_math_with_current_font_commands() -> None:
    text = dumps(Bibliography([TEX_TITLE]), "bibtex")
    assert r"{$^{12}{\mathrm{C}}(p,n)$}" in text
    assert r"0{$^{\circ}$}" in text


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """The case-protection rule written plainly: words, and hyphenated words."""
    from paperbib._tex.segments import needs_protection, protects_compound

    spans = []
    for match in re.finditer(r"[^\W_]+(?:-[^\W_]+)*", text):
        parts = match.group().split("-")
        if len(parts) > 1 and protects_compound(parts):
            spans.append(match.span())
            continue
        start = match.start()
        for part in parts:
            if needs_protection(part):
                spans.append((start, start + len(part)))
            start += len(part) + 1
    return spans


@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"])) | TEXT)
@example("B-Coder and Pre-Trained GPT-2/3 LLaMA-Adapter e-Commerce Code-LMs")
def test_protected_words_are_the_words_needing_protection(text: str) -> None:
    from paperbib._tex.segments import protected_words

    assert list(protected_words(text)) == _protected_spans(text)


# -- dashes: one rule for every format --------------------------------------------------------

DASH_CASES = [
    # text as written; CSL-JSON and RIS; BibTeX and biblatex (TeX prints -- and --- as dashes)
    ("All -- Adapting", "All – Adapting", "All -- Adapting"),
    ("GPUs---among", "GPUs—among", "{GPUs}---among"),
    ("pages 1--9", "pages 1–9", "pages 1--9"),
    ("run --no-abstract", "run --no-abstract", "run -{-}no-abstract"),
    ("https://x.org/a--b", "https://x.org/a--b", "https://x.org/a-{-}b"),
    ("\\texttt{a--b} c--d", "a--b c–d", "a-{-}b c--d"),
    (
        "\\verb|a--b| c--d",
        "\\verb|a--b| c–d",
        "{\\textbackslash}verb{\\textbar}a-{-}b{\\textbar} c--d",
    ),
    ("rule ---- here", "rule ---- here", "rule -{-}{-}{-} here"),
    ("$x--y$ and x--y", "x--y and x–y", "{$x--y$} and x--y"),
]


@pytest.mark.parametrize(("text", "unicode", "latex"), DASH_CASES)
def test_dashes_are_dashes_in_every_format(text: str, unicode: str, latex: str) -> None:
    """TeX's `--` printed – from the .bib, but CSL-JSON and RIS kept the two hyphens."""
    bib = Bibliography([Entry(key="k", title=text, abstract=text, date=PartialDate(2024))])
    item = json.loads(to_csl_json(bib))[0]
    assert re.sub(r"</?span[^>]*>", "", item["title"]) == unicode
    assert item["abstract"] == unicode
    ris = to_ris(bib, eol="lf")
    assert f"TI  - {unicode}\n" in ris
    assert f"AB  - {unicode}\n" in ris
    for fmt in ("bibtex", "biblatex"):
        title = re.search(r"  title += \{(.*)\},\n", dumps(bib, fmt))
        assert title is not None
        assert title.group(1) == latex


def test_a_key_printed_as_the_sort_key_is_escaped() -> None:
    """Without authors or a title in Latin letters, `key = {…}` holds the citation key, as text."""
    bib = Bibliography([Entry(key="wang_2021", title="深度学习", date=PartialDate(2021))])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)  # the title has no LaTeX form
        text = dumps(bib, "bibtex")
    assert "key   = {wang\\_2021}" in text
    assert "key   = {wang_2021}" not in text


def test_lone_surrogates_are_removed_with_a_warning() -> None:
    """JSON can hold "\\ud800", which no encoding can write: removed, not a crash."""
    item = {
        "id": "a",
        "type": "article",
        "title": "Half \ud800 pair",
        "issued": {"date-parts": [[2020]]},
    }
    bib = loads(json.dumps([item]), "csl-json")
    for fmt in ("bibtex", "csl-json", "ris"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = dumps(bib, fmt)
        assert "title: control characters removed" in " ".join(str(w.message) for w in caught)
        assert "Half pair" in out or "Half  pair" in out  # spaces folded or kept
        out.encode("utf-8")


def test_ris_splits_a_page_range_at_any_dash() -> None:
    for pages in ("12--15", "12-15", "12 – 15", "12—15"):
        text = to_ris([Entry(key="k", title="T", pages=pages, date=PartialDate(2020))])
        assert "SP  - 12\r\n" in text or "SP  - 12\n" in text
        assert re.search(r"EP  - 15\r?\n", text), pages
