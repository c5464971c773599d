//! SQL text of the write statements Django's `SQLInsertCompiler`, `SQLUpdateCompiler` and
//! `SQLDeleteCompiler` produce for single-table writes on SQLite (placeholders are `%s`, as in
//! Django's own text; `db` converts them).

use super::quote_name;

/// `INSERT INTO "t" ("a", "b") VALUES (%s, %s) RETURNING "t"."id"` (SQLite ≥ 3.35 can return
/// the new primary key, so Django asks for it with RETURNING rather than `last_insert_rowid`).
pub fn insert_sql(table: &str, columns: &[&str], returning: Option<&str>) -> String {
    let qt = quote_name(table);
    let cols: Vec<String> = columns.iter().map(|c| quote_name(c)).collect();
    let mut sql = if cols.is_empty() {
        // Django's form for a row of defaults only.
        format!("INSERT INTO {qt} DEFAULT VALUES")
    } else {
        let marks = vec!["%s"; cols.len()].join(", ");
        format!("INSERT INTO {qt} ({}) VALUES ({marks})", cols.join(", "))
    };
    if let Some(r) = returning {
        sql.push_str(&format!(" RETURNING {qt}.{}", quote_name(r)));
    }
    sql
}

/// A `"t"."col" IN (%s, ...)` predicate; several are OR-ed inside parentheses, as Django's
/// WhereNode writes a disjunction of more than one child.
pub fn in_predicate(table: &str, groups: &[(&str, usize)]) -> String {
    let qt = quote_name(table);
    let parts: Vec<String> = groups
        .iter()
        .map(|(col, n)| {
            let marks = vec!["%s"; *n].join(", ");
            format!("{qt}.{} IN ({marks})", quote_name(col))
        })
        .collect();
    if parts.len() == 1 {
        parts.into_iter().next().unwrap_or_default()
    } else {
        format!("({})", parts.join(" OR "))
    }
}

/// `UPDATE "t" SET "a" = %s, "b" = %s WHERE <where>`.
pub fn update_sql(table: &str, columns: &[&str], where_sql: &str) -> String {
    let sets: Vec<String> = columns
        .iter()
        .map(|c| format!("{} = %s", quote_name(c)))
        .collect();
    format!(
        "UPDATE {} SET {} WHERE {where_sql}",
        quote_name(table),
        sets.join(", ")
    )
}

/// `UPDATE "t" SET <sets> WHERE <where>`, each set already written (`"a" = %s`, `"b" = (...)`).
pub fn update_sets_sql(table: &str, sets: &[String], where_sql: &str) -> String {
    format!(
        "UPDATE {} SET {} WHERE {where_sql}",
        quote_name(table),
        sets.join(", ")
    )
}

/// `"t"."id" = %s`, the WHERE of a single-row `save()` update.
pub fn pk_equals(table: &str, pk_column: &str) -> String {
    format!("{}.{} = %s", quote_name(table), quote_name(pk_column))
}

/// `DELETE FROM "t" WHERE <where>`.
pub fn delete_sql(table: &str, where_sql: &str) -> String {
    format!("DELETE FROM {} WHERE {where_sql}", quote_name(table))
}

/// SQLite's upsert tail of a bulk INSERT (`bulk_create(update_conflicts=True, ...)`):
/// ` ON CONFLICT("a", "b") DO UPDATE SET "c" = EXCLUDED."c"`.
pub fn on_conflict_update_sql(unique_columns: &[&str], update_columns: &[&str]) -> String {
    let on: Vec<String> = unique_columns.iter().map(|c| quote_name(c)).collect();
    let sets: Vec<String> = update_columns
        .iter()
        .map(|c| {
            let c = quote_name(c);
            format!("{c} = EXCLUDED.{c}")
        })
        .collect();
    format!(
        " ON CONFLICT({}) DO UPDATE SET {}",
        on.join(", "),
        sets.join(", ")
    )
}
