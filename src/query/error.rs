//! Errors of the query layer: Django's exception class and message, plus what the shell needs
//! for a "did you mean".

/// A Django exception raised while building a query.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryError {
    /// `FieldError`, `ValueError`, `TypeError`, `NotSupportedError`, ...
    pub class: &'static str,
    pub message: String,
    /// For "Cannot resolve keyword": the valid names and the bad one, for a suggestion.
    pub choices: Option<(Vec<String>, String)>,
    /// Internal signal (Django's MultiJoin): a multi-valued path inside a negated branch.
    pub multi_join: Option<usize>,
}

impl QueryError {
    pub fn new(class: &'static str, message: impl Into<String>) -> QueryError {
        QueryError {
            class,
            message: message.into(),
            choices: None,
            multi_join: None,
        }
    }

    pub fn field_error(message: impl Into<String>) -> QueryError {
        QueryError::new("FieldError", message)
    }

    pub fn value_error(message: impl Into<String>) -> QueryError {
        QueryError::new("ValueError", message)
    }

    pub fn type_error(message: impl Into<String>) -> QueryError {
        QueryError::new("TypeError", message)
    }

    pub fn multi_join(pos: usize) -> QueryError {
        QueryError {
            multi_join: Some(pos),
            ..QueryError::new(
                "NotImplementedError",
                "ormlab cannot yet negate a lookup across a multi-valued relation (Django writes a NOT EXISTS subquery here)",
            )
        }
    }

    pub fn with_choices(mut self, choices: Vec<String>, bad: &str) -> QueryError {
        self.choices = Some((choices, bad.to_string()));
        self
    }
}

/// Django's EmptyResultSet / FullResultSet, raised while compiling a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Degenerate {
    /// The condition can never be true: the whole query returns nothing without running.
    Empty,
    /// The condition is always true: it disappears from the WHERE clause.
    Full,
}
