"""Application settings."""
from __future__ import annotations

import os
import sys

DATABASE_URL_DEFAULT = os.environ["DATABASE_URL"]


def database_url() -> str:
    return sys.argv[1] if len(sys.argv) > 1 else DATABASE_URL_DEFAULT
