
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Act',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=30)),
            ],
        ),
        migrations.CreateModel(
            name='Slot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('note', models.CharField(blank=True, max_length=10)),
                ('act', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='bookstore.act')),
            ],
        ),
        migrations.CreateModel(
            name='Venue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('city', models.CharField(max_length=30)),
                ('acts', models.ManyToManyField(related_name='venues', through='bookstore.Slot', to='bookstore.act')),
            ],
        ),
        migrations.AddField(
            model_name='slot',
            name='backup_venue',
            field=models.ForeignKey(default=3, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='backup_slots', to='bookstore.venue'),
        ),
        migrations.AddField(
            model_name='slot',
            name='spare_venue',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='spare_slots', to='bookstore.venue'),
        ),
        migrations.AddField(
            model_name='slot',
            name='venue',
            field=models.ForeignKey(default=7, on_delete=django.db.models.deletion.CASCADE, to='bookstore.venue'),
        ),
        migrations.AddIndex(
            model_name='slot',
            index=models.Index(fields=['-note'], name='slot_note_desc'),
        ),
    ]
