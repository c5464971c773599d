"""An explicit through model that sorts before the model declaring the many-to-many field
(as Stock and Store in the sample app): its foreign keys to that model stay AddField
operations, and SQLite remakes the through table copying their defaults (or NULL), or adds
a nullable column with ALTER TABLE."""

from django.db import models


class Act(models.Model):
    name = models.CharField(max_length=30)


class Slot(models.Model):
    venue = models.ForeignKey("Venue", on_delete=models.CASCADE, default=7)
    act = models.ForeignKey(Act, on_delete=models.CASCADE)
    backup_venue = models.ForeignKey(
        "Venue", null=True, on_delete=models.SET_NULL, default=3, related_name="backup_slots"
    )
    spare_venue = models.ForeignKey(
        "Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="spare_slots"
    )
    note = models.CharField(max_length=10, blank=True)

    class Meta:
        indexes = [models.Index(fields=["-note"], name="slot_note_desc")]


class Venue(models.Model):
    city = models.CharField(max_length=30)
    acts = models.ManyToManyField(Act, through=Slot, related_name="venues")
