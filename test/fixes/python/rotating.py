"""Logging setup."""
from logging import getLogger
from logging.handlers import RotatingFileHandler

logger = getLogger("app")
logger.addHandler(RotatingFileHandler(
    "logs/app.log",
    maxBytes=10_000_000,
    backupCount=5,
))
