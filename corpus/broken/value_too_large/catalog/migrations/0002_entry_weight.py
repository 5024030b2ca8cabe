from django.db import migrations, models

# Doubles 30 times: 2**30 items.
A = [1]
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
A = A + A
WEIGHT = 1


class Migration(migrations.Migration):

    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="weight",
            field=models.IntegerField(default=WEIGHT),
        ),
    ]
