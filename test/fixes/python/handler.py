import logging

logger = logging.getLogger("app")
handler = logging.FileHandler("/var/log/app/app.log", encoding="utf-8")
logger.addHandler(handler)
