//! User-facing text as data: a code (a key of the one translation table in [`crate::i18n`]) and
//! its arguments. Findings, metrics errors, file errors, command and storage errors all carry a
//! [`Message`]; the app renders it in the user's language, the command line in English (or
//! Chinese with `--lang zh`), and tests compare codes and arguments rather than sentences.
//!
//! Elements are named by their label in curly quotes (“审批”) and only when they have none by
//! their id in brackets (\[t3\]), so a reader can tell the two apart.

use crate::i18n::{t, Lang};
use crate::model::{Node, NodeType};
use serde::Serialize;
use std::fmt;

/// A text to show, before it is put into words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Message {
    /// Key of the translation table, e.g. `rule.cannot-reach-end.one`.
    pub code: &'static str,
    pub args: Vec<Arg>,
}

/// One argument of a message. Numbers are written with [`crate::format`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Arg {
    /// Shown as it is (an id, a field name, a file's own words).
    Text(String),
    /// A figure: three significant digits.
    Figure(f64),
    /// A fraction shown as a percentage.
    Percent(f64),
    Count(usize),
    /// An element, named by label or id.
    Name(Name),
    /// Several elements: the first few named, then how many more.
    Names(Vec<Name>),
    /// Another entry of the translation table (a column heading, a diagram kind).
    Key(&'static str),
    /// A message inside a message (where an error is, then what it is).
    Msg(Box<Message>),
}

/// How a message names an element: its type (for nodes), its label, and its id.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Name {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<NodeType>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
    pub id: String,
}

impl Name {
    /// A node: `task “审批”`, or `task [t3]` without a label.
    pub fn node(node: &Node) -> Self {
        Name { kind: Some(node.kind), label: crate::model::trimmed(&node.label).to_string(), id: node.id.clone() }
    }
    /// A connector or a lane: `“通过”`, or `[e3]` without a label.
    pub fn bare(label: &str, id: &str) -> Self {
        Name { kind: None, label: crate::model::trimmed(label).to_string(), id: id.to_string() }
    }
}

/// At most this many names are listed; the rest are counted.
const MAX_LISTED: usize = 5;

impl Message {
    pub fn new(code: &'static str, args: Vec<Arg>) -> Self {
        Message { code, args }
    }

    /// A message without arguments.
    pub fn plain(code: &'static str) -> Self {
        Message { code, args: Vec::new() }
    }

    /// The message in `lang`: the table's template for the code with `{0}`, `{1}` … replaced by
    /// the arguments. In English a sentence that opens with an argument starts with a capital.
    pub fn render(&self, lang: Lang) -> String {
        let template = t(lang, self.code);
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after.find('}');
            match close.and_then(|c| after[..c].parse::<usize>().ok().map(|i| (c, i))) {
                Some((c, i)) => {
                    if let Some(arg) = self.args.get(i) {
                        write_arg(&mut out, arg, lang);
                    }
                    rest = &after[c + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        if lang == Lang::En && template.starts_with('{') {
            capitalise(&mut out);
        }
        out
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Capitalises an English sentence (its templates and type names start with ASCII letters).
fn capitalise(s: &mut str) {
    if let Some(first) = s.get_mut(..1) {
        first.make_ascii_uppercase();
    }
}

/// The name of a node type inside a sentence: `task`, `sub-process` (English is lower-cased,
/// since the table holds the names as headings: `Task`).
pub fn type_name(kind: NodeType, lang: Lang) -> String {
    let name = t(lang, type_key(kind));
    match lang {
        Lang::En => {
            let mut name = name.to_string();
            if let Some(first) = name.get_mut(..1) {
                first.make_ascii_lowercase();
            }
            name
        }
        Lang::Zh => name.to_string(),
    }
}

/// The table key of a node type's name.
pub fn type_key(kind: NodeType) -> &'static str {
    use NodeType::*;
    match kind {
        Start => "type.start",
        End => "type.end",
        Task => "type.task",
        Decision => "type.decision",
        Parallel => "type.parallel",
        Form => "type.document",
        Subprocess => "type.subprocess",
        Event => "type.event",
        Supplier => "type.supplier",
        Input => "type.input",
        Step => "type.step",
        Output => "type.output",
        Customer => "type.customer",
        Process => "type.process",
        Inventory => "type.inventory",
        Shipment => "type.shipment",
        Control => "type.control",
        Kaizen => "type.kaizen",
    }
}

fn write_name(out: &mut String, name: &Name, lang: Lang) {
    if let Some(kind) = name.kind {
        out.push_str(&type_name(kind, lang));
        if lang == Lang::En {
            out.push(' ');
        }
    }
    if name.label.is_empty() {
        out.push('[');
        out.push_str(&name.id);
        out.push(']');
    } else {
        out.push('“');
        out.push_str(&name.label);
        out.push('”');
    }
}

fn write_arg(out: &mut String, arg: &Arg, lang: Lang) {
    match arg {
        Arg::Text(s) => out.push_str(s),
        Arg::Figure(x) => out.push_str(&crate::format::figure(*x)),
        Arg::Percent(x) => out.push_str(&crate::format::percent(*x)),
        Arg::Count(n) => out.push_str(&n.to_string()),
        Arg::Key(k) => out.push_str(t(lang, k)),
        Arg::Msg(m) => out.push_str(&m.render(lang)),
        Arg::Name(name) => write_name(out, name, lang),
        Arg::Names(names) => {
            let sep = if lang == Lang::Zh { "、" } else { ", " };
            for (i, name) in names.iter().take(MAX_LISTED).enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                write_name(out, name, lang);
            }
            if names.len() > MAX_LISTED {
                match lang {
                    Lang::En => out.push_str(&format!(" and {} more", names.len() - MAX_LISTED)),
                    Lang::Zh => out.push_str(&format!("等 {} 个", names.len())),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_are_named_by_label_or_else_by_id() {
        let labelled = Node::new("d1", NodeType::Decision, "审批", 0.0, 0.0);
        let m = Message::new("rule.decision-needs-two-ways.none", vec![Arg::Name(Name::node(&labelled))]);
        assert_eq!(m.render(Lang::En), "Decision “审批” has no way out");
        assert_eq!(m.render(Lang::Zh), "判断“审批”没有出口");
        let unlabelled = Node::new("t3", NodeType::Task, "  ", 0.0, 0.0);
        let m = Message::new("rule.decision-needs-two-ways.none", vec![Arg::Name(Name::node(&unlabelled))]);
        assert_eq!(m.render(Lang::En), "Task [t3] has no way out");
    }

    #[test]
    fn long_lists_are_cut_short() {
        let nodes: Vec<_> = (0..7).map(|i| Node::new(format!("n{i}"), NodeType::Task, "", 0.0, 0.0)).collect();
        let mut out = String::new();
        write_arg(&mut out, &Arg::Names(nodes.iter().map(Name::node).collect()), Lang::En);
        assert_eq!(out, "task [n0], task [n1], task [n2], task [n3], task [n4] and 2 more");
        let mut out = String::new();
        write_arg(&mut out, &Arg::Names(nodes.iter().map(Name::node).collect()), Lang::Zh);
        assert_eq!(out, "任务[n0]、任务[n1]、任务[n2]、任务[n3]、任务[n4]等 7 个");
    }
}

/// A message as text that keeps it whole (its code and its arguments, each with its kind), for
/// passing it between the app's wasm modules: [`Message::sent`] writes it, [`Message::received`]
/// reads it back, its code and keys as the translation table's own.
mod wire {
    use super::{Arg, Message, Name};
    use crate::model::NodeType;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    pub struct Sent {
        code: String,
        args: Vec<SentArg>,
    }

    #[derive(Serialize, Deserialize)]
    enum SentArg {
        Text(String),
        Figure(f64),
        Percent(f64),
        Count(usize),
        Name(SentName),
        Names(Vec<SentName>),
        Key(String),
        Msg(Box<Sent>),
    }

    #[derive(Serialize, Deserialize)]
    struct SentName {
        kind: Option<NodeType>,
        label: String,
        id: String,
    }

    impl From<&Name> for SentName {
        fn from(n: &Name) -> Self {
            SentName { kind: n.kind, label: n.label.clone(), id: n.id.clone() }
        }
    }

    impl From<SentName> for Name {
        fn from(n: SentName) -> Self {
            Name { kind: n.kind, label: n.label, id: n.id }
        }
    }

    impl From<&Message> for Sent {
        fn from(m: &Message) -> Self {
            let args = m
                .args
                .iter()
                .map(|a| match a {
                    Arg::Text(t) => SentArg::Text(t.clone()),
                    Arg::Figure(x) => SentArg::Figure(*x),
                    Arg::Percent(x) => SentArg::Percent(*x),
                    Arg::Count(n) => SentArg::Count(*n),
                    Arg::Name(n) => SentArg::Name(n.into()),
                    Arg::Names(ns) => SentArg::Names(ns.iter().map(Into::into).collect()),
                    Arg::Key(k) => SentArg::Key(k.to_string()),
                    Arg::Msg(m) => SentArg::Msg(Box::new((&**m).into())),
                })
                .collect();
            Sent { code: m.code.to_string(), args }
        }
    }

    impl Sent {
        /// The message, when its code and keys are the table's.
        pub fn message(self) -> Option<Message> {
            let code = crate::i18n::key(&self.code)?;
            let args = self
                .args
                .into_iter()
                .map(|a| {
                    Some(match a {
                        SentArg::Text(t) => Arg::Text(t),
                        SentArg::Figure(x) => Arg::Figure(x),
                        SentArg::Percent(x) => Arg::Percent(x),
                        SentArg::Count(n) => Arg::Count(n),
                        SentArg::Name(n) => Arg::Name(n.into()),
                        SentArg::Names(ns) => Arg::Names(ns.into_iter().map(Into::into).collect()),
                        SentArg::Key(k) => Arg::Key(crate::i18n::key(&k)?),
                        SentArg::Msg(m) => Arg::Msg(Box::new(m.message()?)),
                    })
                })
                .collect::<Option<_>>()?;
            Some(Message { code, args })
        }
    }
}

impl Message {
    /// The message as text that [`Message::received`] reads back whole.
    pub fn sent(&self) -> String {
        serde_json::to_string(&wire::Sent::from(self)).unwrap_or_default()
    }

    /// A message written by [`Message::sent`]; any other text as it is (`read.other`).
    pub fn received(text: &str) -> Message {
        serde_json::from_str::<wire::Sent>(text)
            .ok()
            .and_then(wire::Sent::message)
            .unwrap_or_else(|| Message::new("read.other", vec![Arg::Text(text.to_string())]))
    }
}
