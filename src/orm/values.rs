//! `values()` / `values_list()`: which names are selected, their joins, and how an earlier
//! `annotate()` changes the grouping (Mirrors `Query.set_values` and `add_fields`).

use crate::interp::{Interp, PyResult, Value};
use crate::query::expr::Expr;
use crate::query::ir::{Col, GroupBy, SelectKind, ValueCol};
use crate::query::path::{setup_joins, trim_joins};

use super::queryset::{Iterable, QuerySet, Receiver};

impl QuerySet {
    pub(crate) fn set_values(
        this: Receiver<'_>,
        it: &mut Interp,
        fields: Vec<String>,
        iterable: Iterable,
    ) -> PyResult<Value> {
        let mut clone = this.chain();
        let reg = clone.ctx.reg.clone();
        let model = reg.get(reg.get(clone.model).concrete);
        let aliased = !fields.is_empty();
        // A grouped model query keeps grouping by every model column once values() narrows the
        // select (Django: add_fields of all concrete fields, then set_group_by).
        if clone.query.group_by == GroupBy::All {
            let alias = clone.query.get_initial_alias(&model.db_table);
            let cols: Vec<Expr> = model
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    Expr::Col(Col {
                        alias: alias.clone(),
                        column: f.column.clone(),
                        model: model.concrete,
                        field: i,
                    })
                })
                .collect();
            clone.query.group_by = GroupBy::Exprs(cols);
        }
        let annotation_names: Vec<String> = clone
            .query
            .annotations
            .iter()
            .map(|(n, _)| n.clone())
            .collect();
        let names: Vec<String> = if fields.is_empty() {
            let mut n: Vec<String> = model
                .fields
                .iter()
                .map(|f| str::to_owned(&f.attname))
                .collect();
            n.extend(clone.query.annotation_select.iter().cloned());
            n
        } else {
            fields
        };
        let mut cols = Vec::new();
        let mut selected_annotations = Vec::new();
        for name in names {
            if annotation_names.contains(&name) {
                if aliased && !clone.query.annotation_select.contains(&name) {
                    return Err(clone.ctx.field_error(
                        it,
                        format!("Cannot select the '{name}' alias. Use annotate() to promote it."),
                    ));
                }
                selected_annotations.push(name.clone());
                cols.push((name, ValueCol::Annotation));
                continue;
            }
            let parts: Vec<&str> = crate::query::path::lookup_parts(&name).collect();
            let alias = clone.query.get_initial_alias(&model.db_table);
            let info = setup_joins(
                &mut clone.query,
                &reg,
                clone.model,
                &parts,
                alias,
                None,
                true,
            )
            .map_err(|e| clone.query_error(it, with_annotation_choices(e, &annotation_names)))?;
            if let Some(t) = info.transforms.first() {
                let prev = &parts[parts.len() - info.transforms.len() - 1];
                return Err(clone.ctx.field_error(
                    it,
                    format!(
                        "Cannot resolve keyword '{t}' into field. Join on '{prev}' not permitted."
                    ),
                ));
            }
            let (targets, alias, _) =
                trim_joins(&mut clone.query, &reg, info.targets, info.joins, &info.path);
            for (m, i) in targets {
                let column = reg.get(m).fields[i].column.clone();
                cols.push((
                    name.clone(),
                    ValueCol::Col(Col {
                        alias: alias.clone(),
                        column,
                        model: m,
                        field: i,
                    }),
                ));
            }
        }
        if aliased {
            clone.query.annotation_select = selected_annotations;
        }
        clone.query.select = SelectKind::Values { cols, aliased };
        clone.iterable = iterable;
        Ok(Value::object(clone))
    }
}

/// "Choices are: ..." also lists the query's annotations.
fn with_annotation_choices(
    mut e: crate::query::QueryError,
    annotations: &[String],
) -> crate::query::QueryError {
    if annotations.is_empty() {
        return e;
    }
    if let Some((choices, bad)) = e.choices.take() {
        let mut all = choices;
        all.extend(annotations.iter().cloned());
        all.sort();
        e.message = format!(
            "Cannot resolve keyword '{bad}' into field. Choices are: {}",
            all.join(", ")
        );
        e.choices = Some((all, bad));
    }
    e
}
