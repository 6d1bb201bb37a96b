"""bibtexparser v2 as a reference: parse a .bib file, dump its entries as JSON.

Usage: python bibtexparser_to_json.py IN.bib OUT.json. Not CSL-JSON (bibtexparser
has no such writer): the issue's reference point for a pure-Python parse and dump.
"""

import json
import sys

import bibtexparser

source, target = sys.argv[1:3]
library = bibtexparser.parse_file(source)
records = [
    {"ID": entry.key, "type": entry.entry_type, **{f.key: f.value for f in entry.fields}}
    for entry in library.entries
]
with open(target, "w", encoding="utf-8") as handle:
    json.dump(records, handle, ensure_ascii=False, indent=2)
