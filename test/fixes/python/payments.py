import logging

log = logging.getLogger(__name__)


class PaymentsClient:
    def __init__(self):
        self.payments_api_key = "q8Z3vLr29XkP0wYtB7"
        log.info("payments client ready")
