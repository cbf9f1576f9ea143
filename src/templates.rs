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

/// A template from `templates/<file>.en.json` and `templates/<file>.zh.json`.
macro_rules! template {
    ($file:literal, $kind:expr, $key:literal) => {
        Template {
            id: $file,
            kind: $kind,
            name: concat!("tpl.", $key),
            about: concat!("tpl.", $key, ".about"),
            en: include_str!(concat!("../templates/", $file, ".en.json")),
            zh: include_str!(concat!("../templates/", $file, ".zh.json")),
        }
    };
}

/// Every template, in the order the gallery shows them.
pub const ALL: [Template; 5] = [
    template!("purchasing", Kind::Swimlane, "purchasing"),
    template!("goods-receipt", Kind::Swimlane, "goods_receipt"),
    template!("leads", Kind::Swimlane, "leads"),
    template!("purchasing-sipoc", Kind::Sipoc, "sipoc"),
    template!("small-line", Kind::Vsm, "small_line"),
];

/// The template with this id.
pub fn by_id(id: &str) -> Option<&'static Template> {
    ALL.iter().find(|t| t.id == id)
}
