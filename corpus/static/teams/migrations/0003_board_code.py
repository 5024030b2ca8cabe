from django.db import migrations, models

from teams import conf


class Migration(migrations.Migration):
    dependencies = [("teams", "0002_board_team")]

    operations = [
        migrations.AddField(
            model_name="board",
            name="code",
            # Expected Unknown: conf.CODE_LENGTH is computed from the environment.
            field=models.CharField(max_length=conf.CODE_LENGTH, null=True),
        ),
    ]
