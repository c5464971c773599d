//! The many side of a relation seen from one instance: `publisher.books`, `book.review_set`,
//! `book.authors`, `author.books` (Django's RelatedManager and ManyRelatedManager). Its
//! QuerySet is the related model's default manager's, filtered to this instance.

use std::rc::Rc;

use crate::interp::{Args, Interp, Object, PyResult, Value};
use crate::models::ModelId;

use super::ctx::Ctx;
use super::manager::Manager;
use super::queryset::QUERYSET_METHODS;

pub struct RelatedManager {
    pub ctx: Ctx,
    /// The model whose rows this manager returns.
    pub model: ModelId,
    /// Django's `core_filters` (`{"publisher": <Publisher>}` or `{"books__id": 1}`).
    pub core_filters: Vec<(Rc<str>, Value)>,
    /// `Model.field` for messages and the N+1 detector (`Publisher.books`).
    pub label: String,
    /// The QuerySet `prefetch_related()` filled for this instance, if any: `all()`, `count()`
    /// and iteration use it without a query; `filter()` on it queries again.
    pub prefetched: Option<Value>,
    /// For a forward many-to-many with an automatic through table: (through model, the
    /// through field pointing at the instance, its pk). `count()`/`exists()` then query the
    /// through table alone (Django's `constrained_target`).
    pub constrained: Option<(ModelId, String, Value)>,
    /// For a reverse ForeignKey: the field on the rows that points back, and the owner.
    pub known_related: Option<(String, Value)>,
}

impl RelatedManager {
    /// The class of the related model's default manager (`BookManager`), if models.py names one.
    fn manager_class(&self) -> Option<String> {
        self.ctx
            .reg
            .get(self.model)
            .default_manager()
            .and_then(|d| d.class.clone())
    }

    /// Mirrors `RelatedManager.get_queryset`: the default manager's QuerySet, then the filter.
    pub fn get_queryset(&self, it: &mut Interp) -> PyResult<Value> {
        if let Some(p) = &self.prefetched {
            return Ok(p.clone());
        }
        let m = self.ctx.reg.get(self.model);
        let decl = m.default_manager().cloned();
        let manager: Rc<dyn Object> = Rc::new(Manager {
            ctx: self.ctx.clone(),
            model: self.model,
            name: decl
                .as_ref()
                .map(|d| d.name.clone())
                .unwrap_or_else(|| "objects".into()),
            class: decl.and_then(|d| d.class),
        });
        let qs = match manager.as_any().downcast_ref::<Manager>() {
            Some(mgr) => mgr.get_queryset(&manager, it)?,
            None => return Err(it.runtime_error("related manager lost its manager")),
        };
        let filtered = it.call_method(
            &qs,
            "filter",
            Args {
                keywords: self.core_filters.clone(),
                ..Args::default()
            },
        )?;
        // Its queries are this relation's lazy loads, as the N+1 detector needs to know.
        Ok(match filtered.downcast::<super::queryset::QuerySet>() {
            Some(q) => {
                let mut c = q.chain();
                c.cause = Some(Rc::from(self.label.as_str()));
                c.known_related = self.known_related.clone();
                Value::object(c)
            }
            None => filtered,
        })
    }
}

impl Object for RelatedManager {
    fn type_name(&self) -> String {
        // Only a reverse ForeignKey knows the field pointing back; many-to-many managers are
        // Django's ManyRelatedManager.
        if self.known_related.is_some() {
            "RelatedManager".into()
        } else {
            "ManyRelatedManager".into()
        }
    }

    fn repr(&self, _it: &mut Interp) -> PyResult<String> {
        Ok(format!(
            "<django.db.models.fields.related_descriptors.RelatedManager for {}>",
            self.label
        ))
    }

    fn has_method(&self, name: &str) -> bool {
        QUERYSET_METHODS.contains(&name)
            || name == "get_queryset"
            || super::write::QS_METHODS.contains(&name)
            || super::write::m2m_write::handles(self, name)
            || super::methods::manager_method(&self.ctx, self.manager_class().as_deref(), name)
                .is_some()
    }

    fn call_method(
        &self,
        me: &Rc<dyn Object>,
        name: &str,
        mut args: Args,
        it: &mut Interp,
    ) -> PyResult<Value> {
        if super::write::m2m_write::handles(self, name) {
            return super::write::m2m_write::call(self, it, name, args);
        }
        // Django's related manager subclasses the model's default manager class, so its own
        // methods (`author.books.highly_rated()`) run with the related manager as `self`.
        if name != "get_queryset"
            && let Some((_, f)) =
                super::methods::manager_method(&self.ctx, self.manager_class().as_deref(), name)
        {
            args.positional.insert(0, Value::Object(me.clone()));
            return it.call(&f, args);
        }
        if let (Some((through, field, pk)), None, true) = (
            &self.constrained,
            &self.prefetched,
            matches!(name, "count" | "exists")
                && args.positional.is_empty()
                && args.keywords.is_empty(),
        ) {
            let mut qs = super::queryset::QuerySet::new(self.ctx.clone(), *through);
            qs.cause = Some(Rc::from(self.label.as_str()));
            let q = super::q::q_from_args(
                it,
                Args {
                    keywords: vec![(Rc::from(field.as_str()), pk.clone())],
                    ..Args::default()
                },
            )?;
            qs.add_q(it, q, &[])?;
            return it.call_method(&Value::object(qs), name, Args::default());
        }
        let qs = self.get_queryset(it)?;
        // Manager.all() is get_queryset() itself: a prefetched manager answers from its cache.
        if name == "get_queryset"
            || (name == "all" && args.positional.is_empty() && args.keywords.is_empty())
        {
            return Ok(qs);
        }
        it.call_method(&qs, name, args)
    }

    fn iter(&self, _me: &Rc<dyn Object>, it: &mut Interp) -> PyResult<Vec<Value>> {
        let t = self.type_name();
        Err(it.type_error(format!("'{t}' object is not iterable")))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
