from django.apps import AppConfig


class AddIndexConcurrentlyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "add_index_concurrently"
