"""Writes of the service hub, by sub-domain: the catalogue (services, moderation, ratings) and requests."""
