
import datetime
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Event',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=100)),
                ('code', models.CharField(max_length=10, null=True)),
                ('starts', models.DateField()),
                ('ends', models.DateField(null=True)),
                ('capacity', models.IntegerField(null=True)),
                ('price', models.DecimalField(decimal_places=2, max_digits=8)),
                ('ratio', models.FloatField(default=0.5)),
                ('public', models.BooleanField(default=True)),
                ('kind', models.CharField(default='talk', max_length=10)),
            ],
            options={
                'indexes': [models.Index(fields=['starts'], name='bookstore_e_starts_03ae5b_idx'), models.Index(fields=['-ends', 'title'], name='ev_ends_title')],
                'constraints': [models.CheckConstraint(condition=models.Q(('ends__gte', models.F('starts')), ('ends__isnull', True), _connector='OR'), name='ev_dates'), models.CheckConstraint(condition=models.Q(('kind__in', ['talk', 'workshop', 'talk'])), name='ev_kind'), models.CheckConstraint(condition=models.Q(('capacity__range', (1, 500))), name='ev_capacity'), models.CheckConstraint(condition=models.Q(('capacity__gt', 1000), _negated=True), name='ev_capacity_not_huge'), models.CheckConstraint(condition=models.Q(('price__gte', Decimal('0.00')), ('price__lt', 10000.5)), name='ev_price'), models.CheckConstraint(condition=models.Q(('title__startswith', 'Ev'), ('title__icontains', '50%_off'), _connector='OR'), name='ev_title'), models.CheckConstraint(condition=models.Q(('public', True), ('code__isnull', False), _connector='OR'), name='ev_public_or_code'), models.CheckConstraint(condition=models.Q(('starts__gte', datetime.date(2000, 1, 1))), name='ev_starts'), models.CheckConstraint(condition=models.Q(('ratio__lte', 1.0), ('starts__lt', '2100-01-01'), _connector='OR'), name='ev_misc'), models.CheckConstraint(condition=models.Q(models.Q(('ratio__gt', 0), ('ratio__lt', 1)), ('public', False)), name='ev_nested'), models.CheckConstraint(condition=models.Q(('kind', 'x'), models.Q(('capacity', None), _negated=True), _connector='OR', _negated=True), name='ev_negated_or'), models.CheckConstraint(condition=models.Q(('code__iexact', 'A_b'), ('code__endswith', 'z'), _connector='OR'), name='ev_code'), models.UniqueConstraint(fields=('title', 'starts'), name='ev_unique_title_start')],
            },
        ),
        migrations.CreateModel(
            name='Item',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('price', models.DecimalField(decimal_places=2, max_digits=6)),
                ('cost', models.DecimalField(decimal_places=2, max_digits=6)),
                ('qty', models.IntegerField()),
                ('stock', models.PositiveIntegerField(default=0)),
                ('ok', models.BooleanField()),
                ('ok2', models.BooleanField()),
                ('name', models.CharField(max_length=10)),
                ('alias', models.CharField(max_length=10)),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('price__gt', models.F('cost'))), name='it_price_cost'), models.CheckConstraint(condition=models.Q(('qty__gt', models.F('price'))), name='it_qty_price'), models.CheckConstraint(condition=models.Q(('ok', models.F('ok2'))), name='it_ok'), models.CheckConstraint(condition=models.Q(('pk__gt', 0)), name='it_pk'), models.CheckConstraint(condition=models.Q(('price__gte', models.F('pk'))), name='it_price_pk'), models.CheckConstraint(condition=models.Q(('name__contains', models.F('alias'))), name='it_contains_f'), models.CheckConstraint(condition=models.Q(('name__istartswith', models.F('alias')), ('name__iexact', models.F('alias')), _connector='OR'), name='it_prefix_f'), models.CheckConstraint(condition=models.Q(('name__iexact', 'AbC'), ('name__icontains', 'q')), name='it_name_like'), models.CheckConstraint(condition=models.Q(('qty', 1.7), ('qty__lte', 2.5), ('price__in', [1, 2.5, '3.10'])), name='it_rounding'), models.CheckConstraint(condition=models.Q(('stock__gte', -1), ('qty__gte', 0)), name='it_stock_full'), models.CheckConstraint(condition=models.Q(('stock__lt', -1), ('qty__lt', 9), _connector='OR'), name='it_stock_empty')],
            },
        ),
    ]
