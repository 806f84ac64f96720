import logging
import sys

logger = logging.getLogger("app")
handler = logging.StreamHandler(sys.stdout)
logger.addHandler(handler)
