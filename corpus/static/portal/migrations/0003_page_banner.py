from django.db import migrations, models

from portal.flags import BANNER_ENABLED


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_page_team")]

    operations = []

    # Expected Unknown: portal/flags.py binds BANNER_ENABLED through globals(), which static
    # reading does not see; the condition is not taken for true.
    if BANNER_ENABLED:
        operations.append(
            migrations.AddField(
                model_name="page", name="banner", field=models.TextField(null=True)
            )
        )
