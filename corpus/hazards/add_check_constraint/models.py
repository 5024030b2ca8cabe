from django.db import models


class Account(models.Model):
    email = models.CharField(max_length=40)
    balance = models.IntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(balance__gte=0), name="add_check_constraint_balance_gte_0"
            )
        ]
