"""The app's own settings, read from the project's (django-helpdesk's settings.py pattern)."""
import os

from django.conf import settings

NAME_LENGTH = 80

TEAMS_MODE_ENABLED = getattr(settings, "TEAMS_MODE_ENABLED", True)
if TEAMS_MODE_ENABLED:
    TEAM_MODEL = getattr(settings, "TEAMS_TEAM_MODEL", "pinax_teams.Team")
    TEAM_DEPENDENCIES = [("pinax_teams", "0004_auto_20170511_0856")]
else:
    TEAM_MODEL = settings.AUTH_USER_MODEL
    TEAM_DEPENDENCIES = []

# Computed when the module is imported: not statically known.
CODE_LENGTH = int(os.environ.get("TEAMS_CODE_LENGTH", "12"))
