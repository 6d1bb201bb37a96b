"""Finding readers, writers and resolvers: entry points, names, suffixes, sniffing."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any, ClassVar, NoReturn

import pytest

from paperbib import PluginLoadWarning, UnknownFormatError, dumps, loads, registry
from paperbib.readers.arxiv_text import ArxivTextReader
from paperbib.readers.bibtex import BibtexReader
from paperbib.readers.csl_json import CslJsonReader
from paperbib.readers.digest import DigestReader
from paperbib.readers.hf_json import HfJsonReader
from paperbib.readers.html import HtmlReader
from paperbib.readers.ris import RisReader
from paperbib.registry import READERS_GROUP, RESOLVERS_GROUP, WRITERS_GROUP, Registry
from paperbib.writers.bibtex import BiblatexWriter, BibtexWriter
from paperbib.writers.csl_json import CslJsonWriter
from paperbib.writers.ris import RisWriter

from .fake_plugin import KeysWriter, LinesReader

PYPROJECT = Path(__file__).parent.parent / "pyproject.toml"
READERS = {
    "arxiv": ArxivTextReader,
    "bibtex": BibtexReader,
    "csl-json": CslJsonReader,
    "digest": DigestReader,
    "hf-json": HfJsonReader,
    "html": HtmlReader,
    "ris": RisReader,
}
WRITERS = {
    "biblatex": BiblatexWriter,
    "bibtex": BibtexWriter,
    "csl-json": CslJsonWriter,
    "ris": RisWriter,
}


def _entry_point(group: str, name: str, value: str) -> EntryPoint:
    return EntryPoint(name, value, group)


LINES = _entry_point(READERS_GROUP, "lines", "tests.fake_plugin:LinesReader")
KEYS = _entry_point(WRITERS_GROUP, "keys", "tests.fake_plugin:KeysWriter")


@pytest.fixture
def installed() -> Registry:
    """A registry that sees the test plugins as a third-party package's entry points."""
    return Registry(installed={READERS_GROUP: [LINES], WRITERS_GROUP: [KEYS]})


@pytest.fixture
def no_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make scanning the installed packages' entry points fail the test."""

    def scan(**kwargs: Any) -> NoReturn:
        pytest.fail(f"installed packages were scanned: entry_points({kwargs})")

    monkeypatch.setattr(importlib.metadata, "entry_points", scan)


class TestBuiltinTable:
    def test_pyproject_declares_the_table(self) -> None:
        tomllib = pytest.importorskip("tomllib")
        declared = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["entry-points"]
        expected = {
            group: {name: spec for name, (spec, _) in table.items()}
            for group, table in registry.BUILTINS.items()
            if table
        }
        assert declared == expected

    def test_installed_metadata_declares_the_table(self) -> None:
        """What importlib.metadata sees of the installed paperbib (stale after an edit: reinstall)."""
        for group, table in registry.BUILTINS.items():
            declared = {
                ep.name: ep.value
                for ep in entry_points(group=group)
                if ep.dist is None or ep.dist.name == "paperbib"
            }
            assert declared == {name: spec for name, (spec, _) in table.items()}

    @pytest.mark.parametrize(
        ("group", "name"),
        [(group, name) for group, table in registry.BUILTINS.items() for name in table],
    )
    def test_classes_match_the_table(self, group: str, name: str) -> None:
        """The suffixes used to avoid imports are what the classes claim."""
        spec, suffixes = registry.BUILTINS[group][name]
        cls = Registry().find(group, name)
        assert f"{cls.__module__}:{cls.__qualname__}" == spec
        assert cls.name == name  # type: ignore[attr-defined]
        assert getattr(cls, "suffixes", ()) == suffixes

    def test_groups(self) -> None:
        assert list(registry.BUILTINS) == [READERS_GROUP, WRITERS_GROUP, RESOLVERS_GROUP]
        assert sorted(registry.BUILTINS[RESOLVERS_GROUP]) == ["arxiv", "hf"]


def test_available() -> None:
    assert registry.available_readers() == READERS
    assert registry.available_writers() == WRITERS
    assert list(registry.available_writers()) == sorted(WRITERS)


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
            match=r"unknown input format 'endnote' \(available: arxiv, bibtex, csl-json, digest, "
            r"hf-json, html, ris\)",
        ):
            registry.find_reader("endnote")

    def test_unrecognised_content(self) -> None:
        with pytest.raises(
            UnknownFormatError,
            match=r"cannot tell the input format.*available: arxiv, bibtex, csl-json, digest",
        ) as caught:
            registry.find_reader(filename="x.unknown", text="nothing to see")
        assert caught.value.usage is False

    def test_suffix_shared_by_two_readers_is_sniffed(self, installed: Registry) -> None:
        assert installed.find_reader(filename="a.txt", text="paper: X\n") is LinesReader
        assert (
            installed.find_reader(filename="a.txt", text="T\n\nA.\n\n  • 2 authors\n·\nMay 2, 2023")
            is DigestReader
        )

    def test_builtins_win_over_installed_plugins(self, installed: Registry) -> None:
        """Installing a plugin never changes how a built-in reader's input is read."""
        assert installed.find_reader(text="paper: x\n  • 2 authors\n") is DigestReader

    def test_ambiguous_content(self) -> None:
        class Other(LinesReader):
            name = "other-lines"

        reg = Registry()
        reg.register(READERS_GROUP, LinesReader)
        reg.register(READERS_GROUP, Other)
        with pytest.raises(UnknownFormatError, match=r"several formats.*lines, other-lines"):
            reg.find_reader(text="paper: x\n")

    def test_unrecognised_content_falls_back_to_the_suffix(self) -> None:
        """The reader then reports what it cannot read, with line numbers."""
        assert registry.find_reader(filename="notes.txt", text="nothing here") is DigestReader

    def test_registered_reader_claiming_a_suffix_comes_before_the_builtin(self) -> None:
        reg = Registry()
        reg.register(READERS_GROUP, LinesReader)
        assert reg.find_reader(filename="notes.txt", text="nothing here") is LinesReader
        assert Registry().find_reader(filename="notes.txt", text="nothing here") is DigestReader

    def test_builtins_are_found_without_scanning_installed_packages(self, no_scan: None) -> None:
        reg = Registry()
        assert reg.find_reader("html") is HtmlReader
        assert reg.find_reader(filename="a.htm") is HtmlReader
        assert reg.find_reader(filename="a.txt", text="T\n\nA.\n\n  • 2 authors\n") is DigestReader


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

    def test_suffix_shared_by_two_registered_writers(self) -> None:
        class MoreKeys(KeysWriter):
            name = "more-keys"

        reg = Registry()
        reg.register(WRITERS_GROUP, KeysWriter)
        reg.register(WRITERS_GROUP, MoreKeys)
        with pytest.raises(UnknownFormatError, match=r"several output formats use '.keys'"):
            reg.find_writer(filename="out.keys")

    def test_builtins_are_found_without_scanning_installed_packages(self, no_scan: None) -> None:
        reg = Registry()
        assert reg.find_writer(filename="out.ris") is RisWriter
        assert reg.find_writer("csl-json") is CslJsonWriter


class TestThirdParty:
    def test_installed_plugins_are_found(self, installed: Registry) -> None:
        assert installed.available(READERS_GROUP) == {**READERS, "lines": LinesReader}
        assert installed.find_writer(filename="out.keys") is KeysWriter
        assert installed.find_writer("keys") is KeysWriter

    def test_other_registries_do_not_see_them(self, installed: Registry) -> None:
        assert installed.find_writer("keys") is KeysWriter
        with pytest.raises(UnknownFormatError):
            registry.find_writer("keys")

    def test_broken_plugin_is_skipped_with_a_warning(self) -> None:
        broken = _entry_point(READERS_GROUP, "broken", "tests.no_such_module:X")
        reg = Registry(installed={READERS_GROUP: [LINES, broken]})
        with pytest.warns(PluginLoadWarning, match=r"cannot load paperbib.readers plugin 'broken'"):
            readers = reg.available(READERS_GROUP)
        assert readers.keys() == {*READERS, "lines"}

    def test_builtin_names_cannot_be_shadowed(self) -> None:
        impostor = _entry_point(WRITERS_GROUP, "bibtex", "tests.fake_plugin:KeysWriter")
        reg = Registry(installed={WRITERS_GROUP: [impostor, KEYS]})
        assert reg.find_writer("bibtex") is BibtexWriter
        assert reg.available(WRITERS_GROUP)["bibtex"] is BibtexWriter


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

        reg = Registry()
        with pytest.raises(ValueError, match="already registered"):
            reg.register(READERS_GROUP, Fake)
        assert reg.register(READERS_GROUP, Fake, replace=True) is Fake
        assert reg.find_reader("digest") is Fake
        assert registry.find_reader("digest") is DigestReader
        reg.unregister(READERS_GROUP, "digest")
        assert reg.find_reader("digest") is DigestReader

    def test_registered_twice_needs_replace(self) -> None:
        reg = Registry()
        reg.register(WRITERS_GROUP, KeysWriter)
        with pytest.raises(ValueError, match="'keys' is already registered"):
            reg.register(WRITERS_GROUP, KeysWriter)

    def test_a_name_in_capitals_is_refused(self) -> None:
        """Lookups lowercase the name asked for: MyFmt could never be found."""

        class Shouting(KeysWriter):
            name = "MyFmt"

        with pytest.raises(ValueError, match="format name 'MyFmt' must be lowercase"):
            Registry().register(WRITERS_GROUP, Shouting)

    def test_needs_a_name(self) -> None:
        with pytest.raises(TypeError, match="needs a non-empty string class attribute 'name'"):
            registry.register_reader(int)

    def test_module_functions_act_on_the_default_registry(self) -> None:
        registry.register_reader(LinesReader)
        try:
            assert registry.default_registry.find(READERS_GROUP, "lines") is LinesReader
            assert Registry().available(READERS_GROUP) == READERS
        finally:
            registry.unregister_reader("lines")
        assert "lines" not in registry.default_registry.available(READERS_GROUP)


@pytest.fixture
def test_plugins() -> Iterator[None]:
    """The test plugins registered on the default registry, which paperbib's functions use."""
    registry.register_reader(LinesReader)
    registry.register_writer(KeysWriter)
    yield
    registry.unregister_reader("lines")
    registry.unregister_writer("keys")


def test_plugin_options_reach_the_plugin(test_plugins: None) -> None:
    bib = loads("paper: Alpha Beta\n", "lines")
    assert dumps(bib, "keys", upper=True) == "ALPHABETA\n"


class Resolver:
    """A stand-in for an online metadata source."""

    name: ClassVar[str] = "fake"


class TestResolvers:
    def test_builtins(self, no_scan: None) -> None:
        from paperbib.resolve.arxiv import ArxivResolver
        from paperbib.resolve.hf import HfResolver

        reg = Registry(installed={})
        assert reg.available(RESOLVERS_GROUP) == {"arxiv": ArxivResolver, "hf": HfResolver}

    def test_register_and_find(self) -> None:
        reg = Registry(installed={})
        reg.register(RESOLVERS_GROUP, Resolver)
        assert reg.find(RESOLVERS_GROUP, "fake") is Resolver
        assert list(reg.available(RESOLVERS_GROUP)) == ["arxiv", "fake", "hf"]
        with pytest.raises(UnknownFormatError, match="unknown reader 'fake'"):
            reg.find(READERS_GROUP, "fake")

    def test_installed(self) -> None:
        ep = _entry_point(RESOLVERS_GROUP, "fake", f"{__name__}:Resolver")
        reg = Registry(installed={RESOLVERS_GROUP: [ep]})
        assert reg.find(RESOLVERS_GROUP, "FAKE") is Resolver

    def test_unknown_name(self) -> None:
        with pytest.raises(UnknownFormatError, match=r"unknown resolver 'crossref'"):
            Registry(installed={}).find(RESOLVERS_GROUP, "crossref")

    def test_unknown_group(self) -> None:
        with pytest.raises(ValueError, match=r"unknown plugin group 'paperbib.styles'"):
            Registry().find("paperbib.styles", "apa")
        with pytest.raises(ValueError, match=r"unknown plugin group"):
            Registry().register("paperbib.styles", Resolver)
