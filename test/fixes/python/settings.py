"""Application settings."""
from __future__ import annotations

import sys

DATABASE_URL_DEFAULT = "postgresql://app@db.internal:5432/app"


def database_url() -> str:
    return sys.argv[1] if len(sys.argv) > 1 else DATABASE_URL_DEFAULT
