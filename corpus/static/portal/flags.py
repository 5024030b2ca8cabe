"""Feature flags bound by a loop over the settings: no statement shows the names."""
from django.conf import settings

for _name, _default in {"BANNER_ENABLED": True}.items():
    globals()[_name] = getattr(settings, "PORTAL_" + _name, _default)
