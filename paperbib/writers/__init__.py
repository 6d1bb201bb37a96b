"""Writers: a :class:`~paperbib.models.Bibliography` in, the text of one file out.

A writer is a class with the class attributes ``name``, ``suffixes`` and
``description`` and a ``write(bib, report)`` method; its constructor's keyword
arguments are its options (see :class:`paperbib.registry.Writer`). Anything a
writer cannot express in its format is recorded in ``report``, never dropped
silently.
"""
