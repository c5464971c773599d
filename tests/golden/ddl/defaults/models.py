"""Foreign keys with defaults to models created later (the optimizer still folds them into
CreateModel), and a many-to-many field with an explicit through model that stays an AddField:
SQLite remakes the table for it although it adds no column."""

from django.db import models


class Order(models.Model):
    customer = models.ForeignKey("Customer", on_delete=models.CASCADE, default=1)
    shipper = models.ForeignKey("Shipper", null=True, blank=True, on_delete=models.SET_NULL)
    note = models.CharField(max_length=10, blank=True)
    gift = models.ForeignKey(
        "Customer", null=True, on_delete=models.SET_NULL, related_name="gifts", default=2
    )


class Customer(models.Model):
    name = models.CharField(max_length=10)
    vip = models.BooleanField(default=False)
    tags = models.ManyToManyField("Shipper", through="Preference")


class Shipper(models.Model):
    name = models.CharField(max_length=10)


class Preference(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
    shipper = models.ForeignKey(Shipper, on_delete=models.CASCADE)
    rank = models.IntegerField(default=1)
