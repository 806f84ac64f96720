import logging
import os
import sys

logging.getLogger().addHandler(logging.StreamHandler(sys.stdout))

PRIMARY = os.environ["DATABASE_URL"]
REPLICA = os.environ["DATABASE_URL_2"]
FALLBACK = os.environ["DATABASE_URL"]
