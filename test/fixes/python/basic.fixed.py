import logging
import sys

logging.basicConfig(stream=sys.stdout, level=logging.INFO)
logging.info("started with %s", sys.argv)
