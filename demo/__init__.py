"""Demo content for development and presentations; ``manage.py seed_demo`` loads it (never in production).

The content lives in plain data modules (``institutions``, ``people``, ``achievements``, ``demands``); ``loader`` writes
it through the services, so the demo listings carry the same audit trail as real ones, then calls each app's
``<app>/demo.py`` ``seed()`` (``loader.APP_SEEDS``). This app sits on top of all the others: it may import any of them,
none imports it.
"""
