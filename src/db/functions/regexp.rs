//! Django's `regexp(pattern, string)`: `bool(re.search(pattern, str(string)))`, with Python `re`
//! syntax translated to `fancy-regex` and compiled patterns cached.
//!
//! The translation handles: `(?P<name>...)`/`(?P=name)` (as numbered groups), `(?(id)yes|no)`,
//! global and scoped inline flags (`i`, `m`, `s`, `x`, `a`, `u`; `L` is an error as in Python),
//! `^`/`$`/`.` under MULTILINE/DOTALL (Python's `$` also matches before a final `\n`), `\A`,
//! `\Z` (→ `\z`), `\b`/`\B`, octal and `\x`/`\u`/`\U` escapes, group references `\1`..`\99`,
//! Python's literal `{` when it does not start a repeat and `{,n}`, possessive quantifiers and
//! atomic groups (3.11), verbose-mode whitespace and comments, `(?#...)`, and the ASCII flag
//! for `\d \w \s \b`. Python's errors (bad escapes, nothing to repeat, multiple repeat, bad
//! character range, unbalanced parentheses, global flags not at the start, bad group
//! references) are errors here too.
//!
//! Remaining differences from Python's `re`:
//! - `\w` is Unicode `Alphabetic`+marks+`Nd`+`Pc` (Python: `str.isalnum()` chars and `_`), so
//!   combining marks and some numerals (`²`, `½`) differ; `\d` is `Nd` in both.
//! - Case-insensitive matching uses Unicode simple case folding also under `(?a)` (Python
//!   folds ASCII only there).
//! - `\N{NAME}` escapes are refused (no Unicode name table).
//! - Lookbehinds must have a fixed size (as in Python), but fancy-regex's idea of "fixed" can
//!   differ; repeated lookarounds may be refused.
//! - More than 200 nested groups is an error (Python's limit comes from its recursion limit).
//! - A repeat count so large that the compiled program exceeds the regex size limit fails here
//!   and works in Python; a match needing more than 10 million backtracking steps fails here
//!   (Python would keep going).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex, OnceLock};

use fancy_regex::{Regex, RegexBuilder};

use super::pyobj::py_str;
use super::{Arg, Out, PyErr, PyExc, PyResult};

const CACHE_SIZE: usize = 512;
const BACKTRACK_LIMIT: usize = 10_000_000;
const MAX_NESTING: usize = 200;

/// `_sqlite_regexp(pattern, string)`.
pub(crate) fn regexp(a: &[Arg<'_>; 2]) -> PyResult<Out> {
    let (pattern, string) = (&a[0], &a[1]);
    if *pattern == Arg::None || *string == Arg::None {
        return Ok(Out::Null);
    }
    let Arg::Str(pattern) = pattern else {
        return Err(PyErr::type_error(
            "first argument must be string or compiled pattern",
        ));
    };
    let text: Cow<'_, str> = match string {
        Arg::Str(s) => Cow::Borrowed(*s),
        other => Cow::Owned(py_str(other)),
    };
    let re = compiled(pattern)?;
    let found = re
        .is_match(&text)
        .map_err(|_| PyErr::new(PyExc::ReError, "backtrack limit exceeded"))?;
    Ok(Out::Int(i64::from(found)))
}

type Cache = Mutex<HashMap<String, Option<Arc<Regex>>>>;

fn compiled(pattern: &str) -> PyResult<Arc<Regex>> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let bad = || PyErr::new(PyExc::ReError, "bad pattern");
    if let Ok(map) = cache.lock()
        && let Some(entry) = map.get(pattern)
    {
        return entry.clone().ok_or_else(bad);
    }
    let built = translate(pattern).ok().and_then(|rust| {
        RegexBuilder::new(&rust)
            .backtrack_limit(BACKTRACK_LIMIT)
            .build()
            .ok()
            .map(Arc::new)
    });
    if let Ok(mut map) = cache.lock() {
        if map.len() >= CACHE_SIZE {
            map.clear();
        }
        map.insert(pattern.to_string(), built.clone());
    }
    built.ok_or_else(bad)
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Flags {
    ignorecase: bool,
    multiline: bool,
    dotall: bool,
    verbose: bool,
    ascii: bool,
}

/// What the last item of the current sequence was (for Python's repeat errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Last {
    Nothing,
    Anchor,
    Repeat,
    Item,
}

struct Group {
    flags: Flags,
    /// Capturing group number, if any.
    number: Option<usize>,
    conditional: bool,
    alternatives: usize,
}

struct Translator<'p> {
    chars: Vec<char>,
    pos: usize,
    out: String,
    flags: Flags,
    stack: Vec<Group>,
    groups: usize,
    closed: Vec<bool>,
    names: HashMap<String, usize>,
    last: Last,
    _pattern: &'p str,
}

type TResult<T> = Result<T, &'static str>;

/// `re.search(pattern, text) is not None` with Python `re` syntax (compiled patterns cached);
/// Err for what Python would raise `re.error` for (or a match exceeding the backtrack limit).
pub fn search(pattern: &str, text: &str) -> Result<bool, String> {
    let re = compiled(pattern).map_err(|e| e.message.to_string())?;
    re.is_match(text).map_err(|e| e.to_string())
}

/// Python `re` pattern → fancy-regex pattern (Err: Python's `re.error`, roughly worded).
pub fn translate(pattern: &str) -> Result<String, &'static str> {
    let mut t = Translator {
        chars: pattern.chars().collect(),
        pos: 0,
        out: String::with_capacity(pattern.len() * 2),
        flags: Flags::default(),
        stack: Vec::new(),
        groups: 0,
        closed: vec![true], // group 0
        names: HashMap::new(),
        last: Last::Nothing,
        _pattern: pattern,
    };
    t.leading_global_flags()?;
    if t.flags.ignorecase {
        t.out.push_str("(?i)");
    }
    t.run()?;
    Ok(t.out)
}

fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || !c.is_ascii() {
        out.push(c);
    } else {
        let _ = write!(out, "\\x{{{:X}}}", c as u32);
    }
}

const PY_WHITESPACE: &str = " \t\n\r\u{b}\u{c}";

impl Translator<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn peek_at(&self, i: usize) -> Option<char> {
        self.chars.get(self.pos + i).copied()
    }
    fn starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(i) == Some(c))
    }

    /// Global flags `(?aiLmsux)` at the very start (Python 3.11 allows them only there).
    fn leading_global_flags(&mut self) -> TResult<()> {
        loop {
            if self.flags.verbose {
                self.skip_verbose();
            }
            if !self.starts_with("(?") {
                return Ok(());
            }
            let mut i = 2;
            let mut f = self.flags;
            let mut any = false;
            while let Some(c) = self.peek_at(i) {
                if !apply_flag(&mut f, c)? {
                    break;
                }
                any = true;
                i += 1;
            }
            if any && self.peek_at(i) == Some(')') {
                self.flags = f;
                self.pos += i + 1;
            } else {
                return Ok(());
            }
        }
    }

    fn skip_verbose(&mut self) {
        while let Some(c) = self.peek() {
            if PY_WHITESPACE.contains(c) {
                self.pos += 1;
            } else if c == '#' {
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    if c == '\n' {
                        break;
                    }
                }
            } else {
                break;
            }
        }
    }

    fn run(&mut self) -> TResult<()> {
        loop {
            if self.flags.verbose {
                self.skip_verbose();
            }
            let Some(c) = self.peek() else { break };
            self.pos += 1;
            match c {
                '|' => {
                    if let Some(g) = self.stack.last_mut() {
                        g.alternatives += 1;
                        if g.conditional && g.alternatives > 2 {
                            return Err("conditional backref with more than two branches");
                        }
                    }
                    self.out.push('|');
                    self.last = Last::Nothing;
                }
                '(' => self.open_group()?,
                ')' => self.close_group()?,
                '*' | '+' | '?' => self.quantifier(c)?,
                '{' => {
                    if let Some(q) = self.brace_repeat()? {
                        self.emit_repeat(&q)?;
                    } else {
                        self.out.push_str("\\x{7B}");
                        self.last = Last::Item;
                    }
                }
                '[' => {
                    self.class()?;
                    self.last = Last::Item;
                }
                '.' => {
                    self.out.push_str(if self.flags.dotall {
                        "(?s:.)"
                    } else {
                        "(?-s:.)"
                    });
                    self.last = Last::Item;
                }
                '^' => {
                    self.out.push_str(if self.flags.multiline {
                        "(?m:^)"
                    } else {
                        "\\A"
                    });
                    self.last = Last::Anchor;
                }
                '$' => {
                    self.out.push_str(if self.flags.multiline {
                        "(?m:$)"
                    } else {
                        "(?:\\z|(?=\\n\\z))"
                    });
                    self.last = Last::Anchor;
                }
                '\\' => self.escape()?,
                c => {
                    push_literal(&mut self.out, c);
                    self.last = Last::Item;
                }
            }
        }
        if !self.stack.is_empty() {
            return Err("missing ), unterminated subpattern");
        }
        Ok(())
    }

    fn quantifier(&mut self, c: char) -> TResult<()> {
        let q = match c {
            '*' => "*".to_string(),
            '+' => "+".to_string(),
            _ => "?".to_string(),
        };
        self.emit_repeat(&q)
    }

    fn emit_repeat(&mut self, q: &str) -> TResult<()> {
        match self.last {
            Last::Nothing | Last::Anchor => return Err("nothing to repeat"),
            Last::Repeat => return Err("multiple repeat"),
            Last::Item => {}
        }
        self.out.push_str(q);
        match self.peek() {
            Some('?') => {
                self.pos += 1;
                self.out.push('?');
            }
            Some('+') => {
                self.pos += 1;
                self.out.push('+');
            }
            _ => {}
        }
        self.last = Last::Repeat;
        Ok(())
    }

    /// After `{`: a repeat `{m}`, `{m,}`, `{,n}`, `{m,n}` (then Some(rust text)), or a literal.
    fn brace_repeat(&mut self) -> TResult<Option<String>> {
        let start = self.pos;
        if self.peek() == Some('}') {
            return Ok(None);
        }
        let digits = |t: &mut Self| {
            let mut s = String::new();
            while let Some(c) = t.peek().filter(char::is_ascii_digit) {
                s.push(c);
                t.pos += 1;
            }
            s
        };
        let lo = digits(self);
        let hi = if self.peek() == Some(',') {
            self.pos += 1;
            Some(digits(self))
        } else {
            None
        };
        if self.peek() != Some('}') {
            self.pos = start;
            return Ok(None);
        }
        self.pos += 1;
        const MAXREPEAT: u64 = 4_294_967_295;
        let num = |s: &str| -> TResult<Option<u64>> {
            if s.is_empty() {
                return Ok(None);
            }
            let v: u64 = s.parse().unwrap_or(u64::MAX);
            if v >= MAXREPEAT {
                return Err("the repetition number is too large");
            }
            Ok(Some(v))
        };
        let min = num(&lo)?.unwrap_or(0);
        Ok(Some(match hi {
            None => format!("{{{min}}}"),
            Some(h) => match num(&h)? {
                None => format!("{{{min},}}"),
                Some(max) => {
                    if max < min {
                        return Err("min repeat greater than max repeat");
                    }
                    format!("{{{min},{max}}}")
                }
            },
        }))
    }

    fn open_group(&mut self) -> TResult<()> {
        // Python's recursive parser fails (RecursionError) on very deep nesting; fancy-regex's
        // recursive parser would overflow the stack.
        if self.stack.len() >= MAX_NESTING {
            return Err("too many nested parentheses");
        }
        let saved = self.flags;
        if self.peek() != Some('?') {
            self.groups += 1;
            self.closed.push(false);
            self.push_group(saved, Some(self.groups), false);
            self.out.push('(');
            return Ok(());
        }
        self.pos += 1;
        let Some(c) = self.peek() else {
            return Err("unexpected end of pattern");
        };
        match c {
            ':' => {
                self.pos += 1;
                self.push_group(saved, None, false);
                self.out.push_str("(?:");
            }
            '=' | '!' => {
                self.pos += 1;
                self.push_group(saved, None, false);
                self.out.push_str("(?");
                self.out.push(c);
            }
            '>' => {
                self.pos += 1;
                self.push_group(saved, None, false);
                self.out.push_str("(?>");
            }
            '<' => {
                self.pos += 1;
                match self.peek() {
                    Some(d @ ('=' | '!')) => {
                        self.pos += 1;
                        self.push_group(saved, None, false);
                        self.out.push_str("(?<");
                        self.out.push(d);
                    }
                    _ => return Err("unknown extension ?<"),
                }
            }
            '#' => {
                self.pos += 1;
                loop {
                    match self.peek() {
                        None => return Err("missing ), unterminated comment"),
                        Some('\\') => self.pos += 2,
                        Some(')') => {
                            self.pos += 1;
                            break;
                        }
                        Some(_) => self.pos += 1,
                    }
                }
            }
            'P' => {
                self.pos += 1;
                match self.peek() {
                    Some('<') => {
                        self.pos += 1;
                        let name = self.read_name('>')?;
                        if self.names.contains_key(&name) {
                            return Err("redefinition of group name");
                        }
                        self.groups += 1;
                        self.closed.push(false);
                        self.names.insert(name, self.groups);
                        self.push_group(saved, Some(self.groups), false);
                        self.out.push('(');
                    }
                    Some('=') => {
                        self.pos += 1;
                        let name = self.read_name(')')?;
                        let n = *self.names.get(&name).ok_or("unknown group name")?;
                        if !self.closed[n] {
                            return Err("cannot refer to an open group");
                        }
                        let _ = write!(self.out, "(?:\\{n})");
                        self.last = Last::Item;
                    }
                    _ => return Err("unknown extension ?P"),
                }
            }
            '(' => {
                self.pos += 1;
                let name = self.read_name(')')?;
                let n = if let Ok(n) = name.parse::<usize>() {
                    if n == 0 {
                        return Err("bad group number");
                    }
                    n
                } else {
                    *self.names.get(&name).ok_or("unknown group name")?
                };
                if n > self.groups {
                    return Err("invalid group reference");
                }
                self.push_group(saved, None, true);
                let _ = write!(self.out, "(?({n})");
            }
            _ => {
                // Scoped flags: (?flags-flags:...)
                let mut f = self.flags;
                let mut any = false;
                while let Some(c) = self.peek() {
                    if !apply_flag(&mut f, c)? {
                        break;
                    }
                    any = true;
                    self.pos += 1;
                }
                if self.peek() == Some(')') {
                    return Err(if any {
                        "global flags not at the start of the expression"
                    } else {
                        "unknown extension"
                    });
                }
                let mut off = false;
                if self.peek() == Some('-') {
                    self.pos += 1;
                    off = true;
                    let mut any_off = false;
                    while let Some(c) = self.peek() {
                        match c {
                            'i' => f.ignorecase = false,
                            'm' => f.multiline = false,
                            's' => f.dotall = false,
                            'x' => f.verbose = false,
                            'a' | 'u' | 'L' => {
                                return Err(
                                    "bad inline flag: cannot turn off flags 'a', 'u' and 'L'",
                                );
                            }
                            _ => break,
                        }
                        any_off = true;
                        self.pos += 1;
                    }
                    if !any_off {
                        return Err("missing flag");
                    }
                }
                if (!any && !off) || self.peek() != Some(':') {
                    return Err("unknown extension");
                }
                self.pos += 1;
                self.push_group(saved, None, false);
                self.flags = f;
                self.out.push_str(match (f.ignorecase, saved.ignorecase) {
                    (true, false) => "(?i:",
                    (false, true) => "(?-i:",
                    _ => "(?:",
                });
            }
        }
        Ok(())
    }

    fn push_group(&mut self, saved: Flags, number: Option<usize>, conditional: bool) {
        self.stack.push(Group {
            flags: saved,
            number,
            conditional,
            alternatives: 1,
        });
        self.last = Last::Nothing;
    }

    fn close_group(&mut self) -> TResult<()> {
        let g = self.stack.pop().ok_or("unbalanced parenthesis")?;
        if let Some(n) = g.number {
            self.closed[n] = true;
        }
        self.flags = g.flags;
        self.out.push(')');
        self.last = Last::Item;
        Ok(())
    }

    fn read_name(&mut self, end: char) -> TResult<String> {
        let mut name = String::new();
        loop {
            match self.peek() {
                None => return Err("missing terminator"),
                Some(c) if c == end => {
                    self.pos += 1;
                    break;
                }
                Some(c) => {
                    name.push(c);
                    self.pos += 1;
                }
            }
        }
        if name.is_empty() {
            return Err("missing group name");
        }
        let valid_identifier = name
            .chars()
            .next()
            .is_some_and(|c| c == '_' || c.is_alphabetic())
            && name.chars().all(|c| c == '_' || c.is_alphanumeric());
        let is_number = name.chars().all(|c| c.is_ascii_digit());
        let numbered = end == ')' && is_number; // (?(1)...) takes a group number
        if !(valid_identifier || numbered) {
            return Err("bad character in group name");
        }
        Ok(name)
    }

    fn hex(&mut self, n: usize) -> TResult<char> {
        let mut v = 0u32;
        for _ in 0..n {
            let d = self
                .peek()
                .and_then(|c| c.to_digit(16))
                .ok_or("incomplete escape")?;
            v = v * 16 + d;
            self.pos += 1;
        }
        char::from_u32(v).ok_or("bad escape")
    }

    /// A class escape like `\d` as Rust text usable inside or outside a class.
    fn class_shorthand(&self, c: char, in_class: bool) -> String {
        let ascii = self.flags.ascii;
        let (positive, body): (bool, &str) = match c {
            'd' => (true, if ascii { "0-9" } else { "\\d" }),
            'D' => (false, if ascii { "0-9" } else { "\\d" }),
            's' => (
                true,
                if ascii {
                    " \\t\\n\\r\\x0B\\x0C"
                } else {
                    "\\s\\x{1C}-\\x{1F}"
                },
            ),
            'S' => (
                false,
                if ascii {
                    " \\t\\n\\r\\x0B\\x0C"
                } else {
                    "\\s\\x{1C}-\\x{1F}"
                },
            ),
            'w' => (true, if ascii { "a-zA-Z0-9_" } else { "\\w" }),
            _ => (false, if ascii { "a-zA-Z0-9_" } else { "\\w" }),
        };
        if positive && in_class {
            body.to_string()
        } else if positive {
            format!("[{body}]")
        } else {
            format!("[^{body}]")
        }
    }

    fn escape(&mut self) -> TResult<()> {
        let c = self.peek().ok_or("bad escape (end of pattern)")?;
        self.pos += 1;
        self.last = Last::Item;
        match c {
            'A' => {
                self.out.push_str("\\A");
                self.last = Last::Anchor;
            }
            'Z' => {
                self.out.push_str("\\z");
                self.last = Last::Anchor;
            }
            'b' | 'B' => {
                self.last = Last::Anchor;
                if self.flags.ascii {
                    let w = "[a-zA-Z0-9_]";
                    let boundary = format!("(?:(?<={w})(?!{w})|(?<!{w})(?={w}))");
                    if c == 'b' {
                        self.out.push_str(&boundary);
                    } else {
                        let _ = write!(self.out, "(?!{boundary})");
                    }
                } else {
                    self.out.push('\\');
                    self.out.push(c);
                }
            }
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => {
                let s = self.class_shorthand(c, false);
                self.out.push_str(&s);
            }
            '0'..='9' => {
                if let Some(ch) = self.octal_or_none(c)? {
                    push_literal(&mut self.out, ch);
                } else {
                    // Group reference \1..\99.
                    let mut n = c.to_digit(10).unwrap_or(0) as usize;
                    if let Some(d) = self.peek().and_then(|d| d.to_digit(10)) {
                        n = n * 10 + d as usize;
                        self.pos += 1;
                    }
                    if n > self.groups {
                        return Err("invalid group reference");
                    }
                    if !self.closed[n] {
                        return Err("cannot refer to an open group");
                    }
                    let _ = write!(self.out, "(?:\\{n})");
                }
            }
            _ => {
                let ch = self.simple_escape(c)?;
                push_literal(&mut self.out, ch);
            }
        }
        Ok(())
    }

    /// `\0oo` or a three-digit octal `\ooo` (outside classes); None for a group reference.
    fn octal_or_none(&mut self, first: char) -> TResult<Option<char>> {
        if first == '0' {
            let mut v = 0u32;
            for _ in 0..2 {
                match self.peek().and_then(|c| c.to_digit(8)) {
                    Some(d) => {
                        v = v * 8 + d;
                        self.pos += 1;
                    }
                    None => break,
                }
            }
            return Ok(char::from_u32(v));
        }
        let (a, b) = (self.peek(), self.peek_at(1));
        let octal = |c: Option<char>| c.and_then(|c| c.to_digit(8));
        if let (Some(f), Some(s), Some(t)) = (first.to_digit(8), octal(a), octal(b)) {
            let v = f * 64 + s * 8 + t;
            if v > 0o377 {
                return Err("octal escape value outside of range 0-0o377");
            }
            self.pos += 2;
            return Ok(char::from_u32(v));
        }
        Ok(None)
    }

    /// Escapes that stand for one character (same inside and outside classes).
    fn simple_escape(&mut self, c: char) -> TResult<char> {
        Ok(match c {
            'a' => '\u{7}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\u{b}',
            'x' => self.hex(2)?,
            'u' => self.hex(4)?,
            'U' => self.hex(8)?,
            'N' => return Err("\\N{...} escapes are not supported"),
            c if c.is_ascii_alphanumeric() => return Err("bad escape"),
            c => c,
        })
    }

    /// `[...]` (the `[` is consumed).
    fn class(&mut self) -> TResult<()> {
        let mut out = String::from("[");
        if self.peek() == Some('^') {
            self.pos += 1;
            out.push('^');
        }
        let mut first = true;
        let mut items = 0usize;
        loop {
            let c = self.peek().ok_or("unterminated character set")?;
            self.pos += 1;
            if c == ']' && !first {
                break;
            }
            first = false;
            // One class item: a literal character or a shorthand class.
            let lo: Option<char> = if c == '\\' {
                let e = self.peek().ok_or("unterminated character set")?;
                self.pos += 1;
                match e {
                    'd' | 'D' | 's' | 'S' | 'w' | 'W' => {
                        let s = self.class_shorthand(e, true);
                        if self.peek() == Some('-') && self.peek_at(1).is_some_and(|n| n != ']') {
                            return Err("bad character range");
                        }
                        out.push_str(&s);
                        items += 1;
                        None
                    }
                    'b' => Some('\u{8}'),
                    '0'..='7' => {
                        let mut v = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            match self.peek().and_then(|c| c.to_digit(8)) {
                                Some(d) => {
                                    v = v * 8 + d;
                                    self.pos += 1;
                                }
                                None => break,
                            }
                        }
                        if v > 0o377 {
                            return Err("octal escape value outside of range 0-0o377");
                        }
                        char::from_u32(v)
                    }
                    '8' | '9' => return Err("bad escape"),
                    e => Some(self.simple_escape(e)?),
                }
            } else {
                Some(c)
            };
            let Some(lo) = lo else { continue };
            // A range?
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|n| n != ']') {
                self.pos += 1;
                let hc = self.peek().ok_or("unterminated character set")?;
                self.pos += 1;
                let hi = if hc == '\\' {
                    let e = self.peek().ok_or("unterminated character set")?;
                    self.pos += 1;
                    match e {
                        'd' | 'D' | 's' | 'S' | 'w' | 'W' => return Err("bad character range"),
                        'b' => '\u{8}',
                        '0'..='7' => {
                            let mut v = e.to_digit(8).unwrap_or(0);
                            for _ in 0..2 {
                                match self.peek().and_then(|c| c.to_digit(8)) {
                                    Some(d) => {
                                        v = v * 8 + d;
                                        self.pos += 1;
                                    }
                                    None => break,
                                }
                            }
                            char::from_u32(v).ok_or("bad escape")?
                        }
                        '8' | '9' => return Err("bad escape"),
                        e => self.simple_escape(e)?,
                    }
                } else {
                    hc
                };
                if hi < lo {
                    return Err("bad character range");
                }
                let _ = write!(out, "\\x{{{:X}}}-\\x{{{:X}}}", lo as u32, hi as u32);
            } else {
                let _ = write!(out, "\\x{{{:X}}}", lo as u32);
            }
            items += 1;
        }
        if items == 0 {
            return Err("unterminated character set");
        }
        out.push(']');
        self.out.push_str(&out);
        Ok(())
    }
}

/// Applies one inline flag letter; Ok(false) if `c` is not a flag letter.
fn apply_flag(f: &mut Flags, c: char) -> TResult<bool> {
    match c {
        'i' => f.ignorecase = true,
        'm' => f.multiline = true,
        's' => f.dotall = true,
        'x' => f.verbose = true,
        'a' => f.ascii = true,
        'u' => {
            if f.ascii {
                return Err("bad inline flag: flags 'a', 'u' and 'L' are incompatible");
            }
        }
        'L' => return Err("bad inline flag: cannot use 'locale' flag with a str pattern"),
        _ => return Ok(false),
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn translates_python_syntax() {
        assert!(translate("(?P<year>\\d{4})-(?P=year)").is_ok());
        assert!(translate("a**").is_err());
        assert!(translate("*a").is_err());
        assert!(translate("a(?i)b").is_err());
        assert!(translate("\\e").is_err());
        assert!(translate("[z-a]").is_err());
        assert!(translate("(a").is_err());
        assert!(translate("a)").is_err());
        assert_eq!(translate("a{").as_deref(), Ok("a\\x{7B}"));
        assert_eq!(translate("a{,3}").as_deref(), Ok("a{0,3}"));
    }
}
