//! What the tests that drive the `ormlab` binary through stdin share.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty data dir (where progress.json goes) for one test of one test file.
pub fn data_dir(file: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ormlab-{file}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `ormlab ARGS` with `stdin` piped in and its data dir at `data`.
pub fn ormlab(args: &[&str], data: &Path, stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ormlab"))
        .args(args)
        .env("ORMLAB_DATA_DIR", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}
