"""Readers: text in, :class:`~paperbib.models.Entry` records out.

A reader is a class with the class attributes ``name``, ``suffixes`` and
``description``, a ``sniff(text)`` classmethod and a ``read(text, report)``
method; its constructor's keyword arguments are its options (see
:class:`paperbib.registry.Reader`). Readers never print, warn or raise for
input they can recover from: they record diagnostics in ``report`` and carry on.
"""
