from django.db import models


class Order(models.Model):
    total = models.IntegerField()
    note = models.CharField(db_default="", max_length=20)
