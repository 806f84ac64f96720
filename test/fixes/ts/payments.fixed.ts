export const config = {
  "paymentsApiKey": process.env.PAYMENTS_API_KEY,
  timeoutMs: 5000,
};
