//! Lessons and practice: the bank's coverage by the lessons, `ormlab lesson --check` on the real
//! lessons and on fixtures, a fixture lesson driven through stdin, and a seeded practice session.

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{data_dir, ormlab, root};

use ormlab::lesson::lessons_in;
use ormlab::practice::bank::parse_bank;

fn fixtures(which: &str) -> PathBuf {
    root().join("tests/fixtures/lessons").join(which)
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn every_bank_question_is_covered_by_a_lesson() {
    let bank = std::fs::read_to_string(root().join("lessons/interview-questions.txt")).unwrap();
    let questions: Vec<String> = bank
        .lines()
        .map(str::trim)
        .filter(|l| l.ends_with('?'))
        .map(String::from)
        .collect();
    assert_eq!(questions.len(), parse_bank(&bank).len());
    let lessons = lessons_in(&root().join("lessons")).unwrap();
    let covered: Vec<&str> = lessons
        .iter()
        .flat_map(|l| l.questions.iter().map(|q| q.text.as_str()))
        .collect();
    let missing: Vec<&String> = questions
        .iter()
        .filter(|q| !covered.contains(&q.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "bank questions no lesson lists in its `questions` block:\n{}",
        missing
            .iter()
            .map(|q| q.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn check_passes_on_the_real_lessons() {
    let data = data_dir("lessons", "check-real");
    let dir = root().join("lessons");
    let o = ormlab(&["lesson", "--check", dir.to_str().unwrap()], &data, "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains(": ok"), "{}", text(&o));
    // The embedded lessons too.
    let o = ormlab(&["lesson", "--check"], &data, "");
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn check_passes_on_a_good_fixture_and_fails_on_a_broken_one() {
    let data = data_dir("lessons", "check-fixtures");
    let good = fixtures("good");
    let o = ormlab(&["lesson", "--check", good.to_str().unwrap()], &data, "");
    assert!(o.status.success(), "{}", text(&o));

    let broken = fixtures("broken");
    let o = ormlab(&["lesson", "--check", broken.to_str().unwrap()], &data, "");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    for want in [
        "01-broken.md:4: not a question of the bank",
        "01-broken.md:7: the block says queries=5 but sends 1",
        "01-broken.md:12: `Book.objects.get(title=\"No Such Book\")` raised Book.DoesNotExist",
        "01-broken.md:15: exercise `too-many`: the reference answer fails: too many queries",
        "01-broken.md:20: exercise `raises`: the reference answer fails",
        "01-broken.md:29: exercise `nothing-to-compare`: the reference answer has no value",
        "6 problems",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
    // The expect_error block (input on line 26) is not a problem.
    assert!(!out.contains("01-broken.md:26"), "{out}");
}

#[test]
fn driving_a_lesson_through_stdin() {
    let data = data_dir("lessons", "drive");
    let dir = fixtures("good");
    let dir = dir.to_str().unwrap();
    let input = [
        // penguin-count: a hard-coded number is right on the sample data only.
        "71",
        "hint",
        "hint",
        "hint",
        "Book.objects.filter(publisher__name=\"Penguin\").count()",
        // cheap-titles: wrong rows, then too many queries, then revealed.
        "Book.objects.filter(publisher=p, price__lt=5).values_list(\"title\", flat=True)",
        "[Book.objects.get(pk=b.pk).title for b in Book.objects.filter(publisher=p, price__lt=10)]",
        "reveal",
        // publisher-books: an N+1 (a one-line block ends with an empty line, as in Python's
        // REPL), then skipped with an empty line.
        "for b in Book.objects.order_by(\"id\")[:5]: print(b.publisher.name)",
        "",
        "",
        // all-penguin-titles: the first 20 rows are not enough; every row counts, in any order.
        "Book.objects.filter(publisher_id=1).order_by(\"-title\").values_list(\"title\", flat=True)[:20]",
        "Book.objects.filter(publisher__name=\"Penguin\").order_by(\"-title\").values_list(\"title\", flat=True)",
    ]
    .join("\n")
        + "\n";
    let o = ormlab(&["lesson", "--dir", dir, "sample"], &data, &input);
    assert!(o.status.success());
    let out = text(&o);
    for want in [
        "# Sample lesson for the tests",
        "Some prose about QuerySets.",
        ">>> qs.count()",
        "WHERE \"bookstore_publisher\".\"name\" = 'Penguin'",
        "== Exercise penguin-count",
        "on a differently filled copy of the database: expected ",
        "does your answer hard-code",
        "Hint: Follow the publisher relation with `publisher__name`.",
        "Hint: Then call `count()`.",
        "No more hints.",
        "✓ Right!",
        "Already run before your answer:",
        "missing rows (",
        "too many queries: ",
        "at most 1 allowed",
        "The reference answer:\n    Book.objects.filter(publisher=p, price__lt=10).values_list(\"title\", flat=True)",
        "N+1: Book.publisher loaded lazily 5 times",
        "(this exercise allows no N+1)",
        "Skipped.",
        "Q: What is a QuerySet in Django?\nA: A lazy description of a query.\n>>> Book.objects.all()[:2]",
        "missing rows (51)",
        "End of lesson 01-sample: 2/4 exercises done.",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
    // Progress is saved, listed, kept across runs and forgotten by --reset.
    let saved = std::fs::read_to_string(data.join("progress.json")).unwrap();
    assert!(saved.contains("penguin-count"), "{saved}");
    assert!(saved.contains("all-penguin-titles"), "{saved}");
    let list = text(&ormlab(&["lesson", "--dir", dir], &data, ""));
    assert!(list.contains("01-sample"), "{list}");
    assert!(list.contains("2/4 exercises done"), "{list}");

    // Right answers to the other two, then the input ends: exit 0, progress kept.
    let more = "\n[b.title for b in Book.objects.filter(publisher=p, price__lt=10)]\n";
    let o = ormlab(&["lesson", "--dir", dir, "1"], &data, more);
    assert!(o.status.success());
    let out = text(&o);
    assert!(
        out.contains("== Exercise penguin-count (done before)"),
        "{out}"
    );
    assert!(out.contains("✓ Right!"), "{out}");
    assert!(out.contains("(end of input; progress saved)"), "{out}");
    let list = text(&ormlab(&["lesson", "--dir", dir], &data, ""));
    assert!(list.contains("3/4 exercises done"), "{list}");

    let o = ormlab(&["lesson", "--reset"], &data, "");
    assert!(o.status.success());
    let list = text(&ormlab(&["lesson", "--dir", dir], &data, ""));
    assert!(list.contains("0/4 exercises done"), "{list}");
}

#[test]
fn unknown_lesson_is_an_error() {
    let data = data_dir("lessons", "unknown");
    let dir = fixtures("good");
    let o = ormlab(
        &["lesson", "--dir", dir.to_str().unwrap(), "nope"],
        &data,
        "",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no lesson called `nope`"));
}

#[test]
fn a_seeded_practice_session_through_stdin() {
    let data = data_dir("lessons", "practice");
    // Answers for up to 4 questions: a concept question reads two lines, a count one.
    let input = "something\ny\n2\nanother\nn\n";
    let run = |data: &Path| {
        text(&ormlab(
            &["practice", "--seed", "42", "--count", "4"],
            data,
            input,
        ))
    };
    let first = run(&data);
    assert!(first.contains("[1/4]"), "{first}");
    assert!(first.contains("Practice: "), "{first}");
    // The same seed on the same (fresh) progress draws the same questions.
    let other = data_dir("lessons", "practice-again");
    assert_eq!(first, run(&other));

    // --json: the summary on stdout, parseable; the questions on stderr. EOF ends the session.
    let fresh = data_dir("lessons", "practice-json");
    let o = ormlab(
        &["practice", "--seed", "42", "--count", "3", "--json"],
        &fresh,
        "",
    );
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["asked"], 0);
    assert_eq!(v["seed"], 42);
    assert!(String::from_utf8_lossy(&o.stderr).contains("[1/3]"));

    // A topic restricts the draw to the bank's section; wrong answers are remembered.
    let o = ormlab(
        &[
            "practice", "--seed", "1", "--count", "2", "--topic", "basic", "--json",
        ],
        &fresh,
        "x\nn\nx\nn\n",
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for item in v["items"].as_array().unwrap() {
        assert_eq!(item["topic"], "Basic Questions", "{v}");
    }
    let saved = std::fs::read_to_string(fresh.join("progress.json")).unwrap();
    assert!(saved.contains("practice_boxes"), "{saved}");
}

#[test]
fn the_alternative_database_is_different_and_consistent() {
    use ormlab::lesson::altdb::{Copy, session};
    use ormlab::render::human::repr;
    let reg = std::rc::Rc::new(ormlab::session::sample_registry().unwrap());
    let mut s = session(Copy::Alt, &reg).unwrap();
    let mut value = |input: &str| {
        let o = s.eval(input);
        assert!(o.error.is_none(), "{input}: {:?}", o.error);
        repr(o.result.as_ref().unwrap())
    };
    assert_ne!(value("Book.objects.count()"), "250");
    for fixed in [
        "Publisher.objects.filter(name='Penguin').exists()",
        "Author.objects.filter(email='jane.austen@example.com').exists()",
        "Book.objects.filter(title='Dracula').exists()",
        "Genre.objects.filter(name='Fiction').exists()",
    ] {
        assert_eq!(value(fixed), "True", "{fixed}");
    }
    assert_eq!(
        value("connection.cursor().execute('PRAGMA foreign_key_check').fetchall()"),
        "[]"
    );
    let integrity = value("connection.cursor().execute('PRAGMA integrity_check').fetchall()");
    assert!(integrity.contains("'ok'"), "{integrity}");
    // The sample copy is untouched.
    let mut s = session(Copy::Sample, &reg).unwrap();
    assert_eq!(
        repr(s.eval("Book.objects.count()").result.as_ref().unwrap()),
        "250"
    );
}
