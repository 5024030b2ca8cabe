# Shared code for data migrations. Django's loader imports every module in
# migrations/ whose name does not start with "_" or "~" and requires a
# Migration class in it, so this file breaks the app.

from ._carrier_data import CARRIERS


def load_carriers(apps, schema_editor):
    Carrier = apps.get_model("shipping", "Carrier")
    for code, name in CARRIERS:
        Carrier.objects.using(schema_editor.connection.alias).update_or_create(
            code=code, defaults={"name": name}
        )


def unload_carriers(apps, schema_editor):
    Carrier = apps.get_model("shipping", "Carrier")
    codes = [code for code, _ in CARRIERS]
    Carrier.objects.using(schema_editor.connection.alias).filter(code__in=codes).delete()
