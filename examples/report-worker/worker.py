"""Builds the nightly sales report."""
import logging
import os
from logging.handlers import RotatingFileHandler

from celery import Celery
from sqlalchemy import create_engine

handler = RotatingFileHandler("/var/log/report-worker.log", maxBytes=10_000_000, backupCount=5)
logging.basicConfig(level=logging.INFO, handlers=[handler])

engine = create_engine("sqlite:///reports.db")
app = Celery("reports", broker=os.environ.get("BROKER_URL", "amqp://guest@rabbitmq.internal:5672//"))


@app.task
def nightly_report():
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT count(*) FROM sales").fetchall()
    logging.info("report rows: %s", rows)
