"""Logging setup."""
import logging
import sys
from logging import getLogger
from logging.handlers import RotatingFileHandler

logger = getLogger("app")
logger.addHandler(logging.StreamHandler(sys.stdout))
