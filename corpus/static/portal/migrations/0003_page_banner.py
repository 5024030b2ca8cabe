from django.db import migrations, models

from portal.flags import BANNER_ENABLED

# Expected Unknown: portal/flags.py binds BANNER_ENABLED through globals(), which static
# reading does not see; the condition is not taken for true.
banner = models.CharField(max_length=200, null=True)
if BANNER_ENABLED:
    banner = models.TextField(null=True)


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_page_team")]

    operations = [
        migrations.AddField(model_name="page", name="banner", field=banner),
    ]
