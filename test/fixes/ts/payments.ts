export const config = {
  "paymentsApiKey": "q8Z3vLr29XkP0wYtB7",
  timeoutMs: 5000,
};
