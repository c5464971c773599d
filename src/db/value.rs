//! `SqlValue`: one SQLite value (the five storage classes), as bound parameters and as result cells.

use std::borrow::Cow;

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// One SQLite value. Text that is not valid UTF-8 is read lossily.
#[derive(Clone, Debug, PartialEq)]
pub enum SqlValue {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// One SQLite value as a result cell borrowed from the statement (no copy of its text).
#[derive(Clone, Debug, PartialEq)]
pub enum SqlRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(Cow<'a, str>),
    Blob(&'a [u8]),
}

impl<'a> SqlRef<'a> {
    pub fn from_value_ref(v: ValueRef<'a>) -> SqlRef<'a> {
        match v {
            ValueRef::Null => SqlRef::Null,
            ValueRef::Integer(i) => SqlRef::Integer(i),
            ValueRef::Real(f) => SqlRef::Real(f),
            // Valid UTF-8 (nearly always) is checked by the fast validator; only invalid text
            // takes the lossy path.
            ValueRef::Text(t) => SqlRef::Text(match std::str::from_utf8(t) {
                Ok(s) => Cow::Borrowed(s),
                Err(_) => String::from_utf8_lossy(t),
            }),
            ValueRef::Blob(b) => SqlRef::Blob(b),
        }
    }
}

impl From<SqlRef<'_>> for SqlValue {
    fn from(v: SqlRef<'_>) -> SqlValue {
        match v {
            SqlRef::Null => SqlValue::Null,
            SqlRef::Integer(i) => SqlValue::Integer(i),
            SqlRef::Real(f) => SqlValue::Real(f),
            SqlRef::Text(t) => SqlValue::Text(t.into_owned()),
            SqlRef::Blob(b) => SqlValue::Blob(b.to_vec()),
        }
    }
}

impl SqlValue {
    /// This value as a borrowed cell.
    pub fn as_ref(&self) -> SqlRef<'_> {
        match self {
            SqlValue::Null => SqlRef::Null,
            SqlValue::Integer(i) => SqlRef::Integer(*i),
            SqlValue::Real(f) => SqlRef::Real(*f),
            SqlValue::Text(s) => SqlRef::Text(Cow::Borrowed(s)),
            SqlValue::Blob(b) => SqlRef::Blob(b),
        }
    }

    /// Converts a borrowed SQLite value.
    pub fn from_value_ref(v: ValueRef<'_>) -> SqlValue {
        match v {
            ValueRef::Null => SqlValue::Null,
            ValueRef::Integer(i) => SqlValue::Integer(i),
            ValueRef::Real(f) => SqlValue::Real(f),
            ValueRef::Text(t) => SqlValue::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => SqlValue::Blob(b.to_vec()),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, SqlValue::Null)
    }
}

impl ToSql for SqlValue {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            SqlValue::Null => ValueRef::Null,
            SqlValue::Integer(i) => ValueRef::Integer(*i),
            SqlValue::Real(f) => ValueRef::Real(*f),
            SqlValue::Text(s) => ValueRef::Text(s.as_bytes()),
            SqlValue::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

impl FromSql for SqlValue {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Ok(SqlValue::from_value_ref(value))
    }
}

impl From<i64> for SqlValue {
    fn from(v: i64) -> Self {
        SqlValue::Integer(v)
    }
}
impl From<f64> for SqlValue {
    fn from(v: f64) -> Self {
        SqlValue::Real(v)
    }
}
impl From<&str> for SqlValue {
    fn from(v: &str) -> Self {
        SqlValue::Text(v.to_string())
    }
}
impl From<String> for SqlValue {
    fn from(v: String) -> Self {
        SqlValue::Text(v)
    }
}
impl From<Vec<u8>> for SqlValue {
    fn from(v: Vec<u8>) -> Self {
        SqlValue::Blob(v)
    }
}
impl<T: Into<SqlValue>> From<Option<T>> for SqlValue {
    fn from(v: Option<T>) -> Self {
        v.map_or(SqlValue::Null, Into::into)
    }
}
