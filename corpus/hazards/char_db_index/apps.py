from django.apps import AppConfig


class CharDbIndexConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "char_db_index"
