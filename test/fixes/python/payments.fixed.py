import logging
import os

log = logging.getLogger(__name__)


class PaymentsClient:
    def __init__(self):
        self.payments_api_key = os.environ["PAYMENTS_API_KEY"]
        log.info("payments client ready")
