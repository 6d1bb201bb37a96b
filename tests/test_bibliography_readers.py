"""The BibTeX, CSL-JSON and RIS readers: detection, TeX, names, macros, and broken input.

Whole files are pinned by the reader harness (``test_harness.py``); these tests
name the rules one by one.
"""

from __future__ import annotations

import gc
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from paperbib import (
    Bibliography,
    Entry,
    EntryKind,
    PaperbibWarning,
    Person,
    cli,
    dumps,
    load,
    loads,
    pipeline,
)
from paperbib._tex.bibtex import read_value
from paperbib.diagnostics import Diagnostics
from paperbib.errors import ParseError
from paperbib.readers.bibtex import BibtexReader
from paperbib.registry import available_writers, find_reader
from paperbib.writers.bibtex import BibtexWriter
from paperbib.writers.ris import RisWriter

from .conftest import DATA, SEED


def quiet(text: str, format: str | None = None, **kwargs: Any) -> list[Entry]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        return list(loads(text, format, **kwargs))


class TestDetection:
    @pytest.mark.parametrize(
        ("path", "reader"),
        [
            ("bibtex/xampl.bib", "bibtex"),
            ("csl/biblatex-examples.pandoc.json", "csl-json"),
            ("hf-json/api-papers-2605.13301.json", "hf-json"),
            ("ris/pubmed_zotero.ris", "ris"),
        ],
    )
    def test_by_suffix_and_content(self, path: str, reader: str) -> None:
        text = (DATA / path).read_text(encoding="utf-8")
        assert find_reader(filename=path, text=text).name == reader
        assert find_reader(filename="stdin", text=text).name == reader  # content alone

    def test_json_that_is_neither_is_a_clear_error(self, tmp_path: Path, capsys: Any) -> None:
        path = tmp_path / "data.json"
        path.write_text('{"records": [{"name": "x"}]}')
        assert cli.main(["convert", str(path)]) == 1
        assert capsys.readouterr().err == (
            f"paperbib: error: {path}: not recognised as any input format that uses '.json' "
            "(csl-json, hf-json); choose one with -f/format= if it is one "
            "(available: csl-json, hf-json)\n"
        )

    def test_the_seed_digest_is_not_taken_for_another_format(self) -> None:
        text = SEED.read_text(encoding="utf-8")
        assert find_reader(filename="page.txt", text=text).name == "digest"

    def test_css_is_not_bibtex(self) -> None:
        from paperbib.readers.bibtex import BibtexReader

        assert not BibtexReader.sniff("@page { margin: 0 }\n@media screen { a {} }")
        assert BibtexReader.sniff("%% refs\n@Article{key,\n title={x}}")


class TestTeX:
    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (r"{\"U}ber die M{\"o}glichkeit", "Über die Möglichkeit"),
            (r"Moraz\'an, \c{c}a, \v{S}koda, \'{\i}", "Morazán, ça, Škoda, í"),
            (r"Nguy{\~{\^e}}n", "Nguyễn"),
            (r"Stra\ss e, \TeX{} and \LaTeX\ users", "Straße, TeX and LaTeX users"),
            ("pages 1--10, 1888---1890, ``quoted''", "pages 1–10, 1888—1890, “quoted”"),
            (r"50\% of A\&B for \$5", r"50% of A&B for \$5"),
            (r"\mkbibquote{Intention} und \enquote*{E}", "“Intention” und ‘E’"),
            (r"See \url{http://x.org/a_b}", "See http://x.org/a_b"),
            (r"{$\alpha$}-helix and $x^2$", r"α-helix and $x^2$"),
            ("a~b", "a\u00a0b"),
        ],
    )
    def test_read_as_unicode(self, value: str, text: str) -> None:
        assert read_value(value).text == text

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            ("A {B}ayesian Approach", r"A \NoCaseChange{B}ayesian Approach"),
            ("{BERT} and {GPT-4o}", r"BERT and \NoCaseChange{GPT-4o}"),
            ("{Whole Title In Braces}", r"\NoCaseChange{Whole Title In Braces}"),
            (r"{\"U}ber", "Über"),  # a special character, not a protected word
            (r"{$\alpha$-Helix}", r"$\alpha$\NoCaseChange{-Helix}"),
        ],
    )
    def test_brace_protection_is_kept_in_titles(self, value: str, text: str) -> None:
        assert read_value(value, title=True).text == text

    def test_markup_and_unknown_commands_are_named(self) -> None:
        value = read_value(r"\emph{De Anima} by \cite{x}")
        assert value.text == r"De Anima by \cite{x}"
        assert value.markup == (r"\emph",)
        assert value.unknown == (r"\cite",)


BIB = r"""
@string{jgg = "Journal of Graph Games"}
@string{acm = {ACM}}
@preamble{"\newcommand{\noopsort}[1]{}"}
@comment{jabref-meta: databaseType:bibtex;}

@article{good,
  author = {Doe, Jane and van Beethoven, Ludwig and King, Jr., Martin Luther and {Barnes and Noble} and others},
  title = {A {B}ayesian Approach},
  journal = jgg # " and " # acm,
  year = 2020,
  month = feb,
  eprint = {2001.01234v2}, archivePrefix = {arXiv}, primaryClass = {cs.LG},
  bdsk-url-1 = {http://example.org},
}
"""


class TestBibtex:
    def test_macros_concatenation_names_and_arxiv(self) -> None:
        (entry,) = quiet(BIB, "bibtex")
        assert entry.container_title == "Journal of Graph Games and ACM"
        assert entry.authors == (
            Person(family="Doe", given="Jane"),
            Person(family="Beethoven", given="Ludwig", particle="van"),
            Person(family="King", given="Martin Luther", suffix="Jr."),
            Person(literal="Barnes and Noble"),
            Person(family="others"),
        )
        assert (entry.date.year, entry.date.month) == (2020, 2)  # type: ignore[union-attr]
        assert entry.arxiv_id == "2001.01234"
        assert entry.categories == ("cs.LG",)
        assert dict(entry.extra) == {
            "bibtex.eprint": "2001.01234v2",
            "bibtex.bdsk-url-1": "http://example.org",
        }

    def test_preamble_is_reported(self) -> None:
        bib = loads_quiet_bib(BIB)
        assert [d.code for d in bib.diagnostics] == ["preamble"]

    def test_crossref_is_resolved_and_kept(self) -> None:
        text = (
            "@incollection{child, title={Chapter}, crossref={parent}, pages={1--9}}\n"
            "@book{parent, title={The Book}, editor={Ed, Itor}, year=1999, publisher={P}}\n"
        )
        child, parent = quiet(text, "bibtex")
        assert (child.container_title, child.editors, child.date) == (
            "The Book",
            parent.editors,
            parent.date,
        )
        assert child.extra["bibtex.crossref"] == "parent"

    def test_unknown_type_is_kept(self) -> None:
        (entry,) = quiet("@artcle{k, title={T}, year=2000}", "bibtex")
        assert entry.extra["bibtex.entrytype"] == "artcle"

    def test_a_macro_defined_again_takes_its_new_value(self) -> None:
        # Bibliographies concatenated from several files define the same @string more than once.
        text = (
            '@string{j = "Old"}\n@article{a, title={A}, journal=j, year=2000}\n'
            '@string{j = "New"}\n@article{b, title={B}, journal=j, year=2000}\n'
        )
        first, second = quiet(text, "bibtex")
        assert (first.container_title, second.container_title) == ("Old", "New")

    def test_the_same_value_read_twice_gives_the_same_text(self) -> None:
        text = "".join(
            f'@article{{k{n}, title={{The {{B}}ayes Rule}}, journal={{J. {{\\"U}}ber}}, year=2000}}\n'
            for n in range(3)
        )
        entries = quiet(text, "bibtex")
        assert {e.container_title for e in entries} == {"J. Über"}
        assert {e.title for e in entries} == {r"The \NoCaseChange{B}ayes Rule"}

    @pytest.mark.parametrize("writer", ["bibtex", "biblatex"])
    @pytest.mark.parametrize(
        ("arxiv_id", "categories"),
        [(None, ("cs.CL", "cs.AI")), ("2401.00001", ("cs.CL", "cs.AI", "stat.ML"))],
    )
    def test_categories_written_as_keywords_come_back(
        self, writer: str, arxiv_id: str | None, categories: tuple[str, ...]
    ) -> None:
        entry = Entry(
            key="k",
            kind=EntryKind.PREPRINT if arxiv_id else EntryKind.JOURNAL_ARTICLE,
            title="T",
            arxiv_id=arxiv_id,
            categories=categories,
        )
        text, _ = pipeline.write(Bibliography([entry]), available_writers()[writer]())
        assert "keywords" in text
        (back,) = quiet(text, "bibtex")
        assert back.categories == categories
        assert "bibtex.keywords" not in back.extra

    def test_a_files_own_keywords_are_kept_and_written_back(self) -> None:
        text = (
            "@article{a, title={A}, year=2020, keywords={deep learning, vision}}\n"
            "@misc{b, title={B}, year=2020, eprint={2401.00001}, archivePrefix={arXiv},"
            " keywords={deep learning, vision}}\n"
        )
        first, second = quiet(text, "bibtex")
        assert first.categories == ("deep learning", "vision")
        # An arXiv entry without a primary class: its keywords are no categories the
        # writers wrote (they write primaryClass first), kept as written.
        assert (second.categories, second.extra["bibtex.keywords"]) == (
            (),
            "deep learning, vision",
        )
        written, _ = pipeline.write(Bibliography([first, second]), BibtexWriter())
        assert len(re.findall(r"keywords *= \{deep learning, vision\}", written)) == 2
        again, _ = pipeline.write(Bibliography(quiet(written, "bibtex")), BibtexWriter())
        assert again == written

    def test_every_entry_reports_what_its_names_hold(self) -> None:
        text = "".join(
            f"@article{{{key}, author = {{\\foo{{X}} Y}}, editor = {{\\emph{{Z}} W}},"
            " title = {T}, year = 2000}\n"
            for key in ("a", "b")
        )
        bib = loads_quiet_bib(text)
        assert [(d.code, d.key, d.line) for d in bib.diagnostics] == [
            ("unknown-command", "a", 1),
            ("markup", "a", 1),
            ("unknown-command", "b", 2),
            ("markup", "b", 2),
        ]

    def test_a_broken_entry_of_any_type_name_is_dropped_with_its_key(self) -> None:
        report = Diagnostics()
        entries = BibtexReader().read(
            "@article{a, title={A}, year=2000}\n@my_type{k1, title = {A\n", report
        )
        assert [e.key for e in entries] == ["a"]
        assert [(d.code, d.line) for d in report] == [("bad-entry", 2)]
        assert [(d.code, d.origin.line) for d in report.dropped] == [("bad-entry", 2)]
        assert "@my_type{k1," in report.dropped[0].reason


def loads_quiet_bib(text: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        return loads(text, "bibtex")


class TestCslJson:
    def test_nocase_spans_are_protected_text(self) -> None:
        (entry,) = quiet(
            '[{"id": "a", "type": "article-journal", '
            '"title": "The <span class=\\"nocase\\">van</span> Gogh <i>Letters</i>"}]'
        )
        assert entry.title == r"The \NoCaseChange{van} Gogh Letters"

    def test_an_id_that_cannot_be_a_key_gets_a_new_one(self) -> None:
        bib = loads_quiet_csl(
            '[{"id": "a b, c", "type": "book", "title": "T", "issued": {"date-parts": [[2001]]}}]'
        )
        assert [e.key for e in bib] == ["t2001"]
        assert [d.code for d in bib.diagnostics] == ["bad-key"]

    def test_what_is_left_out_of_names_and_dates_is_reported(self) -> None:
        bib = loads_quiet_csl(
            '[{"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[2020, 13, 45]]},'
            '  "author": ["Jane Doe", {"suffix": "Jr."}, {"family": "Roe", "given": "R."}]}]'
        )
        (entry,) = bib
        assert (str(entry.date), entry.authors) == ("2020", (Person(family="Roe", given="R."),))
        assert [(d.code, d.line, d.message) for d in bib.diagnostics] == [
            (
                "bad-date",
                1,
                "issued: 2020-13-45 is not a real date; read as 2020, the rest left out",
            ),
            ("empty-name", 1, 'author: "Jane Doe" is not a name (an object); left out'),
            (
                "empty-name",
                1,
                'author: {"suffix": "Jr."} has no family, given or literal name; left out',
            ),
        ]


def loads_quiet_csl(text: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        return loads(text, "csl-json")


class TestRis:
    def test_zotero_dates_and_issn_are_read(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PaperbibWarning)
            bib = load(DATA / "ris" / "pubmed_zotero.ris")
        second = bib.entries[1]
        assert str(second.date) == "2019-10"  # "DA  - 2019/10//undefined"
        assert second.isbn is None
        assert second.extra["ris.sn"] == "1128-045X 1123-6337"  # an ISSN, not an ISBN

    def test_a_name_without_a_comma_is_an_organisation(self) -> None:
        (entry,) = quiet(
            "TY  - RPRT\nAU  - World Health Organization\nTI  - Report\nER  - \n", "ris"
        )
        assert entry.authors == (Person(literal="World Health Organization"),)

    def test_text_outside_records_is_reported(self) -> None:
        bib = loads_quiet_ris("garbage\nTY  - GEN\nTI  - A\nER  - \nmore garbage\n")
        assert [str(d) for d in bib.diagnostics] == [
            "<string>:1: 2 line(s) outside a TY … ER record, not read (the first is this one) "
            "[outside-record]"
        ]

    def test_the_writers_pb_constant_of_a_preprint_is_not_a_publisher(self) -> None:
        entry = Entry(
            key="p",
            kind=EntryKind.PREPRINT,
            title="T",
            arxiv_id="2401.00001",
            authors=(Person(family="Doe", given="Jane"),),
        )
        text, _ = pipeline.write(Bibliography([entry]), RisWriter())
        assert "PB  - arXiv" in text
        (back,) = quiet(text, "ris")
        assert (back.kind, back.arxiv_id, back.publisher) == (
            EntryKind.PREPRINT,
            "2401.00001",
            None,
        )
        # Without an arXiv id it is a publisher's name.
        (other,) = quiet("TY  - BOOK\nTI  - T\nPB  - arXiv\nER  - \n", "ris")
        assert other.publisher == "arXiv"

    def test_a_repeated_id_or_page_and_a_date_part_that_is_not_real_are_reported(self) -> None:
        bib = loads_quiet_ris(
            "TY  - JOUR\nID  - k1\nID  - k2\nTI  - T\nSP  - 1\nSP  - 2\nEP  - 9\nEP  - 10\n"
            "DA  - 2020/13/45\nER  - \n"
        )
        (entry,) = bib
        assert (entry.key, entry.pages, str(entry.date)) == ("k1", "1-9", "2020")
        assert [(d.code, d.line) for d in bib.diagnostics] == [
            ("duplicate-tag", 3),
            ("duplicate-tag", 6),
            ("duplicate-tag", 8),
            ("bad-date", 9),
        ]
        assert bib.diagnostics[0].message == (
            "ID given twice (first on line 2); the first is kept, this value left out: 'k2'"
        )
        assert bib.diagnostics[3].message == (
            "DA: '2020/13/45' is not a real date; read as 2020, the rest left out"
        )


def loads_quiet_ris(text: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        return loads(text, "ris")


def test_convert_bib_to_csl_json_and_back(tmp_path: Path) -> None:
    """``paperbib convert refs.bib -o refs.json`` and ``refs.json -o refs.bib`` just work."""
    refs = tmp_path / "refs.bib"
    refs.write_text(BIB)
    assert cli.main(["convert", str(refs), "-q", "-o", str(tmp_path / "refs.json")]) == 0
    back = tmp_path / "back.bib"
    assert cli.main(["convert", str(tmp_path / "refs.json"), "-q", "-o", str(back)]) == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        (entry,) = load(back)
    assert entry.key == "good"
    assert entry.title == r"A \NoCaseChange{B}ayesian Approach"


def test_a_broken_block_leaves_no_garbage_cycle() -> None:
    """bibtexparser's error keeps its traceback, and through it every block: cut, not kept."""
    text = "@article{a, title={A}, year=2000}\n@book{b, title={B}\n"
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PaperbibWarning)
            bib = loads(text, "bibtex")
        assert [e.key for e in bib] == ["a"]
        del bib
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_as_it_was_after_a_conversion(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        quiet(BIB, "bibtex")
        assert gc.isenabled() is enabled
        with pytest.raises(ParseError):
            loads("   ", "bibtex")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_what_a_conversion_made_goes_to_the_oldest_generation() -> None:
    """Left young, it would all be walked by the first collection after the conversion."""
    from paperbib.pipeline import gc_paused

    assert gc.isenabled()
    with gc_paused():
        made = [[i] for i in range(1000)]
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(m) in oldest for m in made)
    assert gc.isenabled()


def test_objects_the_caller_froze_stay_frozen() -> None:
    from paperbib.pipeline import gc_paused

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with gc_paused():
            made = [[i] for i in range(1000)]
        assert gc.get_freeze_count() == frozen
        assert len(made) == 1000
    finally:
        gc.unfreeze()


# Words that exercise BibTeX's name rules: upper- and lowercase starts (von parts), words
# without letters, non-ASCII letters (titlecase ǅ is not upper), initials, hyphens, ties.
_NAME_WORDS = st.sampled_from(
    ["Knuth", "Donald", "E.", "van", "der", "de", "la", "Jr.", "III", "1st", "-", "Jean-Paul",
     "ǅemal", "ŁUKASZ", "ünal", "o'Neil", "'t", "and", "AND", "aNd", "Mc", "A~B", "x~y", "ß"]
)  # fmt: skip
_SEPARATORS = st.sampled_from([" ", "  ", "\t", "\n", " ,", ", ", ",", " , ", "~", "\r\n", "\f"])


@st.composite
def _plain_name_lists(draw: st.DrawFn) -> str:
    words = draw(st.lists(_NAME_WORDS, min_size=0, max_size=8))
    text = ""
    for word in words:
        text += draw(_SEPARATORS) + word
    return text + draw(st.sampled_from(["", " ", ",", " and", "\n"]))


@given(_plain_name_lists())
@example("Donald E. Knuth and Leslie Lamport")
@example("Ludwig van Beethoven")
@example("Brinch Hansen, Per")
@example("Beeblebrox, IV, Zaphod")
@example("a, b, c, d")
@example("Smith,")
@example("and and")
@example("A and  and B")
def test_plain_names_are_split_and_parsed_as_bibtexparser_does(names: str) -> None:
    from bibtexparser.middlewares.names import (
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    from paperbib.readers._bibnames import name_parts, split_names

    assert split_names(names) == split_multiple_persons_names(names)
    for name in split_multiple_persons_names(names):
        theirs = parse_single_name_into_parts(name, strict=False)
        ours = name_parts(name)
        assert ours is not None
        assert (ours.first, ours.von, ours.last, ours.jr) == (
            theirs.first,
            theirs.von,
            theirs.last,
            theirs.jr,
        )


_BRACED_PIECES = st.sampled_from(
    ["a", "n", "d", "AND", " ", "  ", "\t", "\n", "{", "}", "\\", '\\"', "x", "Y", "é", ",",
     " and ", "and", '{\\"u}', "{A and B}", "~", "{\\}", "\\{"]
)  # fmt: skip


@given(st.lists(_BRACED_PIECES, max_size=14).map("".join))
@example('M{\\"u}ller, J. and {Barnes and Noble} and K. {\\v S}ebek')
@example("A and }B")
@example("A and \\")
def test_name_lists_with_braces_are_split_as_bibtexparser_does(names: str) -> None:
    from bibtexparser.middlewares.names import split_multiple_persons_names

    from paperbib.readers._bibnames import split_names

    assert split_names(names) == split_multiple_persons_names(names)


@given(_plain_name_lists())
@example("Jean-Paul Sartre and others")
@example("von Neumann, John and de la Vallée Poussin, Charles, Jr.")
@example("Li, Shuang and Du, Simon S. and Brinch Hansen, Per and Smith, and van, Ada")
def test_plain_names_make_the_people_the_general_path_makes(names: str) -> None:
    from paperbib.readers import bibtex

    def general(value: str) -> tuple[Person, ...]:
        # Every name through _person, as a list with TeX is read.
        decoded = bibtex._Decoded(Diagnostics(), {}, ({}, {}))
        found = (bibtex._person(r.strip(), "author", decoded, Diagnostics(), None) for r in
                 bibtex.split_names(value) if r.strip())  # fmt: skip
        return tuple(p for p in found if p is not None)

    decoded = bibtex._Decoded(Diagnostics(), {}, ({}, {}))
    ours = bibtex._people(names, "author", {}, decoded, Diagnostics(), None)
    assert ours == general(names)
    assert [str(p) for p in ours] == [str(p) for p in general(names)]


def _read_noting(text: str, fmt: str) -> tuple[list[Entry], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bib = loads(text, fmt)
    return list(bib), [str(w.message) for w in caught]


def test_escaped_quotes_and_braces_are_read_as_the_split_delimits_them() -> None:
    text = (
        '@article{a, author = "J. M\\"uller", title = "T\\"ubingen", note = {a \\} b}, year = 2020}'
    )
    (entry,), messages = _read_noting(text, "bibtex")
    assert [str(p) for p in entry.authors] == ["J. Müller"]
    assert entry.title == "Tübingen"
    assert entry.note == "a } b"
    assert not [m for m in messages if "bad-value" in m]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("@misc{a, title = {T}, author = {Doe, J. and {}}, year = 2020}", "empty-name"),
        ("@misc{a, title = {T}, day = {²}, month = {²}, year = 2020}", None),
        ('[{"id": "a", "type": "book", "title": "A", "issued": {"date-parts": [[Infinity]]}}]', None),
        ('[{"id": "a", "type": "book", "title": "A", "issued": {"date-parts": [[2020, [1]]]}}]', None),
        ('{"id": "a", "type": "book", "title": "A"}\n{"id": "b", "type": "book", "title": "B"}',
         "truncated-input"),
    ],
)  # fmt: skip
def test_odd_values_are_read_or_reported_never_a_crash(text: str, code: str | None) -> None:
    entries, messages = _read_noting(text, "csl-json" if text.lstrip()[0] in "[{" else "bibtex")
    assert [e.key for e in entries] == ["a"]
    if code is not None:
        assert any(m.endswith(f"[{code}]") for m in messages), messages


def test_a_type_with_an_underscore_is_kept_and_written_back() -> None:
    entries, messages = _read_noting("@my_type{k1, title = {A}, year = 2020}\n", "bibtex")
    assert entries[0].extra["bibtex.entrytype"] == "my_type"
    assert any("[unknown-type]" in m for m in messages)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert dumps(entries, "bibtex").startswith("@my_type{k1,")


def test_a_string_definition_after_a_missing_comma_is_defined_as_the_warning_says() -> None:
    text = "@string{foo = {A} bar = {B}}\n@misc{k, title = foo # bar, year = 2020}\n"
    (entry,), messages = _read_noting(text, "bibtex")
    assert entry.title == "AB"
    assert [m for m in messages if "[missing-comma]" in m]
    assert not [m for m in messages if "[undefined-macro]" in m]
