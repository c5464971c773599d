//! Bad input never crashes: thousands of mutated learner inputs (cut, spliced, bracketed,
//! with odd characters) go through a whole session; each must come back as a value or a
//! Python exception, never a panic. Deterministic (a fixed-seed generator).

use std::path::Path;

use ormlab::db::Database;
use ormlab::session::Session;

/// xorshift64*: small, deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ".",
    ",",
    ":",
    "=",
    "__",
    "'",
    "\"",
    "\\",
    "*",
    "**",
    "-",
    "~",
    "|",
    "&",
    " ",
    "\t",
    "\n",
    "é",
    "🦀",
    "\0",
    "None",
    "10**100",
    "-1",
    "objects",
    "filter(",
    "F(",
    "Q(",
    "Count(",
    "pk",
    "[::-1]",
    "__in=[]",
    "__isnull=",
    "__year=",
    "lambda: ",
    "for x in ",
    "if ",
    "not ",
    "del ",
    "import ",
    "raise ",
];

fn corpus() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("golden")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
    {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        out.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .map(str::to_string),
        );
    }
    out
}

fn mutate(rng: &mut Rng, base: &str) -> String {
    let chars: Vec<char> = base.chars().collect();
    let mut s: Vec<char> = chars.clone();
    for _ in 0..1 + rng.below(3) {
        let pos = rng.below(s.len() + 1);
        match rng.below(4) {
            0 if !s.is_empty() => {
                let end = (pos + 1 + rng.below(6)).min(s.len());
                s.drain(pos.min(s.len())..end);
            }
            1 => {
                let piece = PIECES[rng.below(PIECES.len())];
                for (k, c) in piece.chars().enumerate() {
                    s.insert((pos + k).min(s.len()), c);
                }
            }
            2 => s.truncate(pos),
            _ => {
                let piece: String = chars
                    .iter()
                    .skip(rng.below(chars.len() + 1))
                    .take(rng.below(20))
                    .collect();
                for (k, c) in piece.chars().enumerate() {
                    s.insert((pos + k).min(s.len()), c);
                }
            }
        }
    }
    s.into_iter().collect()
}

#[test]
fn mutated_inputs_never_panic() {
    let inputs = corpus();
    assert!(inputs.len() > 500);
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let mut rng = Rng(0x5EED_2026);
            let mut s = Session::new(Database::open_sample().expect("db")).expect("session");
            let mut raised = 0;
            for i in 0..4000 {
                let base = &inputs[rng.below(inputs.len())];
                let input = mutate(&mut rng, base);
                // Keep runaway loops out: a mutated `range(10**100)` would be a long, not a crash.
                if input.contains("while") || input.contains("range(1") {
                    continue;
                }
                if i % 500 == 0 {
                    // A fresh session now and then, so one input's assignments don't shape all.
                    s = Session::new(Database::open_sample().expect("db")).expect("session");
                }
                let o = s.eval(&input);
                if let Some(e) = &o.error {
                    raised += 1;
                    assert!(
                        !e.class.is_empty() && !e.message.contains("panicked"),
                        "{input:?}: {e:?}"
                    );
                }
            }
            assert!(
                raised > 1000,
                "most mutations should raise a Python exception, got {raised}"
            );
        })
        .expect("thread")
        .join()
        .expect("a mutated input made ormlab panic");
}
