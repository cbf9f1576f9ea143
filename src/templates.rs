//! "New from template": small, realistic processes from the domain, each in English and
//! 简体中文, with their times filled in and no findings: non-stock material purchasing with an
//! approval loop, goods receipt with the three-part receipt form, lead management with a
//! pass/fail control point, a SIPOC of purchasing, and the value stream of a small line.

use crate::i18n::Lang;
use crate::io::{self, LoadError};
use crate::model::{Document, Kind};

/// One template: its id, kind and the translation keys of its name and description. Its
/// document is read with [`text`] (the gallery needs only this, so the app's own module
/// carries no template; the documents travel with the exchange module, see
/// [`crate::exchange`]).
pub struct Template {
    pub id: &'static str,
    pub kind: Kind,
    pub name: &'static str,
    pub about: &'static str,
}

impl Template {
    /// The template as a new document in `lang`.
    pub fn document(&self, lang: Lang) -> Result<Document, LoadError> {
        io::load(text(self.id, lang).unwrap_or_default())
    }
}

/// A template's entry in the gallery.
macro_rules! template {
    ($file:literal, $kind:expr, $key:literal) => {
        Template { id: $file, kind: $kind, name: concat!("tpl.", $key), about: concat!("tpl.", $key, ".about") }
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

/// The file of template `id` in `lang` (`templates/<id>.en.json`, `templates/<id>.zh.json`).
pub fn text(id: &str, lang: Lang) -> Option<&'static str> {
    macro_rules! files {
        ($($file:literal),*) => {
            match (id, lang) {
                $(
                    ($file, Lang::Zh) => include_str!(concat!("../templates/", $file, ".zh.json")),
                    ($file, _) => include_str!(concat!("../templates/", $file, ".en.json")),
                )*
                _ => return None,
            }
        };
    }
    Some(files!("purchasing", "goods-receipt", "leads", "purchasing-sipoc", "small-line"))
}
