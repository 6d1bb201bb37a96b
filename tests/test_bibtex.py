"""BibTeX and biblatex writers: pinned output, escaping, Unicode, keys and options."""

from __future__ import annotations

import re
import warnings
from typing import Any

import bibtexparser
import pybtex.database
import pytest

from paperbib import (
    Bibliography,
    Entry,
    EntryKind,
    NoteWarning,
    PaperbibWarning,
    PartialDate,
    Person,
    dumps,
    loads,
    pipeline,
    to_bibtex,
)
from paperbib.registry import available_writers
from paperbib.writers.bibtex import BiblatexWriter, BibtexWriter

from .conftest import DATA, SEED, SEED_AS_OF, dumps_noting
from .test_harness import NAMES

HOSTILE = DATA / "hostile-digest.txt"
FORMATS = ("bibtex", "biblatex")


def read(path: Any, as_of: str = SEED_AS_OF, **options: Any) -> Bibliography:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        return loads(path.read_bytes(), source=path.name, as_of=as_of, **options)


# The digest inputs, with the day each page was captured; "names" is built in code below.
DIGESTS = {
    "hf-papers-2025-12-09": SEED_AS_OF,
    "hf-papers-2026-08-21": "2026-08-21",  # held out: organisation lines, CRLF
    "hostile-digest": SEED_AS_OF,
}
CASES = [*DIGESTS, "names"]


def case_input(case: str) -> Bibliography:
    if case == "names":
        return NAMES
    return read(DATA / f"{case}.txt", as_of=DIGESTS[case])


def write(bib: Bibliography, fmt: str, **options: Any) -> tuple[str, list[str]]:
    """The pipeline's write stage (normalise, then the writer) and its diagnostics."""
    cls = BibtexWriter if fmt == "bibtex" else BiblatexWriter
    text, report = pipeline.write(bib, cls(**options))
    return text, [str(d) for d in report]


def unaligned(text: str) -> str:
    """*text* with the padding that aligns ``=`` signs removed: ``  title = {…},``."""
    return re.sub(r"(?m)^  (\S+) +=", r"  \1 =", text)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("unicode", [False, True])
def test_both_parsers_read_every_entry(case: str, fmt: str, unicode: bool) -> None:
    bib = case_input(case)
    text, _ = write(bib, fmt, unicode=unicode)
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == [e.key for e in bib]
    data = pybtex.database.parse_string(text, "bibtex")
    assert list(data.entries) == [e.key for e in bib]
    for entry in library.entries:
        assert (
            entry.fields_dict.keys()
            == {f.lower() if fmt == "bibtex" else f for f in data.entries[entry.key].fields}
            | {"author"} & entry.fields_dict.keys()
        )


def test_seed_is_ascii_and_protects_acronyms() -> None:
    text, diagnostics = write(read(SEED), "bibtex")
    text = unaligned(text)
    assert text.isascii()
    assert diagnostics == []
    assert "  title = {{LeTI}: Learning to Generate from Textual Interactions},\n" in text
    assert "{{$\\mathcal{B}$}-{Coder}: Value-Based" in text
    assert "{\\textbackslash}ewtune{\\textasciitilde}adds" in text
    assert "43.6\\% in the VirtualHome" in text


class TestUnicode:
    def test_ascii_forms_bibtex_sorts_as_one_letter(self) -> None:
        text, diagnostics = write(NAMES, "bibtex")
        assert "Moraz{\\'a}n, Marco T." in text
        assert "{\\L}ukasiewicz, Jan" in text
        assert '{\\"U}n{\\"i}c{\\"o}d{\\\'e}' in text
        assert text.isascii()
        assert diagnostics == [
            "<string>: nodate: entry has no date; no year written [missing-year]"
        ]

    def test_no_spaces_inside_name_tokens(self) -> None:
        """latexcodec writes "\\c c"; BibTeX would split that name at the space."""
        bib = Bibliography(
            [Entry(key="k", title="T", authors=[Person(family="Çelik Ş", given="Ça")])]
        )
        text, _ = write(bib, "bibtex")
        assert "author = {{\\c{C}}elik {\\c{S}}, {\\c{C}}a}," in text.replace("      ", " ")

    def test_unicode_option_keeps_utf8(self) -> None:
        text, diagnostics = write(NAMES, "bibtex", unicode=True)
        assert "Morazán, Marco T." in text
        assert len(diagnostics) == 1

    def test_biblatex_is_utf8_by_default(self) -> None:
        text, _ = write(NAMES, "biblatex")
        assert "Nguyễn, Thị Minh Khai" in text
        ascii_text, _ = write(NAMES, "biblatex", unicode=False)
        assert "Nguy{\\~{\\^e}}n" in ascii_text

    def test_characters_without_latex_form_are_reported(self) -> None:
        text, diagnostics = write(read(HOSTILE), "bibtex")
        assert "Emoji 😀🚀" in text
        assert any("no LaTeX form: '😀' (U+1F600), '🚀' (U+1F680)" in d for d in diagnostics)
        assert all(d.startswith("hostile-digest.txt:") for d in diagnostics)

    def test_characters_without_latex_form_are_reported_in_their_field(self) -> None:
        entry = Entry(
            key="k",
            title="T",
            authors=[Person(family="Author", given="A.")],
            editors=[Person(family="Editor 😀", given="E.")],
            date=PartialDate(2024),
        )
        _, diagnostics = write(Bibliography([entry]), "bibtex")
        ((diagnostic),) = diagnostics
        assert diagnostic.startswith("<string>: k: editor: kept as UTF-8, no LaTeX form: '😀'")


class TestEscaping:
    def test_nothing_from_the_input_is_a_live_command(self) -> None:
        """Every backslash in the hostile output starts an escape paperbib wrote."""
        import re

        allowed = {
            "textbackslash", "textasciitilde", "textasciicircum", "textless", "textgreater",
            "textbar", "vphantom", "mathcal", "log", "alpha", "beta", "gamma", "Omega", "leq",
            "infty", "mathbb", "L", "i", "providecommand", "mathbf",
        }  # fmt: skip
        for fmt in FORMATS:
            text, _ = write(read(HOSTILE), fmt, unicode=False)
            commands = set(re.findall(r"\\([A-Za-z]+)", text))
            assert commands <= allowed, commands - allowed
            assert "\\input" not in text
            assert "\\write18" not in text

    def test_verbatim_fields_are_raw(self) -> None:
        text, _ = write(NAMES, "bibtex")
        assert "  doi       = {10.1000/xyz_%7B1%7D%20},\n" in text
        assert "  url       = {https://example.org/a%20b/%7Bc%7D%5Cd?x=1%20&y=_z#frag},\n" in text

    def test_month_is_a_bare_macro_and_pages_use_en_dash(self) -> None:
        text, _ = write(NAMES, "bibtex")
        assert "  month     = mar,\n" in text
        assert "  pages     = {101--120},\n" in text
        assert "  pages     = {1--9},\n" in text

    def test_double_braces(self) -> None:
        text, _ = write(read(SEED), "bibtex", double_braces=True)
        assert "{{{LeTI}}: Learning" in text

    def test_whole_title_is_never_wrapped(self) -> None:
        text, _ = write(read(SEED), "bibtex")
        titles = [line for line in text.splitlines() if line.startswith("  title ")]
        assert not any(
            line.split("= ", 1)[1].startswith("{{")
            and line.endswith("}},")
            and line.count("{") == 2
            for line in titles
        )


class TestTypesAndFields:
    def test_arxiv_preprint_bibtex(self) -> None:
        entry = Entry(
            key="devlin2018bert",
            kind=EntryKind.PREPRINT,
            title="BERT: Pre-training",
            authors=[Person(family="Devlin", given="Jacob")],
            date=PartialDate(2018, 10, 11),
            arxiv_id="1810.04805",
            categories=("cs.CL",),
            accessed=PartialDate(2025, 12, 9),
        )
        bib = Bibliography([entry])
        assert write(bib, "bibtex")[0] == (
            "@misc{devlin2018bert,\n"
            "  title         = {{BERT}: Pre-training},\n"
            "  author        = {Devlin, Jacob},\n"
            "  year          = {2018},\n"
            "  month         = oct,\n"
            "  eprint        = {1810.04805},\n"
            "  archivePrefix = {arXiv},\n"
            "  primaryClass  = {cs.CL},\n"
            "  doi           = {10.48550/arXiv.1810.04805},\n"
            "  url           = {https://arxiv.org/abs/1810.04805},\n"
            "  urldate       = {2025-12-09},\n"
            "}\n"
        )
        assert write(bib, "biblatex")[0] == (
            "@online{devlin2018bert,\n"
            "  title       = {{BERT}: Pre-training},\n"
            "  author      = {Devlin, Jacob},\n"
            "  date        = {2018-10-11},\n"
            "  eprint      = {1810.04805},\n"
            "  eprinttype  = {arxiv},\n"
            "  eprintclass = {cs.CL},\n"
            "  doi         = {10.48550/arXiv.1810.04805},\n"
            "  url         = {https://arxiv.org/abs/1810.04805},\n"
            "  urldate     = {2025-12-09},\n"
            "  pubstate    = {prepublished},\n"
            "}\n"
        )
        note = write(bib, "bibtex", arxiv_note=True)[0]
        assert "  note          = {arXiv:1810.04805},\n" in note

    def test_journal_doi_wins(self) -> None:
        entry = Entry(
            key="k", kind=EntryKind.PREPRINT, title="T", arxiv_id="2101.00001", doi="10.1/j"
        )
        assert "doi           = {10.1/j}" in write(Bibliography([entry]), "bibtex")[0]

    def test_types(self) -> None:
        text, _ = write(NAMES, "bibtex")
        assert "@article{names2024," in text
        assert "@techreport{report2020," in text
        assert "@inproceedings{nodate," in text
        assert "  journal   = {Journal of 100\\% Results \\& \\#Hashtags},\n" in text
        assert "  institution = {MIT},\n" in text
        assert "  number      = {TR-2020-01},\n" in text
        assert "  booktitle = {Proceedings of NeurIPS},\n" in text
        latex, _ = write(NAMES, "biblatex")
        assert "@article{names2024," in latex
        assert "@report{report2020," in latex
        assert "  type        = {techreport},\n" in latex
        assert "  journaltitle = {Journal of 100\\% Results \\& \\#Hashtags},\n" in latex

    def test_missing_data(self) -> None:
        """No author names: no author field, a short sort key; no date: no year, a diagnostic."""
        text, _ = write(read(SEED), "bibtex")
        first = unaligned(text.split("\n\n")[0])
        assert "  author " not in first
        assert "  key = {Pre-Trained Language Models},\n" in first
        assert "  hfauthorcount = {14},\n" in first
        _, nodate = write(NAMES, "bibtex")
        assert nodate == ["<string>: nodate: entry has no date; no year written [missing-year]"]

    def test_abstract_option(self) -> None:
        assert "abstract" not in write(read(SEED), "bibtex", abstract=False)[0]
        assert "abstract" not in dumps_noting(read(SEED), "biblatex", abstract=False)

    def test_biblatex_leaves_out_what_its_data_model_lacks_and_says_so(self) -> None:
        bib = read(SEED)
        with pytest.warns(NoteWarning) as caught:
            text = dumps(bib, "biblatex")
        assert "hfauthorcount" not in text
        ((warning),) = caught
        assert (
            "not written: hfauthorcount (38), links (7), hfupvotes (11), hforganization (1) "
            in (str(warning.message))
        )
        assert "  hfauthorcount = {14},\n" in unaligned(dumps_noting(bib, "biblatex", extras=True))
        assert "  hfauthorcount = {14},\n" in unaligned(dumps(bib, "bibtex"))

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_fields_no_row_writes_for_the_kind_are_noted(self, fmt: str) -> None:
        """RIS and CSL keep them; BibTeX has no field for them in that type of entry."""
        date = PartialDate(2020)
        entries = [
            Entry(key="misc", title="T", date=date, institution="MIT"),
            Entry(
                key="report",
                kind=EntryKind.REPORT,
                title="T",
                date=date,
                institution="MIT",
                publisher="MIT Press",
                issue="3",
            ),
            # Normalising makes the publisher its institution: written, not lost.
            Entry(key="alone", kind=EntryKind.REPORT, title="T", date=date, publisher="NIST"),
            Entry(key="thesis", kind=EntryKind.THESIS, title="T", date=date, institution="MIT"),
        ]
        text, diagnostics = write(Bibliography(entries), fmt)
        assert "MIT Press" not in text
        assert "NIST" in text
        assert diagnostics == [
            f"<string>: misc: not written: no {fmt} field of a misc entry holds institution "
            "[not-written]",
            f"<string>: report: not written: no {fmt} field of a report entry holds issue, "
            "publisher [not-written]",
        ]
        with pytest.warns(NoteWarning, match="holds institution"):  # a note: strict lets it pass
            dumps(Bibliography(entries[:1]), fmt)

    def test_paperbib_only_fields(self) -> None:
        text, _ = write(read(SEED), "bibtex")
        last = unaligned(text.split("\n\n")[-1])
        assert "  hforganization = {HuggingFaceFW FineData},\n" in last
        assert "  hfupvotes = {1},\n" in last


class TestKeys:
    def test_pattern(self) -> None:
        bib = read(SEED, key_pattern="{Title}{year}")
        assert [e.key for e in bib][:3] == ["Pretrained2022", "Unleashing2023", "Handle2023"]
        assert to_bibtex(bib).startswith("@misc{Pretrained2022,")

    @pytest.mark.parametrize(
        ("pattern", "message"),
        [
            ("{nope}{year}", "unknown key placeholder {nope}"),
            ("{author} {year}", "characters citation keys cannot hold"),
            ("static", "has no placeholder"),
        ],
    )
    def test_bad_pattern(self, pattern: str, message: str) -> None:
        from paperbib import UsageError

        with pytest.raises(UsageError, match=message):
            read(SEED, key_pattern=pattern)


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("a\u2010b", "a-b"),  # a hyphen alone is a hyphen
        ("a-\u2010b", "a-{-}b"),  # "--" would print an en dash
        ("\u2010\u2010", "{-}{-}"),
        ("\u2013-", "{--}-"),  # "---" would print an em dash
        ("-\u2014", "-{---}"),
        ("!\u201c", "!{``}"),  # "!`" would print ¡
        ("\u201c\u201d", "{``}{''}"),
        ("a \u2013 b", "a -- b"),
    ],
)
def test_ascii_dashes_and_quotes_do_not_join_their_neighbours(text: str, latex: str) -> None:
    """TeX joins -- --- `` '' !` ?` into one glyph; characters written so must stay apart."""
    entry = Entry(key="k", title="T", abstract=text, date=PartialDate(2024))
    written, _ = write(Bibliography([entry]), "bibtex")
    field = re.search(r"^ *abstract *= \{(.*)\},$", written, re.MULTILINE)
    assert field is not None, written
    assert field.group(1) == latex


class TestKeyField:
    """`key`, which BibTeX styles sort, label and print by when an entry has no authors."""

    @pytest.mark.parametrize(
        ("title", "extra", "key"),
        [
            (r"$\mathcal{B}$-Coder: Value-Based Deep RL", {}, "B-Coder"),
            ("Retrieval Helps or Hurts? A Deeper Dive", {}, "Retrieval Helps or Hurts"),
            (
                "How to Handle Different Types of Out-of-Distribution Scenarios",
                {},
                "How to Handle Different Types",
            ),
            (
                "A Title",
                {"hf.organization": "Evil\\Org {x} & Co % comment"},
                "Evil Org x Co comment",
            ),
            ("Łódź and Moraz\\'an: Names", {}, "Lodz and Morazan"),
            ("x" * 5000 + " word", {}, "x" * 40),
            ("😀 שלום", {}, "k"),
        ],
    )
    def test_plain_and_short(self, title: str, extra: dict[str, str], key: str) -> None:
        bib = Bibliography([Entry(key="k", title=title, extra=extra, date=PartialDate(2024))])
        text, _ = write(bib, "bibtex")
        assert f"  key = {{{key}}},\n" in unaligned(text)

    def test_not_written_with_authors(self) -> None:
        entry = Entry(key="k", title="T", authors=[Person(family="Doe")], date=PartialDate(2024))
        assert "  key " not in write(Bibliography([entry]), "bibtex")[0]


class TestEntryTypes:
    @pytest.mark.parametrize(
        ("fields", "kind"),
        [
            ({}, "misc"),
            ({"arxiv_id": "2401.00001"}, "online"),
            ({"url": "https://example.org/paper"}, "online"),
            ({"doi": "10.1000/x"}, "online"),
        ],
    )
    def test_online_needs_an_identifier(self, fields: dict[str, str], kind: str) -> None:
        """biber --validate-datamodel: @online requires url, doi or eprint."""
        for entry_kind in (EntryKind.PREPRINT, EntryKind.WEB_PAGE):
            entry = Entry(key="k", kind=entry_kind, title="T", date=PartialDate(2024), **fields)
            assert write(Bibliography([entry]), "biblatex")[0].startswith(f"@{kind}{{k,")
            assert write(Bibliography([entry]), "bibtex")[0].startswith("@misc{k,")


class TestBounds:
    def test_every_format_cuts_the_same_way(self) -> None:
        entry = Entry(
            key="k",
            title="Word " * 400,
            abstract="Sentence of words. " * 20_000,
            url="https://example.org/" + "a" * 3000,
            date=PartialDate(2024),
        )
        for fmt in ("bibtex", "biblatex", "csl-json", "ris"):
            cls = available_writers()[fmt]
            text, report = pipeline.write(Bibliography([entry]), cls())
            assert [str(d) for d in report] == [
                "<string>: k: title: 2,000 characters, cut to the 1,000-character limit [field-cut]",
                "<string>: k: abstract: 380,000 characters, cut to the 10,000-character limit "
                "[field-cut]",
                "<string>: k: url: 3,020 characters, over the 2,000-character limit; left out "
                "[field-dropped]",
            ]
            assert "aaaa" not in text
            assert "Word Word\u2026" in text or "Word Word{\\ldots}" in text

    def test_editors_names_are_bounded_as_authors_are(self) -> None:
        from paperbib.normalise import TEXT_LIMIT

        long = "N" * (TEXT_LIMIT * 5)
        entry = Entry(
            key="k",
            title="T",
            authors=[Person(family=long)],
            editors=[Person(family=long)],
            date=PartialDate(2024),
        )
        for fmt in ("bibtex", "csl-json", "ris"):
            text, report = pipeline.write(Bibliography([entry]), available_writers()[fmt]())
            assert sorted(d.message.split(":")[0] for d in report if d.code == "field-cut") == [
                "author",
                "editor",
            ]
            assert long not in text

    def test_latex_bytes_are_bounded(self) -> None:
        """Text within the character limits can still be long in LaTeX: `~` takes 17 bytes."""
        from paperbib.formats.bibtex import FIELD_BYTES

        people = [Person(family=f"Tilde~{i}", given="A") for i in range(9000)]
        entry = Entry(
            key="k", title="T", abstract="~" * 9000, authors=people, date=PartialDate(2024)
        )
        for fmt in FORMATS:
            text, diagnostics = write(Bibliography([entry]), fmt)
            lines = {line.split("=")[0].strip(): line for line in text.splitlines() if "=" in line}
            assert all(len(line.encode()) < FIELD_BYTES + 20 for line in lines.values())
            assert lines["author"].endswith(" and others},")
            assert lines["abstract"].endswith(("{\\textasciitilde}{\\ldots}},", "}\u2026},"))
            assert [d.split("; ")[0] for d in diagnostics] == [
                "<string>: k: author: 304,885 bytes of LaTeX, over the 100,000-byte limit",
                "<string>: k: abstract: 153,000 bytes of LaTeX, over the 100,000-byte limit",
            ]

    def test_a_cut_editor_list_ends_in_and_others_too(self) -> None:
        people = [Person(family=f"Tilde~{i}", given="A") for i in range(9000)]
        entry = Entry(key="k", title="T", editors=people, date=PartialDate(2024))
        for fmt in FORMATS:
            text, _ = write(Bibliography([entry]), fmt)
            (line,) = [line for line in text.splitlines() if line.lstrip().startswith("editor")]
            assert line.endswith(" and others},")

    def test_the_hostile_sizes_make_short_keys(self) -> None:
        bib = read(DATA / "hostile-sizes.txt")
        assert [len(e.key) for e in bib] == [64, 24, 22]
        assert [d.code for d in bib.diagnostics] == ["year-inferred", "key-cut"]
        assert str(bib.diagnostics[1]).endswith(
            ": citation key cut from 5,009 to 64 characters [key-cut]"
        )
        text, _ = write(bib, "bibtex")
        assert "  key           = {" + "Longword" * 5 + "},\n" in text
