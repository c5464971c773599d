//! `select_related()`: the joined models' columns after the main model's, and where each
//! related object goes (Mirrors `SQLCompiler.get_related_selections`).

use crate::models::{FieldKind, ModelId, Registry, RelationKind};
use crate::query::error::QueryError;
use crate::query::ir::{Col, Query, SelectRelated};
use crate::query::path::setup_joins;

/// Django's `max_depth` for `select_related()` with no arguments.
const MAX_DEPTH: usize = 5;

/// One related object to build from a row (Django's klass_info).
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedSelection {
    /// Index of the parent selection; `None` for the main model.
    pub parent: Option<usize>,
    pub model: ModelId,
    /// The attribute the object is cached under on its parent (`publisher`, `profile`).
    pub attr: String,
    /// For a forward one-to-one, the parent's reverse accessor on the related object; for a
    /// reverse one, the related object's forward field pointing back.
    pub back_attr: Option<String>,
    /// First result column and how many.
    pub start: usize,
    pub len: usize,
    /// Which of the model's fields those columns are (`only()` may leave some out).
    pub fields: Vec<usize>,
}

fn field_choices(reg: &Registry, model: ModelId) -> String {
    let m = reg.get(reg.get(model).concrete);
    let mut names: Vec<String> = m
        .fields
        .iter()
        .filter(|f| f.kind.is_relation())
        .map(|f| f.name.clone())
        .collect();
    names.extend(
        m.reverse
            .iter()
            .filter(|r| r.kind == RelationKind::OneToOne)
            .map(|r| r.query_name.clone()),
    );
    if names.is_empty() {
        "(none)".into()
    } else {
        names.join(", ")
    }
}

/// Appends the selected related columns to `cols` and returns where each object is.
#[allow(clippy::too_many_arguments)]
pub fn related_selections(
    q: &mut Query,
    reg: &Registry,
    model: ModelId,
    root_alias: &str,
    requested: &SelectRelated,
    depth: usize,
    parent: Option<usize>,
    cols: &mut Vec<Col>,
    out: &mut Vec<RelatedSelection>,
    prefix: &str,
) -> Result<(), QueryError> {
    let restricted = matches!(requested, SelectRelated::Fields(_));
    if !restricted && depth > MAX_DEPTH {
        return Ok(());
    }
    let empty = Vec::new();
    let wanted = match requested {
        SelectRelated::Fields(f) => f,
        _ => &empty,
    };
    let m = reg.get(reg.get(model).concrete);
    let mut found: Vec<String> = Vec::new();
    for f in &m.fields {
        found.push(f.name.clone());
        let next = wanted.iter().find(|(n, _)| *n == f.name).map(|(_, n)| n);
        if restricted && !f.kind.is_relation() && next.is_some() {
            return Err(QueryError::field_error(format!(
                "Non-relational field given in select_related: '{}'. Choices are: {}",
                f.name,
                field_choices(reg, model)
            )));
        }
        let descend = match (&f.relation, restricted) {
            (None, _) => false,
            (Some(_), false) => !f.null,
            (Some(_), true) => next.is_some(),
        };
        if !descend {
            continue;
        }
        if restricted && !q.deferred.loads(prefix, &f.name, f.primary_key) {
            return Err(QueryError::field_error(format!(
                "Field {}.{} cannot be both deferred and traversed using select_related at the same time.",
                m.name, f.name
            )));
        }
        let Some(rel) = &f.relation else { continue };
        let info = setup_joins(
            q,
            reg,
            model,
            std::slice::from_ref(&f.name),
            root_alias.into(),
            None,
            true,
        )?;
        let alias = info.joins.last().cloned().unwrap_or_default();
        let target = reg.get(rel.to).concrete;
        let start = cols.len();
        let path = if prefix.is_empty() {
            f.name.clone()
        } else {
            format!("{prefix}__{}", f.name)
        };
        let mut loaded = Vec::new();
        for (i, tf) in reg.get(target).fields.iter().enumerate() {
            if q.deferred.loads(&path, &tf.name, tf.primary_key) {
                cols.push(Col {
                    alias: alias.clone(),
                    column: tf.column.clone(),
                    model: target,
                    field: i,
                });
                loaded.push(i);
            }
        }
        let back_attr = if f.kind == FieldKind::OneToOneField {
            reg.get(target)
                .reverse
                .iter()
                .find(|r| r.model == m.concrete && r.field == f.name)
                .map(|r| r.accessor.clone())
        } else {
            None
        };
        out.push(RelatedSelection {
            parent,
            model: rel.to,
            attr: f.name.clone(),
            back_attr,
            start,
            len: cols.len() - start,
            fields: loaded,
        });
        let me = out.len() - 1;
        let sub = match next {
            Some(n) => n.clone(),
            None => SelectRelated::All,
        };
        related_selections(
            q,
            reg,
            target,
            &alias,
            &sub,
            depth + 1,
            Some(me),
            cols,
            out,
            &path,
        )?;
    }
    if restricted {
        for r in m
            .reverse
            .iter()
            .filter(|r| r.kind == RelationKind::OneToOne)
        {
            let Some((_, next)) = wanted.iter().find(|(n, _)| *n == r.query_name) else {
                continue;
            };
            found.push(r.query_name.clone());
            let info = setup_joins(
                q,
                reg,
                model,
                std::slice::from_ref(&r.query_name),
                root_alias.into(),
                None,
                true,
            )?;
            let alias = info.joins.last().cloned().unwrap_or_default();
            let start = cols.len();
            let target = reg.get(r.model).concrete;
            let path = if prefix.is_empty() {
                r.query_name.clone()
            } else {
                format!("{prefix}__{}", r.query_name)
            };
            let mut loaded = Vec::new();
            for (i, tf) in reg.get(target).fields.iter().enumerate() {
                if q.deferred.loads(&path, &tf.name, tf.primary_key) {
                    cols.push(Col {
                        alias: alias.clone(),
                        column: tf.column.clone(),
                        model: target,
                        field: i,
                    });
                    loaded.push(i);
                }
            }
            out.push(RelatedSelection {
                parent,
                model: r.model,
                attr: r.accessor.clone(),
                back_attr: Some(r.field.clone()),
                start,
                len: cols.len() - start,
                fields: loaded,
            });
            let me = out.len() - 1;
            related_selections(
                q,
                reg,
                target,
                &alias,
                next,
                depth + 1,
                Some(me),
                cols,
                out,
                &path,
            )?;
        }
        let missing: Vec<String> = wanted
            .iter()
            .map(|(n, _)| n.clone())
            .filter(|n| !found.contains(n))
            .collect();
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(|n| format!("'{n}'")).collect();
            return Err(QueryError::field_error(format!(
                "Invalid field name(s) given in select_related: {}. Choices are: {}",
                names.join(", "),
                field_choices(reg, model)
            )));
        }
    }
    Ok(())
}
