//! Model classes as values: `Book.objects`, `Book.DoesNotExist`, `Book(title=...)`.

use std::rc::Rc;

use crate::interp::{Args, Interp, Object, PyResult, Value};
use crate::models::ModelId;

use super::ctx::Ctx;
use super::instance::Instance;
use super::manager::Manager;

pub struct ModelClass {
    pub ctx: Ctx,
    pub model: ModelId,
}

impl Object for ModelClass {
    fn type_name(&self) -> String {
        "ModelBase".into()
    }

    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        let m = self.ctx.reg.get(self.model);
        Ok(format!("<class '{}.models.{}'>", m.app_label, m.name))
    }

    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        let m = self.ctx.reg.get(self.model);
        // A reverse one-to-one accessor (`Author.profile`): Django's ReverseOneToOneDescriptor,
        // with the exception its instances raise.
        if let Some(rev) = m
            .reverse
            .iter()
            .find(|r| r.accessor == name && r.kind == crate::models::RelationKind::OneToOne)
        {
            let class = self
                .ctx
                .related_does_not_exist(it, &m.name, name, rev.model);
            return Ok(Some(Value::object(ReverseOneToOneDescriptor { class })));
        }
        if let Some(through) = m2m_through(&self.ctx, self.model, name) {
            return Ok(Some(Value::object(ManyToManyDescriptor {
                through: self.ctx.class_of(through),
            })));
        }
        if let Some(i) = m.managers.iter().position(|d| d.name == name) {
            let key = (self.model, i);
            if let Some(v) = self.ctx.managers.borrow().get(&key) {
                return Ok(Some(v.clone()));
            }
            let decl = &m.managers[i];
            let manager = Value::object(Manager {
                ctx: self.ctx.clone(),
                model: self.model,
                name: decl.name.clone(),
                class: decl.class.clone(),
            });
            self.ctx.managers.borrow_mut().insert(key, manager.clone());
            return Ok(Some(manager));
        }
        Ok(match name {
            "DoesNotExist" => Some(Value::ExcClass(
                self.ctx.exc.does_not_exist[self.model].clone(),
            )),
            "MultipleObjectsReturned" => Some(Value::ExcClass(
                self.ctx.exc.multiple_returned[self.model].clone(),
            )),
            "__name__" | "__qualname__" => Some(Value::str(&m.name)),
            "_meta" => Some(Value::object(MetaObj {
                ctx: self.ctx.clone(),
                model: self.model,
            })),
            "_default_manager" | "_base_manager" => {
                let decl = if name == "_default_manager" {
                    m.default_manager().cloned()
                } else {
                    None
                };
                Some(Value::object(Manager {
                    ctx: self.ctx.clone(),
                    model: self.model,
                    name: decl
                        .as_ref()
                        .map(|d| d.name.clone())
                        .unwrap_or_else(|| "objects".into()),
                    class: decl.and_then(|d| d.class),
                }))
            }
            _ => {
                let msg = format!("type object '{}' has no attribute '{name}'", m.name);
                let exc = it.new_exception(it.exc_class("AttributeError"), msg);
                let mut names: Vec<&str> = m.managers.iter().map(|d| d.name.as_str()).collect();
                names.extend(["DoesNotExist", "MultipleObjectsReturned"]);
                if let Some(best) =
                    crate::util::difflib::get_close_matches(name, names, 1, 0.6).first()
                {
                    *exc.hint.borrow_mut() = Some(format!("did you mean '{best}'?"));
                }
                return Err(exc);
            }
        })
    }

    /// `Book(title="x", pages=10)`: an unsaved instance with defaults for the other fields.
    fn call(&self, _me: &Rc<dyn Object>, args: Args, it: &mut Interp) -> PyResult<Value> {
        let reg = self.ctx.reg.clone();
        let m = reg.get(reg.get(self.model).concrete);
        let mut values: Vec<Option<Value>> = m
            .fields
            .iter()
            .map(|f| Some(super::defaults::field_default(f)))
            .collect();
        if args.positional.len() > values.len() {
            return Err(it.index_error("Number of args exceeds number of fields"));
        }
        for (i, v) in args.positional.iter().enumerate() {
            values[i] = Some(v.clone());
        }
        let inst = Instance::with_values(self.ctx.clone(), self.model, values);
        if let Some(i) = inst.downcast::<Instance>() {
            i.adding.set(true);
        }
        for (k, v) in args.keywords {
            let known = m.fields.iter().any(|f| f.name == *k || *f.attname == *k) || *k == *"pk";
            if !known {
                return Err(it.type_error(format!(
                    "{}() got unexpected keyword arguments: '{k}'",
                    reg.get(self.model).name
                )));
            }
            it.set_attr(&inst, &k, v)?;
        }
        Ok(inst)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The through model of a many-to-many accessor on a model class: the field itself
/// (`Book.authors`) or its reverse side (`Author.books`).
fn m2m_through(ctx: &Ctx, model: ModelId, name: &str) -> Option<ModelId> {
    let m = ctx.reg.get(model);
    if let Some(mm) = m.m2m(name) {
        return Some(mm.through);
    }
    let rev = m
        .reverse
        .iter()
        .find(|r| r.accessor == name && r.kind == crate::models::RelationKind::ManyToMany)?;
    ctx.reg.get(rev.model).m2m(&rev.field).map(|mm| mm.through)
}

/// `Book.authors` on the class: Django's ManyToManyDescriptor, whose `through` is the model
/// of the join table (`Book.authors.through.objects.filter(book_id=1)`).
struct ManyToManyDescriptor {
    through: Value,
}

impl Object for ManyToManyDescriptor {
    fn type_name(&self) -> String {
        "ManyToManyDescriptor".into()
    }

    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok("<django.db.models.fields.related_descriptors.ManyToManyDescriptor object>".into())
    }

    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        _it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        Ok((name == "through").then(|| self.through.clone()))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `Model._meta` (Django's Options): the names and Meta options a shell user reads.
pub struct MetaObj {
    pub ctx: super::ctx::Ctx,
    pub model: crate::models::ModelId,
}

impl Object for MetaObj {
    fn type_name(&self) -> String {
        "Options".into()
    }

    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        let m = self.ctx.reg.get(self.model);
        Ok(format!("<Options for {}>", m.name))
    }

    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        _it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        let m = self.ctx.reg.get(self.model);
        Ok(match name {
            "label" => Some(Value::str(&format!("{}.{}", m.app_label, m.name))),
            "label_lower" => Some(Value::str(&format!(
                "{}.{}",
                m.app_label,
                m.name.to_lowercase()
            ))),
            "model_name" => Some(Value::str(&m.name.to_lowercase())),
            "object_name" => Some(Value::str(&m.name)),
            "app_label" => Some(Value::str(&m.app_label)),
            "db_table" => Some(Value::str(&m.db_table)),
            "proxy" => Some(Value::Bool(m.meta.proxy)),
            "managed" => Some(Value::Bool(m.meta.managed)),
            "ordering" => Some(super::pyutil::list(
                m.meta.ordering.iter().map(|o| Value::str(o)).collect(),
            )),
            "model" => Some(self.ctx.class_of(self.model)),
            "pk" => Some(Value::object(FieldInfo {
                name: m.pk().name.clone(),
                attname: str::to_owned(&m.pk().attname),
                column: m.pk().column.to_string(),
            })),
            _ => None,
        })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A model field as `_meta.pk` gives it: its names.
pub struct FieldInfo {
    pub name: String,
    pub attname: String,
    pub column: String,
}

impl Object for FieldInfo {
    fn type_name(&self) -> String {
        "Field".into()
    }

    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(format!("<Field: {}>", self.name))
    }

    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        _it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        Ok(match name {
            "name" => Some(Value::str(&self.name)),
            "attname" => Some(Value::str(&self.attname)),
            "column" => Some(Value::str(&self.column)),
            _ => None,
        })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `Author.profile`: the reverse one-to-one descriptor, seen on the class.
pub struct ReverseOneToOneDescriptor {
    class: Rc<crate::interp::ExcClass>,
}

impl Object for ReverseOneToOneDescriptor {
    fn type_name(&self) -> String {
        "ReverseOneToOneDescriptor".into()
    }

    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok("<django.db.models.fields.related_descriptors.ReverseOneToOneDescriptor object>".into())
    }

    fn get_attr(
        &self,
        _me: &Rc<dyn Object>,
        name: &str,
        _it: &mut Interp,
    ) -> PyResult<Option<Value>> {
        Ok((name == "RelatedObjectDoesNotExist").then(|| Value::ExcClass(self.class.clone())))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
