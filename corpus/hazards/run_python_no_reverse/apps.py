from django.apps import AppConfig


class RunPythonNoReverseConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "run_python_no_reverse"
