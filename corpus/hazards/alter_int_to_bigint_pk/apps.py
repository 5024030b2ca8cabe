from django.apps import AppConfig


class AlterIntToBigintPkConfig(AppConfig):
    default_auto_field = "django.db.models.AutoField"
    name = "alter_int_to_bigint_pk"
