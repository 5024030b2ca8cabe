# Exercises: RunPython — forward + reverse functions, RunPython.noop,
# forward-only (irreversible), atomic=False on the operation, hints,
# elidable.

from django.db import migrations


def add_gadgets(apps, schema_editor):
    Gadget = apps.get_model("core", "Gadget")
    db = schema_editor.connection.alias
    Gadget.objects.using(db).bulk_create(
        [Gadget(label=f"g{i}", serial=f"S-{i:04d}", batch=i % 3) for i in range(5)]
    )


def remove_gadgets(apps, schema_editor):
    Gadget = apps.get_model("core", "Gadget")
    Gadget.objects.using(schema_editor.connection.alias).filter(serial__startswith="S-").delete()


def count_places(apps, schema_editor):
    Place = apps.get_model("core", "Place")
    Place.objects.using(schema_editor.connection.alias).count()


def log_only(apps, schema_editor):
    pass


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0013_run_sql"),
    ]

    operations = [
        migrations.RunPython(add_gadgets, remove_gadgets),
        migrations.RunPython(count_places, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(code=log_only, reverse_code=log_only, atomic=False, hints={"model_name": "place"}),
        migrations.RunPython(log_only),
    ]
