# Exercises: CreateModel in its many shapes — plain, with options (db_table,
# db_table_comment, db_tablespace, ordering, permissions, unique_together),
# index_together in CreateModel options (Meta.index_together is gone from
# 5.x models, but in a migration Django 5.2 still creates the
# "<table>_<cols>_<hash>_idx" index for it), managers, managed=False (no
# DDL), a proxy model (no DDL) and multi-table inheritance (parent_link
# OneToOneField as primary key, bases=("core.place",)).

import django.db.models.deletion
import django.db.models.manager
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Place",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100)),
                ("city", models.CharField(max_length=60)),
                ("country", models.CharField(max_length=2)),
            ],
            options={
                "ordering": ["name"],
                "permissions": [("close_place", "Can close a place")],
                "unique_together": {("name", "city")},
                "index_together": {("city", "country")},
                "db_table_comment": "Places that host events",
                "db_tablespace": "pg_default",
            },
            managers=[
                ("objects", django.db.models.manager.Manager()),
                ("open_places", django.db.models.manager.Manager()),
            ],
        ),
        migrations.CreateModel(
            name="Restaurant",
            fields=[
                (
                    "place_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="core.place",
                    ),
                ),
                ("serves_pizza", models.BooleanField(default=False)),
            ],
            bases=("core.place",),
        ),
        migrations.CreateModel(
            name="OpenPlace",
            fields=[],
            options={
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("core.place",),
        ),
        migrations.CreateModel(
            name="LegacyVenue",
            fields=[
                ("venue_id", models.IntegerField(primary_key=True, serialize=False)),
                ("title", models.CharField(max_length=200)),
            ],
            options={
                "db_table": "legacy_venue",
                "managed": False,
            },
        ),
        migrations.CreateModel(
            name="Gadget",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("label", models.CharField(max_length=50)),
                ("serial", models.CharField(max_length=30)),
                ("batch", models.IntegerField(default=0)),
            ],
            options={
                "db_table": "core_gadgets",
                "verbose_name": "gadget",
                "verbose_name_plural": "gadgets",
                "get_latest_by": "batch",
                "default_permissions": ("add", "change"),
            },
        ),
        migrations.CreateModel(
            name="Widget",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=50)),
                ("gadgets", models.ManyToManyField(to="core.gadget")),
                ("place", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to="core.place")),
            ],
        ),
    ]
