//! `MigrationAutodetector` for the initial migration of one app (no previous state):
//! `generate_created_models` (related fields split off into `AddField`s sorted by name,
//! indexes and constraints deferred to `AddIndex` / `AddConstraint`), `generate_created_proxies`,
//! the stable topological `_sort_migrations` and the `MigrationOptimizer`.

use super::names::index_name_with_model;
use super::operations::{ModelOptions, Operation, Reduction, StateField};
use super::topo::TopologicalSorter;
use crate::models::model::{IndexDef, Model, ModelId, Registry};

/// `OperationDependency` within the app: a model (and maybe field) being created, or the
/// removal of a model (which never matches in an initial migration).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Dependency {
    Create {
        model: String,
        field: Option<String>,
    },
    Remove,
}

impl Dependency {
    fn create(model: &str) -> Dependency {
        Dependency::Create {
            model: model.to_string(),
            field: None,
        }
    }

    /// `MigrationAutodetector.check_dependency`.
    fn satisfied_by(&self, op: &Operation) -> bool {
        match (self, op) {
            (Dependency::Create { model, field: None }, Operation::CreateModel { name, .. }) => {
                name.to_lowercase() == *model
            }
            (
                Dependency::Create {
                    model,
                    field: Some(f),
                },
                Operation::CreateModel { name, fields, .. },
            ) => name.to_lowercase() == *model && fields.iter().any(|x| x.name() == f),
            (
                Dependency::Create {
                    model,
                    field: Some(f),
                },
                Operation::AddField { model_name, field },
            ) => {
                model_name.to_lowercase() == *model
                    && field.name().to_lowercase() == f.to_lowercase()
            }
            _ => false,
        }
    }
}

/// The fields of a model as `ModelState.from_model` lists them: local concrete fields, then
/// many-to-many fields.
fn state_fields(m: &Model) -> Vec<StateField> {
    if m.meta.proxy {
        return Vec::new();
    }
    let mut out: Vec<StateField> = m.fields.iter().cloned().map(StateField::Column).collect();
    out.extend(m.many_to_many.iter().cloned().map(StateField::ManyToMany));
    out
}

/// The state's options of a model; unnamed indexes get `Index.set_name_with_model` names.
fn state_options(m: &Model) -> ModelOptions {
    let indexes = m
        .meta
        .indexes
        .iter()
        .map(|ix| {
            if !ix.name.is_empty() {
                return ix.clone();
            }
            let cols: Vec<(String, bool)> = ix
                .fields
                .iter()
                .map(|f| {
                    let (name, desc) = match f.strip_prefix('-') {
                        Some(n) => (n, true),
                        None => (f.as_str(), false),
                    };
                    (
                        m.field(name)
                            .or_else(|| m.field_by_attname(name))
                            .map(|x| x.column.to_string())
                            .unwrap_or_else(|| name.to_string()),
                        desc,
                    )
                })
                .collect();
            IndexDef {
                name: index_name_with_model(&m.db_table, &cols),
                fields: ix.fields.clone(),
            }
        })
        .collect();
    ModelOptions {
        db_table: m.db_table.to_string(),
        managed: m.meta.managed,
        proxy: m.meta.proxy,
        indexes,
        constraints: m.meta.constraints.clone(),
        unique_together: m.meta.unique_together.clone(),
    }
}

struct Generator<'a> {
    reg: &'a Registry,
    ops: Vec<(Operation, Vec<Dependency>)>,
}

impl Generator<'_> {
    fn add(&mut self, op: Operation, deps: Vec<Dependency>, beginning: bool) {
        if beginning {
            self.ops.insert(0, (op, deps));
        } else {
            self.ops.push((op, deps));
        }
    }

    /// `_get_dependencies_for_foreign_key`: the target model, and an explicit through model.
    fn fk_dependencies(&self, field: &StateField) -> Vec<Dependency> {
        match field {
            StateField::Column(f) => f
                .relation
                .iter()
                .map(|r| Dependency::create(&self.reg.get(r.to).model_name()))
                .collect(),
            StateField::ManyToMany(m) => {
                let mut deps = vec![Dependency::create(&self.reg.get(m.to).model_name())];
                if !m.auto_through {
                    deps.push(Dependency::create(&self.reg.get(m.through).model_name()));
                }
                deps
            }
        }
    }

    /// `generate_created_models` for one model.
    fn created_model(&mut self, id: ModelId) {
        let m = self.reg.get(id);
        let model_name = m.model_name();
        let fields = state_fields(m);
        let mut related: Vec<StateField> = Vec::new();
        let mut primary_key_rel: Option<ModelId> = None;
        for f in &fields {
            match f {
                StateField::Column(c) => {
                    if let Some(rel) = &c.relation {
                        if c.primary_key {
                            primary_key_rel = Some(rel.to);
                        } else {
                            related.push(f.clone());
                        }
                    }
                }
                StateField::ManyToMany(_) => related.push(f.clone()),
            }
        }
        related.sort_by(|a, b| a.name().cmp(b.name()));
        let options = state_options(m);
        let mut deps = vec![Dependency::Remove];
        let base = self.proxy_base(m);
        if let Some(b) = &base {
            deps.push(Dependency::create(b));
        }
        if let Some(to) = primary_key_rel {
            deps.push(Dependency::create(&self.reg.get(to).model_name()));
        }
        let create_fields = fields
            .iter()
            .filter(|f| !related.iter().any(|r| r.name() == f.name()))
            .cloned()
            .collect();
        let (indexes, constraints, unique_together) = (
            options.indexes.clone(),
            options.constraints.clone(),
            options.unique_together.clone(),
        );
        let create_options = ModelOptions {
            indexes: Vec::new(),
            constraints: Vec::new(),
            unique_together: Vec::new(),
            ..options
        };
        self.add(
            Operation::CreateModel {
                name: m.name.clone(),
                fields: create_fields,
                options: create_options,
                base,
            },
            deps,
            true,
        );
        if !m.meta.managed {
            return;
        }
        for f in &related {
            let mut deps = self.fk_dependencies(f);
            deps.push(Dependency::create(&model_name));
            let mut unique: Vec<Dependency> = Vec::new();
            for d in deps {
                if !unique.contains(&d) {
                    unique.push(d);
                }
            }
            self.add(
                Operation::AddField {
                    model_name: model_name.clone(),
                    field: f.clone(),
                },
                unique,
                false,
            );
        }
        let mut related_deps: Vec<Dependency> = related
            .iter()
            .map(|f| Dependency::Create {
                model: model_name.clone(),
                field: Some(f.name().to_string()),
            })
            .collect();
        related_deps.push(Dependency::create(&model_name));
        for index in indexes {
            self.add(
                Operation::AddIndex {
                    model_name: model_name.clone(),
                    index,
                },
                related_deps.clone(),
                false,
            );
        }
        for constraint in constraints {
            self.add(
                Operation::AddConstraint {
                    model_name: model_name.clone(),
                    constraint,
                },
                related_deps.clone(),
                false,
            );
        }
        if !unique_together.is_empty() {
            self.add(
                Operation::AlterUniqueTogether {
                    name: model_name.clone(),
                    unique_together,
                },
                related_deps.clone(),
                false,
            );
        }
    }

    /// The model a proxy extends, as its `bases` name it.
    fn proxy_base(&self, m: &Model) -> Option<String> {
        let parent = m.parent.unwrap_or(m.concrete);
        m.meta.proxy.then(|| self.reg.get(parent).model_name())
    }

    /// `generate_created_proxies`.
    fn created_proxy(&mut self, id: ModelId) {
        let m = self.reg.get(id);
        let base = self.proxy_base(m);
        let mut deps = vec![Dependency::Remove];
        if let Some(b) = &base {
            deps.push(Dependency::create(b));
        }
        let op = Operation::CreateModel {
            name: m.name.clone(),
            fields: Vec::new(),
            options: state_options(m),
            base,
        };
        self.add(op, deps, false);
    }

    /// `_sort_migrations`: a stable topological sort on the intra-app dependencies.
    fn sort(self) -> Vec<Operation> {
        let n = self.ops.len();
        let mut ts = TopologicalSorter::new(n);
        for (i, (_, deps)) in self.ops.iter().enumerate() {
            ts.add(i, &[]);
            for dep in deps {
                let preds: Vec<usize> = (0..n)
                    .filter(|&j| dep.satisfied_by(&self.ops[j].0))
                    .collect();
                ts.add(i, &preds);
            }
        }
        let order = ts.static_order().unwrap_or_else(|| (0..n).collect());
        let mut slots: Vec<Option<Operation>> =
            self.ops.into_iter().map(|(op, _)| Some(op)).collect();
        order.into_iter().filter_map(|i| slots[i].take()).collect()
    }
}

/// The operations of `makemigrations`' initial migration for the registry's app, in order,
/// after the optimizer.
pub fn initial_operations(reg: &Registry) -> Vec<Operation> {
    let keyed = |pred: &dyn Fn(&Model) -> bool| {
        let mut ids: Vec<ModelId> = reg
            .user_models()
            .filter(|(_, m)| pred(m))
            .map(|(id, _)| id)
            .collect();
        ids.sort_by_key(|&id| reg.get(id).model_name());
        ids
    };
    let managed = keyed(&|m| m.meta.managed && !m.meta.proxy);
    let unmanaged = keyed(&|m| !m.meta.managed);
    let proxies = keyed(&|m| m.meta.managed && m.meta.proxy);
    let mut g = Generator {
        reg,
        ops: Vec::new(),
    };
    for &id in managed.iter().rev().chain(unmanaged.iter().rev()) {
        g.created_model(id);
    }
    for &id in &proxies {
        g.created_proxy(id);
    }
    optimize(g.sort(), reg)
}

/// `MigrationOptimizer.optimize`: repeat the inner pass until nothing changes.
pub fn optimize(mut ops: Vec<Operation>, reg: &Registry) -> Vec<Operation> {
    while let Some(next) = optimize_inner(&ops, reg) {
        ops = next;
    }
    ops
}

/// One pass of `MigrationOptimizer.optimize_inner`; `None` when no reduction applies.
fn optimize_inner(ops: &[Operation], reg: &Registry) -> Option<Vec<Operation>> {
    for (i, op) in ops.iter().enumerate() {
        let mut right = true;
        for (j, other) in ops[i + 1..].iter().enumerate() {
            match op.reduce(other, reg) {
                Reduction::Replace(result) => {
                    let in_between = &ops[i + 1..i + j + 1];
                    let mut out: Vec<Operation> = ops[..i].to_vec();
                    if right {
                        out.extend(in_between.iter().cloned());
                        out.extend(result);
                    } else if in_between
                        .iter()
                        .all(|b| matches!(b.reduce(other, reg), Reduction::Through(true)))
                    {
                        out.extend(result);
                        out.extend(in_between.iter().cloned());
                    } else {
                        break;
                    }
                    out.extend(ops[i + j + 2..].iter().cloned());
                    return Some(out);
                }
                Reduction::Through(false) => right = false,
                Reduction::Through(true) => {}
            }
        }
    }
    None
}
