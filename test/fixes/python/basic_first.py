import logging

logging.basicConfig(
    filemode="w",
    filename="debug.log",
    format="%(asctime)s %(message)s",
)
