"""Demo content for development and presentations; ``manage.py seed_demo`` loads it (never in production).

The content lives in plain data modules (``institutions``, ``people``, ``achievements``, ``demands``); ``loader`` writes
it through the marketplace services, so the demo listings carry the same audit trail as real ones.
"""
