from django.db import models


class Article(models.Model):
    title = models.CharField(max_length=20)

    class Meta:
        db_table = "legacy_articles"
