"""Column types and options: explicit AutoField / SmallAutoField keys, UUID, JSON (with its
JSON_VALID check), durations, times, slugs (indexed by default), db_column, db_index=False
on a foreign key, to_field, a custom db_table and an automatic many-to-many table with its own
db_table."""

import uuid

from django.db import models


class Gadget(models.Model):
    id = models.AutoField(primary_key=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True)
    data = models.JSONField(default=dict, blank=True)
    duration = models.DurationField(null=True)
    at = models.TimeField(null=True)
    when = models.DateTimeField(auto_now_add=True)
    slug = models.SlugField()
    big = models.BigIntegerField(default=0)
    pbig = models.PositiveBigIntegerField(null=True)
    small = models.SmallIntegerField(db_index=True)
    legacy_code = models.CharField(max_length=5, db_column="LegacyCode", unique=True)


class Part(models.Model):
    id = models.SmallAutoField(primary_key=True)
    gadget = models.ForeignKey(Gadget, on_delete=models.CASCADE, db_index=False)
    gadget_by_code = models.ForeignKey(
        Gadget,
        on_delete=models.CASCADE,
        to_field="legacy_code",
        related_name="parts_by_code",
        null=True,
    )
    serial = models.CharField(max_length=20)

    class Meta:
        db_table = "bookstore_custom_parts"
        ordering = ["serial"]


class Widget(models.Model):
    part = models.ForeignKey(Part, on_delete=models.CASCADE)
    tags = models.ManyToManyField("Tag", related_name="widgets", db_table="bookstore_widget_labels")
    weight = models.FloatField(null=True)


class Tag(models.Model):
    label = models.CharField(max_length=30)
