//! `Model.delete()` through Django's `Collector` (django/db/models/deletion.py, 5.2): related
//! rows are found through the reverse ForeignKeys (CASCADE collects and looks further, SET_NULL
//! becomes an UPDATE, DO_NOTHING is skipped), rows of models nothing points at are deleted
//! without being selected ("fast deletes"), and everything runs in one transaction.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::db::SqlValue;
use crate::interp::{ArgSpec, Args, Interp, PyResult, Value};
use crate::models::{ModelId, OnDelete, Registry};
use crate::sql::quote_name;
use crate::sql::write::{delete_sql, in_predicate, update_sql};

use super::super::ctx::OrmCtx;
use super::super::instance::Instance;
use super::{atomic, write};

/// Django's `GET_ITERATOR_CHUNK_SIZE`: `DeleteQuery.delete_batch` deletes 100 pks at a time.
const DELETE_CHUNK: usize = 100;

/// The FK/O2O fields that point at `model`, as `(model holding the field, field index)`, in
/// Django's `related_objects` order: models in registration order, an automatic through model
/// registered just before the model that declares the many-to-many.
fn candidate_relations(reg: &Registry, model: ModelId) -> Vec<(ModelId, usize)> {
    let mut order: Vec<ModelId> = Vec::new();
    for (id, m) in reg.models.iter().enumerate() {
        if m.auto_created {
            continue;
        }
        for mm in &m.many_to_many {
            if mm.auto_through && !order.contains(&mm.through) {
                order.push(mm.through);
            }
        }
        order.push(id);
    }
    let target = reg.get(model).concrete;
    let mut out = Vec::new();
    for id in order {
        let m = reg.get(id);
        if m.meta.proxy {
            continue;
        }
        for (idx, f) in m.fields.iter().enumerate() {
            if let Some(rel) = &f.relation
                && reg.get(rel.to).concrete == target
            {
                out.push((id, idx));
            }
        }
    }
    out
}

fn on_delete(reg: &Registry, (m, idx): (ModelId, usize)) -> OnDelete {
    reg.get(m).fields[idx]
        .relation
        .as_ref()
        .map(|r| r.on_delete)
        .unwrap_or(OnDelete::DoNothing)
}

/// `can_fast_delete` for a model: nothing but DO_NOTHING points at it.
pub(crate) fn model_is_leaf(reg: &Registry, model: ModelId) -> bool {
    candidate_relations(reg, model)
        .into_iter()
        .all(|c| on_delete(reg, c) == OnDelete::DoNothing)
}

/// A fast delete: the model and its `(column, pks)` predicates, OR-ed in one DELETE.
type FastDelete = (ModelId, Vec<(String, Vec<SqlValue>)>);
/// A SET_NULL update: `(model, field index)` and the batches of pks it points at.
type FieldUpdate = ((ModelId, usize), Vec<Vec<SqlValue>>);

struct Collector<'a> {
    ctx: &'a OrmCtx,
    reg: Rc<Registry>,
    data: Vec<(ModelId, Vec<SqlValue>)>,
    /// `(model, [(column, pks)])`: one DELETE whose predicates are OR-ed.
    fast_deletes: Vec<FastDelete>,
    /// `((model, field index), [pks of the rows they point at])`, SET_NULL updates.
    field_updates: Vec<FieldUpdate>,
    dependencies: HashMap<ModelId, HashSet<ModelId>>,
}

impl Collector<'_> {
    fn add(
        &mut self,
        model: ModelId,
        pks: Vec<SqlValue>,
        source: Option<ModelId>,
        nullable: bool,
    ) -> Vec<SqlValue> {
        if pks.is_empty() {
            return pks;
        }
        let slot = match self.data.iter().position(|(m, _)| *m == model) {
            Some(i) => i,
            None => {
                self.data.push((model, Vec::new()));
                self.data.len() - 1
            }
        };
        let mut new = Vec::new();
        for pk in pks {
            if !self.data[slot].1.contains(&pk) && !new.contains(&pk) {
                new.push(pk);
            }
        }
        self.data[slot].1.extend(new.iter().cloned());
        if let Some(src) = source
            && !nullable
        {
            let (src, dep) = (self.reg.get(src).concrete, self.reg.get(model).concrete);
            self.dependencies.entry(src).or_default().insert(dep);
        }
        new
    }

    fn collect(
        &mut self,
        it: &mut Interp,
        model: ModelId,
        pks: Vec<SqlValue>,
        source: Option<ModelId>,
        nullable: bool,
    ) -> PyResult<()> {
        let new = self.add(model, pks, source, nullable);
        if new.is_empty() {
            return Ok(());
        }
        let reg = self.reg.clone();
        let mut model_fast: Vec<(ModelId, Vec<usize>)> = Vec::new();
        for (rm, fidx) in candidate_relations(&reg, model) {
            let od = on_delete(&reg, (rm, fidx));
            if od == OnDelete::DoNothing {
                continue;
            }
            if od == OnDelete::Cascade && model_is_leaf(&reg, rm) {
                match model_fast.iter_mut().find(|(m, _)| *m == rm) {
                    Some((_, fs)) => fs.push(fidx),
                    None => model_fast.push((rm, vec![fidx])),
                }
                continue;
            }
            match od {
                // SET_NULL and friends are lazy: no SELECT, an UPDATE later.
                OnDelete::SetNull | OnDelete::SetDefault => {
                    match self
                        .field_updates
                        .iter_mut()
                        .find(|(k, _)| *k == (rm, fidx))
                    {
                        Some((_, b)) => b.push(new.clone()),
                        None => self.field_updates.push(((rm, fidx), vec![new.clone()])),
                    }
                }
                _ => {
                    let sub = self.select_related_pks(it, rm, fidx, &new)?;
                    if sub.is_empty() {
                        continue;
                    }
                    if matches!(od, OnDelete::Protect | OnDelete::Restrict) {
                        return Err(it.new_exception(
                            self.ctx.exc.db_errors["IntegrityError"].clone(),
                            "Cannot delete some instances of a model because they are referenced through protected foreign keys",
                        ));
                    }
                    let null = reg.get(rm).fields[fidx].null;
                    self.collect(it, rm, sub, Some(model), null)?;
                }
            }
        }
        for (rm, fields) in model_fast {
            let groups = fields
                .iter()
                .map(|&f| (reg.get(rm).fields[f].column.to_string(), new.clone()))
                .collect();
            self.fast_deletes.push((rm, groups));
        }
        Ok(())
    }

    /// `SELECT "t"."id" FROM "t" WHERE "t"."fk" IN (...)`: the related rows to cascade to,
    /// only their primary key (Django's `.only(*referenced_fields)`).
    fn select_related_pks(
        &self,
        it: &mut Interp,
        rm: ModelId,
        fidx: usize,
        pks: &[SqlValue],
    ) -> PyResult<Vec<SqlValue>> {
        let m = self.reg.get(rm);
        let t = quote_name(&m.db_table);
        let sql = format!(
            "SELECT {t}.{} FROM {t} WHERE {}",
            quote_name(&m.pk().column),
            in_predicate(&m.db_table, &[(&*m.fields[fidx].column, pks.len())])
        );
        let rows = self
            .ctx
            .run_query(&sql, pks)
            .map_err(|e| self.ctx.db_exception(it, &e))?;
        Ok(rows
            .into_iter()
            .filter_map(|r| r.into_iter().next())
            .collect())
    }

    /// Django's `Collector.sort`: a model goes after the models that depend on it.
    fn sort(&mut self) {
        let models: Vec<ModelId> = self.data.iter().map(|(m, _)| *m).collect();
        let mut sorted: Vec<ModelId> = Vec::new();
        while sorted.len() < models.len() {
            let mut found = false;
            for &m in &models {
                if sorted.contains(&m) {
                    continue;
                }
                let concrete: Vec<ModelId> =
                    sorted.iter().map(|s| self.reg.get(*s).concrete).collect();
                let ready = self
                    .dependencies
                    .get(&self.reg.get(m).concrete)
                    .is_none_or(|deps| deps.iter().all(|d| concrete.contains(d)));
                if ready {
                    sorted.push(m);
                    found = true;
                }
            }
            if !found {
                return;
            }
        }
        let mut data = std::mem::take(&mut self.data);
        for m in sorted {
            if let Some(i) = data.iter().position(|(x, _)| *x == m) {
                self.data.push(data.remove(i));
            }
        }
    }

    fn delete(mut self, it: &mut Interp) -> PyResult<(i64, Vec<(String, i64)>)> {
        for (_, pks) in &mut self.data {
            pks.sort_by(cmp_sql);
        }
        self.sort();
        let reg = self.reg.clone();
        let ctx = self.ctx;
        if self.data.len() == 1 && self.data[0].1.len() == 1 && model_is_leaf(&reg, self.data[0].0)
        {
            let (model, pks) = &self.data[0];
            let n = delete_batch(ctx, it, &reg, *model, pks)?;
            return Ok((n, vec![(reg.get(*model).label(), n)]));
        }
        atomic(ctx, it, |it| {
            let mut counter: Vec<(String, i64)> = Vec::new();
            let mut count = |label: String, n: i64| {
                if n == 0 {
                    return;
                }
                match counter.iter_mut().find(|(l, _)| *l == label) {
                    Some((_, c)) => *c += n,
                    None => counter.push((label, n)),
                }
            };
            for (rm, groups) in &self.fast_deletes {
                let m = reg.get(*rm);
                let spec: Vec<(&str, usize)> =
                    groups.iter().map(|(c, p)| (c.as_str(), p.len())).collect();
                let params: Vec<SqlValue> = groups.iter().flat_map(|(_, p)| p.clone()).collect();
                let sql = delete_sql(&m.db_table, &in_predicate(&m.db_table, &spec));
                let (_, n) = write(ctx, it, &sql, &params)?;
                count(m.label(), n as i64);
            }
            for ((rm, fidx), batches) in &self.field_updates {
                let m = reg.get(*rm);
                let col = &*m.fields[*fidx].column;
                let spec: Vec<(&str, usize)> = batches.iter().map(|b| (col, b.len())).collect();
                let mut params = vec![SqlValue::Null];
                params.extend(batches.iter().flatten().cloned());
                let sql = update_sql(&m.db_table, &[col], &in_predicate(&m.db_table, &spec));
                write(ctx, it, &sql, &params)?;
            }
            for (model, pks) in &self.data {
                let mut pks = pks.clone();
                pks.reverse();
                let n = delete_batch(ctx, it, &reg, *model, &pks)?;
                count(reg.get(*model).label(), n);
            }
            let total = counter.iter().map(|(_, n)| n).sum();
            Ok((total, counter))
        })
    }
}

fn cmp_sql(a: &SqlValue, b: &SqlValue) -> std::cmp::Ordering {
    match (a, b) {
        (SqlValue::Integer(x), SqlValue::Integer(y)) => x.cmp(y),
        (SqlValue::Text(x), SqlValue::Text(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    }
}

/// `DeleteQuery.delete_batch`: `DELETE ... WHERE "t"."id" IN (...)`, 100 pks at a time.
fn delete_batch(
    ctx: &OrmCtx,
    it: &mut Interp,
    reg: &Registry,
    model: ModelId,
    pks: &[SqlValue],
) -> PyResult<i64> {
    let m = reg.get(reg.get(model).concrete);
    let mut n = 0;
    for chunk in pks.chunks(DELETE_CHUNK) {
        let sql = delete_sql(
            &m.db_table,
            &in_predicate(&m.db_table, &[(&*m.pk().column, chunk.len())]),
        );
        n += write(ctx, it, &sql, chunk)?.1 as i64;
    }
    Ok(n)
}

/// Runs a Collector over `pks` of `model` and returns Django's `(total, {label: n})` value.
pub(crate) fn collect_and_delete(
    ctx: &OrmCtx,
    it: &mut Interp,
    model: ModelId,
    pks: Vec<SqlValue>,
) -> PyResult<Value> {
    let reg = ctx.reg.clone();
    let mut c = Collector {
        ctx,
        reg: reg.clone(),
        data: Vec::new(),
        fast_deletes: Vec::new(),
        field_updates: Vec::new(),
        dependencies: HashMap::new(),
    };
    // The collected model keeps its class (a proxy's rows count under the proxy's label).
    c.collect(it, model, pks, None, false)?;
    let (total, counter) = c.delete(it)?;
    let pairs = counter
        .into_iter()
        .map(|(l, n)| (l, Value::Int(n)))
        .collect();
    let d = super::super::pyutil::str_dict(it, pairs)?;
    Ok(Value::Tuple(Rc::from(vec![Value::Int(total), d])))
}

/// `Model.delete(using=None, keep_parents=False)`.
pub fn delete_instance(inst: &Instance, it: &mut Interp, args: Args) -> PyResult<Value> {
    ArgSpec::simple("delete", &["using", "keep_parents"], 0).bind(it, args)?;
    let reg = inst.ctx.reg.clone();
    let m = reg.get(reg.get(inst.model).concrete);
    let pk = inst.pk_value();
    if matches!(pk, Value::None) {
        return Err(it.value_error(format!(
            "{} object can't be deleted because its {} attribute is set to None.",
            reg.get(inst.model).name,
            m.pk().attname
        )));
    }
    let pk_field = m.pk().clone();
    let qs = super::super::queryset::QuerySet::new(inst.ctx.clone(), inst.model);
    let pk_sql = super::save::prep_save(&qs, it, &pk_field, &pk)?;
    let ctx = inst.ctx.clone();
    let result = collect_and_delete(&ctx, it, inst.model, vec![pk_sql])?;
    let idx = m.fields.iter().position(|f| f.primary_key).unwrap_or(0);
    inst.values.borrow_mut()[idx] = Some(Value::None);
    Ok(result)
}
