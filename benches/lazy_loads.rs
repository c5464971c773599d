//! The N+1 loop a learner writes — `for b in Book.objects.all(): b.publisher.name`, 251 queries —
//! through ormlab, beside the same 251 statements sent straight to SQLite by rusqlite with cached
//! prepared statements, each row read whole into owned values as any client that returns rows
//! must (the floor any Rust tool could reach).

use criterion::{Criterion, criterion_group, criterion_main};
use ormlab::db::{Database, convert_query};
use ormlab::session::Session;
use rusqlite::types::Value;

const BOOKS: &str = "SELECT \"bookstore_book\".\"id\", \"bookstore_book\".\"title\", \"bookstore_book\".\"isbn\", \
\"bookstore_book\".\"pages\", \"bookstore_book\".\"price\", \"bookstore_book\".\"rating\", \"bookstore_book\".\"pubdate\", \
\"bookstore_book\".\"in_print\", \"bookstore_book\".\"publisher_id\", \"bookstore_book\".\"genre_id\" FROM \"bookstore_book\"";
const PUBLISHER: &str = "SELECT \"bookstore_publisher\".\"id\", \"bookstore_publisher\".\"name\", \
\"bookstore_publisher\".\"country\", \"bookstore_publisher\".\"founded\" FROM \"bookstore_publisher\" \
WHERE \"bookstore_publisher\".\"id\" = %s LIMIT 21";

fn bench(c: &mut Criterion) {
    let loop_input = "for b in Book.objects.all(): b.publisher.name";
    let mut s = Session::new(Database::open_sample().expect("db")).expect("session");
    assert_eq!(
        s.eval(loop_input).queries.len(),
        251,
        "the loop should cost 1 + 250 queries"
    );
    c.bench_function("n_plus_one_loop_ormlab", |b| {
        b.iter(|| s.eval(loop_input).queries.len())
    });

    let db = Database::open_sample().expect("db");
    let conn = db.connection();
    let books_sql = convert_query(BOOKS);
    let publisher_sql = convert_query(PUBLISHER);
    c.bench_function("n_plus_one_loop_raw_rusqlite", |b| {
        b.iter(|| {
            let mut stmt = conn.prepare_cached(&books_sql).expect("prepare");
            let books: Vec<Vec<Value>> = stmt
                .query_map([], |r| (0..10).map(|i| r.get::<_, Value>(i)).collect())
                .expect("books")
                .filter_map(Result::ok)
                .collect();
            let mut n = 0;
            for book in &books {
                let mut p = conn.prepare_cached(&publisher_sql).expect("prepare");
                let rows: Vec<Vec<Value>> = p
                    .query_map([&book[8]], |r| {
                        (0..4).map(|i| r.get::<_, Value>(i)).collect()
                    })
                    .expect("publisher")
                    .filter_map(Result::ok)
                    .collect();
                n += rows.len();
            }
            n
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
