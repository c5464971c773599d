"""Proxies (of a proxy too), relations pointing at proxy models (their AddField waits for
the proxy's CreateModel), unmanaged models with relations (left out of their CreateModel)."""

from django.db import models


class Person(models.Model):
    name = models.CharField(max_length=40)


class Author(Person):
    class Meta:
        proxy = True
        ordering = ["name"]


class Star(Author):
    class Meta:
        proxy = True


class Article(models.Model):
    title = models.CharField(max_length=80)
    writer = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="articles")
    editor = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="edited")
    fans = models.ManyToManyField(Star, related_name="favourites")


class Archive(models.Model):
    article = models.ForeignKey(Article, on_delete=models.DO_NOTHING)
    keeper = models.ForeignKey(Person, on_delete=models.DO_NOTHING, related_name="+")
    note = models.TextField()

    class Meta:
        managed = False
        db_table = "old_archive"


class Badge(models.Model):
    holder = models.OneToOneField(Star, on_delete=models.CASCADE)
    label = models.CharField(max_length=20)
