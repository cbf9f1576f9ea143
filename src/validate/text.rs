//! How findings name things, in English and Simplified Chinese. Elements are named by their
//! label in curly quotes (“审批”) and, when they have none, by their id in brackets ([t3]), so a
//! reader can tell the two apart.

use crate::model::{Kind, Node, NodeType};
use std::fmt::{self, Display, Formatter, Write};

/// How messages name a node: its type and its label, in either language. Borrowed and written
/// straight into the message, since a large diagram can produce thousands of findings.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Name<'a>(pub &'a Node);

impl<'a> Name<'a> {
    /// Lower-case type and label: `decision “Approved?”`.
    pub fn en(self) -> impl Display + 'a {
        En { node: self.0, capital: false }
    }
    /// The same at the start of a sentence: `Decision “Approved?”`.
    pub fn en_cap(self) -> impl Display + 'a {
        En { node: self.0, capital: true }
    }
    /// Type and label: `判断“Approved?”`.
    pub fn zh(self) -> impl Display + 'a {
        let node = self.0;
        Zh { node }
    }
}

struct En<'a> {
    node: &'a Node,
    capital: bool,
}

impl Display for En<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        // Plain `write_str` calls rather than `write!`: a large diagram can name thousands of
        // nodes, and each nested format costs more than the text it writes.
        let kind = node_type(self.node.kind).0;
        match (self.capital, kind.as_bytes().first()) {
            // Type names are ASCII, so the first byte is the first character.
            (true, Some(&first)) => {
                f.write_char(first.to_ascii_uppercase() as char)?;
                f.write_str(&kind[1..])?;
            }
            _ => f.write_str(kind)?,
        }
        f.write_char(' ')?;
        LabelOrId { label: self.node.label.trim(), id: &self.node.id }.fmt(f)
    }
}

struct Zh<'a> {
    node: &'a Node,
}

impl Display for Zh<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(node_type(self.node.kind).1)?;
        LabelOrId { label: self.node.label.trim(), id: &self.node.id }.fmt(f)
    }
}

/// `“label”` when the label has text, otherwise `[id]`.
pub(crate) fn label_or_id<'a>(label: &'a str, id: &'a str) -> impl Display + 'a {
    LabelOrId { label: label.trim(), id }
}

struct LabelOrId<'a> {
    label: &'a str,
    id: &'a str,
}

impl Display for LabelOrId<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let (open, text, close) = if self.label.is_empty() { ("[", self.id, "]") } else { ("“", self.label, "”") };
        f.write_str(open)?;
        f.write_str(text)?;
        f.write_str(close)
    }
}

/// `s.trim()`, settled at once for text that starts and ends with a visible ASCII character, as
/// nearly every label, id and lane reference does. `str::trim` decodes characters through the
/// general pattern search, a call per label, and some rules trim every node's label.
pub(crate) fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        // Visible ASCII is never whitespace, and never part of a longer character.
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// English (lower case) and Chinese names of a node type.
pub(crate) fn node_type(kind: NodeType) -> (&'static str, &'static str) {
    use NodeType::*;
    match kind {
        Start => ("start", "开始"),
        End => ("end", "结束"),
        Task => ("task", "任务"),
        Decision => ("decision", "判断"),
        Parallel => ("parallel gateway", "并行网关"),
        Document => ("document", "单据"),
        Subprocess => ("sub-process", "子流程"),
        Supplier => ("supplier", "供应商"),
        Input => ("input", "输入"),
        Step => ("step", "步骤"),
        Output => ("output", "输出"),
        Customer => ("customer", "客户"),
        Process => ("process", "工序"),
        Inventory => ("inventory", "库存"),
        Shipment => ("shipment", "运输"),
        Control => ("production control", "生产控制"),
        Kaizen => ("kaizen burst", "改善点"),
    }
}

/// English and Chinese names of a diagram kind.
pub(crate) fn kind_name(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Sipoc => ("a SIPOC diagram", "SIPOC 图"),
        Kind::Swimlane => ("a swimlane diagram", "泳道图"),
        Kind::Vsm => ("a value-stream map", "价值流图"),
    }
}

/// Joins names into one list (English, Chinese), keeping messages short when a finding concerns
/// many elements: at most `MAX_LISTED` names, then “and N more”.
pub(crate) fn list(names: &[Name]) -> (String, String) {
    const MAX_LISTED: usize = 5;
    let shown = &names[..names.len().min(MAX_LISTED)];
    let (mut en, mut zh) = (String::new(), String::new());
    for (i, name) in shown.iter().enumerate() {
        let (en_sep, zh_sep) = if i == 0 { ("", "") } else { (", ", "、") };
        // Writing to a String cannot fail.
        let _ = write!(en, "{en_sep}{}", name.en());
        let _ = write!(zh, "{zh_sep}{}", name.zh());
    }
    let rest = names.len() - shown.len();
    if rest > 0 {
        let _ = write!(en, " and {rest} more");
        let _ = write!(zh, "等 {} 个", names.len());
    }
    (en, zh)
}

/// A number as people write it: `62`, `0.5`, `33.33` (at most two decimals, no trailing zeros).
pub(crate) fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A probability as a percentage: `0.25` → `25%`.
pub(crate) fn percent(p: f64) -> String {
    format!("{}%", num(p * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_without_needless_decimals() {
        assert_eq!(num(62.0), "62");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(100.0 / 3.0), "33.33");
        assert_eq!(num(-0.001), "0");
        assert_eq!(percent(0.9), "90%");
    }

    #[test]
    fn trimming_matches_the_standard_library() {
        for s in ["", " ", "a", " a", "a ", "\u{3000}审批\u{3000}", "审批", "a\tb\n", "\u{1f}x", "x\u{a0}", "Ok? 是否"]
        {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn nodes_are_named_by_label_or_else_by_id() {
        let labelled = Node::new("d1", NodeType::Decision, "审批", 0.0, 0.0);
        let name = Name(&labelled);
        assert_eq!(name.en_cap().to_string(), "Decision “审批”");
        assert_eq!(name.zh().to_string(), "判断“审批”");
        let unlabelled = Node::new("t3", NodeType::Task, "  ", 0.0, 0.0);
        assert_eq!(Name(&unlabelled).en().to_string(), "task [t3]");
    }

    #[test]
    fn long_lists_are_cut_short() {
        let nodes: Vec<_> = (0..7).map(|i| Node::new(format!("n{i}"), NodeType::Task, "", 0.0, 0.0)).collect();
        let names: Vec<_> = nodes.iter().map(Name).collect();
        let (en, zh) = list(&names);
        assert_eq!(en, "task [n0], task [n1], task [n2], task [n3], task [n4] and 2 more");
        assert_eq!(zh, "任务[n0]、任务[n1]、任务[n2]、任务[n3]、任务[n4]等 7 个");
    }
}
