"""One error hierarchy: every message names the input and what is wrong with it."""

from __future__ import annotations


class ZhibiaoError(Exception):
    """Base class: the CLI prints ``str(error)`` on one line and exits with ``exit_code``."""

    exit_code = 2


class IngestError(ZhibiaoError):
    """A file that cannot be read as a document (missing, binary, undecodable, too large)."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class LexiconError(ZhibiaoError):
    """A data file under zhibiao/extract/data that fails validation."""


class StoreError(ZhibiaoError):
    """A database that cannot be opened, migrated or written."""


class PlanError(ZhibiaoError):
    """A plan file that does not describe a valid plan."""


class InputError(ZhibiaoError):
    """A value given to the API or the CLI that cannot be right (a date that does not exist)."""


class BatchError(ZhibiaoError):
    """A batch run that cannot start or finish (a dataset of other inputs, no scheduler)."""
