
import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Gadget',
            fields=[
                ('id', models.AutoField(primary_key=True, serialize=False)),
                ('uid', models.UUIDField(default=uuid.uuid4, unique=True)),
                ('data', models.JSONField(blank=True, default=dict)),
                ('duration', models.DurationField(null=True)),
                ('at', models.TimeField(null=True)),
                ('when', models.DateTimeField(auto_now_add=True)),
                ('slug', models.SlugField()),
                ('big', models.BigIntegerField(default=0)),
                ('pbig', models.PositiveBigIntegerField(null=True)),
                ('small', models.SmallIntegerField(db_index=True)),
                ('legacy_code', models.CharField(db_column='LegacyCode', max_length=5, unique=True)),
            ],
        ),
        migrations.CreateModel(
            name='Tag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(max_length=30)),
            ],
        ),
        migrations.CreateModel(
            name='Part',
            fields=[
                ('id', models.SmallAutoField(primary_key=True, serialize=False)),
                ('serial', models.CharField(max_length=20)),
                ('gadget', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, to='bookstore.gadget')),
                ('gadget_by_code', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='parts_by_code', to='bookstore.gadget', to_field='legacy_code')),
            ],
            options={
                'db_table': 'bookstore_custom_parts',
                'ordering': ['serial'],
            },
        ),
        migrations.CreateModel(
            name='Widget',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('weight', models.FloatField(null=True)),
                ('part', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='bookstore.part')),
                ('tags', models.ManyToManyField(db_table='bookstore_widget_labels', related_name='widgets', to='bookstore.tag')),
            ],
        ),
    ]
