//! Reads a parsed `models.py` into a [`Registry`], the way Django's `ModelBase` metaclass and
//! `Options` would: fields in declaration order after the automatic `id`, relations resolved
//! (`"self"`, forward references), automatic many-to-many through models, reverse relations,
//! managers (own first, then inherited, as `Options.managers` ranks them) and `Meta`.

use std::rc::Rc;

use super::field::{DefaultValue, Field, FieldKind, OnDelete, Relation};
use super::literal::{Literal, literal};
use super::model::*;
use crate::syntax::{Arg, Expr, ExprKind, Span, Stmt, StmtKind};

/// Why models.py could not be loaded; `span` points into its source.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    pub message: String,
    pub span: Span,
}

fn err<T>(span: Span, message: impl Into<String>) -> Result<T, LoadError> {
    Err(LoadError {
        message: message.into(),
        span,
    })
}

/// A model class as read, before relations are resolved.
struct PendingModel {
    model: Model,
    base: Option<String>,
    /// (field index, target name as written) for ForeignKey / OneToOneField.
    fk_targets: Vec<(usize, String, Span)>,
    m2m: Vec<PendingM2m>,
    has_meta_ordering: bool,
    has_meta_latest: bool,
}

struct PendingM2m {
    name: String,
    to: String,
    through: Option<String>,
    related_name: Option<String>,
    related_query_name: Option<String>,
    /// `db_table=`: the automatic through table's name.
    db_table: Option<String>,
    span: Span,
}

/// Builds the registry of app `app_label` from the statements of its models.py.
pub fn load_models(app_label: &str, module: &[Stmt]) -> Result<Registry, LoadError> {
    let mut reg = Registry::new(app_label);
    let mut pending: Vec<PendingModel> = Vec::new();
    for stmt in module {
        let StmtKind::ClassDef {
            name, bases, body, ..
        } = &stmt.kind
        else {
            continue;
        };
        let base = bases.iter().find_map(|a| match a {
            Arg::Positional(e) => dotted_name(e),
            _ => None,
        });
        let base_name = base.as_deref().unwrap_or("object");
        let last = base_name.rsplit('.').next().unwrap_or(base_name);
        if last == "Manager" || reg.manager_class(last).is_some() {
            let base = if last == "Manager" {
                None
            } else {
                Some(last.to_string())
            };
            let methods = body.iter().filter_map(method_def).collect();
            reg.manager_classes.push(ManagerClass {
                name: name.clone(),
                base,
                methods,
            });
        } else if last == "Model" || pending.iter().any(|p| p.model.name == last) {
            let parent = (last != "Model").then(|| last.to_string());
            pending.push(read_model(app_label, name, parent, body, &reg)?);
        }
    }
    resolve(&mut reg, pending)?;
    Ok(reg)
}

fn dotted_name(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Name(n) => Some(n.clone()),
        ExprKind::Attribute { value, attr, .. } => Some(format!("{}.{attr}", dotted_name(value)?)),
        _ => None,
    }
}

fn method_def(stmt: &Stmt) -> Option<Rc<MethodDef>> {
    match &stmt.kind {
        StmtKind::FunctionDef {
            name,
            params,
            body,
            decorators,
            ..
        } => Some(Rc::new(MethodDef {
            name: name.clone(),
            params: params.clone(),
            body: Rc::new(body.clone()),
            decorators: decorators.clone(),
        })),
        _ => None,
    }
}

fn read_model(
    app_label: &str,
    name: &str,
    parent: Option<String>,
    body: &[Stmt],
    reg: &Registry,
) -> Result<PendingModel, LoadError> {
    let model = Model {
        name: name.to_string(),
        app_label: app_label.to_string(),
        db_table: format!("{app_label}_{}", name.to_lowercase()).into(),
        fields: Vec::new(),
        many_to_many: Vec::new(),
        reverse: Vec::new(),
        meta: Meta {
            managed: true,
            ..Meta::default()
        },
        concrete: 0,
        parent: None,
        managers: Vec::new(),
        methods: Vec::new(),
        auto_created: false,
        label_text: Default::default(),
    };
    let mut p = PendingModel {
        model,
        base: parent,
        fk_targets: Vec::new(),
        m2m: Vec::new(),
        has_meta_ordering: false,
        has_meta_latest: false,
    };
    for stmt in body {
        match &stmt.kind {
            StmtKind::Assign { targets, value } if targets.len() == 1 => {
                let ExprKind::Name(attr) = &targets[0].kind else {
                    continue;
                };
                let ExprKind::Call { func, args } = &value.kind else {
                    continue;
                };
                let Some(callee) = dotted_name(func) else {
                    continue;
                };
                let class = callee.rsplit('.').next().unwrap_or(&callee).to_string();
                let managers = &mut p.model.managers;
                if class == "ManyToManyField" {
                    p.m2m.push(read_m2m(name, attr, args, value.span)?);
                } else if class == "Manager" {
                    managers.push(ManagerDecl {
                        name: attr.clone(),
                        class: None,
                    });
                } else if reg.manager_class(&class).is_some() {
                    managers.push(ManagerDecl {
                        name: attr.clone(),
                        class: Some(class),
                    });
                } else if let Some(kind) = FieldKind::from_class_name(&class) {
                    let (field, target) = read_field(attr, kind, args, value.span)?;
                    if let Some(t) = target {
                        p.fk_targets.push((p.model.fields.len(), t, value.span));
                    }
                    p.model.fields.push(field);
                } else {
                    return err(
                        func.span,
                        format!("ormlab does not know the field class {callee}"),
                    );
                }
            }
            StmtKind::FunctionDef { .. } => p.model.methods.extend(method_def(stmt)),
            StmtKind::ClassDef { name, body, .. } if name == "Meta" => read_meta(body, &mut p),
            _ => {}
        }
    }
    Ok(p)
}

fn kwarg<'a>(args: &'a [Arg], name: &str) -> Option<&'a Expr> {
    args.iter().find_map(|a| match a {
        Arg::Keyword { name: n, value, .. } if n == name => Some(value),
        _ => None,
    })
}

fn kw_bool(args: &[Arg], name: &str) -> bool {
    matches!(kwarg(args, name).map(literal), Some(Literal::Bool(true)))
}

fn kw_str(args: &[Arg], name: &str) -> Option<String> {
    match kwarg(args, name).map(literal) {
        Some(Literal::Str(s)) => Some(s),
        _ => None,
    }
}

fn kw_int(args: &[Arg], name: &str) -> Option<i64> {
    match kwarg(args, name).map(literal) {
        Some(Literal::Int(i)) => Some(i),
        _ => None,
    }
}

/// The related model named by the first positional argument (or `to=`): a class name or a string.
fn relation_target(args: &[Arg]) -> Option<String> {
    let e = args
        .iter()
        .find_map(|a| match a {
            Arg::Positional(e) => Some(e),
            _ => None,
        })
        .or_else(|| kwarg(args, "to"))?;
    match literal(e) {
        Literal::Str(s) => Some(s.rsplit('.').next().unwrap_or(&s).to_string()),
        Literal::Name(n) => Some(n.rsplit('.').next().unwrap_or(&n).to_string()),
        _ => None,
    }
}

fn read_field(
    name: &str,
    mut kind: FieldKind,
    args: &[Arg],
    span: Span,
) -> Result<(Field, Option<String>), LoadError> {
    if let FieldKind::DecimalField { .. } = kind {
        kind = FieldKind::DecimalField {
            max_digits: kw_int(args, "max_digits").unwrap_or(0) as u32,
            decimal_places: kw_int(args, "decimal_places").unwrap_or(0) as u32,
        };
    }
    let mut f = Field::new(name, kind.clone());
    f.null = kw_bool(args, "null");
    f.blank = kw_bool(args, "blank");
    f.unique = kw_bool(args, "unique");
    f.primary_key = kw_bool(args, "primary_key");
    f.db_index = kw_bool(args, "db_index");
    f.auto_now = kw_bool(args, "auto_now");
    f.auto_now_add = kw_bool(args, "auto_now_add");
    f.max_length = kw_int(args, "max_length").map(|n| n as u32);
    if f.max_length.is_none() {
        f.max_length = match kind {
            FieldKind::EmailField => Some(254),
            FieldKind::UrlField => Some(200),
            FieldKind::SlugField => Some(50),
            _ => None,
        };
    }
    if let FieldKind::SlugField = kind {
        f.db_index = f.db_index || kwarg(args, "db_index").is_none();
    }
    if let Some(col) = kw_str(args, "db_column") {
        f.column = col.into();
    }
    f.default = kwarg(args, "default").map(|e| match literal(e) {
        Literal::Bool(b) => DefaultValue::Bool(b),
        Literal::Int(i) => DefaultValue::Int(i),
        Literal::Float(x) => DefaultValue::Float(x),
        Literal::Str(s) => DefaultValue::Str(s),
        Literal::None => DefaultValue::None,
        Literal::Name(n) => DefaultValue::Callable(n),
        _ => DefaultValue::None,
    });
    if !kind.is_relation() {
        return Ok((f, None));
    }
    let Some(target) = relation_target(args) else {
        return err(
            span,
            format!("{name}: the related model must be a class name or a string"),
        );
    };
    let on_delete = kwarg(args, "on_delete")
        .and_then(|e| match literal(e) {
            Literal::Name(n) => OnDelete::from_name(n.rsplit('.').next().unwrap_or(&n)),
            _ => None,
        })
        .ok_or_else(|| LoadError {
            message: format!(
                "{}.__init__() missing 1 required positional argument: 'on_delete'",
                kind.class_name()
            ),
            span,
        })?;
    f.attname = format!("{name}_id").into();
    if kw_str(args, "db_column").is_none() {
        f.column = f.attname.clone();
    }
    // Django indexes every ForeignKey unless told not to; a unique one needs no extra index.
    f.db_index = kwarg(args, "db_index").is_none() || f.db_index;
    f.relation = Some(Relation {
        to: usize::MAX,
        on_delete,
        related_name: kw_str(args, "related_name"),
        related_query_name: kw_str(args, "related_query_name"),
        to_field: kw_str(args, "to_field"),
    });
    Ok((f, Some(target)))
}

fn read_m2m(model: &str, name: &str, args: &[Arg], span: Span) -> Result<PendingM2m, LoadError> {
    let Some(to) = relation_target(args) else {
        return err(
            span,
            format!("{name}: the related model must be a class name or a string"),
        );
    };
    let through = kwarg(args, "through").and_then(|e| match literal(e) {
        Literal::Str(s) | Literal::Name(s) => Some(s),
        _ => None,
    });
    // A relation to "self" is symmetrical unless told otherwise; Django then hides its reverse
    // side (`ManyToManyField.contribute_to_class` sets `related_name = "<name>_rel_+"`).
    let symmetrical = match kwarg(args, "symmetrical").map(literal) {
        Some(Literal::Bool(b)) => b,
        _ => to == "self",
    };
    let mut related_name = kw_str(args, "related_name");
    if symmetrical && (to == "self" || to == model) {
        related_name = Some(format!("{name}_rel_+"));
    }
    Ok(PendingM2m {
        name: name.to_string(),
        to,
        through,
        related_name,
        related_query_name: kw_str(args, "related_query_name"),
        db_table: kw_str(args, "db_table"),
        span,
    })
}

fn read_meta(body: &[Stmt], p: &mut PendingModel) {
    let meta = &mut p.model.meta;
    for stmt in body {
        let StmtKind::Assign { targets, value } = &stmt.kind else {
            continue;
        };
        let Some(ExprKind::Name(attr)) = targets.first().map(|t| &t.kind) else {
            continue;
        };
        let lit = literal(value);
        match (attr.as_str(), lit) {
            ("ordering", lit) => {
                meta.ordering = lit.strings();
                p.has_meta_ordering = true;
            }
            ("get_latest_by", lit) => {
                meta.get_latest_by = match lit {
                    Literal::Str(s) => vec![s],
                    other => other.strings(),
                };
                p.has_meta_latest = true;
            }
            ("db_table", Literal::Str(s)) => p.model.db_table = s.into(),
            ("managed", lit) => meta.managed = !matches!(lit, Literal::Bool(false)),
            ("proxy", lit) => meta.proxy = matches!(lit, Literal::Bool(true)),
            ("default_manager_name", Literal::Str(s)) => meta.default_manager_name = Some(s),
            ("verbose_name", Literal::Str(s)) => meta.verbose_name = Some(s),
            ("unique_together", Literal::List(items)) => {
                // `normalize_together`: one tuple of names, or a list of them.
                meta.unique_together = if items.is_empty() {
                    Vec::new()
                } else if items.iter().all(|i| matches!(i, Literal::Str(_))) {
                    vec![Literal::List(items).strings()]
                } else {
                    items
                        .iter()
                        .map(Literal::strings)
                        .filter(|t| !t.is_empty())
                        .collect()
                };
            }
            ("indexes", _) => {
                for item in list_items(value) {
                    let ExprKind::Call { args, .. } = &item.kind else {
                        continue;
                    };
                    meta.indexes.push(IndexDef {
                        name: kw_str(args, "name").unwrap_or_default(),
                        fields: kwarg(args, "fields")
                            .map(|e| literal(e).strings())
                            .unwrap_or_default(),
                    });
                }
            }
            ("constraints", _) => {
                for item in list_items(value) {
                    let ExprKind::Call { func, args } = &item.kind else {
                        continue;
                    };
                    let class = dotted_name(func).unwrap_or_default();
                    let name = kw_str(args, "name").unwrap_or_default();
                    if class.ends_with("CheckConstraint") {
                        let cond = kwarg(args, "condition").or_else(|| kwarg(args, "check"));
                        if let Some(c) = cond {
                            meta.constraints.push(ConstraintDef::Check {
                                name,
                                condition: c.clone(),
                            });
                        }
                    } else if class.ends_with("UniqueConstraint") {
                        let fields = kwarg(args, "fields")
                            .map(|e| literal(e).strings())
                            .unwrap_or_default();
                        meta.constraints
                            .push(ConstraintDef::Unique { name, fields });
                    }
                }
            }
            _ => {}
        }
    }
}

fn list_items(e: &Expr) -> &[Expr] {
    match &e.kind {
        ExprKind::List(items) | ExprKind::Tuple(items) => items,
        _ => &[],
    }
}

fn resolve(reg: &mut Registry, pending: Vec<PendingModel>) -> Result<(), LoadError> {
    let names: Vec<String> = pending.iter().map(|p| p.model.name.clone()).collect();
    let find = |name: &str, own: usize| -> Option<ModelId> {
        if name == "self" {
            Some(own)
        } else {
            names.iter().position(|n| n == name)
        }
    };
    let mut m2m_pending = Vec::new();
    for (id, mut p) in pending.into_iter().enumerate() {
        p.model.concrete = id;
        if let Some(base) = &p.base {
            let Some(parent) = find(base, id).filter(|&b| b < id) else {
                return err(Span::default(), format!("unknown base class {base}"));
            };
            if !p.model.meta.proxy {
                return err(
                    Span::default(),
                    format!(
                        "{}: multi-table inheritance is not supported by ormlab; use Meta.proxy = True",
                        p.model.name
                    ),
                );
            }
            let parent_model = reg.get(parent).clone();
            inherit_from_parent(&mut p, &parent_model);
            p.model.parent = Some(parent);
            reg.add(p.model);
            continue;
        }
        if !p.model.fields.iter().any(|f| f.primary_key) {
            let mut id_field = Field::new("id", FieldKind::BigAutoField);
            id_field.primary_key = true;
            id_field.auto_created = true;
            p.model.fields.insert(0, id_field);
            for t in &mut p.fk_targets {
                t.0 += 1;
            }
        }
        for (index, target, span) in &p.fk_targets {
            let Some(to) = find(target, id) else {
                return err(
                    *span,
                    format!("related model {target:?} is not defined in models.py"),
                );
            };
            if let Some(rel) = p.model.fields[*index].relation.as_mut() {
                rel.to = to;
            }
        }
        if p.model.managers.is_empty() {
            p.model.managers.push(ManagerDecl {
                name: "objects".into(),
                class: None,
            });
        }
        for m in p.m2m {
            m2m_pending.push((id, m));
        }
        reg.add(p.model);
    }
    for (id, m) in m2m_pending {
        let Some(to) = find(&m.to, id) else {
            return err(
                m.span,
                format!("related model {:?} is not defined in models.py", m.to),
            );
        };
        let (through, auto_through) = match &m.through {
            Some(t) => match find(t, id) {
                Some(t) => (t, false),
                None => {
                    return err(
                        m.span,
                        format!("through model {t:?} is not defined in models.py"),
                    );
                }
            },
            None => (
                reg.add(auto_through_model(
                    reg,
                    id,
                    to,
                    &m.name,
                    m.db_table.as_deref(),
                )),
                true,
            ),
        };
        reg.models[id].many_to_many.push(ManyToMany {
            name: m.name,
            to,
            through,
            auto_through,
            related_name: m.related_name,
            related_query_name: m.related_query_name,
        });
    }
    add_reverse_relations(reg);
    for id in 0..reg.models.len() {
        let concrete = reg.models[id].concrete;
        if concrete != id {
            reg.models[id].reverse = reg.models[concrete].reverse.clone();
            reg.models[id].many_to_many = reg.models[concrete].many_to_many.clone();
        }
    }
    Ok(())
}

/// A proxy shares its parent's table and fields; it inherits `ordering` and `get_latest_by`
/// unless its own Meta sets them, and its parent's managers after its own.
fn inherit_from_parent(p: &mut PendingModel, parent: &Model) {
    let m = &mut p.model;
    m.concrete = parent.concrete;
    m.db_table = parent.db_table.clone();
    m.fields = parent.fields.clone();
    if !p.has_meta_ordering {
        m.meta.ordering = parent.meta.ordering.clone();
    }
    if !p.has_meta_latest {
        m.meta.get_latest_by = parent.meta.get_latest_by.clone();
    }
    for mgr in &parent.managers {
        if !m.managers.iter().any(|own| own.name == mgr.name) {
            m.managers.push(mgr.clone());
        }
    }
    let own: Vec<String> = m.methods.iter().map(|x| x.name.clone()).collect();
    m.methods.extend(
        parent
            .methods
            .iter()
            .filter(|x| !own.contains(&x.name))
            .cloned(),
    );
}

/// The model Django creates for a ManyToManyField without `through=`: table
/// `<from table>_<field>` (or the field's `db_table=`), columns `id`, `<from>_id`, `<to>_id` (`from_`/`to_` prefixed for "self").
fn auto_through_model(
    reg: &Registry,
    from: ModelId,
    to: ModelId,
    field: &str,
    db_table: Option<&str>,
) -> Model {
    let src = reg.get(from);
    let (from_name, to_name) = if from == to {
        (
            format!("from_{}", src.model_name()),
            format!("to_{}", src.model_name()),
        )
    } else {
        (src.model_name(), reg.get(to).model_name())
    };
    let mut id = Field::new("id", FieldKind::BigAutoField);
    id.primary_key = true;
    id.auto_created = true;
    let fk = |name: &str, target: ModelId| {
        let mut f = Field::new(name, FieldKind::ForeignKey);
        f.attname = format!("{name}_id").into();
        f.column = f.attname.clone();
        f.db_index = true;
        f.relation = Some(Relation {
            to: target,
            on_delete: OnDelete::Cascade,
            related_name: Some(format!("{}_{field}+", src.name)),
            related_query_name: None,
            to_field: None,
        });
        f
    };
    Model {
        name: format!("{}_{field}", src.name),
        app_label: src.app_label.clone(),
        db_table: db_table
            .map(str::to_string)
            .unwrap_or_else(|| format!("{}_{field}", src.db_table))
            .into(),
        fields: vec![id, fk(&from_name, from), fk(&to_name, to)],
        many_to_many: Vec::new(),
        reverse: Vec::new(),
        meta: Meta {
            managed: true,
            ..Meta::default()
        },
        concrete: reg.models.len(),
        parent: None,
        managers: vec![ManagerDecl {
            name: "objects".into(),
            class: None,
        }],
        methods: Vec::new(),
        auto_created: true,
        label_text: Default::default(),
    }
}

fn add_reverse_relations(reg: &mut Registry) {
    let mut found = Vec::new();
    for (id, m) in reg.models.iter().enumerate() {
        if m.concrete != id {
            continue;
        }
        let model_name = m.model_name();
        for f in &m.fields {
            let Some(rel) = &f.relation else { continue };
            if rel
                .related_name
                .as_deref()
                .is_some_and(|n| n.ends_with('+'))
            {
                continue;
            }
            let one = f.kind == FieldKind::OneToOneField;
            let accessor = rel.related_name.clone().unwrap_or_else(|| {
                if one {
                    model_name.clone()
                } else {
                    format!("{model_name}_set")
                }
            });
            let query_name = rel
                .related_query_name
                .clone()
                .or_else(|| rel.related_name.clone())
                .unwrap_or_else(|| model_name.clone());
            let kind = if one {
                RelationKind::OneToOne
            } else {
                RelationKind::ForeignKey
            };
            found.push((
                rel.to,
                ReverseRelation {
                    model: id,
                    field: f.name.clone(),
                    kind,
                    accessor,
                    query_name,
                },
            ));
        }
        for mm in &m.many_to_many {
            if mm.related_name.as_deref().is_some_and(|n| n.ends_with('+')) {
                continue;
            }
            let accessor = mm
                .related_name
                .clone()
                .unwrap_or_else(|| format!("{model_name}_set"));
            let query_name = mm
                .related_query_name
                .clone()
                .or_else(|| mm.related_name.clone())
                .unwrap_or_else(|| model_name.clone());
            found.push((
                mm.to,
                ReverseRelation {
                    model: id,
                    field: mm.name.clone(),
                    kind: RelationKind::ManyToMany,
                    accessor,
                    query_name,
                },
            ));
        }
    }
    for (to, r) in found {
        reg.models[to].reverse.push(r);
    }
}
