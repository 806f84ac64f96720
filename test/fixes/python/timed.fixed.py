import logging.handlers
import sys

handler = logging.StreamHandler(sys.stdout)
logging.getLogger().addHandler(handler)
print(sys.version)
