import uuid

from django.db import models


class Order(models.Model):
    total = models.IntegerField()
    token = models.UUIDField(default=uuid.uuid4, unique=True)
