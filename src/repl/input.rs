//! When is an input complete? CPython's interactive rules: an open bracket, an unterminated
//! triple-quoted string or a trailing backslash continue; a line ending in `:` opens a block that
//! a blank line (or, in a script, a dedented line) ends.

/// What a buffer of lines still needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Ready to run.
    Done,
    /// Inside brackets, a triple-quoted string or after a backslash.
    Open,
    /// Inside a compound statement's block: waits for a blank line.
    Block,
}

/// Scans `src` and reports, for each line, whether it ends a header (`...:` at bracket depth 0),
/// and whether the whole text ends open.
fn scan(src: &str) -> (Vec<bool>, bool) {
    let b = src.as_bytes();
    let mut depth: i32 = 0;
    let mut i = 0;
    let mut headers = Vec::new();
    let mut last_code: Option<u8> = None;
    while i < b.len() {
        let c = b[i];
        match c {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\n' => {
                headers.push(depth <= 0 && last_code == Some(b':'));
                last_code = None;
            }
            b'\'' | b'"' => {
                let triple = i + 2 < b.len() && b[i + 1] == c && b[i + 2] == c;
                let q = if triple { 3 } else { 1 };
                i += q;
                let mut closed = false;
                while i < b.len() {
                    if b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if !triple && b[i] == b'\n' {
                        break;
                    }
                    if b[i] == c && (!triple || (i + 2 < b.len() && b[i + 1] == c && b[i + 2] == c))
                    {
                        i += q;
                        closed = true;
                        break;
                    }
                    i += 1;
                }
                if !closed && triple {
                    return (headers, true);
                }
                last_code = Some(c);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            last_code = Some(c);
        }
        i += 1;
    }
    headers.push(depth <= 0 && last_code == Some(b':'));
    let backslash = src.trim_end_matches([' ', '\t']).ends_with('\\');
    (headers, depth > 0 || backslash)
}

/// What `lines` (one input so far) still needs.
pub fn state(lines: &[String]) -> State {
    let src = lines.join("\n");
    let (headers, open) = scan(&src);
    if open {
        return State::Open;
    }
    let first_word: String = lines
        .first()
        .map(|l| {
            l.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .unwrap_or_default();
    let compound = matches!(
        first_word.as_str(),
        "for" | "while" | "if" | "with" | "try" | "def" | "class" | "async"
    );
    if compound || headers.iter().any(|h| *h) {
        let last_blank = lines.len() > 1 && lines.last().is_some_and(|l| l.trim().is_empty());
        if last_blank {
            State::Done
        } else {
            State::Block
        }
    } else {
        State::Done
    }
}

/// Whether `line` continues a compound statement at column 0 (`else:`, `except ...:`).
fn continues_block(line: &str) -> bool {
    let word: String = line
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    matches!(
        word.as_str(),
        "else" | "elif" | "except" | "finally" | "case"
    )
}

/// Groups lines into inputs, as Python's interactive loop does.
#[derive(Default)]
pub struct Blocks {
    buf: Vec<String>,
}

impl Blocks {
    pub fn new() -> Blocks {
        Blocks::default()
    }

    /// Whether an input is under way (the prompt is then `... `).
    pub fn pending(&self) -> bool {
        !self.buf.is_empty()
    }

    /// Forgets the input under way (Ctrl-C).
    pub fn cancel(&mut self) {
        self.buf.clear();
    }

    /// Takes one line; returns the inputs it completed (a dedented line after a block completes
    /// the block and may itself be a whole input).
    pub fn push(&mut self, line: &str) -> Vec<String> {
        let mut out = Vec::new();
        if self.buf.is_empty() {
            if line.trim().is_empty() {
                return out;
            }
        } else if state(&self.buf) == State::Block
            && !line.trim().is_empty()
            && !line.starts_with([' ', '\t'])
            && !continues_block(line)
        {
            out.extend(self.take());
            out.extend(self.push(line));
            return out;
        }
        self.buf.push(line.to_string());
        if state(&self.buf) == State::Done {
            out.extend(self.take());
        }
        out
    }

    /// The input under way, if any (end of file).
    pub fn take(&mut self) -> Option<String> {
        if self.buf.is_empty() {
            return None;
        }
        let mut lines = std::mem::take(&mut self.buf);
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        Some(lines.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(lines: &[&str]) -> Vec<String> {
        let mut b = Blocks::new();
        let mut out = Vec::new();
        for l in lines {
            out.extend(b.push(l));
        }
        out.extend(b.take());
        out
    }

    #[test]
    fn single_lines_and_brackets() {
        assert_eq!(feed(&["1", "", "2"]), ["1", "2"]);
        assert_eq!(feed(&["f(1,", "2)", "3"]), ["f(1,\n2)", "3"]);
        assert_eq!(feed(&["d = {'a':", "1}"]), ["d = {'a':\n1}"]);
        assert_eq!(feed(&["s = '''x", "y'''"]), ["s = '''x\ny'''"]);
        assert_eq!(feed(&["x = 'a:'  # c:"]), ["x = 'a:'  # c:"]);
    }

    #[test]
    fn blocks() {
        assert_eq!(
            feed(&["for b in x:", "    print(b)", "", "1"]),
            ["for b in x:\n    print(b)", "1"]
        );
        assert_eq!(
            feed(&["if a:", "  1", "else:", "  2", "3"]),
            ["if a:\n  1\nelse:\n  2", "3"]
        );
        let mut b = Blocks::new();
        assert!(b.push("for x in y:").is_empty());
        assert!(b.pending());
        assert!(b.push("    pass").is_empty());
        assert_eq!(b.push(""), ["for x in y:\n    pass"]);
        assert_eq!(
            feed(&["if x: print(1)", "else: print(2)", ""]),
            ["if x: print(1)\nelse: print(2)"]
        );
        assert_eq!(feed(&["format(1)", "iffy = 2"]), ["format(1)", "iffy = 2"]);
    }
}
