//! The rustyline helper: completion, history hints, input highlighting (with the matching
//! bracket) and the coloured prompt.

use std::borrow::Cow;
use std::rc::Rc;

use rustyline::completion::Completer;
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use crate::models::Registry;

use super::complete::{Names, VarTy, complete};
use super::highlight;

pub struct ShellHelper {
    pub reg: Rc<Registry>,
    /// The session's global names, refreshed after each input.
    pub globals: Vec<String>,
    pub vars: Vec<(String, VarTy)>,
    pub models: Vec<String>,
    pub color: bool,
    hinter: HistoryHinter,
}

impl ShellHelper {
    pub fn new(reg: Rc<Registry>, globals: Vec<String>, color: bool) -> ShellHelper {
        let models = reg.user_models().map(|(_, m)| m.name.clone()).collect();
        ShellHelper {
            reg,
            globals,
            vars: Vec::new(),
            models,
            color,
            hinter: HistoryHinter::new(),
        }
    }
}

impl Completer for ShellHelper {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        let names = Names {
            reg: &self.reg,
            globals: &self.globals,
            vars: &self.vars,
        };
        Ok(complete(&names, line, pos))
    }
}

impl Hinter for ShellHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        self.hinter.hint(line, pos, ctx)
    }
}

impl Highlighter for ShellHelper {
    fn highlight<'l>(&self, line: &'l str, pos: usize) -> Cow<'l, str> {
        if !self.color || line.starts_with('.') {
            return Cow::Borrowed(line);
        }
        Cow::Owned(highlight::python(line, pos, &self.models))
    }

    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        if self.color {
            Cow::Owned(highlight::paint(prompt, "1;32"))
        } else {
            Cow::Borrowed(prompt)
        }
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.color {
            Cow::Owned(highlight::paint(hint, highlight::DIM))
        } else {
            Cow::Borrowed(hint)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        self.color
    }
}

impl Validator for ShellHelper {}

impl Helper for ShellHelper {}
