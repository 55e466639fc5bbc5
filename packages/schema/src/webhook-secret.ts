/** A Standard Webhooks secret: `whsec_` and the base64 of at least 16 random bytes (22 characters or more). */
export const WEBHOOK_SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{22,}={0,2}$/;
