//! The N+1 detector: reads one input's query log. A relation loaded lazily twice or more is an
//! N+1 (with its fix: `select_related` for a single object, `prefetch_related` for many, and
//! `annotate(n=Count(...))` when the loop only counts); other identical queries sent more than
//! once are duplicates.

use crate::models::{Registry, RelationKind};
use crate::orm::ctx::LoggedQuery;

/// One thing the detector found.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    NPlusOne {
        /// `Model.attr` (`Book.publisher`, `Publisher.books`).
        relation: String,
        queries: usize,
        fix: String,
    },
    Duplicate {
        sql: String,
        times: usize,
    },
}

impl Finding {
    /// The warning line shown to the learner.
    pub fn message(&self) -> String {
        match self {
            Finding::NPlusOne {
                relation,
                queries,
                fix,
            } => {
                format!("N+1: {relation} loaded lazily {queries} times — {fix}")
            }
            Finding::Duplicate { sql, times } => {
                let short: String = sql.chars().take(120).collect();
                let more = if sql.chars().count() > 120 { "…" } else { "" };
                format!("duplicate: the same query ran {times} times: {short}{more}")
            }
        }
    }
}

/// The fix for lazily loading `Model.attr` in a loop.
fn fix_for(reg: &Registry, relation: &str, counts_only: bool) -> String {
    let (model, attr) = relation.split_once('.').unwrap_or((relation, ""));
    let Some(id) = reg.by_name(model) else {
        return format!("use select_related(\"{attr}\")");
    };
    let m = reg.get(reg.get(id).concrete);
    let single = m
        .fields
        .iter()
        .any(|f| f.name == attr && f.kind.is_relation())
        || m.reverse
            .iter()
            .any(|r| r.accessor == attr && r.kind == RelationKind::OneToOne);
    if single {
        format!("use select_related(\"{attr}\")")
    } else if counts_only {
        // Count() takes the query name (`review`), which differs from a reverse accessor without
        // related_name (`review_set`); prefetch_related() takes the accessor.
        let lookup = m
            .reverse
            .iter()
            .find(|r| r.accessor == attr)
            .map_or(attr, |r| r.query_name.as_str());
        format!(
            "use prefetch_related(\"{attr}\"), or annotate(n=Count(\"{lookup}\")) to count in the first query"
        )
    } else {
        format!("use prefetch_related(\"{attr}\")")
    }
}

pub fn detect(reg: &Registry, log: &[LoggedQuery]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut causes: Vec<(&str, usize, bool)> = Vec::new();
    for q in log {
        if let Some(c) = &q.cause {
            let counts = q.sql.starts_with("SELECT COUNT(*)");
            match causes.iter_mut().find(|(n, _, _)| *n == &**c) {
                Some(entry) => {
                    entry.1 += 1;
                    entry.2 &= counts;
                }
                None => causes.push((c, 1, counts)),
            }
        }
    }
    for (relation, n, counts) in causes {
        if n >= 2 {
            out.push(Finding::NPlusOne {
                relation: relation.to_string(),
                queries: n,
                fix: fix_for(reg, relation, counts),
            });
        }
    }
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for q in log.iter().filter(|q| q.cause.is_none()) {
        match seen.iter_mut().find(|(s, _)| *s == &*q.sql) {
            Some(e) => e.1 += 1,
            None => seen.push((&q.sql, 1)),
        }
    }
    for (sql, times) in seen {
        let transaction = matches!(sql, "BEGIN" | "COMMIT" | "ROLLBACK")
            || sql.starts_with("SAVEPOINT")
            || sql.starts_with("RELEASE");
        if times >= 2 && !transaction {
            out.push(Finding::Duplicate {
                sql: sql.to_string(),
                times,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::db::Database;
    use crate::session::Session;

    fn fix_of(input: &str) -> String {
        let mut s = Session::new(Database::open_sample().unwrap()).unwrap();
        let o = s.eval(input);
        assert!(o.error.is_none(), "{:?}", o.error);
        match o.findings.first() {
            Some(super::Finding::NPlusOne { fix, .. }) => fix.clone(),
            other => panic!("no N+1 for {input}: {other:?}"),
        }
    }

    #[test]
    fn a_counting_loop_over_a_reverse_accessor_is_fixed_with_its_query_name() {
        // Review has no related_name: the accessor is review_set, the lookup is review.
        let fix = fix_of("for b in Book.objects.all()[:3]: b.review_set.count()");
        assert!(fix.contains("prefetch_related(\"review_set\")"), "{fix}");
        assert!(fix.contains("annotate(n=Count(\"review\"))"), "{fix}");
        let fix = fix_of("for p in Publisher.objects.all()[:3]: p.books.count()");
        assert!(fix.contains("annotate(n=Count(\"books\"))"), "{fix}");
    }

    #[test]
    fn a_forward_relation_is_fixed_with_select_related() {
        let fix = fix_of("for b in Book.objects.all()[:3]: b.publisher.name");
        assert_eq!(fix, "use select_related(\"publisher\")");
    }
}
