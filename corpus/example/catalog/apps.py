from django.apps import AppConfig


class CatalogConfig(AppConfig):
    # The catalog predates DEFAULT_AUTO_FIELD; its tables keep 32-bit ids
    # except where a migration moved them to bigint explicitly.
    default_auto_field = "django.db.models.AutoField"
    name = "catalog"
