//! The step table as CSV, both ways: a swimlane written as one row per step (the process
//! document's numbering), and such a table read back as a new swimlane, laid out by Tidy up.
//!
//! The header is the contract: `step,activity,role,inputs,outputs,system,execution,delay,value,
//! control_point,next` (or the same columns with their Chinese names; either is read, in any
//! order, and only `step` and `activity` are required). Times are in the document's time unit.
//! `next` lists the step numbers that follow, separated by `;`, each optionally followed by its
//! branch label and probability in parentheses (`3 (是 yes 80%)`, `1 (20%)`), and `end` for the
//! end. Written with a byte order mark, so that Excel shows Chinese.
//!
//! Read back: each role becomes a lane (in order of first mention); a row whose ways out carry
//! labels or probabilities is a decision, any other row a task; a row with several plain ways
//! out is followed by a parallel split, whose branches meet in a parallel join before the first
//! step they all reach. A start leads to the first row. A bad row is refused with its row and
//! column named, and nothing is imported.

use crate::format::{editable, parse};
use crate::i18n::{t, Lang};
use crate::message::{Arg, Message};
use crate::model::{parse_list, Document, Edge, Kind, Lane, Node, NodeType, ValueClass};
use crate::report::{self, Target};
use std::collections::HashMap;

/// The columns, by their English names (the contract) and their table keys.
const COLUMNS: [(&str, &str); 11] = [
    ("step", "csv.step"),
    ("activity", "csv.activity"),
    ("role", "csv.role"),
    ("inputs", "csv.inputs"),
    ("outputs", "csv.outputs"),
    ("system", "csv.system"),
    ("execution", "csv.execution"),
    ("delay", "csv.delay"),
    ("value", "csv.value"),
    ("control_point", "csv.control_point"),
    ("next", "csv.next"),
];

/// The step table of a swimlane as CSV (UTF-8 with a byte order mark), headings in `lang`.
pub fn to_csv(doc: &Document, lang: Lang) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let header: Vec<&str> = COLUMNS.iter().map(|(en, key)| if lang == Lang::En { *en } else { t(lang, key) }).collect();
    // Writing to memory cannot fail.
    let _ = w.write_record(&header);
    for s in report::steps(doc) {
        let value = match s.value {
            Some(ValueClass::Va) => "va",
            Some(ValueClass::Bva) => "bva",
            Some(ValueClass::Nva) => "nva",
            None => "",
        };
        let next = next_cell(&s.next);
        let _ = w.write_record([
            s.no.to_string(),
            s.activity.clone(),
            s.role.clone(),
            s.inputs.join("; "),
            s.outputs.join("; "),
            s.system.clone(),
            if s.work == 0.0 { String::new() } else { editable(s.work) },
            if s.wait == 0.0 { String::new() } else { editable(s.wait) },
            value.to_string(),
            if s.control_point { t(lang, "csv.yes").to_string() } else { String::new() },
            next,
        ]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// The `next` cell of a step: `3; 4 (是 yes 80%); end`.
pub fn next_cell(next: &[report::Next]) -> String {
    next.iter()
        .map(|n| {
            let to = match n.to {
                Target::Step(k) => k.to_string(),
                Target::End => "end".to_string(),
            };
            let p = n.probability.map(|p| format!("{}%", editable(p * 100.0)));
            match (n.label.is_empty(), p) {
                (true, None) => to,
                (true, Some(p)) => format!("{to} ({p})"),
                (false, None) => format!("{to} ({})", n.label),
                (false, Some(p)) => format!("{to} ({} {p})", n.label),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A yes/no cell: yes, y, true, 1, x, 是, √, ✓ or no, n, false, 0, 否, or empty (no).
pub fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" | "否" => Some(false),
        "yes" | "y" | "true" | "1" | "x" | "是" | "√" | "✓" => Some(true),
        _ => None,
    }
}

/// Why a table cannot be read: where (row and column, counted from 1 as a spreadsheet shows
/// them; the header is row 1) and what.
#[derive(Clone, Debug, PartialEq)]
pub struct TableError {
    pub row: usize,
    /// The column's heading as written, when the problem is in one cell.
    pub column: Option<String>,
    pub problem: Message,
}

impl TableError {
    pub fn message(&self) -> Message {
        match &self.column {
            Some(c) => Message::new(
                "csv.err.cell",
                vec![Arg::Count(self.row), Arg::Text(c.clone()), Arg::Msg(Box::new(self.problem.clone()))],
            ),
            None => Message::new("csv.err.row", vec![Arg::Count(self.row), Arg::Msg(Box::new(self.problem.clone()))]),
        }
    }
}

/// One way out of a row, as read: to a step number (None: the end), with its label and
/// probability.
pub struct Way {
    pub to: Option<usize>,
    pub label: String,
    pub probability: Option<f64>,
}

/// Reads `next`: `3; 4 (是 yes 80%); end`.
pub fn ways(cell: &str) -> Result<Vec<Way>, Message> {
    let mut out = Vec::new();
    for item in cell.split([';', '；']).map(str::trim).filter(|s| !s.is_empty()) {
        let (target, inside) = match item.find(['(', '（']) {
            Some(i) => {
                let rest = item[i..].trim_start_matches(['(', '（']);
                let inside = rest.trim_end().trim_end_matches([')', '）']);
                (item[..i].trim(), inside.trim())
            }
            None => (item, ""),
        };
        let to = match target.to_lowercase().as_str() {
            "end" | "结束" => None,
            t => Some(t.parse::<usize>().map_err(|_| Message::new("csv.err.next", vec![Arg::Text(item.to_string())]))?),
        };
        // The last word, when it is a percentage, is the probability; the rest the label.
        let (mut label, mut probability) = (inside.to_string(), None);
        let last = inside.rsplit(' ').next().unwrap_or_default();
        if let Some(number) = last.strip_suffix(['%', '％']) {
            let p = parse(number)
                .ok()
                .flatten()
                .ok_or_else(|| Message::new("csv.err.next", vec![Arg::Text(item.to_string())]))?;
            if !(0.0..=100.0).contains(&p) {
                return Err(Message::new("csv.err.probability", vec![Arg::Text(item.to_string())]));
            }
            probability = Some(p / 100.0);
            label = inside[..inside.len() - last.len()].trim().to_string();
        }
        out.push(Way { to, label, probability });
    }
    Ok(out)
}

/// Reads a step table (see the module documentation) as a new swimlane titled `title`, in
/// `unit`, laid out by Tidy up. Nothing is made when any row is wrong.
pub fn from_csv(text: &str, title: &str, unit: crate::model::TimeUnit) -> Result<Document, TableError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let header_error = |problem: Message| TableError { row: 1, column: None, problem };
    let headers = reader
        .headers()
        .map_err(|e| header_error(Message::new("csv.err.unreadable", vec![Arg::Text(e.to_string())])))?
        .clone();
    // Which column holds what: by English or Chinese heading.
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim();
        if let Some((en, _)) = COLUMNS.iter().find(|(en, key)| h.eq_ignore_ascii_case(en) || h == t(Lang::Zh, key)) {
            at.insert(en, i);
        } else if !h.is_empty() {
            return Err(header_error(Message::new("csv.err.unknown_column", vec![Arg::Text(h.to_string())])));
        }
    }
    for required in ["step", "activity"] {
        if !at.contains_key(required) {
            return Err(header_error(Message::new("csv.err.missing_column", vec![Arg::Text(required.to_string())])));
        }
    }
    struct Row {
        no: usize,
        line: usize,
        activity: String,
        role: String,
        inputs: Vec<String>,
        outputs: Vec<String>,
        system: String,
        work: f64,
        wait: f64,
        value: Option<ValueClass>,
        control_point: bool,
        ways: Vec<Way>,
    }
    let mut rows: Vec<Row> = Vec::new();
    for (k, record) in reader.records().enumerate() {
        let line = k + 2;
        let record = record.map_err(|e| TableError {
            row: line,
            column: None,
            problem: Message::new("csv.err.unreadable", vec![Arg::Text(e.to_string())]),
        })?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |name: &str| at.get(name).and_then(|&i| record.get(i)).unwrap_or_default().trim().to_string();
        let bad = |name: &str, problem: Message| TableError {
            row: line,
            column: Some(at.get(name).and_then(|&i| headers.get(i)).unwrap_or(name).to_string()),
            problem,
        };
        let no = cell("step")
            .parse::<usize>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| bad("step", Message::new("csv.err.step_number", vec![Arg::Text(cell("step"))])))?;
        if rows.iter().any(|r| r.no == no) {
            return Err(bad("step", Message::new("csv.err.duplicate_step", vec![Arg::Count(no)])));
        }
        let time = |name: &str| -> Result<f64, TableError> {
            let v = cell(name);
            if v.is_empty() {
                return Ok(0.0);
            }
            match parse(&v) {
                Ok(Some(x)) if x >= 0.0 && x.is_finite() => Ok(x),
                _ => Err(bad(name, Message::new("csv.err.time", vec![Arg::Text(v)]))),
            }
        };
        let value = match cell("value").to_lowercase().as_str() {
            "" => None,
            "va" | "增值" => Some(ValueClass::Va),
            "bva" | "业务增值" => Some(ValueClass::Bva),
            "nva" | "非增值" => Some(ValueClass::Nva),
            other => return Err(bad("value", Message::new("csv.err.value", vec![Arg::Text(other.to_string())]))),
        };
        let control_point = yes_no(&cell("control_point")).ok_or_else(|| {
            bad("control_point", Message::new("csv.err.yes_no", vec![Arg::Text(cell("control_point"))]))
        })?;
        let ways = ways(&cell("next")).map_err(|m| bad("next", m))?;
        rows.push(Row {
            no,
            line,
            activity: cell("activity"),
            role: cell("role"),
            inputs: parse_list(&cell("inputs")),
            outputs: parse_list(&cell("outputs")),
            system: cell("system"),
            work: time("execution")?,
            wait: time("delay")?,
            value,
            control_point,
            ways,
        });
    }
    if rows.is_empty() {
        return Err(TableError { row: 2, column: None, problem: Message::plain("csv.err.empty") });
    }
    // Every way leads to a row that exists.
    for r in &rows {
        for w in &r.ways {
            if let Some(to) = w.to {
                if !rows.iter().any(|x| x.no == to) {
                    let column = at.get("next").and_then(|&i| headers.get(i)).map(str::to_string);
                    return Err(TableError {
                        row: r.line,
                        column,
                        problem: Message::new("csv.err.no_such_step", vec![Arg::Count(to)]),
                    });
                }
            }
        }
    }

    let mut doc = Document::new(Kind::Swimlane, title);
    doc.time_unit = unit;
    for r in &rows {
        if !r.role.is_empty() && !doc.lanes.iter().any(|l| l.name == r.role) {
            let id = format!("lane{}", doc.lanes.len() + 1);
            doc.lanes.push(Lane::new(id, r.role.clone()));
        }
    }
    let lane_of = |role: &str| doc.lanes.iter().find(|l| l.name == role).map(|l| l.id.clone());
    let first_lane = doc.lanes.first().map(|l| l.id.clone());
    let id_of = |no: usize| format!("s{no}");
    let mut nodes: Vec<Node> = Vec::new();
    let mut start = Node::new("start", NodeType::Start, "", 0.0, 0.0);
    start.lane = rows.first().and_then(|r| lane_of(&r.role)).or_else(|| first_lane.clone());
    nodes.push(start);
    for r in &rows {
        let decision = r.ways.len() > 1 && r.ways.iter().any(|w| !w.label.is_empty() || w.probability.is_some());
        let mut n = Node::new(
            id_of(r.no),
            if decision { NodeType::Decision } else { NodeType::Task },
            r.activity.clone(),
            0.0,
            0.0,
        );
        n.lane = lane_of(&r.role);
        n.work = r.work;
        n.wait = r.wait;
        n.value = r.value;
        n.control_point = r.control_point;
        n.system = r.system.clone();
        n.inputs = r.inputs.clone();
        n.outputs = r.outputs.clone();
        nodes.push(n);
    }
    let ends_in = rows.iter().rev().find(|r| r.ways.iter().any(|w| w.to.is_none())).map(|r| r.role.clone());
    let mut end = Node::new("end", NodeType::End, "", 0.0, 0.0);
    end.lane = ends_in.as_deref().and_then(lane_of).or_else(|| first_lane.clone());
    let mut edges: Vec<Edge> = Vec::new();
    let mut edge = |from: String, to: String, label: String, probability: Option<f64>| {
        let mut e = Edge::new(format!("f{}", edges.len() + 1), from, to);
        e.label = label;
        e.probability = probability;
        edges.push(e);
    };
    edge("start".into(), id_of(rows[0].no), String::new(), None);
    let mut splits: Vec<(String, Vec<String>)> = Vec::new();
    for r in &rows {
        let target = |w: &Way| w.to.map_or_else(|| "end".to_string(), id_of);
        let plain = r.ways.iter().all(|w| w.label.is_empty() && w.probability.is_none());
        if r.ways.len() > 1 && plain {
            // Several plain ways out: a parallel split after the step.
            let split = format!("p{}", r.no);
            let mut g = Node::new(split.clone(), NodeType::Parallel, "", 0.0, 0.0);
            g.lane = lane_of(&r.role);
            nodes.push(g);
            edge(id_of(r.no), split.clone(), String::new(), None);
            for w in &r.ways {
                edge(split.clone(), target(w), String::new(), None);
            }
            splits.push((split, r.ways.iter().map(target).collect()));
        } else {
            for w in &r.ways {
                edge(id_of(r.no), target(w), w.label.clone(), w.probability);
            }
        }
    }
    nodes.push(end);
    // Each split's branches meet in a join before the first step they all reach.
    for (split, branches) in splits {
        let reach: Vec<Vec<String>> = branches.iter().map(|b| reachable(b, &edges)).collect();
        let meet = reach[0].iter().find(|id| reach[1..].iter().all(|r| r.contains(id))).cloned();
        let Some(meet) = meet else { continue };
        if branches.contains(&meet) {
            continue;
        }
        let join = format!("{split}j");
        let mut g = Node::new(join.clone(), NodeType::Parallel, "", 0.0, 0.0);
        g.lane = nodes.iter().find(|n| n.id == meet).and_then(|n| n.lane.clone());
        nodes.push(g);
        let inside: Vec<String> = reach.iter().flatten().filter(|id| **id != meet).cloned().collect();
        for e in edges.iter_mut().filter(|e| e.to == meet && inside.contains(&e.from)) {
            e.to = join.clone();
        }
        let n = edges.len() + 1;
        edges.push(Edge::new(format!("f{n}"), join, meet));
    }
    doc.nodes = nodes.into_iter().map(Into::into).collect();
    doc.edges = edges.into_iter().map(Into::into).collect();
    let mut editor = crate::editor::Editor::new(doc);
    editor.dispatch(crate::editor::Action::TidyUp).map_err(|e| TableError {
        row: 1,
        column: None,
        problem: e.message(),
    })?;
    let doc = (*editor.doc).clone();
    // What was made must be a document the app opens.
    doc.check_invariants().map_err(|invalid| TableError { row: 1, column: None, problem: invalid.message() })?;
    Ok(doc)
}

/// The ids reachable from `from` along `edges`, nearest first (breadth first).
fn reachable(from: &str, edges: &[Edge]) -> Vec<String> {
    let mut seen = vec![from.to_string()];
    let mut k = 0;
    while let Some(id) = seen.get(k).cloned() {
        k += 1;
        for e in edges.iter().filter(|e| e.from == id) {
            if !seen.contains(&e.to) {
                seen.push(e.to.clone());
            }
        }
    }
    seen
}
