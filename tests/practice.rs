//! `ormlab practice` driven through stdin, one drill at a time (a drill's key given as `--topic`
//! picks it): lesson exercises (wrong answer and what differs, hints, retry, reveal, multi-line
//! answers), spot-the-N+1 (the unfixed code rejected with the reason, a fix accepted), which-SQL
//! (a right and a wrong letter), the JSON summary, saved progress, and the drill files' check.

use std::path::Path;

mod common;
use common::{data_dir, ormlab, root};

use serde_json::Value as J;

/// One drill (by key), seed 7, answered with `input`: (its text, the JSON summary).
fn drill(key: &str, data: &Path, input: &str) -> (String, J) {
    let o = ormlab(
        &[
            "practice", "--topic", key, "--seed", "7", "--count", "1", "--json",
        ],
        data,
        input,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary = serde_json::from_slice(&o.stdout).unwrap();
    (String::from_utf8_lossy(&o.stderr).into_owned(), summary)
}

fn has(out: &str, wants: &[&str]) {
    for w in wants {
        assert!(out.contains(w), "missing {w:?} in:\n{out}");
    }
}

#[test]
fn an_exercise_wrong_then_hint_then_right_over_several_lines() {
    let data = data_dir("practice", "exercise");
    let key = "x:06-related-objects-and-n-plus-one:titles-with-publisher";
    let input = [
        // Wrong rows: the 10 most expensive, not the cheapest.
        "Book.objects.order_by(\"-price\", \"title\").values_list(\"title\", \"publisher__name\")[:10]",
        "?",
        "hint",
        // Right, over two lines: the open bracket continues the answer.
        "Book.objects.order_by(\"price\", \"title\").values_list(",
        "    \"title\", \"publisher__name\")[:10]",
    ]
    .join("\n")
        + "\n";
    let (out, summary) = drill(key, &data, &input);
    has(
        &out,
        &[
            "— exercise",
            "Exercise titles-with-publisher (lesson 06-related-objects-and-n-plus-one):",
            "(at most 1 query; no N+1)",
            "✗ Not yet:",
            "missing rows (10)",
            "extra rows (10)",
            "Try again",
            "Hint: `values_list` across the relation, or `select_related`.",
            "No more hints.",
            "... ",
            "✓ Right!",
        ],
    );
    let item = &summary["items"][0];
    assert_eq!(item["kind"], "exercise");
    assert_eq!(item["mark"], "right");
    assert_eq!(item["tries"], 2);
    assert_eq!(item["hints"], 1);
    assert_eq!(item["revealed"], false);
    assert_eq!(summary["by_kind"]["exercise"]["right"], 1);
    // Saved: the Leitner box, and the exercise counts as done in the lesson.
    let saved = std::fs::read_to_string(data.join("progress.json")).unwrap();
    has(
        &saved,
        &[&format!("\"{key}\": 2"), "\"titles-with-publisher\""],
    );
    let list = String::from_utf8_lossy(&ormlab(&["lesson"], &data, "").stdout).into_owned();
    let line = list
        .lines()
        .find(|l| l.starts_with("06-"))
        .unwrap_or_default()
        .to_string();
    assert!(line.contains("1/3 exercises done"), "{list}");
}

#[test]
fn an_exercise_revealed_counts_wrong_and_an_empty_line_skips() {
    let data = data_dir("practice", "reveal");
    let key = "x:06-related-objects-and-n-plus-one:prefetch-authors";
    let (out, summary) = drill(key, &data, "answer\n");
    has(
        &out,
        &["The reference answer:\n    [(b.title, len(b.authors.all())) for b in"],
    );
    assert_eq!(summary["items"][0]["mark"], "wrong");
    assert_eq!(summary["items"][0]["revealed"], true);
    let saved = std::fs::read_to_string(data.join("progress.json")).unwrap();
    has(&saved, &[&format!("\"{key}\": 1")]);

    // An empty line at the top level skips (piped input too).
    let (out, summary) = drill(key, &data_dir("practice", "skip"), "\n");
    has(&out, &["Skipped."]);
    assert_eq!(summary["items"][0]["mark"], "skipped");
}

#[test]
fn spot_the_n_plus_one_rejects_the_unfixed_code_and_accepts_a_fix() {
    let data = data_dir("practice", "nplus1");
    let input = [
        // The code as shown: rejected, with the reasons.
        "for b in Book.objects.order_by(\"id\")[:20]:",
        "    print(b.title, \"-\", b.publisher.name)",
        "",
        // A fix that changes the output (other books): rejected too.
        "for b in Book.objects.select_related(\"publisher\").order_by(\"-id\")[:20]:",
        "    print(b.title, \"-\", b.publisher.name)",
        "",
        // A one-line block needs its empty line too, as in Python's REPL.
        "for b in Book.objects.select_related(\"publisher\").order_by(\"id\")[:20]: print(b.title, \"-\", b.publisher.name)",
        "",
    ]
    .join("\n")
        + "\n";
    let (out, summary) = drill("p:fk-publisher", &data, &input);
    has(
        &out,
        &[
            "— spot the N+1",
            "Spot the N+1 and fix it. Print the title and the publisher of the first 20 books by id.",
            "On the sample database it sends 21 queries:\nN+1: Book.publisher loaded lazily 20 times\n",
            "(at most 1 query; no N+1)",
            "too many queries: 21 sent, at most 1 allowed",
            "N+1: Book.publisher loaded lazily 20 times — use select_related(\"publisher\") (this exercise allows no N+1)",
            "missing printed lines (20)",
            "✓ Right!",
            "Why: select_related(\"publisher\") adds an INNER JOIN",
        ],
    );
    // The detector's fix is not given away before the hints.
    let shown = out.split("answer> ").next().unwrap();
    assert!(!shown.contains("use select_related"), "{shown}");
    let item = &summary["items"][0];
    assert_eq!(item["kind"], "n_plus_one");
    assert_eq!(item["mark"], "right");
    assert_eq!(item["tries"], 3);
}

#[test]
fn spot_the_n_plus_one_hints_end_with_the_detector() {
    let (out, summary) = drill(
        "p:annotate-count",
        &data_dir("practice", "hints"),
        "?\n?\n?\n?\nskip\n",
    );
    has(
        &out,
        &[
            "Hint: p.books.count() is a SELECT COUNT(*) per publisher.",
            "Hint: The N+1 detector says: use prefetch_related(\"books\"), or annotate(n=Count(\"books\"))",
            "No more hints.",
            "Skipped.",
        ],
    );
    assert_eq!(summary["items"][0]["mark"], "skipped");
    assert_eq!(summary["items"][0]["hints"], 3);
}

#[test]
fn which_sql_right_and_wrong_letters() {
    let key = "s:count-through-fk";
    // First learn which letter is right (the same seed gives the same candidates).
    let (out, summary) = drill(key, &data_dir("practice", "sql-probe"), "skip\n");
    has(
        &out,
        &[
            "— which SQL?",
            ">>> Book.objects.filter(genre__name=\"Poetry\").count()",
            "is what ormlab and Django send.",
            "Why: count() is SELECT COUNT(*) with no LIMIT",
        ],
    );
    let right = summary["items"][0]["correct"].as_str().unwrap().to_string();
    let right_sql = "SELECT COUNT(*) AS \"__count\" FROM \"bookstore_book\" INNER JOIN \"bookstore_genre\" ON (\"bookstore_book\".\"genre_id\" = \"bookstore_genre\".\"id\") WHERE \"bookstore_genre\".\"name\" = 'Poetry'\n";
    assert!(out.contains(&format!("  {right}) {right_sql}")), "{out}");
    let letters: Vec<char> = out
        .lines()
        .filter_map(|l| l.strip_prefix("  ")?.split_once(") SELECT"))
        .map(|(l, _)| l.chars().next().unwrap())
        .collect();
    assert!((3..=4).contains(&letters.len()), "{out}");

    let (again, summary) = drill(
        key,
        &data_dir("practice", "sql-right"),
        &right.to_lowercase(),
    );
    assert_eq!(summary["items"][0]["mark"], "right", "{again}");
    has(&again, &[&format!("✓ Right: {right}.")]);

    let wrong = letters
        .iter()
        .find(|c| c.to_string() != right)
        .unwrap()
        .to_string();
    let data = data_dir("practice", "sql-wrong");
    let (out, summary) = drill(key, &data, &format!("Z\n{wrong}\n"));
    has(
        &out,
        &[
            "Answer with one letter",
            &format!("✗ Not {wrong}: it is {right}."),
        ],
    );
    // Every wrong candidate's mistake is named.
    let named = out
        .lines()
        .filter(|l| {
            let b = l.as_bytes();
            l.len() > 4 && l.starts_with("  ") && b[2].is_ascii_uppercase() && b[3] == b' '
        })
        .count();
    assert_eq!(named, letters.len(), "{out}");
    assert_eq!(summary["items"][0]["answer"], wrong.as_str());
    assert_eq!(summary["items"][0]["mark"], "wrong");
    let saved = std::fs::read_to_string(data.join("progress.json")).unwrap();
    has(&saved, &["\"s:count-through-fk\": 1"]);
}

#[test]
fn kinds_filter_and_the_human_summary() {
    let data = data_dir("practice", "kinds");
    let o = ormlab(
        &[
            "practice",
            "--kind",
            "which-sql",
            "--seed",
            "3",
            "--count",
            "2",
        ],
        &data,
        "\n\n",
    );
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    has(
        &out,
        &[
            "[1/2]",
            "[2/2]",
            "Practice: 2 asked — 0 right, 0 wrong, 2 skipped.\n  which_sql: 2 asked",
        ],
    );
    let o = ormlab(&["practice", "--kind", "nope"], &data, "");
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    has(
        &String::from_utf8_lossy(&o.stderr),
        &["no drill kind `nope`; kinds: concept, query_count, exercise, n_plus_one, which_sql"],
    );
    // Topic words match kinds too.
    let o = ormlab(
        &[
            "practice", "--topic", "N+1", "--seed", "1", "--count", "3", "--json",
        ],
        &data,
        "",
    );
    assert!(o.status.success());
    has(&String::from_utf8_lossy(&o.stderr), &["— spot the N+1"]);
}

#[test]
fn the_drill_files_check() {
    let data = data_dir("practice", "check");
    // The real drills pass (also run by `lesson --check` on the lessons directory).
    let o = ormlab(&["lesson", "--check"], &data, "");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{out}");
    assert!(out.contains(" drills: ok"), "{out}");
    let dir = root().join("lessons");
    let o = ormlab(&["lesson", "--check", dir.to_str().unwrap()], &data, "");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));

    let broken = root().join("tests/fixtures/lessons/drills-broken");
    let o = ormlab(&["lesson", "--check", broken.to_str().unwrap()], &data, "");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(1), "{out}");
    has(
        &out,
        &[
            "drills/broken.md:3: nplus1 `no-n-plus-one`: the code triggers no N+1 finding",
            "drills/broken.md:3: nplus1 `no-n-plus-one`: the unfixed code passes the drill",
            "drills/broken.md:11: nplus1 `fix-prints-else`: the fix does not do what the code does",
            "drills/broken.md:19: whichsql `two-statements`: ",
            "sends 2 statements; a which-SQL drill needs exactly one",
            "drills/broken.md:24: whichsql `raises`: `Book.objects.get(pk=99999)` raised Book.DoesNotExist",
            "drills/broken.md:29: whichsql `bad-mistakes`: no mistake is called `nonsense`; they are: left-join, ",
            "drills/broken.md:29: whichsql `bad-mistakes`: the mistake `inner-join` does not apply to its SQL",
            "5 drills: 8 problems",
        ],
    );
}
