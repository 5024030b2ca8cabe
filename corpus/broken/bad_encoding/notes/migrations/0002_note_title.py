# -*- coding: latin-1 -*-
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("notes", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="note",
            name="title",
            field=models.CharField(default="Résumé", max_length=50, verbose_name="titre"),
        ),
    ]
