//! The document: plain, serialisable data describing one diagram (SIPOC, swimlane or value-stream
//! map). Owns the format's types and defaults; knows nothing of rendering, storage or the browser.
//! Order is deterministic (vectors in document order) so saved JSON is stable.

mod check;
mod shared;
mod types;

pub use check::{check_edge, check_lane, check_node, check_settings, kind_key, ElementRef, Invalid, Problem};
pub use shared::Shared;
pub use types::*;

use serde::{Deserialize, Serialize};

/// `s.trim()`, settled at once for text that starts and ends with a visible ASCII character, as
/// nearly every label, id and lane reference does: `str::trim` goes through the general pattern
/// search for each call, which took a tenth of a validation run of a large diagram (some rules
/// look at every label).
pub fn trimmed(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        // Visible ASCII is never whitespace, and never part of a longer character.
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// The value of `format` in every Procmod file.
pub const FORMAT: &str = "procmod";
/// The version this build writes. Older versions are read through `io::migrate`.
pub const VERSION: u32 = 1;

/// One diagram.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Always `"procmod"`.
    pub format: String,
    /// Format version; this build writes 1.
    pub version: u32,
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
    /// Unit of every swimlane duration (work, wait, transfer, handoff time).
    #[serde(default, skip_serializing_if = "TimeUnit::is_default")]
    pub time_unit: TimeUnit,
    #[serde(default, skip_serializing_if = "Settings::is_empty")]
    pub settings: Settings,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lanes: Vec<Lane>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<Shared<Node>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edges: Vec<Shared<Edge>>,
    /// Who is editing, for the ids of what they add: not part of the document.
    #[serde(skip)]
    #[schemars(skip)]
    pub ids: IdTag,
}

/// A suffix for new ids (a live room's participant tag, `-k3f9a`), so that people adding
/// shapes at the same time never pick the same id. Not content: documents that differ only
/// in it are equal, and it is never saved.
#[derive(Clone, Debug, Default)]
pub struct IdTag(pub Option<std::rc::Rc<str>>);

impl PartialEq for IdTag {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Document {
    /// An empty document of the given kind.
    pub fn new(kind: Kind, title: impl Into<String>) -> Self {
        Document {
            format: FORMAT.to_string(),
            version: VERSION,
            kind,
            title: title.into(),
            meta: Meta::default(),
            time_unit: TimeUnit::default(),
            settings: Settings::default(),
            lanes: Vec::new(),
            nodes: Vec::new(),
            edges: Vec::new(),
            ids: IdTag::default(),
        }
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id).map(|n| &**n)
    }
    pub fn node_mut(&mut self, id: &str) -> Option<&mut Node> {
        self.nodes.iter_mut().find(|n| n.id == id).map(|n| &mut **n)
    }
    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }
    pub fn edge(&self, id: &str) -> Option<&Edge> {
        self.edges.iter().find(|e| e.id == id).map(|e| &**e)
    }
    pub fn edge_mut(&mut self, id: &str) -> Option<&mut Edge> {
        self.edges.iter_mut().find(|e| e.id == id).map(|e| &mut **e)
    }
    pub fn edge_index(&self, id: &str) -> Option<usize> {
        self.edges.iter().position(|e| e.id == id)
    }
    pub fn lane(&self, id: &str) -> Option<&Lane> {
        self.lanes.iter().find(|l| l.id == id)
    }
    pub fn lane_mut(&mut self, id: &str) -> Option<&mut Lane> {
        self.lanes.iter_mut().find(|l| l.id == id)
    }
    pub fn lane_index(&self, id: &str) -> Option<usize> {
        self.lanes.iter().position(|l| l.id == id)
    }

    /// Node id → position in `nodes`, for code that looks up many ids (a fast hash: ids are
    /// the document's own, and a lookup per connector of a 20,000-shape diagram must not cost
    /// milliseconds).
    pub fn node_positions(&self) -> rustc_hash::FxHashMap<&str, usize> {
        self.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect()
    }

    /// True when a node, edge or lane has the id `id`.
    pub fn id_taken(&self, id: &str) -> bool {
        self.nodes.iter().any(|n| n.id == id)
            || self.edges.iter().any(|e| e.id == id)
            || self.lanes.iter().any(|l| l.id == id)
    }

    /// True when any node, edge or lane already uses `id`, or a shape names it as its lane (or
    /// in its RACI). A lane id that a shape still refers to is never given to a new lane, so
    /// that deleting a lane and undoing it moves exactly the shapes that were in it, and a new
    /// lane never inherits another's responsibilities.
    pub fn id_in_use(&self, id: &str) -> bool {
        let names = |n: &Node| {
            n.lane.as_deref() == Some(id)
                || n.accountable.as_deref() == Some(id)
                || n.consulted.iter().chain(&n.informed).any(|l| l == id)
        };
        self.nodes.iter().any(|n| n.id == id || names(n))
            || self.edges.iter().any(|e| e.id == id)
            || self.lanes.iter().any(|l| l.id == id)
    }

    /// A fresh id with the given prefix (`t`, `e`, `lane` …) that no element uses yet.
    /// Ids are never reused while an element holds them, so undoing a delete restores the same id.
    pub fn fresh_id(&self, prefix: &str) -> String {
        let tag = self.ids.0.as_deref().map(|t| format!("-{t}")).unwrap_or_default();
        let mut max = 0u64;
        let mut scan = |id: &str| {
            if let Some(rest) = id.strip_prefix(prefix) {
                let rest = rest.strip_suffix(tag.as_str()).unwrap_or(rest);
                if let Ok(n) = rest.parse::<u64>() {
                    max = max.max(n);
                }
            }
        };
        self.nodes.iter().for_each(|n| {
            scan(&n.id);
            if let Some(lane) = &n.lane {
                scan(lane);
            }
        });
        self.edges.iter().for_each(|e| scan(&e.id));
        self.lanes.iter().for_each(|l| scan(&l.id));
        let mut n = max + 1;
        loop {
            let id = format!("{prefix}{n}{tag}");
            if !self.id_in_use(&id) {
                return id;
            }
            n += 1;
        }
    }

    /// Edges leaving `id`, in document order.
    pub fn outgoing<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Edge> + 'a {
        self.edges.iter().filter(move |e| e.from == id).map(|e| &**e)
    }
    /// Edges entering `id`, in document order.
    pub fn incoming<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Edge> + 'a {
        self.edges.iter().filter(move |e| e.to == id).map(|e| &**e)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn trimming_matches_the_standard_library() {
        for s in ["", " ", "a", " a", "a ", "\u{3000}审批\u{3000}", "审批", "a\tb\n", "\u{1f}x", "x\u{a0}", "Ok? 是否"]
        {
            assert_eq!(super::trimmed(s), s.trim(), "{s:?}");
        }
    }
}
