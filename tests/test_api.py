"""The public functions: load/loads/dump/dumps/convert and the diagnostics policy."""

from __future__ import annotations

import io
import os
import stat
import threading
import warnings
from pathlib import Path

import pytest

import paperbib
from paperbib import (
    ConversionError,
    DataWarning,
    Entry,
    NoteWarning,
    PaperbibWarning,
    ParseError,
    PartialDate,
    Severity,
    UnknownFormatError,
    UsageError,
    combine,
    convert,
    dump,
    dumps,
    load,
    loads,
    to_bibtex,
    to_csl_json,
)

from .conftest import DATA, SEED, SEED_AS_OF

CARD = "A Title\n\nAn abstract.\n\n  • 2 authors\n·\nMay 2, 2023\n"


def quiet_load(*args: object, **kwargs: object) -> paperbib.Bibliography:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PaperbibWarning)
        return load(*args, **kwargs)  # type: ignore[arg-type]


def test_public_surface() -> None:
    assert paperbib.__all__ == sorted(paperbib.__all__)
    for name in paperbib.__all__:
        assert getattr(paperbib, name) is not None
    assert paperbib.__version__ == "0.1.0"


class TestLoad:
    def test_path_file_objects_and_text_agree(self) -> None:
        data = SEED.read_bytes()
        results = [
            quiet_load(SEED, as_of=SEED_AS_OF),
            quiet_load(str(SEED), as_of=SEED_AS_OF),
            quiet_load(io.BytesIO(data), as_of=SEED_AS_OF),
            quiet_load(io.StringIO(data.decode()), as_of=SEED_AS_OF),
        ]
        assert all(bib == results[0] for bib in results)
        assert len(results[0]) == 39

    def test_as_of_accepts_an_iso_string(self) -> None:
        assert quiet_load(SEED, as_of="2025-12-09") == quiet_load(SEED, as_of=SEED_AS_OF)

    def test_one_warning_per_diagnostic(self) -> None:
        with pytest.warns(PaperbibWarning) as caught:
            bib = load(SEED, as_of=SEED_AS_OF)
        assert [w.message.diagnostic for w in caught] == list(bib.diagnostics)  # type: ignore[union-attr]
        assert len(bib.diagnostics) == 3
        assert caught[0].filename == __file__

    def test_strict_passes_notes_and_issues_them_as_note_warnings(self) -> None:
        with pytest.warns(NoteWarning) as caught:
            bib = load(SEED, as_of=SEED_AS_OF, strict=True)
        assert [w.category for w in caught] == [NoteWarning] * 3
        assert [d.severity for d in bib.diagnostics] == [Severity.NOTE] * 3

    def test_strict_raises_one_error_with_all_diagnostics(self) -> None:
        text = SEED.read_text(encoding="utf-8").replace("Jul 20", "Jul 32")
        with pytest.raises(ConversionError) as info:
            loads(text, source="seed.txt", as_of=SEED_AS_OF, strict=True)
        assert [d.code for d in info.value.diagnostics] == [
            "year-inferred",
            "bad-date",
            "year-inferred",
        ]
        assert str(info.value).startswith("strict mode: 1 warning or error\n")
        assert "seed.txt:171: tinylanguage: date 'Jul 32' is not a real date" in str(info.value)
        assert "[year-inferred]" not in str(info.value)

    def test_warning_categories_follow_severity(self) -> None:
        text = SEED.read_text(encoding="utf-8").replace("Jul 20", "Jul 32")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            loads(text, as_of=SEED_AS_OF)
        assert [w.category for w in caught] == [NoteWarning, DataWarning, NoteWarning]
        assert all(issubclass(w.category, PaperbibWarning) for w in caught)

    def test_strict_passes_clean_input(self) -> None:
        assert len(loads(CARD, strict=True)) == 1

    def test_origin_names_the_file(self) -> None:
        bib = quiet_load(SEED, as_of=SEED_AS_OF)
        assert bib.entries[0].origin is not None
        assert (bib.entries[0].origin.source, bib.entries[0].origin.line) == (str(SEED), 13)

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(FileNotFoundError):
            load(tmp_path / "missing.txt")

    @pytest.mark.parametrize("text", ["", "   \n\n", b"\xef\xbb\xbf\n"])
    def test_empty_input(self, text: str | bytes) -> None:
        with pytest.raises(ParseError, match="input is empty"):
            loads(text)

    def test_binary_input(self) -> None:
        with pytest.raises(ParseError, match="binary data, not text"):
            loads(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", source="x.png")

    def test_no_entries(self) -> None:
        with pytest.raises(ParseError, match=r"notes.txt: no entries found \(read as digest\)"):
            loads("just some notes\n", source="notes.txt")

    def test_unknown_format(self) -> None:
        with pytest.raises(
            UnknownFormatError,
            match=r"available: arxiv, bibtex, csl-json, digest, hf-json, html, ris",
        ):
            loads(CARD, "endnote")

    def test_bad_reader_option(self) -> None:
        with pytest.raises(
            UsageError, match=r"unknown reader option 'asof' for the digest reader \(valid: as_of\)"
        ):
            loads(CARD, "digest", asof="2025-12-09")
        with pytest.raises(UsageError, match="as_of"):
            loads(CARD, "digest", as_of="yesterday")

    def test_reader_option_of_another_format_is_refused(self) -> None:
        with pytest.raises(UsageError, match=r"'as_of' for the html reader \(valid: none\)"):
            load(DATA / "html" / "abs-2106.09608-2021.html", as_of=SEED_AS_OF)


class TestDump:
    def test_dumps_and_shortcuts(self) -> None:
        bib = loads(CARD)
        assert dumps(bib) == to_bibtex(bib) == dumps(bib, "bibtex")
        assert dumps(bib, "csl-json") == to_csl_json(bib)

    def test_dump_to_path_by_suffix(self, tmp_path: Path) -> None:
        bib = loads(CARD)
        assert dump(bib, tmp_path / "refs.json") is True
        assert (tmp_path / "refs.json").read_text(encoding="utf-8") == to_csl_json(bib)
        assert dump(bib, tmp_path / "refs.bib") is True
        assert (tmp_path / "refs.bib").read_text(encoding="utf-8") == to_bibtex(bib)

    def test_dump_leaves_identical_file_alone(self, tmp_path: Path) -> None:
        bib = loads(CARD)
        target = tmp_path / "refs.bib"
        dump(bib, target)
        os.utime(target, ns=(1_000_000_000, 1_000_000_000))
        before = target.stat()
        assert dump(bib, target) is False
        after = target.stat()
        assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)

    def test_dump_replaces_atomically_and_keeps_mode(self, tmp_path: Path) -> None:
        target = tmp_path / "refs.bib"
        target.write_text("old\n")
        target.chmod(0o640)
        assert dump(loads(CARD), target) is True
        assert target.read_text(encoding="utf-8").startswith("@misc{title2023abstract,") is False
        assert target.read_text(encoding="utf-8").startswith("@misc{")
        assert target.stat().st_mode & 0o777 == 0o640
        assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.bib"]

    def test_dump_through_a_symlink(self, tmp_path: Path) -> None:
        real = tmp_path / "real.bib"
        real.write_text("old\n")
        link = tmp_path / "link.bib"
        link.symlink_to(real)
        dump(loads(CARD), link)
        assert link.is_symlink()
        assert real.read_text(encoding="utf-8").startswith("@misc{")

    def test_dump_to_streams(self) -> None:
        bib = loads(CARD)
        binary, text = io.BytesIO(), io.StringIO()
        dump(bib, binary, "csl-json")
        dump(bib, text, "csl-json")
        assert binary.getvalue().decode() == text.getvalue() == to_csl_json(bib)

    def test_new_file_mode_follows_umask(self, tmp_path: Path) -> None:
        old = os.umask(0o027)
        try:
            dump(loads(CARD), tmp_path / "refs.bib")
        finally:
            os.umask(old)
        assert (tmp_path / "refs.bib").stat().st_mode & 0o777 == 0o640

    def test_unknown_writer_option(self) -> None:
        with pytest.raises(
            UsageError, match="unknown writer option 'abstrct' for the bibtex writer"
        ):
            dumps(loads(CARD), "bibtex", abstrct=False)
        with pytest.raises(UsageError, match="'eol'"):
            dumps(loads(CARD), "bibtex", eol="lf")

    def test_a_special_file_is_written_not_replaced(self, tmp_path: Path) -> None:
        """``-o /dev/null`` or a named pipe: written to, never swapped for a regular file."""
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        received: list[bytes] = []
        reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
        reader.start()
        assert dump(loads(CARD), str(fifo), "ris")
        reader.join(timeout=10)
        assert stat.S_ISFIFO(os.stat(fifo).st_mode)
        assert received == [dumps(loads(CARD), "ris").encode()]

    def test_control_characters_are_removed_everywhere_and_reported(self) -> None:
        entry = Entry(
            key="k",
            title="T\x07",
            url="https://example.org/\x07a",
            links=("https://a.example/\x01",),
            date=PartialDate(2024),
        )
        with pytest.warns(DataWarning) as caught:
            text = dumps([entry], "csl-json")
        assert "\\u0007" not in text
        assert "\\u0001" not in text
        assert [str(w.message) for w in caught] == [
            "<string>: k: title: control characters removed [control-character]",
            "<string>: k: url: control characters removed [control-character]",
            "<string>: k: links: control characters removed [control-character]",
        ]

    def test_unknown_suffix(self, tmp_path: Path) -> None:
        with pytest.raises(UnknownFormatError, match=r"no output format uses the suffix '\.yaml'"):
            dump(loads(CARD), tmp_path / "refs.yaml")
        assert not (tmp_path / "refs.yaml").exists()


class TestConvert:
    def test_several_inputs_get_unique_keys(self, tmp_path: Path) -> None:
        out = tmp_path / "refs.bib"
        other = io.BytesIO(SEED.read_bytes().replace(b"Jul 20\n", b"Jul 20, 2024\n"))
        changed = "Pre-Trained Language Models for Interactive Decision-Making (Extended)"
        other = io.BytesIO(other.getvalue().replace(changed[:-11].encode(), changed.encode()))
        result = convert([SEED, other], out, reader_options={"as_of": SEED_AS_OF})
        assert (result.entries_read, result.entries_merged, result.entries_written) == (78, 37, 41)
        text = out.read_text(encoding="utf-8")
        assert text.count("@misc{") == 41
        # Same words, not the same title: each paper gets letters of its own, never the bare key.
        assert "@misc{pretrained2022language," not in text
        assert "@misc{pretrained2022languagert," in text
        assert "@misc{pretrained2022languageuy," in text

    def test_the_same_paper_twice_is_one_entry(self, tmp_path: Path) -> None:
        out = tmp_path / "refs.bib"
        result = convert([SEED, SEED], out, reader_options={"as_of": SEED_AS_OF})
        assert (result.entries_read, result.entries_merged, result.entries_written) == (78, 39, 39)
        merged = [d for d in result.diagnostics if d.code == "merged"]
        assert len(merged) == 39
        assert str(merged[0]) == (
            f"{SEED}:13: pretrained2022language: same paper as an earlier entry ({SEED}:13): "
            "'Pre-Trained Language Models for Interactive Decision-Making'; merged into it [merged]"
        )

    def test_strict_writes_nothing(self, tmp_path: Path) -> None:
        out = tmp_path / "refs.bib"
        out.write_text("keep me\n")
        damaged = SEED.read_text(encoding="utf-8").replace("Jul 20", "Jul 32")
        with pytest.raises(ConversionError):
            convert([io.StringIO(damaged)], out, strict=True, reader_options={"as_of": SEED_AS_OF})
        assert out.read_text() == "keep me\n"
        result = convert([SEED], out, strict=True, reader_options={"as_of": SEED_AS_OF})
        assert result.written
        assert (result.count(Severity.NOTE), result.count(Severity.WARNING)) == (3, 0)

    def test_failed_read_leaves_output_alone(self, tmp_path: Path) -> None:
        out = tmp_path / "refs.bib"
        out.write_text("keep me\n")
        empty = tmp_path / "empty.txt"
        empty.write_text("")
        with pytest.raises(ParseError):
            convert([SEED, empty], out, reader_options={"as_of": SEED_AS_OF})
        assert out.read_text() == "keep me\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "refs.bib"]

    def test_misspelt_options_are_refused(self, tmp_path: Path) -> None:
        out = tmp_path / "x.bib"
        with pytest.raises(UsageError, match=r"unknown reader option 'asof' for the digest"):
            convert([io.BytesIO(CARD.encode())], out, reader_options={"asof": SEED_AS_OF})
        with pytest.raises(UsageError, match=r"option 'as_of' given twice"):
            convert(
                [io.BytesIO(CARD.encode())],
                out,
                reader_options={"as_of": SEED_AS_OF},
                reader_text_options={"as_of": "2025-12-09"},
            )
        with pytest.raises(UsageError, match=r"unknown writer option 'abstrct'"):
            convert([io.BytesIO(CARD.encode())], out, writer_options={"abstrct": False})
        assert not out.exists()

    def test_reader_option_goes_to_the_readers_that_take_it(self, tmp_path: Path) -> None:
        page = DATA / "html" / "abs-2106.09608-2021.html"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PaperbibWarning)
            result = convert([SEED, page], tmp_path / "x.bib", reader_options={"as_of": SEED_AS_OF})
        assert result.entries_written == 40

    def test_text_options_are_converted_by_the_plugins_types(self, tmp_path: Path) -> None:
        out = tmp_path / "x.bib"
        convert(
            [io.BytesIO(CARD.encode())],
            out,
            reader_text_options={"as_of": "2025-12-09"},
            writer_text_options={"abstract": "no"},
        )
        assert "abstract" not in out.read_text()

    def test_load_merges_several_sources(self) -> None:
        one = quiet_load([SEED, SEED], as_of=SEED_AS_OF)
        assert one == quiet_load(SEED, as_of=SEED_AS_OF)
        assert [d.code for d in one.diagnostics].count("merged") == 39

    def test_bibliographies_combine_with_unique_keys(self) -> None:
        a = loads(CARD)
        b = loads(CARD.replace("A Title", "Another Title").replace("May 2", "May 3"))
        c = loads(CARD.replace("A Title", "A Title Too"))
        both = a + b + c
        assert [e.title for e in both] == ["A Title", "Another Title", "A Title Too"]
        assert len({e.key for e in both}) == 3
        assert combine([a, b, c]) == both
        assert a + a == a
        plain = dumps(list(a) + list(c))
        assert plain == dumps(a + c)
        assert plain.count("@misc{") == 2


def test_convert_takes_one_path_as_well_as_a_list(tmp_path: Path) -> None:
    out = tmp_path / "out.bib"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", paperbib.PaperbibWarning)
        one = convert(str(SEED), out, reader_options={"as_of": SEED_AS_OF})
        listed = convert([SEED], tmp_path / "again.bib", reader_options={"as_of": SEED_AS_OF})
    assert one.entries_written == listed.entries_written == 39


def test_a_write_error_names_the_file_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not the temporary file the atomic write goes through (a read-only directory, say)."""
    import errno

    import paperbib._files as files

    real_open = files.os.open

    def refuse(path: str, *args: object) -> int:
        if path.endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "open", refuse)
    with pytest.raises(PermissionError) as caught:
        files.atomic_write(tmp_path / "refs.bib", b"x")
    assert caught.value.filename == str(tmp_path / "refs.bib")


def test_a_bad_key_pattern_is_refused_before_any_input_is_read(tmp_path: Path) -> None:
    with pytest.raises(paperbib.UsageError, match="unknown key placeholder"):
        convert([tmp_path / "missing.txt"], tmp_path / "out.bib", key_pattern="{nope}")
    with pytest.raises(paperbib.UsageError, match="unknown key placeholder"):
        paperbib.load(tmp_path / "missing.txt", key_pattern="{nope}")
