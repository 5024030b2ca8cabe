from django.apps import AppConfig


class AddIndexConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "add_index"
