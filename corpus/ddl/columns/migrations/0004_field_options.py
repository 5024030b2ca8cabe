# Exercises: column options that change DDL — null, static and callable
# default (Django keeps defaults in Python: no DEFAULT clause), db_default
# (literal, Value, function: DEFAULT clause), unique, db_index (incl. the
# extra varchar_pattern_ops "_like" index on char columns), primary_key on a
# non-auto field, db_column, db_tablespace (field and model), db_comment,
# db_collation (collation from pgext.0002), choices/help_text/verbose_name
# (no DDL).

import uuid

import django.db.models.functions.datetime
import django.db.models.functions.text
import django.utils.timezone
from django.db import migrations, models
from django.db.models import Value

STATUS_CHOICES = [("draft", "Draft"), ("live", "Live")]


class Migration(migrations.Migration):

    dependencies = [
        ("columns", "0003_postgres_fields"),
        ("pgext", "0002_collations"),
    ]

    operations = [
        migrations.CreateModel(
            name="Options",
            fields=[
                ("code", models.CharField(max_length=16, primary_key=True, serialize=False)),
                ("maybe", models.IntegerField(blank=True, null=True)),
                ("static_default", models.IntegerField(default=42)),
                ("callable_default", models.UUIDField(default=uuid.uuid4)),
                ("created", models.DateTimeField(default=django.utils.timezone.now)),
                ("db_default_literal", models.IntegerField(db_default=7)),
                ("db_default_value", models.CharField(db_default=Value("n/a"), max_length=10)),
                ("db_default_now", models.DateTimeField(db_default=django.db.models.functions.datetime.Now())),
                ("db_default_both", models.CharField(db_default="x", default="y", max_length=5)),
                ("db_default_expr", models.TextField(db_default=django.db.models.functions.text.Lower(Value("ABC")))),
                ("uniq", models.CharField(max_length=40, unique=True)),
                ("indexed", models.CharField(db_index=True, max_length=40)),
                ("indexed_int", models.IntegerField(db_index=True)),
                ("renamed_column", models.IntegerField(db_column="legacy_column_name", default=0)),
                ("in_tablespace", models.IntegerField(db_index=True, db_tablespace="pg_default", null=True)),
                ("commented", models.IntegerField(db_comment="Number of things, see ticket #12", null=True)),
                ("ci_name", models.CharField(db_collation="case_insensitive", max_length=50, null=True)),
                ("c_name", models.TextField(db_collation="posix_c", null=True)),
                ("status", models.CharField(choices=STATUS_CHOICES, default="draft", help_text="Lifecycle state", max_length=8, verbose_name="state")),
            ],
            options={
                "db_tablespace": "pg_default",
            },
        ),
    ]
