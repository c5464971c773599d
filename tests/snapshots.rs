//! Snapshots (insta) of what the shell shows, colour off and timings masked, for a
//! representative set of inputs and dot-commands. `INSTA_UPDATE=always cargo test --test
//! snapshots` re-records them (review the diff of tests/snapshots/ before committing).

use ormlab::db::Database;
use ormlab::repl::commands;
use ormlab::repl::render_input;
use ormlab::repl::show::Settings;
use ormlab::session::Session;

/// Runs each line as the shell does (dot-commands included) and returns the screen text.
fn shell(lines: &[&str]) -> String {
    let mut session = Session::new(Database::open_sample().expect("sample db")).expect("session");
    let mut settings = Settings {
        color: false,
        mask_times: true,
        table_width: Some(160),
        ..Settings::default()
    };
    let mut out = String::new();
    for line in lines {
        out.push_str(&format!(">>> {line}\n"));
        if commands::is_command(line) {
            let (text, _) = commands::run(line, &session, &mut settings, &[]);
            out.push_str(&text);
            out.push('\n');
        } else {
            out.push_str(&render_input(&mut session, line, &settings));
        }
    }
    out
}

macro_rules! snap {
    ($name:ident, $($line:expr),+) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(shell(&[$($line),+]));
        }
    };
}

snap!(queryset_table, "Book.objects.order_by('id')[:3]");
snap!(
    values_dicts,
    "Book.objects.values('title', 'publisher__name').order_by('id')[:3]"
);
snap!(
    values_list_tuples,
    "Book.objects.values_list('id', 'pages').order_by('id')[:3]"
);
snap!(
    flat_values_list,
    "list(Publisher.objects.values_list('name', flat=True)[:3])"
);
snap!(single_instance, "Book.objects.get(pk=1)");
snap!(count, "Book.objects.filter(title__icontains='war').count()");
snap!(
    aggregate_dict,
    "Book.objects.aggregate(Avg('pages'), Max('price'))"
);
snap!(error_with_caret, "Book.objects.filter(titel='x')");
snap!(does_not_exist, "Book.objects.get(pk=0)");
snap!(
    n_plus_one_warning,
    "for b in Book.objects.order_by('id')[:3]: print(b.title, '-', b.publisher.name)"
);
snap!(
    print_and_statement,
    "x = Book.objects.count()",
    "print('books:', x)"
);
snap!(schema_book, ".schema Book");
snap!(models, ".models");
snap!(help, ".help");
snap!(migrations, ".migrations");
snap!(
    why_on,
    ".why on",
    "Book.objects.filter(publisher__name__icontains='a').select_related('genre')[:2]",
    "Publisher.objects.annotate(n=Count('books')).filter(n__gt=20)"
);
snap!(
    plan_on,
    ".plan on",
    "Book.objects.filter(publisher__country='GB').count()"
);
snap!(
    repr_mode_and_rows,
    ".mode repr",
    "Publisher.objects.all()[:3]",
    ".mode table",
    ".rows 2",
    "Publisher.objects.all()"
);
