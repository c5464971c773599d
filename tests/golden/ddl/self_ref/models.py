"""Self-references: FKs and a one-to-one to "self" (moved last when SQLite remakes the
table), many-to-many fields to "self" (from_/to_ columns), symmetrical or not, unique_together, an
unnamed index with a descending column."""

from django.db import models
from django.db.models import Q


class Category(models.Model):
    name = models.CharField(max_length=60)
    slug = models.SlugField(unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveSmallIntegerField(default=0)
    related = models.ManyToManyField("self", blank=True)
    followers = models.ManyToManyField("self", symmetrical=False, related_name="following")

    class Meta:
        unique_together = [("parent", "name")]
        indexes = [models.Index(fields=["-position", "name"])]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="category_name_not_empty"),
        ]


class Employee(models.Model):
    name = models.CharField(max_length=80)
    manager = models.ForeignKey(
        "self", null=True, on_delete=models.SET_NULL, related_name="reports"
    )
    buddy = models.OneToOneField(
        "self", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.IntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1) | Q(manager__isnull=True), name="employee_level"
            ),
        ]
