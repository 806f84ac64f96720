import logging.handlers
import sys

handler = logging.handlers.TimedRotatingFileHandler("logs/app.log", when="midnight", backupCount=7)
logging.getLogger().addHandler(handler)
print(sys.version)
