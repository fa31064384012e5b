"""Baoku (报库): read and search a Chinese newspaper archive offline.

The package is a Qt-free core (parsing, library store, index, search,
bookmarks, CLI) plus a thin Qt layer in :mod:`reader.ui`.
"""

__version__ = "0.1.0"
