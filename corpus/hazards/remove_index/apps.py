from django.apps import AppConfig


class RemoveIndexConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "remove_index"
