"""The statistics library, imported only when a forecast or an effect is worked out.

scipy is a well-kept library whose `stats.theilslopes` gives the Theil–Sen trend with Sen's
confidence interval of the slope in one call, and whose `stats.t` gives the quantiles an
interval needs; written by us, either would be code to prove. It is large, so it is the `stats`
extra: without it the rest of adoptplan works and says what to install.
"""

from __future__ import annotations

from types import ModuleType

INSTALL = "pip install 'adoptplan[stats]'"
UNAVAILABLE = f"needs the stats extra ({INSTALL})"
"""What a forecast or an effect says when scipy is not installed."""


def scipy_stats() -> ModuleType | None:
    """scipy.stats, or None when the `stats` extra is not installed."""
    try:
        from scipy import stats
    except ImportError:
        return None
    return stats
