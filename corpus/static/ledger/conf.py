"""Options read from one dict setting (django-activity-stream's settings.py pattern)."""
from django.conf import settings

OPTIONS = getattr(settings, "LEDGER_OPTIONS", {})

USE_JSON = OPTIONS.get("USE_JSON", True)
KEEP_HISTORY = OPTIONS.get("KEEP_HISTORY", True)
