"""Models that reference each other in a cycle, a character primary key, an explicit
through model, to_field, a one-to-one primary key, an unmanaged model and a proxy."""

from django.db import models
from django.db.models import F, Q


class Team(models.Model):
    name = models.CharField(max_length=50, unique=True)
    captain = models.ForeignKey(
        "Player", null=True, on_delete=models.SET_NULL, related_name="captain_of"
    )
    mascot = models.ForeignKey("Animal", on_delete=models.PROTECT)


class Player(models.Model):
    name = models.CharField(max_length=50)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="players")
    number = models.PositiveIntegerField()
    nickname = models.CharField(max_length=30, blank=True)

    class Meta:
        unique_together = ("team", "number")


class Animal(models.Model):
    species = models.CharField(max_length=40, primary_key=True)
    favourite_team = models.ForeignKey(
        Team, null=True, on_delete=models.SET_NULL, related_name="+"
    )


class Match(models.Model):
    home = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="home_matches")
    away = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="away_matches")
    players = models.ManyToManyField(Player, through="Appearance")
    played = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(home=F("away")), name="match_distinct_teams"),
        ]


class Appearance(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE)
    player = models.ForeignKey(Player, on_delete=models.CASCADE, to_field="id")
    minutes = models.PositiveSmallIntegerField(default=90)


class Sponsor(models.Model):
    team = models.OneToOneField(Team, primary_key=True, on_delete=models.CASCADE)
    amount = models.DecimalField(max_digits=10, decimal_places=2, default=0.5)


class Legacy(models.Model):
    team = models.ForeignKey(Team, on_delete=models.DO_NOTHING)
    note = models.TextField()

    class Meta:
        managed = False
        db_table = "legacy_notes"


class TopPlayer(Player):
    class Meta:
        proxy = True
