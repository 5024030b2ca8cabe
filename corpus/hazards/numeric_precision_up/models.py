from django.db import models


class Article(models.Model):
    price = models.DecimalField(decimal_places=2, max_digits=12)
