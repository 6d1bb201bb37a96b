"""Plugin options: what a plugin takes, creating it with checked options, parsing ``key=value``.

The public names are :mod:`paperbib.registry`'s (``from paperbib.registry import
create``), which loads this module on first use so that ``import paperbib``
does not pay for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from paperbib.errors import UsageError

__all__ = ["REQUIRED", "OptionInfo", "create", "parse_option", "plugin_options", "takes_any_option"]

_P = TypeVar("_P")


class _Required:
    __slots__ = ()

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()
"""The :attr:`OptionInfo.default` of an option that has no default."""

_attribute_docs: dict[type, dict[str, str]] = {}


class OptionInfo:
    """One option of a plugin class: a keyword argument of its constructor."""

    __slots__ = ("_attribute", "_help", "_owner", "default", "default_factory", "name", "type")

    name: str
    """The keyword argument (an attrs field's alias)."""
    type: Any
    """The annotation as written (a string under postponed evaluation), or ``None``."""
    default: Any
    """The default value; :data:`REQUIRED` when there is none or a factory makes it."""
    default_factory: Callable[..., Any] | None
    """What makes the default value, for an attrs ``Factory`` default."""

    def __init__(
        self,
        name: str,
        type: Any = None,
        default: Any = REQUIRED,
        default_factory: Callable[..., Any] | None = None,
        *,
        help: str | None = None,
        owner: type | None = None,
        attribute: str | None = None,
    ) -> None:
        self.name = name
        self.type = type
        self.default = default
        self.default_factory = default_factory
        self._help = help
        self._owner = owner
        self._attribute = attribute or name

    @property
    def required(self) -> bool:
        """Whether the option must be given."""
        return self.default is REQUIRED and self.default_factory is None

    @property
    def help(self) -> str:
        """One description: the attrs field's ``metadata["help"]``, else its docstring.

        The docstring (a string literal after the field, as paperbib's own
        plugins have) is read from the class's source on first use, never
        when plugins are merely created.
        """
        if self._help is None:
            docs = _docs(self._owner) if self._owner is not None else {}
            self._help = docs.get(self._attribute, "")
        return self._help

    def _key(self) -> tuple[Any, ...]:
        return (self.name, self.type, self.default, self.default_factory, self.help)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OptionInfo):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        default = (
            f"default_factory={self.default_factory!r}"
            if self.default_factory is not None
            else f"default={self.default!r}"
        )
        return f"OptionInfo(name={self.name!r}, type={self.type!r}, {default})"


def _docs(cls: type) -> dict[str, str]:
    """Attribute docstrings of *cls* and its bases, by attribute name (subclasses win)."""
    if cls not in _attribute_docs:
        import ast
        import inspect
        import itertools
        import textwrap

        docs: dict[str, str] = {}
        for klass in reversed(cls.__mro__[:-1]):
            try:
                tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
            except (OSError, TypeError, SyntaxError):
                continue
            if not tree.body or not isinstance(tree.body[0], ast.ClassDef):
                continue
            body = tree.body[0].body
            for statement, following in itertools.pairwise(body):
                if (
                    isinstance(statement, ast.AnnAssign)
                    and isinstance(statement.target, ast.Name)
                    and isinstance(following, ast.Expr)
                    and isinstance(following.value, ast.Constant)
                    and isinstance(following.value.value, str)
                ):
                    docs[statement.target.id] = inspect.cleandoc(following.value.value)
        _attribute_docs[cls] = docs
    return _attribute_docs[cls]


def _option_table(cls: type) -> tuple[dict[str, OptionInfo], bool]:
    """*cls*'s options by name, and whether it also takes any other keyword (``**kwargs``)."""
    import attrs

    if attrs.has(cls):
        table = {}
        for field in attrs.fields(cls):
            if not field.init:
                continue
            alias = field.alias or field.name
            default, factory = field.default, None
            if default is attrs.NOTHING:
                default = REQUIRED
            elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                default, factory = REQUIRED, default.factory
            help = field.metadata.get("help")
            table[alias] = OptionInfo(
                alias,
                field.type,
                default,
                factory,
                help=None if help is None else str(help),
                owner=cls,
                attribute=field.name,
            )
        return table, False
    import inspect

    try:
        parameters = inspect.signature(cls).parameters.values()
    except (TypeError, ValueError):
        return {}, False
    table = {}
    open_ = False
    for parameter in parameters:
        if parameter.kind is parameter.VAR_KEYWORD:
            open_ = True
        elif parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
            table[parameter.name] = OptionInfo(
                parameter.name,
                None if parameter.annotation is parameter.empty else parameter.annotation,
                REQUIRED if parameter.default is parameter.empty else parameter.default,
                help="",
            )
    return table, open_


def plugin_options(cls: type) -> dict[str, OptionInfo]:
    """The options of plugin class *cls* by name, in declaration order.

    They are the ``init`` fields of an attrs class (by alias), or else the
    keyword parameters of the constructor.
    """
    return _option_table(cls)[0]


def takes_any_option(cls: type) -> bool:
    """Whether plugin class *cls* takes keywords besides its options (``**kwargs``)."""
    return _option_table(cls)[1]


def _what(cls: type, kind: str) -> str:
    return f"the {getattr(cls, 'name', cls.__name__)} {kind}"


def _valid(table: Mapping[str, OptionInfo]) -> str:
    return f"valid: {', '.join(sorted(table))}" if table else "it takes no options"


def _culprit(cls: type, options: Mapping[str, Any], exc: Exception) -> str | None:
    """The option *exc*, raised by ``cls(**options)``, is about, if it can be told."""
    import attrs

    # attrs validators raise with (message, attribute, ...) as their arguments.
    if len(exc.args) > 1 and isinstance(exc.args[1], attrs.Attribute):
        attribute = exc.args[1]
        return attribute.alias or attribute.name
    if len(options) == 1:
        return next(iter(options))

    def fails(trial: dict[str, Any]) -> bool:
        try:
            cls(**trial)
        except (TypeError, ValueError):
            return True
        return False

    table = _option_table(cls)[0]
    required = {k: v for k, v in options.items() if k in table and table[k].required}
    if required and fails(required):
        return next(iter(required)) if len(required) == 1 else None
    return next(
        (k for k in options if k not in required and fails({**required, k: options[k]})), None
    )


def create(cls: type[_P], options: Mapping[str, Any], *, kind: str) -> _P:
    """An instance of plugin class *cls* with *options*, checked.

    *kind* (``"reader"``, ``"writer"``…) names the plugin in messages. An
    option *cls* does not take, a missing required one, or a value its
    validators or converters reject (:class:`ValueError` or
    :class:`TypeError`) raises :class:`~paperbib.errors.UsageError` naming the
    option, for example ``unknown option 'abstrct' for the bibtex writer
    (valid: abstract, arxiv_note, double_braces, unicode)``.
    """
    table, open_ = _option_table(cls)
    what = _what(cls, kind)
    if not open_:
        for key in options:
            if key not in table:
                raise UsageError(f"unknown option {key!r} for {what} ({_valid(table)})")
    for option in table.values():
        if option.required and option.name not in options:
            raise UsageError(f"option {option.name!r} is required by {what}")
    try:
        return cls(**options)
    except (TypeError, ValueError) as exc:
        culprit = _culprit(cls, options, exc)
        if culprit is None:
            raise UsageError(f"bad options for {what}: {exc}") from None
        reason = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
        raise UsageError(
            f"bad value {options[culprit]!r} for option {culprit!r} of {what}: {reason}"
        ) from None


_BOOLEANS = {
    "true": True,
    "yes": True,
    "on": True,
    "1": True,
    "false": False,
    "no": False,
    "off": False,
    "0": False,
}


def _hint(cls: type, option: OptionInfo) -> Any:
    """The resolved annotation of *option*, or ``None`` when it has none or cannot be resolved."""
    import typing

    if option.type is None:
        return None
    if not isinstance(option.type, str):
        return option.type
    target = cls if option._owner is not None else cls.__init__  # type: ignore[misc]
    try:
        return typing.get_type_hints(target).get(option._attribute)
    except Exception:  # a name only imported for type checking: resolve this one alone
        pass
    alone = type("_", (), {"__annotations__": {"x": option.type}, "__module__": cls.__module__})
    try:
        return typing.get_type_hints(alone)["x"]
    except Exception:
        return None


def _convert(hint: Any, text: str) -> Any:
    """*text* as a value of type *hint*; :class:`ValueError` saying what was expected."""
    import datetime
    import types
    import typing

    if hint is None or hint is typing.Any or hint is str:
        return text
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        for choice in typing.get_args(hint):
            try:
                if _convert(type(choice), text) == choice:
                    return choice
            except ValueError:
                continue
        raise ValueError(f"expected one of {', '.join(map(str, typing.get_args(hint)))}")
    if origin is typing.Union or origin is types.UnionType:
        members = typing.get_args(hint)
        if type(None) in members and text.strip().lower() in ("", "none"):
            return None
        errors = []
        for member in members:
            if member is type(None):
                continue
            try:
                return _convert(member, text)
            except ValueError as exc:
                errors.append(str(exc))
        raise ValueError(" or ".join(errors) + (" or none" if type(None) in members else ""))
    if hint is bool:
        try:
            return _BOOLEANS[text.strip().lower()]
        except KeyError:
            raise ValueError("expected true/false, yes/no, on/off or 1/0") from None
    if hint is int or hint is float:
        try:
            return hint(text)
        except ValueError:
            raise ValueError(f"expected {'an integer' if hint is int else 'a number'}") from None
    if isinstance(hint, type) and issubclass(hint, datetime.date):
        try:
            return hint.fromisoformat(text.strip())
        except ValueError:
            raise ValueError("expected an ISO date (YYYY-MM-DD)") from None
    return text  # another type: its converter, if it has one, gets the text


def parse_option(cls: type, text: str, *, kind: str = "plugin") -> tuple[str, Any]:
    """The option name and typed value that a command line's ``key=value`` means for *cls*.

    The key may spell ``_`` as ``-`` (``double-braces=yes``). The value is
    converted by the option's annotation: ``bool`` (true/false, yes/no,
    on/off, 1/0, any case), ``int``, ``float``, ``str``, ``datetime.date``
    (ISO), a ``Literal`` (one of its choices), or ``X | None`` (empty or
    ``none`` for ``None``); other types get the text. An unknown key or a
    value that does not convert raises :class:`~paperbib.errors.UsageError`;
    *kind* names the plugin in its message. Validators run later, in
    :func:`create`.
    """
    key, equals, value = text.partition("=")
    what = _what(cls, kind)
    if not equals:
        raise UsageError(f"option {text!r} for {what} is not key=value")
    name = key.strip().replace("-", "_")
    table, open_ = _option_table(cls)
    if name not in table:
        if open_ and name.isidentifier():
            return name, value
        raise UsageError(f"unknown option {key.strip()!r} for {what} ({_valid(table)})")
    try:
        return name, _convert(_hint(cls, table[name]), value)
    except ValueError as exc:
        raise UsageError(f"bad value {value!r} for option {name!r} of {what}: {exc}") from None
