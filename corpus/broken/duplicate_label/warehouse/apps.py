from django.apps import AppConfig


class WarehouseConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "warehouse"
    # Copied from inventory/apps.py when the app was split out; the label was
    # never changed, so both apps claim "inventory".
    label = "inventory"
