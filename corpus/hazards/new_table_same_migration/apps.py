from django.apps import AppConfig


class NewTableSameMigrationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "new_table_same_migration"
