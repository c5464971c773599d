//! Resolving `publisher__name`-style paths against the registry: Django's `names_to_path`,
//! `setup_joins` and `trim_joins` (django/db/models/sql/query.py, 5.2).

use crate::models::{FieldKind, ModelId, Name, Registry, RelationKind};

use super::error::QueryError;
use super::ir::{Join, JoinType, Query};

/// A field of a model: `(model, index into its concrete fields)`.
pub type FieldRef = (ModelId, usize);

/// One hop between tables (Django's PathInfo).
#[derive(Debug, Clone)]
pub struct PathInfo {
    pub to_model: ModelId,
    /// `(column on the table we come from, column on the table we go to)`.
    pub join_cols: (Name, Name),
    /// The field that owns the join; for a direct hop it is the ForeignKey we follow.
    pub join_field: FieldRef,
    /// The target fields on `to_model` a direct hop points at (its primary key).
    pub target_fields: Vec<FieldRef>,
    /// Through a ForeignKey from its own model (can be trimmed), not a reverse relation.
    pub direct: bool,
    /// Multi-valued: reverse ForeignKey or the first hop of a many-to-many.
    pub m2m: bool,
}

/// The result of resolving a path: where it ends and what is left over (lookups, transforms).
pub struct ResolvedPath {
    pub path: Vec<PathInfo>,
    /// The last field walked: a concrete field, or the relation field of the last hop.
    pub final_field: FieldRef,
    pub final_is_relation: bool,
    pub targets: Vec<FieldRef>,
    pub rest: Vec<String>,
}

fn pk_index(reg: &Registry, model: ModelId) -> usize {
    let m = reg.get(reg.get(model).concrete);
    m.fields.iter().position(|f| f.primary_key).unwrap_or(0)
}

/// Mirrors `Query.names_to_path`.
pub fn names_to_path<S: AsRef<str>>(
    reg: &Registry,
    names: &[S],
    start: ModelId,
    fail_on_missing: bool,
    annotations: &[String],
) -> Result<ResolvedPath, QueryError> {
    let mut path: Vec<PathInfo> = Vec::new();
    let mut model = reg.get(start).concrete;
    let mut final_field: Option<(FieldRef, bool)> = None;
    let mut targets: Vec<FieldRef> = Vec::new();
    let mut consumed = 0;
    for (pos, raw) in names.iter().enumerate() {
        let raw = raw.as_ref();
        let m = reg.get(model);
        let name: &str = if raw == "pk" { &m.pk().name } else { raw };
        if let Some(idx) = m
            .fields
            .iter()
            .position(|f| f.name == name || &*f.attname == name)
        {
            let f = &m.fields[idx];
            if let Some(rel) = &f.relation {
                let to = reg.get(rel.to).concrete;
                let target = pk_index(reg, to);
                path.push(PathInfo {
                    to_model: to,
                    join_cols: (f.column.clone(), reg.get(to).fields[target].column.clone()),
                    join_field: (model, idx),
                    target_fields: vec![(to, target)],
                    direct: true,
                    m2m: false,
                });
                final_field = Some(((model, idx), true));
                targets = vec![(to, target)];
                model = to;
                consumed = pos + 1;
                continue;
            }
            final_field = Some(((model, idx), false));
            targets = vec![(model, idx)];
            consumed = pos + 1;
            if fail_on_missing && pos + 1 != names.len() {
                return Err(join_not_permitted(names[pos + 1].as_ref(), raw));
            }
            break;
        }
        if let Some(mm) = m.many_to_many.iter().find(|x| x.name == name) {
            let hops = m2m_hops(reg, model, mm.through, mm.to, false);
            model = push_hops(&mut path, hops, &mut final_field, &mut targets);
            consumed = pos + 1;
            continue;
        }
        if let Some(rev) = m.reverse.iter().find(|r| r.query_name == name) {
            match rev.kind {
                RelationKind::ManyToMany => {
                    let src = reg.get(rev.model);
                    let mm = src.m2m(&rev.field).cloned();
                    if let Some(mm) = mm {
                        let hops = m2m_hops(reg, mm.to, mm.through, rev.model, true);
                        model = push_hops(&mut path, hops, &mut final_field, &mut targets);
                    }
                }
                kind => {
                    let other = reg.get(rev.model);
                    let fidx = other.field_index(&rev.field).unwrap_or(0);
                    let fk = &other.fields[fidx];
                    let pk = pk_index(reg, model);
                    path.push(PathInfo {
                        to_model: rev.model,
                        join_cols: (reg.get(model).fields[pk].column.clone(), fk.column.clone()),
                        join_field: (rev.model, fidx),
                        target_fields: vec![(rev.model, pk_index(reg, rev.model))],
                        direct: false,
                        m2m: kind == RelationKind::ForeignKey,
                    });
                    // The final field of a reverse hop is the relation; its target is the remote pk.
                    final_field = Some(((rev.model, fidx), true));
                    targets = vec![(rev.model, pk_index(reg, rev.model))];
                    model = rev.model;
                }
            }
            consumed = pos + 1;
            continue;
        }
        if annotations.iter().any(|a| a == name) {
            consumed = pos + 1;
            break;
        }
        if pos == 0 || fail_on_missing {
            let mut choices = reg.lookup_choices(model);
            choices.extend(annotations.iter().cloned());
            choices.sort();
            return Err(QueryError::field_error(format!(
                "Cannot resolve keyword '{raw}' into field. Choices are: {}",
                choices.join(", ")
            ))
            .with_choices(choices, raw));
        }
        break;
    }
    let Some((final_field, final_is_relation)) = final_field else {
        return Err(QueryError::field_error(format!(
            "Cannot resolve keyword '{}' into field.",
            names.first().map_or("", |n| n.as_ref())
        )));
    };
    Ok(ResolvedPath {
        path,
        final_field,
        final_is_relation,
        targets,
        rest: names[consumed..]
            .iter()
            .map(|n| n.as_ref().to_string())
            .collect(),
    })
}

fn join_not_permitted(next: &str, name: &str) -> QueryError {
    QueryError::field_error(format!(
        "Cannot resolve keyword '{next}' into field. Join on '{name}' not permitted."
    ))
}

/// The two hops of a many-to-many: `from` → through table → `to`. `reverse` walks a field
/// declared on `to` backwards (`Author.books`).
fn m2m_hops(
    reg: &Registry,
    from: ModelId,
    through: ModelId,
    to: ModelId,
    reverse: bool,
) -> [PathInfo; 2] {
    let (src, dst) = if reverse { (to, from) } else { (from, to) };
    let t = reg.get(through);
    // The through model's ForeignKeys to each side (for "self" the first one is the source).
    let fk_to = |target: ModelId, skip: Option<usize>| {
        t.fields
            .iter()
            .enumerate()
            .position(|(i, f)| {
                Some(i) != skip
                    && f.relation
                        .as_ref()
                        .is_some_and(|r| reg.get(r.to).concrete == target)
            })
            .unwrap_or(0)
    };
    let src_fk = fk_to(src, None);
    let dst_fk = fk_to(dst, Some(src_fk));
    let (from_fk, to_fk) = if reverse {
        (dst_fk, src_fk)
    } else {
        (src_fk, dst_fk)
    };
    let from_pk = pk_index(reg, from);
    let to_pk = pk_index(reg, to);
    [
        PathInfo {
            to_model: through,
            join_cols: (
                reg.get(from).fields[from_pk].column.clone(),
                t.fields[from_fk].column.clone(),
            ),
            join_field: (through, from_fk),
            target_fields: vec![(from, from_pk)],
            direct: false,
            m2m: true,
        },
        PathInfo {
            to_model: to,
            join_cols: (
                t.fields[to_fk].column.clone(),
                reg.get(to).fields[to_pk].column.clone(),
            ),
            join_field: (through, to_fk),
            target_fields: vec![(to, to_pk)],
            direct: true,
            m2m: false,
        },
    ]
}

fn push_hops(
    path: &mut Vec<PathInfo>,
    hops: [PathInfo; 2],
    final_field: &mut Option<(FieldRef, bool)>,
    targets: &mut Vec<FieldRef>,
) -> ModelId {
    let last = hops[1].clone();
    path.extend(hops);
    *final_field = Some((last.join_field, true));
    *targets = last.target_fields.clone();
    last.to_model
}

/// What `setup_joins` produced.
pub struct JoinInfo {
    pub final_field: FieldRef,
    pub final_is_relation: bool,
    pub targets: Vec<FieldRef>,
    pub joins: Vec<Name>,
    pub path: Vec<PathInfo>,
    pub transforms: Vec<String>,
    /// Why the longer paths did not resolve (`setup_joins`' `last_field_exception`), raised
    /// when a transform does not exist.
    pub last_field_error: Option<QueryError>,
}

/// Mirrors `Query.setup_joins`: resolves as many names as possible into fields (the rest are
/// transforms), then adds the path's joins. `can_reuse` limits which multi-valued joins may be
/// reused (`None`: all).
pub fn setup_joins<S: AsRef<str>>(
    q: &mut Query,
    reg: &Registry,
    start: ModelId,
    names: &[S],
    alias: Name,
    can_reuse: Option<&[Name]>,
    allow_many: bool,
) -> Result<JoinInfo, QueryError> {
    let mut resolved = None;
    let mut last_err = None;
    for pivot in (1..=names.len()).rev() {
        match names_to_path(reg, &names[..pivot], start, true, &[]) {
            Ok(r) => {
                resolved = Some((
                    r,
                    names[pivot..]
                        .iter()
                        .map(|n| n.as_ref().to_string())
                        .collect::<Vec<String>>(),
                ));
                break;
            }
            Err(e) => {
                if pivot == 1 {
                    return Err(e);
                }
                last_err = Some(e);
            }
        }
    }
    let Some((r, transforms)) = resolved else {
        return Err(last_err.unwrap_or_else(|| QueryError::field_error("Cannot resolve keyword")));
    };
    if !allow_many && let Some(pos) = r.path.iter().position(|p| p.m2m) {
        return Err(QueryError::multi_join(pos));
    }
    let mut joins = vec![alias.clone()];
    let mut alias = alias;
    for info in &r.path {
        let to = reg.get(info.to_model);
        let nullable = if info.direct {
            let (m, i) = info.join_field;
            reg.get(m).fields[i].null
        } else {
            true
        };
        let join = Join {
            table_name: to.db_table.clone(),
            alias: "".into(),
            join_type: Some(JoinType::Inner),
            parent_alias: Some(alias.clone()),
            join_cols: info.join_cols.clone(),
            nullable,
            refcount: 0,
        };
        let reuse = if info.m2m {
            Some(can_reuse.unwrap_or(&[]))
        } else {
            None
        };
        let reuse = if info.m2m && can_reuse.is_none() {
            None
        } else {
            reuse
        };
        alias = q.join(join, reuse);
        joins.push(alias.clone());
    }
    Ok(JoinInfo {
        final_field: r.final_field,
        final_is_relation: r.final_is_relation,
        targets: r.targets,
        joins,
        path: r.path,
        transforms,
        last_field_error: last_err,
    })
}

/// Mirrors `Query.trim_joins`: drops trailing direct joins whose target column is already on the
/// previous table (`publisher__id` reads `publisher_id`). Returns targets, alias and joins left.
pub fn trim_joins(
    q: &mut Query,
    reg: &Registry,
    mut targets: Vec<FieldRef>,
    mut joins: Vec<Name>,
    path: &[PathInfo],
) -> (Vec<FieldRef>, Name, Vec<Name>) {
    for info in path.iter().rev() {
        if joins.len() == 1 || !info.direct {
            break;
        }
        let target_cols: Vec<&str> = targets
            .iter()
            .map(|&(m, i)| &*reg.get(m).fields[i].column)
            .collect();
        if !target_cols.iter().all(|c| *c == &*info.join_cols.1) {
            break;
        }
        targets = vec![info.join_field];
        if let Some(a) = joins.pop() {
            q.unref_alias(&a, 1);
        }
    }
    let alias = joins.last().cloned().unwrap_or_else(|| "".into());
    (targets, alias, joins)
}

/// The field kind behind a field reference.
pub fn field_kind(reg: &Registry, f: FieldRef) -> &FieldKind {
    &reg.get(f.0).fields[f.1].kind
}

/// The parts of a lookup path (`publisher__name__iexact`), as Python's
/// `path.split(LOOKUP_SEP)` gives them. Scans bytes for the separator: this runs for every
/// name a query mentions, where building a substring searcher each time shows in the profile.
pub fn lookup_parts(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(path);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.as_bytes().windows(2).position(|w| w == b"__") {
            Some(at) => {
                rest = Some(&s[at + 2..]);
                Some(&s[..at])
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::lookup_parts;

    #[test]
    fn lookup_parts_splits_as_python_does() {
        for path in [
            "a",
            "a__b",
            "a___b",
            "__a",
            "a__",
            "",
            "a____b",
            "publisher__name__iexact",
        ] {
            let ours: Vec<&str> = lookup_parts(path).collect();
            let std: Vec<&str> = path.split("__").collect();
            assert_eq!(ours, std, "{path:?}");
        }
    }
}
