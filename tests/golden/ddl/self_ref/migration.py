
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Category',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=60)),
                ('slug', models.SlugField(unique=True)),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('followers', models.ManyToManyField(related_name='following', to='bookstore.category')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='children', to='bookstore.category')),
                ('related', models.ManyToManyField(blank=True, to='bookstore.category')),
            ],
            options={
                'indexes': [models.Index(fields=['-position', 'name'], name='bookstore_c_positio_0c31eb_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='category_name_not_empty')],
                'unique_together': {('parent', 'name')},
            },
        ),
        migrations.CreateModel(
            name='Employee',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=80)),
                ('level', models.IntegerField(default=1)),
                ('buddy', models.OneToOneField(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='bookstore.employee')),
                ('manager', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='bookstore.employee')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('level__gte', 1), ('manager__isnull', True), _connector='OR'), name='employee_level')],
            },
        ),
    ]
