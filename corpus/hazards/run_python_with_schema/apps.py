from django.apps import AppConfig


class RunPythonWithSchemaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "run_python_with_schema"
