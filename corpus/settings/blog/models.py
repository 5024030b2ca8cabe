from django.db import models


class Post(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey("members.Person", on_delete=models.CASCADE)
    tags = models.ManyToManyField("extras.Tag", blank=True)
