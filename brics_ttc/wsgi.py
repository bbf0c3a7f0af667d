"""WSGI entry point (the standard layout's HTTP, gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

from brics_ttc.startup import freeze_startup_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brics_ttc.settings.base")
application = get_wsgi_application()
freeze_startup_objects()
