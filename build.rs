//! Embeds the lessons: writes `$OUT_DIR/lessons.rs` with an `include_str!` of every
//! `lessons/*.md` (README.md excepted) and of every `lessons/drills/*.md` (the practice drills),
//! sorted by file name, so an installed ormlab has them.

use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let dir = Path::new(&root).join("lessons");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=lessons");
    let mut out = String::new();
    for (what, name, sub) in [
        ("lessons/*.md", "EMBEDDED", dir.clone()),
        ("lessons/drills/*.md", "EMBEDDED_DRILLS", dir.join("drills")),
    ] {
        out.push_str(&format!(
            "/// Every `{what}` at build time: (file name, text).\n"
        ));
        out.push_str(&format!("pub static {name}: &[(&str, &str)] = &[\n"));
        for (name, path) in &markdown_files(&sub) {
            out.push_str(&format!("    ({name:?}, include_str!({path:?})),\n"));
        }
        out.push_str("];\n");
    }
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("lessons.rs");
    std::fs::write(dest, out).expect("write lessons.rs");
}

/// The `*.md` files of `dir` but README.md, as (file name, path), sorted.
fn markdown_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let keep = name.ends_with(".md") && name != "README.md";
                    keep.then(|| (name, e.path().to_string_lossy().into_owned()))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
