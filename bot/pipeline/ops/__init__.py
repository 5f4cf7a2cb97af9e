"""Operations: Prometheus metrics, health and readiness checks, and the small HTTP server
that serves them (and the webhook, in webhook mode)."""
