"""Finding readers and writers: entry points, names, suffixes, sniffing."""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points

import pytest

from paperbib import PluginLoadWarning, UnknownFormatError, dumps, loads, registry
from paperbib.readers.arxiv_text import ArxivTextReader
from paperbib.readers.digest import DigestReader
from paperbib.readers.hf_json import HfJsonReader
from paperbib.readers.html import HtmlReader
from paperbib.writers.bibtex import BiblatexWriter, BibtexWriter
from paperbib.writers.csl_json import CslJsonWriter
from paperbib.writers.ris import RisWriter

from .fake_plugin import KeysWriter, LinesReader


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend a third-party package declares the test plugins as entry points."""
    fake = {
        registry.READERS_GROUP: {
            "lines": EntryPoint("lines", "tests.fake_plugin:LinesReader", registry.READERS_GROUP),
        },
        registry.WRITERS_GROUP: {
            "keys": EntryPoint("keys", "tests.fake_plugin:KeysWriter", registry.WRITERS_GROUP),
        },
    }
    monkeypatch.setattr(registry, "_entry_points_cache", fake)
    monkeypatch.setattr(registry, "_loaded", {})


def test_builtins_are_declared_as_entry_points() -> None:
    """pyproject.toml declares exactly the built-in table (run against the installed package)."""
    for group, names in registry.builtin_entry_points().items():
        declared = {
            ep.name: ep.value
            for ep in entry_points(group=group)
            if ep.dist is None or ep.dist.name == "paperbib"
        }
        assert declared == names
        for ep in entry_points(group=group):
            if ep.name in names:
                assert ep.load().name == ep.name


def test_available() -> None:
    assert registry.available_readers() == {
        "arxiv": ArxivTextReader,
        "digest": DigestReader,
        "hf-json": HfJsonReader,
        "html": HtmlReader,
    }
    assert registry.available_writers() == {
        "biblatex": BiblatexWriter,
        "bibtex": BibtexWriter,
        "csl-json": CslJsonWriter,
        "ris": RisWriter,
    }


class TestFindReader:
    def test_by_name(self) -> None:
        assert registry.find_reader("digest") is DigestReader
        assert registry.find_reader("DIGEST") is DigestReader

    def test_by_suffix(self) -> None:
        assert registry.find_reader(filename="papers.TXT") is DigestReader

    def test_by_content(self) -> None:
        assert (
            registry.find_reader(text="Title\n\nAbstract.\n\n  • 2 authors\n·\nMay 2, 2023\n")
            is DigestReader
        )

    def test_unknown_name_lists_what_exists(self) -> None:
        with pytest.raises(
            UnknownFormatError,
            match=r"unknown input format 'ris' \(available: arxiv, digest, hf-json, html\)",
        ):
            registry.find_reader("ris")

    def test_unrecognised_content(self) -> None:
        with pytest.raises(
            UnknownFormatError, match=r"cannot tell the input format.*available: arxiv, digest"
        ):
            registry.find_reader(filename="x.unknown", text="nothing to see")

    def test_suffix_shared_by_two_readers_is_sniffed(self, installed: None) -> None:
        assert registry.find_reader(filename="a.txt", text="paper: X\n") is LinesReader
        assert (
            registry.find_reader(filename="a.txt", text="T\n\nA.\n\n  • 2 authors\n·\nMay 2, 2023")
            is DigestReader
        )

    def test_builtins_win_over_installed_plugins(self, installed: None) -> None:
        """Installing a plugin never changes how a built-in reader's input is read."""
        assert registry.find_reader(text="paper: x\n  • 2 authors\n") is DigestReader

    def test_ambiguous_content(self) -> None:
        class Other(LinesReader):
            name = "other-lines"

        registry.register_reader(LinesReader)
        registry.register_reader(Other)
        try:
            with pytest.raises(UnknownFormatError, match=r"several formats.*lines, other-lines"):
                registry.find_reader(text="paper: x\n")
        finally:
            registry.unregister_reader("lines")
            registry.unregister_reader("other-lines")

    def test_unrecognised_content_falls_back_to_the_suffix(self) -> None:
        """The reader then reports what it cannot read, with line numbers."""
        assert registry.find_reader(filename="notes.txt", text="nothing here") is DigestReader


class TestFindWriter:
    def test_by_name_and_suffix(self) -> None:
        assert registry.find_writer("csl-json") is CslJsonWriter
        assert registry.find_writer(filename="refs.bib") is BibtexWriter
        assert registry.find_writer(filename="refs.JSON") is CslJsonWriter

    def test_default_is_bibtex(self) -> None:
        assert registry.find_writer() is BibtexWriter
        assert registry.find_writer(filename="refs") is BibtexWriter

    def test_unknown_suffix(self) -> None:
        with pytest.raises(
            UnknownFormatError,
            match=r"no output format uses the suffix '.xyz'.*bibtex, csl-json, ris",
        ):
            registry.find_writer(filename="refs.xyz")

    def test_unknown_name(self) -> None:
        with pytest.raises(
            UnknownFormatError,
            match=r"unknown output format 'yaml' \(available: biblatex, bibtex, csl-json, ris\)",
        ):
            registry.find_writer("yaml")


class TestThirdParty:
    def test_installed_plugins_are_found(self, installed: None) -> None:
        assert registry.available_readers().keys() == {
            "arxiv",
            "digest",
            "hf-json",
            "html",
            "lines",
        }
        assert registry.find_writer(filename="out.keys") is KeysWriter

    def test_broken_plugin_is_skipped_with_a_warning(self, installed: None) -> None:
        registry._entry_points_cache[registry.READERS_GROUP]["broken"] = EntryPoint(
            "broken", "tests.no_such_module:X", registry.READERS_GROUP
        )
        with pytest.warns(PluginLoadWarning, match=r"cannot load paperbib.readers plugin 'broken'"):
            readers = registry.available_readers()
        assert readers.keys() == {"arxiv", "digest", "hf-json", "html", "lines"}

    def test_plugin_options(self, installed: None) -> None:
        bib = loads("paper: Alpha Beta\n", "lines")
        assert dumps(bib, "keys", upper=True) == "ALPHABETA\n"

    def test_builtin_names_cannot_be_shadowed(
        self, installed: None, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        registry._entry_points_cache[registry.WRITERS_GROUP]["bibtex"] = EntryPoint(
            "bibtex", "tests.fake_plugin:KeysWriter", registry.WRITERS_GROUP
        )
        monkeypatch.setattr(registry, "_loaded", {})
        assert registry.find_writer("bibtex") is BibtexWriter


class TestRegister:
    def test_register_and_unregister(self) -> None:
        registry.register_writer(KeysWriter)
        try:
            assert registry.find_writer("keys") is KeysWriter
            assert "keys" in registry.available_writers()
        finally:
            registry.unregister_writer("keys")
        with pytest.raises(UnknownFormatError):
            registry.find_writer("keys")

    def test_builtin_needs_replace(self) -> None:
        class Fake(LinesReader):
            name = "digest"

        with pytest.raises(ValueError, match="already registered"):
            registry.register_reader(Fake)
        registry.register_reader(Fake, replace=True)
        try:
            assert registry.find_reader("digest") is Fake
        finally:
            registry.unregister_reader("digest")
        assert registry.find_reader("digest") is DigestReader

    def test_needs_a_name(self) -> None:
        with pytest.raises(TypeError, match="needs a non-empty string class attribute 'name'"):
            registry.register_reader(int)


def test_builtin_suffix_table_matches_the_classes() -> None:
    """The static table registry uses to avoid imports says what the classes say."""
    for group, table in registry._BUILTIN_SUFFIXES.items():
        classes = (
            registry.available_readers()
            if group == registry.READERS_GROUP
            else registry.available_writers()
        )
        assert table == {name: cls.suffixes for name, cls in classes.items()}
