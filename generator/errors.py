"""The small set of errors the CLI turns into one-line messages."""

from __future__ import annotations


class GeneratorError(Exception):
    """Base class: anything the user can fix, reported as one line."""


class InputError(GeneratorError):
    """A listing path that cannot be read at all."""


class DataFileError(GeneratorError):
    """The taxonomy or tag vocabulary is malformed; the message names the file."""


class SiteBuildError(GeneratorError):
    """MkDocs failed to build the generated pages."""
