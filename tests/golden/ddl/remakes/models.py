"""Operations the optimizer cannot fold into CreateModel (their foreign keys point at models
created later): SQLite remakes tables for AddField with defaults, AddConstraint and
AlterUniqueTogether, moving self-referential columns to the end of the new table."""

from django.db import models
from django.db.models import Q


class Node(models.Model):
    name = models.CharField(max_length=20)
    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE, related_name="kids")
    owner = models.ForeignKey("Owner", on_delete=models.CASCADE, default=1)
    backup = models.ForeignKey(
        "Owner", null=True, on_delete=models.SET_NULL, default=2, related_name="backups"
    )
    weight = models.DecimalField(max_digits=5, decimal_places=1, default=0.1)
    twin = models.OneToOneField("self", null=True, on_delete=models.SET_NULL, related_name="+")
    tags = models.ManyToManyField("Tag")

    class Meta:
        unique_together = [("name", "owner")]
        indexes = [models.Index(fields=["name"], name="node_name_idx")]
        constraints = [models.CheckConstraint(condition=Q(weight__gte=0), name="node_weight")]


class Owner(models.Model):
    name = models.CharField(max_length=20, blank=True)
    mentor = models.ForeignKey("self", null=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name"], name="owner_unique_name")]


class Tag(models.Model):
    label = models.CharField(max_length=20)
    owner = models.ForeignKey(Owner, null=True, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.CheckConstraint(condition=~Q(label=""), name="tag_label")]
