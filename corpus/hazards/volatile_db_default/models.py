from django.contrib.postgres.functions import RandomUUID
from django.db import models


class Order(models.Model):
    total = models.IntegerField()
    public_id = models.UUIDField(db_default=RandomUUID())
