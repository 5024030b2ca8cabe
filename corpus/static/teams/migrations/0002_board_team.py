from django.conf import settings
from django.db import migrations, models

from teams import conf as teams_conf


class Migration(migrations.Migration):
    # A list built with `+` from the app's settings module.
    dependencies = [
        ("teams", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ] + teams_conf.TEAM_DEPENDENCIES

    operations = [
        migrations.AddField(
            model_name="board",
            name="team",
            # The relation target from the app's settings module (an attribute of it).
            field=models.ForeignKey(
                null=True, on_delete=models.deletion.CASCADE, to=teams_conf.TEAM_MODEL
            ),
        ),
    ]
