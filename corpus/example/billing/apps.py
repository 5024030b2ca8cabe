from django.apps import AppConfig


class BillingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "billing"
    # The app used to be called "payments"; the label (and therefore the
    # migration app label and table prefix) was kept when the folder moved.
    label = "payments"
    verbose_name = "Billing"
