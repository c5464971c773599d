"""Check constraints of many forms (OR, NOT, nesting, F(), isnull, in, range, pattern
lookups, Decimal, dates, booleans, a negated lookup on a nullable column, F() on the right
(patterns included), pk, integer rounding and out-of-range bounds), a unique
constraint, named and unnamed indexes."""

from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import F, Q


class Event(models.Model):
    title = models.CharField(max_length=100)
    code = models.CharField(max_length=10, null=True)
    starts = models.DateField()
    ends = models.DateField(null=True)
    capacity = models.IntegerField(null=True)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    ratio = models.FloatField(default=0.5)
    public = models.BooleanField(default=True)
    kind = models.CharField(max_length=10, default="talk")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gte=F("starts")) | Q(ends__isnull=True), name="ev_dates"
            ),
            models.CheckConstraint(condition=Q(kind__in=["talk", "workshop", "talk"]), name="ev_kind"),
            models.CheckConstraint(condition=Q(capacity__range=(1, 500)), name="ev_capacity"),
            models.CheckConstraint(condition=~Q(capacity__gt=1000), name="ev_capacity_not_huge"),
            models.CheckConstraint(
                condition=Q(price__gte=Decimal("0.00")) & Q(price__lt=10000.5), name="ev_price"
            ),
            models.CheckConstraint(
                condition=Q(title__startswith="Ev") | Q(title__icontains="50%_off"), name="ev_title"
            ),
            models.CheckConstraint(condition=Q(public=True) | Q(code__isnull=False), name="ev_public_or_code"),
            models.CheckConstraint(condition=Q(starts__gte=date(2000, 1, 1)), name="ev_starts"),
            models.CheckConstraint(
                condition=Q(starts__lt="2100-01-01", ratio__lte=1.0, _connector=Q.OR), name="ev_misc"
            ),
            models.CheckConstraint(
                condition=Q(Q(ratio__gt=0) & Q(ratio__lt=1), public=False), name="ev_nested"
            ),
            models.CheckConstraint(condition=~(Q(kind="x") | ~Q(capacity=None)), name="ev_negated_or"),
            models.CheckConstraint(condition=Q(code__iexact="A_b") | Q(code__endswith="z"), name="ev_code"),
            models.UniqueConstraint(fields=["title", "starts"], name="ev_unique_title_start"),
        ]
        indexes = [
            models.Index(fields=["starts"]),
            models.Index(fields=["-ends", "title"], name="ev_ends_title"),
        ]


class Item(models.Model):
    price = models.DecimalField(max_digits=6, decimal_places=2)
    cost = models.DecimalField(max_digits=6, decimal_places=2)
    qty = models.IntegerField()
    stock = models.PositiveIntegerField(default=0)
    ok = models.BooleanField()
    ok2 = models.BooleanField()
    name = models.CharField(max_length=10)
    alias = models.CharField(max_length=10)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=F("cost")), name="it_price_cost"),
            models.CheckConstraint(condition=Q(qty__gt=F("price")), name="it_qty_price"),
            models.CheckConstraint(condition=Q(ok=F("ok2")), name="it_ok"),
            models.CheckConstraint(condition=Q(pk__gt=0), name="it_pk"),
            models.CheckConstraint(condition=Q(price__gte=F("pk")), name="it_price_pk"),
            models.CheckConstraint(condition=Q(name__contains=F("alias")), name="it_contains_f"),
            models.CheckConstraint(
                condition=Q(name__istartswith=F("alias")) | Q(name__iexact=F("alias")), name="it_prefix_f"
            ),
            models.CheckConstraint(
                condition=Q(name__iexact="AbC") & Q(name__icontains="q"), name="it_name_like"
            ),
            models.CheckConstraint(
                condition=Q(qty=1.7) & Q(qty__lte=2.5) & Q(price__in=[1, 2.5, "3.10"]), name="it_rounding"
            ),
            # On a positive integer column, a negative bound matches everything or nothing.
            models.CheckConstraint(condition=Q(stock__gte=-1) & Q(qty__gte=0), name="it_stock_full"),
            models.CheckConstraint(condition=Q(stock__lt=-1) | Q(qty__lt=9), name="it_stock_empty"),
        ]
