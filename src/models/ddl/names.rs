//! Django's generated identifiers: `names_digest`, the schema editor's `_create_index_name`
//! (`bookstore_book_publisher_id_34399b82`) and `Index.set_name_with_model` for unnamed indexes.

use md5::{Digest, Md5};

/// `django.db.backends.utils.names_digest`: the first `length` hex digits of the md5 of the
/// concatenated arguments.
pub fn names_digest(args: &[&str], length: usize) -> String {
    let mut h = Md5::new();
    for a in args {
        h.update(a.as_bytes());
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    hex[..length].to_string()
}

/// SQLite has no identifier limit, so Django uses 200 (`max_name_length() or 200`).
const MAX_NAME_LENGTH: usize = 200;

/// `BaseDatabaseSchemaEditor._create_index_name(table, columns, suffix)`.
pub fn create_index_name(table: &str, columns: &[String], suffix: &str) -> String {
    let table = split_identifier(table);
    let mut digest_args: Vec<&str> = vec![table];
    digest_args.extend(columns.iter().map(String::as_str));
    let mut hash_suffix = format!("{}{suffix}", names_digest(&digest_args, 8));
    let joined = columns.join("_");
    let name = format!("{table}_{joined}_{hash_suffix}");
    if name.chars().count() <= MAX_NAME_LENGTH {
        return name;
    }
    if hash_suffix.chars().count() > MAX_NAME_LENGTH / 3 {
        hash_suffix = prefix(&hash_suffix, MAX_NAME_LENGTH / 3);
    }
    let other = (MAX_NAME_LENGTH - hash_suffix.chars().count()) / 2 - 1;
    let mut name = format!(
        "{}_{}_{hash_suffix}",
        prefix(table, other),
        prefix(&joined, other)
    );
    if name.starts_with('_') || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.pop();
        name = format!("D{name}");
    }
    name
}

/// `Index.set_name_with_model`: `<table[:11]>_<column[:7]>_<digest6>_idx` for an unnamed index.
/// `fields` are (column, descending) pairs.
pub fn index_name_with_model(table: &str, columns: &[(String, bool)]) -> String {
    let table = split_identifier(table);
    let ordered: Vec<String> = columns
        .iter()
        .map(|(c, desc)| if *desc { format!("-{c}") } else { c.clone() })
        .collect();
    let mut hash_data: Vec<&str> = vec![table];
    hash_data.extend(ordered.iter().map(String::as_str));
    hash_data.push("idx");
    let first = columns.first().map(|(c, _)| c.as_str()).unwrap_or("");
    let name = format!(
        "{}_{}_{}_idx",
        prefix(table, 11),
        prefix(first, 7),
        names_digest(&hash_data, 6)
    );
    if name.starts_with('_') || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("D{}", name.chars().skip(1).collect::<String>())
    } else {
        name
    }
}

/// `split_identifier(...)[1]`: the name part of a possibly `"schema"."table"` identifier.
fn split_identifier(identifier: &str) -> &str {
    match identifier.split_once("\".\"") {
        Some((_, name)) => name.trim_matches('"'),
        None => identifier.trim_matches('"'),
    }
}

fn prefix(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// `DatabaseOperations.quote_name` on SQLite: `"name"`, unless already quoted.
pub fn quote_name(name: &str) -> String {
    if name.len() >= 2 && name.starts_with('"') && name.ends_with('"') {
        name.to_string()
    } else {
        format!("\"{name}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_names_match_django() {
        let cols = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            create_index_name("bookstore_author", &cols(&["mentor_id"]), ""),
            "bookstore_author_mentor_id_a431d38b"
        );
        assert_eq!(
            create_index_name(
                "bookstore_book_authors",
                &cols(&["book_id", "author_id"]),
                "_uniq"
            ),
            "bookstore_book_authors_book_id_author_id_5feba440_uniq"
        );
    }
}
