# Exercises: moving the primary key to another column, as makemigrations
# writes it: RemoveField of the old auto pk, then AlterField making code
# the primary key (DROP CONSTRAINT unique, ADD PRIMARY KEY).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("alterations", "0015_collation"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="pkmove",
            name="id",
        ),
        migrations.AlterField(
            model_name="pkmove",
            name="code",
            field=models.CharField(max_length=12, primary_key=True, serialize=False),
        ),
    ]
