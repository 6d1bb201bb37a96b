"""paperbib: turn the paper lists researchers have in hand into clean bibliographies.

    from datetime import date
    from paperbib import load, to_bibtex

    bib = load("papers.txt", as_of=date(2025, 12, 9))
    print(to_bibtex(bib))

Readers and writers are plugins (see :mod:`paperbib.registry`); the model in
:mod:`paperbib.models` is what they share.
"""

from paperbib.api import (
    AddResult,
    ConversionResult,
    add,
    combine,
    convert,
    dump,
    dumps,
    load,
    loads,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from paperbib.diagnostics import Diagnostic, Diagnostics, Dropped, Severity
from paperbib.errors import (
    ConversionError,
    DataErrorWarning,
    DataWarning,
    NoteWarning,
    PaperbibError,
    PaperbibWarning,
    ParseError,
    PluginLoadWarning,
    UnknownFormatError,
    UsageError,
)
from paperbib.keys import assign_keys
from paperbib.models import (
    Bibliography,
    Entry,
    EntryKind,
    Extra,
    Origin,
    PartialDate,
    Person,
    Source,
)
from paperbib.registry import (
    available_readers,
    available_writers,
    register_reader,
    register_writer,
)

__version__ = "0.1.0"

__all__ = [
    "AddResult",
    "Bibliography",
    "ConversionError",
    "ConversionResult",
    "DataErrorWarning",
    "DataWarning",
    "Diagnostic",
    "Diagnostics",
    "Dropped",
    "Entry",
    "EntryKind",
    "Extra",
    "NoteWarning",
    "Origin",
    "PaperbibError",
    "PaperbibWarning",
    "ParseError",
    "PartialDate",
    "Person",
    "PluginLoadWarning",
    "Severity",
    "Source",
    "UnknownFormatError",
    "UsageError",
    "__version__",
    "add",
    "assign_keys",
    "available_readers",
    "available_writers",
    "combine",
    "convert",
    "dump",
    "dumps",
    "load",
    "loads",
    "register_reader",
    "register_writer",
    "to_bibtex",
    "to_csl_json",
    "to_ris",
]
