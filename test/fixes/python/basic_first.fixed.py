import logging
import sys

logging.basicConfig(
    stream=sys.stdout,
    format="%(asctime)s %(message)s",
)
