
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Owner',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(blank=True, max_length=20)),
                ('mentor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to='bookstore.owner')),
            ],
        ),
        migrations.CreateModel(
            name='Tag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(max_length=20)),
                ('owner', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, to='bookstore.owner')),
            ],
        ),
        migrations.CreateModel(
            name='Node',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=20)),
                ('weight', models.DecimalField(decimal_places=1, default=0.1, max_digits=5)),
                ('parent', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='kids', to='bookstore.node')),
                ('twin', models.OneToOneField(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='bookstore.node')),
                ('backup', models.ForeignKey(default=2, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='backups', to='bookstore.owner')),
                ('owner', models.ForeignKey(default=1, on_delete=django.db.models.deletion.CASCADE, to='bookstore.owner')),
                ('tags', models.ManyToManyField(to='bookstore.tag')),
            ],
        ),
        migrations.AddConstraint(
            model_name='owner',
            constraint=models.UniqueConstraint(fields=('name',), name='owner_unique_name'),
        ),
        migrations.AddConstraint(
            model_name='tag',
            constraint=models.CheckConstraint(condition=models.Q(('label', ''), _negated=True), name='tag_label'),
        ),
        migrations.AddIndex(
            model_name='node',
            index=models.Index(fields=['name'], name='node_name_idx'),
        ),
        migrations.AddConstraint(
            model_name='node',
            constraint=models.CheckConstraint(condition=models.Q(('weight__gte', 0)), name='node_weight'),
        ),
        migrations.AlterUniqueTogether(
            name='node',
            unique_together={('name', 'owner')},
        ),
    ]
