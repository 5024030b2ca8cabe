from django.apps import AppConfig


class DbIndexFieldConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "db_index_field"
