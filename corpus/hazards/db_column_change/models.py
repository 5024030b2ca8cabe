from django.db import models


class Article(models.Model):
    title = models.CharField(db_column="headline", max_length=20)
