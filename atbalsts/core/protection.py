"""Protection levels for every stored field (SECURITY.md DP-1).

Each model of the project declares ``protection_levels``: a mapping from every concrete
field name to its level. A test fails when a field has none, so a new column cannot reach
the database without someone deciding how sensitive it is.
"""

from __future__ import annotations

from enum import IntEnum


class Protection(IntEnum):
    P0_PUBLIC = 0
    P1_INTERNAL = 1
    P2_PERSONAL = 2
    # Special-category, criminal or locating data: encrypted in the application.
    P3_SPECIAL = 3
