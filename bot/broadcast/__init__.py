"""NGO broadcasting: subscriptions, the admin's composer, delivery through the outbound queue."""
