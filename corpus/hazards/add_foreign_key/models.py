from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=50)


class Order(models.Model):
    total = models.IntegerField()
    customer = models.ForeignKey(Customer, null=True, on_delete=models.PROTECT)
