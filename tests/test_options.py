"""Plugin options: listing them, creating plugins with checked options, parsing ``key=value``."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import pytest
from attrs import field, frozen

from paperbib import UsageError
from paperbib.readers.digest import DigestReader
from paperbib.registry import REQUIRED, OptionInfo, create, parse_option, plugin_options
from paperbib.writers.bibtex import BiblatexWriter, BibtexWriter
from paperbib.writers.csl_json import CslJsonWriter
from paperbib.writers.ris import RisWriter

from .fake_plugin import KeysWriter

if TYPE_CHECKING:
    from decimal import Decimal


@frozen(kw_only=True)
class Typed:
    """A plugin with one option of each type ``parse_option`` converts."""

    name: ClassVar[str] = "typed"

    count: int = 1
    ratio: float = 0.5
    label: str = ""
    day: datetime.date | None = None
    limit: int | None = None
    mode: Literal["fast", "slow"] = "fast"
    _secret: str = field(default="", alias="secret", metadata={"help": "Said in metadata."})


@frozen(kw_only=True)
class Converted:
    """Two options whose converters raise, and one that is required."""

    name: ClassVar[str] = "converted"

    key: int = field(converter=int)
    first: int = field(default=0, converter=int)
    second: int = field(default=0, converter=int)


@frozen(kw_only=True)
class Unresolvable:
    """An annotation that names a type imported only for type checkers."""

    name: ClassVar[str] = "unresolvable"

    amount: Decimal | None = None
    count: int = 0


class Plain:
    """A plugin that is not an attrs class: its constructor's parameters are its options."""

    name: ClassVar[str] = "plain"

    def __init__(self, path: str, *, depth: int = 2, verbose: bool = False) -> None:
        if depth < 0:
            raise ValueError("depth must not be negative")
        if verbose and depth > 5:
            raise ValueError("too deep to be verbose")
        self.path, self.depth, self.verbose = path, depth, verbose


class Open:
    """A non-attrs plugin that takes any keyword."""

    name: ClassVar[str] = "open"

    def __init__(self, *, level: int = 0, **extra: Any) -> None:
        self.level, self.extra = level, extra


class TestPluginOptions:
    def test_bibtex_writer(self) -> None:
        options = plugin_options(BibtexWriter)
        assert list(options) == ["abstract", "unicode", "double_braces", "arxiv_note", "extras"]
        assert options["abstract"] == OptionInfo(
            "abstract",
            "bool",
            True,
            help="Include abstracts (standard styles do not print them).",
        )
        assert options["unicode"].default is False
        assert not options["unicode"].required

    def test_help_is_the_fields_docstring_and_subclasses_override_it(self) -> None:
        assert plugin_options(BibtexWriter)["unicode"].help == (
            "Keep non-ASCII characters as UTF-8 instead of LaTeX forms."
        )
        unicode = plugin_options(BiblatexWriter)["unicode"]
        assert unicode.default is True
        assert unicode.help.startswith("Keep non-ASCII characters as UTF-8 (biber reads it)")
        assert plugin_options(BiblatexWriter)["arxiv_note"].help.startswith("Also write ``note")

    def test_ris_writer_literal(self) -> None:
        eol = plugin_options(RisWriter)["eol"]
        assert (eol.name, eol.type, eol.default) == ("eol", "Literal['crlf', 'lf']", "crlf")

    def test_digest_reader_factory_default(self) -> None:
        as_of = plugin_options(DigestReader)["as_of"]
        assert as_of.type == "datetime.date"
        assert as_of.default is REQUIRED
        assert as_of.default_factory == datetime.date.today
        assert not as_of.required
        assert as_of.help.startswith("The capture day or later")

    def test_no_options(self) -> None:
        assert plugin_options(CslJsonWriter) == {}

    def test_fake_plugin(self) -> None:
        assert plugin_options(KeysWriter) == {"upper": OptionInfo("upper", "bool", False, help="")}

    def test_alias_and_metadata_help(self) -> None:
        secret = plugin_options(Typed)["secret"]
        assert secret.help == "Said in metadata."
        assert "_secret" not in plugin_options(Typed)

    def test_required(self) -> None:
        key = plugin_options(Converted)["key"]
        assert key.required
        assert key.default is REQUIRED

    def test_plain_class(self) -> None:
        options = plugin_options(Plain)
        assert list(options) == ["path", "depth", "verbose"]
        assert options["path"].required
        assert (options["depth"].type, options["depth"].default) == ("int", 2)
        assert options["depth"].help == ""
        assert list(plugin_options(Open)) == ["level"]


class TestCreate:
    def test_options_reach_the_instance(self) -> None:
        writer = create(BibtexWriter, {"unicode": True, "abstract": False}, kind="writer")
        assert (writer.unicode, writer.abstract, writer.double_braces) == (True, False, False)
        assert create(RisWriter, {}, kind="writer").eol == "crlf"

    def test_unknown_option_lists_the_valid_ones(self) -> None:
        with pytest.raises(UsageError) as caught:
            create(BibtexWriter, {"abstrct": False}, kind="writer")
        assert str(caught.value) == (
            "unknown option 'abstrct' for the bibtex writer "
            "(valid: abstract, arxiv_note, double_braces, extras, unicode)"
        )

    def test_unknown_option_of_a_plugin_without_options(self) -> None:
        with pytest.raises(
            UsageError,
            match=r"^unknown option 'eol' for the csl-json writer \(it takes no options\)$",
        ):
            create(CslJsonWriter, {"eol": "lf"}, kind="writer")

    def test_validator_rejects_a_value(self) -> None:
        with pytest.raises(
            UsageError,
            match=r"^bad value 'cr' for option 'eol' of the ris writer: 'eol' must be in",
        ):
            create(RisWriter, {"eol": "cr"}, kind="writer")

    def test_converter_rejects_a_value(self) -> None:
        with pytest.raises(
            UsageError,
            match=r"^bad value 'yesterday' for option 'as_of' of the digest reader: Invalid isoformat",
        ):
            create(DigestReader, {"as_of": "yesterday"}, kind="reader")

    def test_converter_accepts_a_value(self) -> None:
        reader = create(DigestReader, {"as_of": "2025-12-09"}, kind="reader")
        assert reader.as_of == datetime.date(2025, 12, 9)

    def test_the_bad_one_of_several_options_is_named(self) -> None:
        with pytest.raises(UsageError, match=r"^bad value 'x' for option 'second' of"):
            create(Converted, {"key": "7", "first": "1", "second": "x"}, kind="writer")
        with pytest.raises(UsageError, match=r"^bad value 'x' for option 'key' of"):
            create(Converted, {"key": "x", "first": "1"}, kind="writer")

    def test_missing_required_option(self) -> None:
        with pytest.raises(UsageError, match=r"^option 'key' is required by the converted reader$"):
            create(Converted, {"first": 1}, kind="reader")

    def test_alias(self) -> None:
        assert create(Typed, {"secret": "s"}, kind="writer")._secret == "s"
        with pytest.raises(UsageError, match="unknown option '_secret'"):
            create(Typed, {"_secret": "s"}, kind="writer")

    def test_fake_plugin(self) -> None:
        assert create(KeysWriter, {"upper": True}, kind="writer").upper is True
        with pytest.raises(UsageError, match=r"for the keys writer \(valid: upper\)$"):
            create(KeysWriter, {"lower": True}, kind="writer")

    def test_plain_class(self) -> None:
        plain = create(Plain, {"path": "p", "depth": 3}, kind="reader")
        assert (plain.path, plain.depth) == ("p", 3)
        with pytest.raises(UsageError, match=r"valid: depth, path, verbose"):
            create(Plain, {"path": "p", "width": 3}, kind="reader")
        with pytest.raises(UsageError, match=r"^option 'path' is required by the plain reader$"):
            create(Plain, {}, kind="reader")
        with pytest.raises(
            UsageError,
            match=r"^bad value -1 for option 'depth' of the plain reader: depth must not be negative$",
        ):
            create(Plain, {"path": "p", "depth": -1}, kind="reader")

    def test_options_bad_only_together_are_not_blamed_on_one(self) -> None:
        with pytest.raises(
            UsageError, match=r"^bad options for the plain reader: too deep to be verbose$"
        ):
            create(Plain, {"path": "p", "depth": 6, "verbose": True}, kind="reader")

    def test_class_taking_any_keyword(self) -> None:
        assert create(Open, {"colour": "blue"}, kind="writer").extra == {"colour": "blue"}

    def test_the_pipeline_gives_a_class_taking_any_keyword_every_option(self) -> None:
        from paperbib.pipeline import Options

        options = Options({"colour": "blue", "level": 2}, {"shade": "dark"})
        writer = options.create(Open, "writer")
        assert (writer.level, writer.extra) == (2, {"colour": "blue", "shade": "dark"})
        options.check_used("writer")  # none left over: no usage error


class TestParseOption:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("abstract=true", True),
            ("abstract=False", False),
            ("abstract=YES", True),
            ("abstract=no", False),
            ("abstract=1", True),
            ("abstract=0", False),
            ("abstract=On", True),
            ("abstract=off", False),
        ],
    )
    def test_bool(self, text: str, value: bool) -> None:
        assert parse_option(BibtexWriter, text) == ("abstract", value)

    def test_dashes_in_the_key(self) -> None:
        assert parse_option(BibtexWriter, "double-braces=yes") == ("double_braces", True)
        assert parse_option(BibtexWriter, "arxiv_note=yes") == ("arxiv_note", True)

    def test_bad_bool(self) -> None:
        with pytest.raises(
            UsageError,
            match=r"^bad value 'maybe' for option 'unicode' of the bibtex writer: expected true/false",
        ):
            parse_option(BibtexWriter, "unicode=maybe", kind="writer")

    def test_literal(self) -> None:
        assert parse_option(RisWriter, "eol=lf") == ("eol", "lf")
        with pytest.raises(UsageError, match=r"'eol' of the ris writer: expected one of crlf, lf$"):
            parse_option(RisWriter, "eol=cr", kind="writer")

    def test_date(self) -> None:
        assert parse_option(DigestReader, "as-of=2025-12-09") == (
            "as_of",
            datetime.date(2025, 12, 9),
        )
        with pytest.raises(UsageError, match=r"'as_of' of the digest reader: expected an ISO date"):
            parse_option(DigestReader, "as_of=9/12/2025", kind="reader")

    def test_int_float_str(self) -> None:
        assert parse_option(Typed, "count=12") == ("count", 12)
        assert parse_option(Typed, "ratio=2.5") == ("ratio", 2.5)
        assert parse_option(Typed, "label=a=b ") == ("label", "a=b ")
        with pytest.raises(UsageError, match=r"'count' of the typed plugin: expected an integer$"):
            parse_option(Typed, "count=many")
        with pytest.raises(UsageError, match=r"expected a number$"):
            parse_option(Typed, "ratio=half")

    def test_optional(self) -> None:
        assert parse_option(Typed, "limit=5") == ("limit", 5)
        assert parse_option(Typed, "limit=") == ("limit", None)
        assert parse_option(Typed, "limit=None") == ("limit", None)
        assert parse_option(Typed, "day=2024-02-29") == ("day", datetime.date(2024, 2, 29))
        with pytest.raises(UsageError, match=r"expected an integer or none$"):
            parse_option(Typed, "limit=lots")

    def test_literal_of_the_fake_plugins(self) -> None:
        assert parse_option(Typed, "mode=slow") == ("mode", "slow")
        with pytest.raises(UsageError, match=r"expected one of fast, slow$"):
            parse_option(Typed, "mode=medium")

    def test_alias(self) -> None:
        assert parse_option(Typed, "secret=x") == ("secret", "x")

    def test_unknown_key_lists_the_valid_ones(self) -> None:
        with pytest.raises(UsageError) as caught:
            parse_option(BibtexWriter, "abstrct=no", kind="writer")
        assert str(caught.value) == (
            "unknown option 'abstrct' for the bibtex writer "
            "(valid: abstract, arxiv_note, double_braces, extras, unicode)"
        )

    def test_not_key_value(self) -> None:
        with pytest.raises(
            UsageError, match=r"^option 'abstract' for the bibtex writer is not key="
        ):
            parse_option(BibtexWriter, "abstract", kind="writer")

    def test_fake_plugin(self) -> None:
        assert parse_option(KeysWriter, "upper=yes") == ("upper", True)

    def test_annotation_that_cannot_all_be_resolved(self) -> None:
        """Each option is resolved alone when the class's annotations cannot all be."""
        assert parse_option(Unresolvable, "count=3") == ("count", 3)
        assert parse_option(Unresolvable, "amount=1.5") == ("amount", "1.5")

    def test_plain_class(self) -> None:
        assert parse_option(Plain, "depth=4") == ("depth", 4)
        assert parse_option(Plain, "verbose=yes") == ("verbose", True)
        assert parse_option(Open, "anything=x") == ("anything", "x")

    def test_parsed_values_create_the_plugin(self) -> None:
        """What the command line will do: parse each ``-O key=value``, then create."""
        options = dict(parse_option(BibtexWriter, text) for text in ("unicode=yes", "abstract=no"))
        writer = create(BibtexWriter, options, kind="writer")
        assert (writer.unicode, writer.abstract) == (True, False)


def test_registry_exports_the_option_functions() -> None:
    """They are loaded on first use, and an unknown name is still an AttributeError."""
    from paperbib import _options, registry

    assert registry.create is _options.create
    assert registry.parse_option is _options.parse_option
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        registry.nope  # noqa: B018
