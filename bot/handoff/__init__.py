"""The handoff to a human defender: opening cases, their topics in the defenders' forum group,
and the anonymous relay both ways. Routers call the desk; the desk queues what is sent."""
