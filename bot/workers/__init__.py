"""Background work beside the handlers: the outbound queue and the retention purge, under one
supervisor that starts, restarts and stops them."""
