//! "New from template": small, realistic processes from the domain, each in English and
//! 简体中文, with their times filled in and no findings: non-stock material purchasing with an
//! approval loop, goods receipt with the three-part receipt form, lead management with a
//! pass/fail control point, a SIPOC of purchasing, and the value stream of a small line.

use crate::i18n::Lang;
use crate::io::{self, LoadError};
use crate::model::{Document, Kind};

/// One template: its id, kind, the translation keys of its name and description, and the
/// document in each language.
pub struct Template {
    pub id: &'static str,
    pub kind: Kind,
    pub name: &'static str,
    pub about: &'static str,
    en: &'static str,
    zh: &'static str,
}

impl Template {
    /// The template as a new document in `lang`.
    pub fn document(&self, lang: Lang) -> Result<Document, LoadError> {
        io::load(if lang == Lang::Zh { self.zh } else { self.en })
    }
}

/// Every template, in the order the gallery shows them.
pub const ALL: [Template; 5] = [
    Template {
        id: "purchasing",
        kind: Kind::Swimlane,
        name: "tpl.purchasing",
        about: "tpl.purchasing.about",
        en: include_str!("../templates/purchasing.en.json"),
        zh: include_str!("../templates/purchasing.zh.json"),
    },
    Template {
        id: "goods-receipt",
        kind: Kind::Swimlane,
        name: "tpl.goods_receipt",
        about: "tpl.goods_receipt.about",
        en: include_str!("../templates/goods-receipt.en.json"),
        zh: include_str!("../templates/goods-receipt.zh.json"),
    },
    Template {
        id: "leads",
        kind: Kind::Swimlane,
        name: "tpl.leads",
        about: "tpl.leads.about",
        en: include_str!("../templates/leads.en.json"),
        zh: include_str!("../templates/leads.zh.json"),
    },
    Template {
        id: "purchasing-sipoc",
        kind: Kind::Sipoc,
        name: "tpl.sipoc",
        about: "tpl.sipoc.about",
        en: include_str!("../templates/purchasing-sipoc.en.json"),
        zh: include_str!("../templates/purchasing-sipoc.zh.json"),
    },
    Template {
        id: "small-line",
        kind: Kind::Vsm,
        name: "tpl.small_line",
        about: "tpl.small_line.about",
        en: include_str!("../templates/small-line.en.json"),
        zh: include_str!("../templates/small-line.zh.json"),
    },
];

/// The template with this id.
pub fn by_id(id: &str) -> Option<&'static Template> {
    ALL.iter().find(|t| t.id == id)
}
