//! Wrong SQL for "which SQL does this QuerySet produce?": the right SQL is whatever ormlab sends for the input
//! (the golden tests hold it equal to Django's), and the wrong candidates are made from it at run
//! time by small, deterministic mutations — each the kind of mistake people make when they guess
//! Django's SQL — so the drill stays right when the compiler changes.

use super::draw::Rng;

/// One way to get the SQL wrong: what it changes (shown after answering) and how.
struct Mutation {
    /// How a drill names it in `mistakes:`.
    name: &'static str,
    /// Completes "This candidate ..." in the explanation.
    what: &'static str,
    apply: fn(&str) -> Option<String>,
}

/// `s` with the first `from` after byte `start` replaced by `to`.
fn replace_first(s: &str, from: &str, to: &str) -> Option<String> {
    let i = s.find(from)?;
    Some(format!("{}{to}{}", &s[..i], &s[i + from.len()..]))
}

/// Whether the SQL has a subquery (clause surgery on the outer query would be ambiguous).
fn nested(s: &str) -> bool {
    s.contains("(SELECT")
}

/// The byte where the trailing LIMIT (or the end) is.
fn before_limit(s: &str) -> usize {
    s.rfind(" LIMIT ").unwrap_or(s.len())
}

/// The main table (`"bookstore_book"`) of the outer FROM.
fn main_table(s: &str) -> Option<&str> {
    let rest = &s[s.find(" FROM \"")? + 6..];
    let end = rest[1..].find('"')? + 2;
    Some(&rest[..end])
}

/// The clause starting at `kw` (` WHERE `) up to the next of the later clauses.
fn clause(s: &str, kw: &str) -> Option<(usize, usize)> {
    let start = s.find(kw)?;
    let later = [" GROUP BY ", " HAVING ", " ORDER BY ", " LIMIT "];
    let end = later
        .iter()
        .filter_map(|k| s[start + kw.len()..].find(k).map(|i| i + start + kw.len()))
        .min()
        .unwrap_or(s.len());
    Some((start, end))
}

fn inner_to_left(s: &str) -> Option<String> {
    replace_first(s, " INNER JOIN ", " LEFT OUTER JOIN ")
}

fn left_to_inner(s: &str) -> Option<String> {
    replace_first(s, " LEFT OUTER JOIN ", " INNER JOIN ")
}

fn drop_limit_21(s: &str) -> Option<String> {
    s.ends_with(" LIMIT 21")
        .then(|| s[..s.len() - 9].to_string())
}

fn add_limit_21(s: &str) -> Option<String> {
    (!s.contains(" LIMIT ") && s.starts_with("SELECT")).then(|| format!("{s} LIMIT 21"))
}

fn drop_order_by(s: &str) -> Option<String> {
    if nested(s) {
        return None;
    }
    let (a, b) = clause(s, " ORDER BY ")?;
    Some(format!("{}{}", &s[..a], &s[b..]))
}

fn add_order_by(s: &str) -> Option<String> {
    if nested(s) || s.contains(" ORDER BY ") || s.starts_with("SELECT COUNT(") {
        return None;
    }
    let t = main_table(s)?;
    // A `name` column when the table has one (what a Meta.ordering would say), else the pk.
    let col = if s.contains(&format!("{t}.\"name\"")) {
        "name"
    } else {
        "id"
    };
    let at = before_limit(s);
    Some(format!(
        "{} ORDER BY {t}.\"{col}\" ASC{}",
        &s[..at],
        &s[at..]
    ))
}

fn like_to_eq(s: &str) -> Option<String> {
    let i = s.find(" LIKE '")?;
    let rest = &s[i + 7..];
    let end = rest.find("' ESCAPE '\\'")?;
    let value = rest[..end].trim_matches('%');
    Some(format!(
        "{} = '{value}'{}",
        &s[..i],
        &rest[end + "' ESCAPE '\\'".len()..]
    ))
}

fn drop_escape(s: &str) -> Option<String> {
    replace_first(s, " ESCAPE '\\'", "")
}

fn eq_to_like(s: &str) -> Option<String> {
    let (a, _) = clause(s, " WHERE ")?;
    let i = s[a..].find(" = '")? + a;
    let rest = &s[i + 4..];
    let end = rest.find('\'')?;
    Some(format!(
        "{} LIKE '{}' ESCAPE '\\'{}",
        &s[..i],
        &rest[..end],
        &rest[end + 1..]
    ))
}

fn having_to_where(s: &str) -> Option<String> {
    if nested(s) {
        return None;
    }
    let (h, he) = clause(s, " HAVING ")?;
    let cond = &s[h + 8..he];
    let without = format!("{}{}", &s[..h], &s[he..]);
    match clause(&without, " WHERE ") {
        Some((_, we)) => Some(format!("{} AND {cond}{}", &without[..we], &without[we..])),
        None => {
            let g = without.find(" GROUP BY ")?;
            Some(format!("{} WHERE {cond}{}", &without[..g], &without[g..]))
        }
    }
}

fn where_to_having(s: &str) -> Option<String> {
    if nested(s) || !s.contains(" GROUP BY ") || s.contains(" HAVING ") {
        return None;
    }
    let (w, we) = clause(s, " WHERE ")?;
    let cond = &s[w + 7..we];
    let without = format!("{}{}", &s[..w], &s[we..]);
    let (_, ge) = clause(&without, " GROUP BY ")?;
    Some(format!(
        "{} HAVING {cond}{}",
        &without[..ge],
        &without[ge..]
    ))
}

fn add_distinct(s: &str) -> Option<String> {
    (!s.starts_with("SELECT DISTINCT ") && !s.starts_with("SELECT COUNT("))
        .then(|| format!("SELECT DISTINCT {}", &s[7..]))
}

fn drop_distinct(s: &str) -> Option<String> {
    replace_first(s, "SELECT DISTINCT ", "SELECT ")
}

fn count_star_to_column(s: &str) -> Option<String> {
    let t = main_table(s)?;
    replace_first(s, "COUNT(*)", &format!("COUNT({t}.\"id\")"))
}

fn count_column_to_star(s: &str) -> Option<String> {
    let i = s.find("COUNT(\"")?;
    let end = s[i..].find(')')? + i;
    Some(format!("{}COUNT(*){}", &s[..i], &s[end + 1..]))
}

fn is_null_to_eq(s: &str) -> Option<String> {
    replace_first(s, " IS NULL", " = NULL")
}

fn gt_gte(s: &str) -> Option<String> {
    let (a, _) = clause(s, " WHERE ").or_else(|| clause(s, " HAVING "))?;
    let gte = s[a..].find(" >= ").map(|i| i + a);
    let gt = s[a..].find(" > ").map(|i| i + a);
    match (gte, gt) {
        (Some(i), _) => Some(format!("{} > {}", &s[..i], &s[i + 4..])),
        (None, Some(i)) => Some(format!("{} >= {}", &s[..i], &s[i + 3..])),
        _ => None,
    }
}

fn limit_is_stop(s: &str) -> Option<String> {
    let i = s.rfind(" LIMIT ")?;
    let (limit, offset) = s[i + 7..].split_once(" OFFSET ")?;
    let (l, o) = (limit.parse::<u64>().ok()?, offset.parse::<u64>().ok()?);
    Some(format!("{} LIMIT {} OFFSET {o}", &s[..i], l + o))
}

fn asc_desc(s: &str) -> Option<String> {
    let (a, b) = clause(s, " ORDER BY ")?;
    let part = &s[a..b];
    let swapped = if part.contains(" DESC") {
        part.replacen(" DESC", " ASC", 1)
    } else {
        part.replacen(" ASC", " DESC", 1)
    };
    (swapped != part).then(|| format!("{}{swapped}{}", &s[..a], &s[b..]))
}

const MUTATIONS: &[Mutation] = &[
    Mutation {
        what: "uses LEFT OUTER JOIN where the real query has INNER JOIN",
        apply: inner_to_left,
        name: "left-join",
    },
    Mutation {
        what: "uses INNER JOIN where the real query has LEFT OUTER JOIN",
        apply: left_to_inner,
        name: "inner-join",
    },
    Mutation {
        what: "has no LIMIT 21, but the shell shows a QuerySet as list(qs[:21]): 20 rows, and one more to know there are more",
        apply: drop_limit_21,
        name: "no-limit-21",
    },
    Mutation {
        what: "adds a LIMIT 21 that only a QuerySet the shell displays gets",
        apply: add_limit_21,
        name: "limit-21",
    },
    Mutation {
        what: "has no ORDER BY, yet order_by() or the model's Meta.ordering asks for one",
        apply: drop_order_by,
        name: "no-order-by",
    },
    Mutation {
        what: "adds an ORDER BY nobody asked for: only order_by() or Meta.ordering add one, and a GROUP BY query leaves Meta.ordering out",
        apply: add_order_by,
        name: "order-by",
    },
    Mutation {
        what: "compares with = where the lookup needs LIKE",
        apply: like_to_eq,
        name: "equals",
    },
    Mutation {
        what: "leaves out ESCAPE '\\', which Django always writes after LIKE so that % and _ in the value can be escaped",
        apply: drop_escape,
        name: "no-escape",
    },
    Mutation {
        what: "uses LIKE where exact compares with = (iexact is the lookup that becomes LIKE)",
        apply: eq_to_like,
        name: "like",
    },
    Mutation {
        what: "filters the aggregate in WHERE; a condition on an aggregate goes to HAVING, after GROUP BY",
        apply: having_to_where,
        name: "where",
    },
    Mutation {
        what: "moves a condition on plain columns to HAVING; Django filters rows in WHERE, before grouping",
        apply: where_to_having,
        name: "having",
    },
    Mutation {
        what: "adds DISTINCT, which only .distinct() asks for",
        apply: add_distinct,
        name: "distinct",
    },
    Mutation {
        what: "drops the DISTINCT that .distinct() asks for",
        apply: drop_distinct,
        name: "no-distinct",
    },
    Mutation {
        what: "counts a column instead of COUNT(*): count() counts rows",
        apply: count_star_to_column,
        name: "count-column",
    },
    Mutation {
        what: "uses COUNT(*), which counts every row, where Count(\"field\") counts the non-NULL values of a column",
        apply: count_column_to_star,
        name: "count-star",
    },
    Mutation {
        what: "writes = NULL, which is never true in SQL; __isnull=True becomes IS NULL",
        apply: is_null_to_eq,
        name: "equals-null",
    },
    Mutation {
        what: "swaps > and >= (gt and gte)",
        apply: gt_gte,
        name: "gt-gte",
    },
    Mutation {
        what: "takes the slice's stop for LIMIT; LIMIT is the number of rows (stop - start)",
        apply: limit_is_stop,
        name: "limit-stop",
    },
    Mutation {
        what: "swaps ASC and DESC (a leading - in order_by() means DESC)",
        apply: asc_desc,
        name: "asc-desc",
    },
];

/// Reads one column reference (`"t"."c"`, optionally ` AS "x"`) at `i`; its end.
fn column_ref(b: &[u8], i: usize) -> Option<usize> {
    let ident = |mut j: usize| -> Option<usize> {
        if b.get(j) != Some(&b'"') {
            return None;
        }
        j += 1;
        while j < b.len() && b[j] != b'"' {
            j += 1;
        }
        (j < b.len()).then_some(j + 1)
    };
    let j = ident(i)?;
    if b.get(j) != Some(&b'.') {
        return None;
    }
    let mut j = ident(j + 1)?;
    if b[j..].starts_with(b" AS ")
        && let Some(k) = ident(j + 4)
    {
        j = k;
    }
    Some(j)
}

/// The SQL as shown to the learner: a run of more than four plain columns keeps its first two
/// and its last and says how many it left out, so the candidates fit on a screen and their
/// differences (joins, WHERE, ORDER BY, LIMIT) stand out. Only column lists are shortened.
pub fn abbreviate(sql: &str) -> String {
    let b = sql.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        // Step over string literals and lone identifiers whole, so no match starts inside one.
        if b[i] == b'\'' || (b[i] == b'"' && column_ref(b, i).is_none()) {
            let close = b[i + 1..].iter().position(|&c| c == b[i]);
            i += close.map_or(b.len() - i, |p| p + 2);
            continue;
        }
        let Some(first_end) = column_ref(b, i) else {
            i += 1;
            continue;
        };
        let mut refs = vec![(i, first_end)];
        let mut j = first_end;
        while b[j..].starts_with(b", ")
            && let Some(e) = column_ref(b, j + 2)
        {
            refs.push((j + 2, e));
            j = e;
        }
        if refs.len() > 4 {
            out.push_str(&sql[copied..refs[1].1]);
            out.push_str(&format!(", …{} more…, ", refs.len() - 3));
            let last = refs[refs.len() - 1];
            out.push_str(&sql[last.0..last.1]);
            copied = last.1;
        }
        i = j;
    }
    out.push_str(&sql[copied..]);
    out
}

/// A candidate: its SQL as shown, and for a wrong one what its mistake is.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub sql: String,
    pub wrong: Option<&'static str>,
    /// The mutation's name (empty for the right one).
    pub name: &'static str,
}

/// Every mutation's name, for `lesson --check`'s message.
pub fn mutation_names() -> Vec<&'static str> {
    MUTATIONS.iter().map(|m| m.name).collect()
}

/// Every wrong candidate the mutations make from `right`, each different (as shown) from the
/// right one and from each other.
pub fn wrong_candidates(right: &str) -> Vec<Candidate> {
    let shown_right = abbreviate(right);
    let mut out: Vec<Candidate> = Vec::new();
    for m in MUTATIONS {
        let Some(sql) = (m.apply)(right) else {
            continue;
        };
        let shown = abbreviate(&sql);
        if shown != shown_right && out.iter().all(|c| c.sql != shown) {
            out.push(Candidate {
                sql: shown,
                wrong: Some(m.what),
                name: m.name,
            });
        }
    }
    out
}

/// Three or four candidates in a seeded order: the right SQL and up to three wrong ones, first
/// the drill's own `mistakes` (the point it teaches), the rest drawn. `None` when fewer than two
/// wrong ones can be made.
pub fn candidates(right: &str, mistakes: &[String], rng: &mut Rng) -> Option<Vec<Candidate>> {
    let mut pool = wrong_candidates(right);
    if pool.len() < 2 {
        return None;
    }
    let mut picked = Vec::new();
    for m in mistakes {
        if picked.len() < 3
            && let Some(k) = pool.iter().position(|c| c.name == m)
        {
            picked.push(pool.remove(k));
        }
    }
    while picked.len() < 3 && !pool.is_empty() {
        let k = (rng.next_u64() % pool.len() as u64) as usize;
        picked.push(pool.remove(k));
    }
    // Shuffled, so the drill's own mistakes are not always first.
    for i in (1..picked.len()).rev() {
        picked.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
    }
    let at = (rng.next_u64() % (picked.len() as u64 + 1)) as usize;
    picked.insert(
        at,
        Candidate {
            sql: abbreviate(right),
            wrong: None,
            name: "",
        },
    );
    Some(picked)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNT: &str = "SELECT COUNT(*) AS \"__count\" FROM \"bookstore_book\" INNER JOIN \"bookstore_genre\" ON (\"bookstore_book\".\"genre_id\" = \"bookstore_genre\".\"id\") WHERE \"bookstore_genre\".\"name\" = 'Poetry'";

    #[test]
    fn mutations_change_one_thing() {
        assert!(inner_to_left(COUNT).unwrap().contains("LEFT OUTER JOIN"));
        assert!(
            count_star_to_column(COUNT)
                .unwrap()
                .starts_with("SELECT COUNT(\"bookstore_book\".\"id\")")
        );
        assert!(
            eq_to_like(COUNT)
                .unwrap()
                .ends_with("LIKE 'Poetry' ESCAPE '\\'")
        );
        assert_eq!(add_order_by(COUNT), None);
        let h = "SELECT \"a\".\"x\", COUNT(\"b\".\"id\") AS \"n\" FROM \"a\" LEFT OUTER JOIN \"b\" ON (1) GROUP BY \"a\".\"x\" HAVING COUNT(\"b\".\"id\") > 20 LIMIT 21";
        assert_eq!(
            having_to_where(h).unwrap(),
            "SELECT \"a\".\"x\", COUNT(\"b\".\"id\") AS \"n\" FROM \"a\" LEFT OUTER JOIN \"b\" ON (1) WHERE COUNT(\"b\".\"id\") > 20 GROUP BY \"a\".\"x\" LIMIT 21"
        );
        assert_eq!(
            limit_is_stop("SELECT 1 FROM \"t\" LIMIT 5 OFFSET 10").unwrap(),
            "SELECT 1 FROM \"t\" LIMIT 15 OFFSET 10"
        );
    }

    #[test]
    fn candidates_are_distinct_and_include_the_right_one() {
        for seed in 0..20 {
            let mistakes = ["count-column".to_string()];
            let c = candidates(COUNT, &mistakes, &mut Rng::new(seed)).unwrap();
            assert!(c.iter().any(|c| c.name == "count-column"));
            assert!((3..=4).contains(&c.len()));
            assert_eq!(c.iter().filter(|c| c.wrong.is_none()).count(), 1);
            for (i, a) in c.iter().enumerate() {
                assert!(c[i + 1..].iter().all(|b| b.sql != a.sql));
            }
        }
    }

    #[test]
    fn long_column_lists_are_shortened() {
        let sql = "SELECT \"t\".\"a\", \"t\".\"b\", \"t\".\"c\", \"t\".\"d\", \"t\".\"e\" FROM \"t\" WHERE \"t\".\"a\" = 1";
        assert_eq!(
            abbreviate(sql),
            "SELECT \"t\".\"a\", \"t\".\"b\", …2 more…, \"t\".\"e\" FROM \"t\" WHERE \"t\".\"a\" = 1"
        );
    }
}
