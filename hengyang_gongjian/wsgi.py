"""WSGI entry point (gunicorn hengyang_gongjian.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hengyang_gongjian.settings")
application = get_wsgi_application()
