# -*- coding: klingon -*-
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("notes", "0002_note_title")]

    operations = [
        migrations.AddField(
            model_name="note",
            name="body",
            field=models.TextField(default="vaj"),
        ),
    ]
