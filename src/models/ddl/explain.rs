//! What the shell's `.migrations` shows: a short explanation of Django's two migration commands
//! above the SQL of the app's initial migration (`sqlmigrate`), so a learner sees where the
//! tables they query come from.

use crate::models::model::Registry;

/// makemigrations and migrate in a few lines, in the app's terms.
pub fn migrations_explained(reg: &Registry) -> String {
    let app = &reg.app_label;
    format!(
        "\
Django never reads models.py at query time: the tables come from migrations.
  python manage.py makemigrations {app}   compares models.py with the migrations so far and
      writes the difference as Python ({app}/migrations/0001_initial.py: CreateModel, AddField,
      AddIndex, AddConstraint ...). It does not touch the database.
  python manage.py migrate {app}          runs the migrations not applied yet, each in a
      transaction, and records them in the django_migrations table.
  python manage.py sqlmigrate {app} 0001  prints the SQL a migration runs, without running it.
Unmanaged models (Meta.managed = False, like a view) and proxy models get no table: their
operations print \"-- (no-op)\". This is what sqlmigrate prints for {app}'s initial migration:
"
    )
}

/// The explanation, then `sqlmigrate <app> 0001` (or the reason it cannot be produced).
pub fn migrations_text(reg: &Registry) -> String {
    let mut t = migrations_explained(reg);
    t.push('\n');
    t.push_str(&super::sqlmigrate(reg));
    t
}
