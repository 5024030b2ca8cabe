from django.db import migrations, models

from teams.conf import NAME_LENGTH


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Board",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                # A module constant imported by name.
                ("name", models.CharField(max_length=NAME_LENGTH)),
                # A string max_length: Django formats it into the type as it is.
                ("label", models.CharField(max_length="30")),
            ],
        ),
    ]
