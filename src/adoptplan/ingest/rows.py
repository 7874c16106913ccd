"""A snapshot row: one group's values in one period, what imports and builds produce."""

from __future__ import annotations

from collections.abc import Mapping

import attrs


@attrs.frozen
class Row:
    """One group's values in one period; percentages from 0 to 100, None when not known."""

    period: str
    segment: str
    dimensions: tuple[tuple[str, str], ...]  # (name, value) sorted by name; () whole segment
    values: Mapping[str, float | None]

    @property
    def key(self) -> tuple:
        return (self.period, self.segment, self.dimensions)

    def label(self) -> str:
        parts = ",".join(f"{name}={value}" for name, value in self.dimensions)
        return f"{self.segment}/{parts}" if parts else self.segment
