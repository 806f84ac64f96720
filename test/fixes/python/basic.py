import logging
import sys

logging.basicConfig(filename="app.log", filemode="a", level=logging.INFO)
logging.info("started with %s", sys.argv)
