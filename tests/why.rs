//! `.why on`: each kind of note, through `Session::eval` as the shell runs inputs.

use ormlab::db::Database;
use ormlab::session::Session;
use ormlab::sql::why::WhyNote;

fn session() -> Session {
    let s = Session::new(Database::open_sample().expect("sample db")).expect("session");
    s.set_why(true);
    s
}

/// The notes of every query of `input`, with the statements (for failure messages).
fn notes(input: &str) -> (Vec<WhyNote>, String) {
    let mut s = session();
    let o = s.eval(input);
    assert!(o.error.is_none(), "{input}: {:?}", o.error);
    let sql = o
        .queries
        .iter()
        .map(|q| q.sql.clone())
        .collect::<Vec<_>>()
        .join("\n");
    (o.queries.into_iter().flat_map(|q| q.why).collect(), sql)
}

/// Asserts a note whose part starts with `part` and whose reason contains each of `reasons`.
#[track_caller]
fn has(input: &str, part: &str, reasons: &[&str]) {
    let (notes, sql) = notes(input);
    let hit = notes
        .iter()
        .any(|n| n.part.starts_with(part) && reasons.iter().all(|r| n.reason.contains(r)));
    assert!(
        hit,
        "{input}: no note {part:?} ← {reasons:?}\nSQL: {sql}\nnotes: {notes:#?}"
    );
}

#[test]
fn inner_join_for_a_non_null_foreign_key() {
    has(
        "list(Book.objects.filter(publisher__name='Penguin')[:2])",
        "INNER JOIN \"bookstore_publisher\"",
        &[
            "filter publisher__name",
            "Book.publisher",
            "not null",
            "INNER",
        ],
    );
}

#[test]
fn left_outer_join_for_a_nullable_foreign_key() {
    has(
        "list(Book.objects.select_related('genre')[:2])",
        "LEFT OUTER JOIN \"bookstore_genre\"",
        &["select_related genre", "null=True", "LEFT OUTER"],
    );
}

#[test]
fn join_through_a_many_to_many_table() {
    has(
        "Book.objects.filter(authors__name__icontains='dickens').count()",
        "INNER JOIN \"bookstore_book_authors\"",
        &["Book.authors", "ManyToManyField"],
    );
}

#[test]
fn meta_ordering_and_the_repr_limit() {
    let input = "Publisher.objects.all()";
    has(
        input,
        "ORDER BY \"bookstore_publisher\".\"name\" ASC",
        &["Publisher.Meta.ordering"],
    );
    has(input, "LIMIT 21", &["repr", "21 rows"]);
}

#[test]
fn a_slice_in_the_input_is_its_own_limit() {
    has(
        "Book.objects.order_by('id')[:5]",
        "LIMIT 5",
        &["slice [:5]"],
    );
    has(
        "Book.objects.order_by('id')[5:10]",
        "LIMIT 5 OFFSET 5",
        &["[5:10]"],
    );
}

#[test]
fn explicit_order_by() {
    has(
        "Book.objects.order_by('-pubdate')[:3]",
        "ORDER BY \"bookstore_book\".\"pubdate\" DESC",
        &["order_by('-pubdate')"],
    );
}

#[test]
fn get_fetches_at_most_21_rows() {
    has("Book.objects.get(pk=1)", "LIMIT 21", &["get()"]);
}

#[test]
fn first_on_an_unordered_queryset_orders_by_pk() {
    let input = "Book.objects.first()";
    has(
        input,
        "ORDER BY \"bookstore_book\".\"id\" ASC",
        &["first()", "primary key"],
    );
    has(input, "LIMIT 1", &["first()"]);
}

#[test]
fn icontains_is_like_with_escape() {
    has(
        "Book.objects.filter(title__icontains='war').count()",
        "\"bookstore_book\".\"title\" LIKE",
        &["title__icontains", "ignores ASCII case", "escaped"],
    );
}

#[test]
fn contains_is_case_insensitive_on_sqlite() {
    has(
        "Book.objects.filter(title__contains='War').count()",
        "\"bookstore_book\".\"title\" LIKE",
        &["title__contains", "no case-sensitive LIKE"],
    );
}

#[test]
fn count_and_exists() {
    has(
        "Book.objects.count()",
        "COUNT(*) AS \"__count\"",
        &["count()"],
    );
    has(
        "Book.objects.filter(pages__gt=500).exists()",
        "SELECT 1 AS \"a\"",
        &["exists()"],
    );
    has(
        "Book.objects.filter(pages__gt=500).exists()",
        "LIMIT 1",
        &["exists()"],
    );
}

#[test]
fn count_of_a_sliced_queryset_is_a_subquery() {
    has(
        "Book.objects.all()[:10].count()",
        "SELECT COUNT(*) FROM (",
        &["sliced"],
    );
}

#[test]
fn group_by_for_an_aggregate_annotation() {
    has(
        "list(Publisher.objects.annotate(n=Count('books'))[:2])",
        "GROUP BY",
        &["annotate(<aggregate>)", "one row per Publisher"],
    );
    has(
        "list(Publisher.objects.annotate(n=Count('books'))[:2])",
        "AS \"n\"",
        &["aggregate n"],
    );
    has(
        "list(Book.objects.values('publisher__country').annotate(n=Count('id')))",
        "GROUP BY",
        &["values(...).annotate"],
    );
}

#[test]
fn having_for_a_filter_on_an_aggregate() {
    has(
        "list(Publisher.objects.annotate(n=Count('books')).filter(n__gt=20))",
        "HAVING",
        &["aggregate annotation"],
    );
}

#[test]
fn aggregate_values_and_distinct() {
    has(
        "Book.objects.aggregate(Avg('price'))",
        "SELECT",
        &["aggregate()"],
    );
    has(
        "list(Book.objects.values('title', 'publisher__name')[:2])",
        "SELECT",
        &["values()", "title, publisher__name"],
    );
    has(
        "list(Book.objects.filter(authors__age__gt=50).distinct()[:2])",
        "SELECT DISTINCT",
        &["distinct()"],
    );
}

#[test]
fn subquery_exclude_and_or() {
    has(
        "Book.objects.filter(publisher__in=Publisher.objects.filter(country='GB')).count()",
        "\"bookstore_book\".\"publisher_id\" IN (SELECT",
        &["publisher__in", "subquery"],
    );
    has(
        "Book.objects.exclude(rating__gt=4).count()",
        "NOT (",
        &["exclude()"],
    );
    has(
        "Book.objects.filter(Q(pages__lt=100) | Q(pages__gt=900)).count()",
        "OR",
        &["Q(...) | Q(...)"],
    );
}

#[test]
fn dates_year_and_month() {
    has(
        "Book.objects.filter(pubdate__year=1897).count()",
        "\"bookstore_book\".\"pubdate\" BETWEEN",
        &["pubdate__year", "range"],
    );
    has(
        "Book.objects.filter(pubdate__month=3).count()",
        "django_date_extract('month'",
        &["pubdate__month", "SQL function"],
    );
}

#[test]
fn union_and_lazy_loads() {
    has(
        "list(Book.objects.filter(pages__lt=100).union(Book.objects.filter(pages__gt=900)))",
        "UNION",
        &["union()"],
    );
    has(
        "for b in Book.objects.order_by('id')[:2]: b.publisher.name",
        "the whole query",
        &["Book.publisher", "select_related('publisher')"],
    );
}

#[test]
fn raw_sql_is_the_users_own() {
    has(
        "list(Book.objects.raw('SELECT id, title FROM bookstore_book LIMIT 2'))",
        "the whole query",
        &["your own SQL"],
    );
}

#[test]
fn notes_cost_nothing_when_off() {
    let mut s = session();
    s.set_why(false);
    let o = s.eval("Publisher.objects.all()");
    assert!(o.queries.iter().all(|q| q.why.is_empty()));
}

#[test]
fn every_note_shows_a_fragment_of_its_statement() {
    let mut s = session();
    for input in [
        "Publisher.objects.all()",
        "list(Book.objects.select_related('publisher', 'genre').filter(title__icontains='a')[:3])",
        "Publisher.objects.annotate(n=Count('books')).filter(n__gt=2).order_by('-n')[:3]",
    ] {
        let o = s.eval(input);
        for q in &o.queries {
            for n in &q.why {
                let frag = n.part.split('…').next().unwrap().trim_end();
                assert!(
                    n.part.starts_with("the whole") || q.sql.contains(frag),
                    "{input}: {n:?} not in {}",
                    q.sql
                );
            }
        }
    }
}

#[test]
fn prefetch_related_and_exists_subqueries() {
    has(
        "Book.objects.prefetch_related('authors')[:2]",
        "WHERE",
        &["prefetch_related('authors')", "not one per instance"],
    );
    has(
        "Book.objects.prefetch_related('authors')[:2]",
        "(\"bookstore_book_authors\".\"book_id\") AS",
        &["which instance"],
    );
    has(
        "Book.objects.exclude(authors__name__icontains='a').count()",
        "EXISTS(SELECT",
        &["multi-valued relation", "correlated"],
    );
}

#[test]
fn reverse_relations_and_promoted_joins() {
    has(
        "list(Publisher.objects.annotate(n=Count('books'))[:2])",
        "LEFT OUTER JOIN \"bookstore_book\"",
        &["annotate n", "the reverse of Book.publisher", "LEFT OUTER"],
    );
    has(
        "list(Author.objects.filter(books__title__icontains='war')[:2])",
        "INNER JOIN \"bookstore_book_authors\"",
        &["the reverse of Book.authors", "a condition on it needs one"],
    );
    // A non-null ForeignKey is still LEFT OUTER after a LEFT OUTER join.
    has(
        "list(Genre.objects.filter(Q(books__publisher__name='Penguin') | Q(name='Poetry'))[:2])",
        "LEFT OUTER JOIN \"bookstore_publisher\"",
        &[
            "filter books__publisher__name",
            "hangs off a LEFT OUTER JOIN",
        ],
    );
}

/// Over every golden input: `.why on` changes nothing a learner sees (same statements, result,
/// output and error as with it off), never panics, and every note shows a fragment of its own
/// statement.
#[test]
fn why_on_changes_nothing_over_the_golden_inputs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("golden dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .filter(|p| p.file_stem().is_some_and(|s| s != "fixme"))
        .collect();
    files.sort();
    let handle = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let mut notes = 0;
            for path in files {
                let inputs: Vec<String> = std::fs::read_to_string(&path)
                    .expect("golden")
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| {
                        let v: serde_json::Value = serde_json::from_str(l).expect("json");
                        v["input"].as_str().unwrap_or_default().to_string()
                    })
                    .collect();
                let mut off = Session::new(Database::open_sample().unwrap()).unwrap();
                let mut on = session();
                for input in &inputs {
                    let a = off.eval(input);
                    let b = on.eval(input);
                    let sqls = |o: &ormlab::session::Outcome| {
                        o.queries.iter().map(|q| q.sql.clone()).collect::<Vec<_>>()
                    };
                    assert_eq!(sqls(&a), sqls(&b), "{input}");
                    assert_eq!(a.result, b.result, "{input}");
                    assert_eq!(a.stdout, b.stdout, "{input}");
                    assert_eq!(a.error, b.error, "{input}");
                    for q in &b.queries {
                        for n in &q.why {
                            notes += 1;
                            let frag = n.part.split('…').next().unwrap().trim_end();
                            assert!(
                                n.part.starts_with("the whole") || q.sql.contains(frag),
                                "{input}: {n:?} not in {}",
                                q.sql
                            );
                        }
                    }
                }
            }
            notes
        })
        .expect("thread");
    let notes = handle.join().expect("no panic with .why on");
    assert!(notes > 1000, "only {notes} notes");
}
