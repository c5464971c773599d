//! `--db FILE` is read-only unless `--write` is given: a write fails with an error naming
//! `--write`, and with `--write` it lands in the file.

use std::process::Command;

fn ormlab(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_ormlab"))
        .args(args)
        .output()
        .expect("run ormlab");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    serde_json::from_str(text.trim()).expect("one JSON object")
}

#[test]
fn writes_need_the_write_flag() {
    let dir = std::env::temp_dir().join(format!("ormlab-write-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = dir.join("db.sqlite3");
    let db_s = db.to_str().expect("path");
    let st = Command::new(env!("CARGO_BIN_EXE_ormlab"))
        .args(["export-db", db_s])
        .status()
        .expect("export-db");
    assert!(st.success());
    let create = r#"Publisher.objects.create(name="Z", country="FR")"#;
    let ro = ormlab(&["eval", "--db", db_s, "--json", create]);
    assert_eq!(ro["error"]["type"], "OperationalError");
    assert!(
        ro["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("--write")
    );
    let rw = ormlab(&["eval", "--db", db_s, "--write", "--json", create]);
    assert!(rw["error"].is_null(), "{rw}");
    let count = ormlab(&[
        "eval",
        "--db",
        db_s,
        "--json",
        r#"Publisher.objects.filter(name="Z").count()"#,
    ]);
    assert_eq!(count["result"], 1);
    let _ = std::fs::remove_dir_all(&dir);
}
