//! The process document (流程说明书) of a swimlane, as a consultant hands it over: a header with
//! the sign-off, the roles and their responsibilities (with a RACI matrix), the flowchart (the
//! picture export's SVG), the step description table, the key control points, the forms and
//! documents used, and the cycle-time summary. Built from the model alone, in English or
//! 简体中文, as one self-contained HTML page (styles and the flowchart inline, no script, no
//! external reference) with a print stylesheet for A4: the app shows it, prints it, and saves
//! it; `procmod doc` writes it.

use crate::draw::esc;
use crate::format::{figure, percent};
use crate::i18n::{t, Lang};
use crate::metrics::SwimlaneMetrics;
use crate::model::{Document, NodeType, ValueClass};
use std::collections::HashMap;
use std::fmt::Write;

/// Where a step leads.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// Another step, by its number.
    Step(usize),
    /// An end of the process.
    End,
}

/// One way out of a step: where it leads, and the branch's label or probability.
#[derive(Clone, Debug, PartialEq)]
pub struct Next {
    pub to: Target,
    pub label: String,
    pub probability: Option<f64>,
}

/// One row of the step table.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// 1, 2, 3 … along the flow.
    pub no: usize,
    pub id: String,
    pub kind: NodeType,
    /// What is done (the shape's label).
    pub activity: String,
    /// Who does it (the lane's name; empty without a lane).
    pub role: String,
    pub lane: Option<String>,
    /// What flows in and out: the step's own inputs and outputs, then the labels of the
    /// document shapes connected to it.
    pub inputs: Vec<String>,
    pub outputs: Vec<String>,
    /// The step's own inputs and outputs (as typed for it, without the document shapes).
    pub own_inputs: Vec<String>,
    pub own_outputs: Vec<String>,
    pub system: String,
    pub work: f64,
    pub wait: f64,
    pub value: Option<ValueClass>,
    pub control_point: bool,
    /// A key control point's risk, control activity and evidence.
    pub risk: String,
    pub control: String,
    pub evidence: String,
    /// RACI beyond the lane: lane ids accountable, consulted, informed.
    pub accountable: Option<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    pub notes: String,
    pub next: Vec<Next>,
}

/// Whether a shape is a row of the step table: a task, a sub-process, or a decision with
/// several ways out (one with a single way out only merges ways). Start and end, gateways and
/// documents are not steps.
pub fn is_row(doc: &Document, node: &crate::model::Node) -> bool {
    match node.kind {
        NodeType::Task | NodeType::Subprocess => true,
        NodeType::Decision => doc.outgoing(&node.id).nth(1).is_some(),
        _ => false,
    }
}

/// The steps of a swimlane, numbered along the flow: by column of the flow without its loops
/// (so the branches of a decision are numbered after it), then by lane, then across the lane.
pub fn steps(doc: &Document) -> Vec<Step> {
    let flow = crate::tidy::flow(doc);
    let lane_index: HashMap<&str, usize> = doc.lanes.iter().enumerate().map(|(i, l)| (l.id.as_str(), i)).collect();
    let vertical = doc.settings.orientation == crate::model::Orientation::Vertical;
    let candidates: Vec<usize> = (0..doc.nodes.len()).filter(|&i| is_row(doc, &doc.nodes[i])).collect();
    // Along the flow; then lane; then position across the lane.
    let keys = candidates.iter().map(|&i| {
        let n = &doc.nodes[i];
        let lane = n.lane.as_deref().and_then(|l| lane_index.get(l)).map_or(0xffff, |&l| l.min(0xfffe)) as u64;
        let across = if vertical { n.x } else { n.y };
        let along = if vertical { n.y } else { n.x };
        let column = flow.column[i].min(0xffff) as u64;
        let pos = (along.max(0.0) + across.max(0.0)).min(1e9) as u64 & 0xffff_ffff;
        (column << 48) | (lane << 32) | pos
    });
    let ordered: Vec<usize> = crate::order::by_keys(keys).into_iter().map(|k| candidates[k]).collect();
    let number: HashMap<usize, usize> = ordered.iter().enumerate().map(|(k, &i)| (i, k + 1)).collect();
    let pos = doc.node_positions();
    let lane_name = |id: &Option<String>| {
        id.as_deref().and_then(|l| doc.lane(l)).map(|l| l.name.trim().to_string()).unwrap_or_default()
    };
    let name = |i: usize| {
        let n = &doc.nodes[i];
        let label = crate::model::trimmed(&n.label);
        if label.is_empty() {
            format!("[{}]", n.id)
        } else {
            label.replace('\n', " ")
        }
    };
    // The targets a connector into shape `b` leads to: a step, an end, or through a gateway
    // (or another shape that is not a step) to what follows it.
    let targets = |b: usize| {
        let mut out = Vec::new();
        // Breadth first, in the order of the connectors.
        let mut todo = vec![b];
        let mut k = 0;
        while let Some(&i) = todo.get(k) {
            k += 1;
            match doc.nodes[i].kind {
                NodeType::End => out.push(Target::End),
                _ if number.contains_key(&i) => out.push(Target::Step(number[&i])),
                NodeType::Form => {}
                _ => {
                    for e in doc.edges.iter().filter(|e| e.from == doc.nodes[i].id) {
                        if let Some(&j) = pos.get(e.to.as_str()) {
                            if !todo.contains(&j) {
                                todo.push(j);
                            }
                        }
                    }
                }
            }
        }
        out
    };
    ordered
        .iter()
        .map(|&i| {
            let n = &doc.nodes[i];
            let docs = |incoming: bool| -> Vec<String> {
                doc.edges
                    .iter()
                    .filter_map(|e| {
                        let other = if incoming {
                            (e.to == n.id).then_some(&e.from)
                        } else {
                            (e.from == n.id).then_some(&e.to)
                        }?;
                        let j = *pos.get(other.as_str())?;
                        (doc.nodes[j].kind == NodeType::Form).then(|| name(j))
                    })
                    .collect()
            };
            let mut next = Vec::new();
            for e in doc.edges.iter().filter(|e| e.from == n.id) {
                let Some(&j) = pos.get(e.to.as_str()) else { continue };
                for to in targets(j) {
                    next.push(Next {
                        to,
                        label: crate::model::trimmed(&e.label).to_string(),
                        probability: e.probability,
                    });
                }
            }
            Step {
                no: number[&i],
                id: n.id.clone(),
                kind: n.kind,
                activity: name(i),
                role: lane_name(&n.lane),
                lane: n.lane.clone(),
                inputs: merged(&n.inputs, docs(true)),
                outputs: merged(&n.outputs, docs(false)),
                own_inputs: n.inputs.clone(),
                own_outputs: n.outputs.clone(),
                system: n.system.trim().to_string(),
                work: n.work,
                wait: n.wait,
                value: n.value,
                control_point: n.control_point,
                risk: n.risk.clone(),
                control: n.control.clone(),
                evidence: n.evidence.clone(),
                accountable: n.accountable.clone(),
                consulted: n.consulted.clone(),
                informed: n.informed.clone(),
                notes: n.notes.trim().to_string(),
                next,
            }
        })
        .collect()
}

/// The items of `own` and then those of `more` not already in it.
fn merged(own: &[String], more: Vec<String>) -> Vec<String> {
    let mut all = own.to_vec();
    for m in more {
        if !all.contains(&m) {
            all.push(m);
        }
    }
    all
}

/// How a step's ways out read in the table: `3`, `4 (yes)`, `1 (20%)`, `end`.
pub fn next_text(next: &[Next], lang: Lang) -> String {
    next.iter()
        .map(|n| {
            let to = match n.to {
                Target::Step(k) => k.to_string(),
                Target::End => t(lang, "doc.end").to_string(),
            };
            match (n.label.is_empty(), n.probability) {
                (false, _) => format!("{to} ({})", n.label),
                (true, Some(p)) => format!("{to} ({})", percent(p)),
                (true, None) => to,
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

const STYLE: &str = "
.procmod-report { font-family: FONTS; color: #1f2933; font-size: 10.5pt; line-height: 1.5; max-width: 190mm; margin: 0 auto; padding: 12mm 0; }
.procmod-report h1 { font-size: 18pt; margin: 0 0 4mm; text-align: center; }
.procmod-report h2 { font-size: 13pt; margin: 8mm 0 3mm; padding-bottom: 1mm; border-bottom: 1.5pt solid #1f2933; }
.procmod-report table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; page-break-inside: auto; }
.procmod-report tr { page-break-inside: avoid; }
.procmod-report th, .procmod-report td { border: 0.75pt solid #8a99a8; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
.procmod-report th { background: #e8eef4; font-weight: 600; white-space: nowrap; }
.procmod-report thead { display: table-header-group; }
.procmod-report td.num, .procmod-report th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.procmod-report td.mark { text-align: center; font-weight: 700; }
.procmod-report .head th { width: 16%; }
.procmod-report .kcp { color: #cf222e; font-weight: 700; }
.procmod-report .flowchart svg { width: 100%; height: auto; }
.procmod-report .muted { color: #66788a; }
.procmod-report .bar { display: inline-block; height: 3mm; background: #f0b429; vertical-align: middle; }
@media print {
  .procmod-report { padding: 0; max-width: none; }
  .procmod-report section { break-before: page; }
  .procmod-report section.first { break-before: auto; }
  .procmod-report .flowchart svg { max-height: 240mm; }
}
";

/// The page set-up of the printed document: A4, with the title at the top and the page
/// number at the bottom of each page.
fn page_style(title: &str, lang: Lang) -> String {
    let quoted: String = title.chars().filter(|c| *c != '"' && *c != '\\' && !c.is_control()).collect();
    // "Page {0} of {1}" as CSS generated content: the texts quoted, the numbers as counters.
    let numbers = format!("\"{}\"", t(lang, "doc.page_numbers"))
        .replace("{0}", "\" counter(page) \"")
        .replace("{1}", "\" counter(pages) \"");
    format!(
        "@page {{ size: A4; margin: 18mm 15mm 16mm; @top-center {{ content: \"{quoted}\"; font-size: 8pt; color: #66788a; }} \
         @bottom-center {{ content: {numbers}; font-size: 8pt; color: #66788a; }} }}\n"
    )
}

/// The document's styles: the report's own, and the page set-up for print.
pub fn styles(doc: &Document, lang: Lang) -> String {
    format!("{}{}", STYLE.replace("FONTS", crate::svg::FONTS), page_style(&doc.title, lang))
}

// ----- the document as blocks ----------------------------------------------------------------

/// How a table cell reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    Text,
    /// A heading cell (of a row or a column).
    Head,
    /// A figure: right-aligned.
    Number,
    /// A RACI mark or a tick: centred, bold.
    Mark,
    /// Nothing given: shown as a dash, muted.
    Missing,
}

/// One cell: its lines and how it reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub lines: Vec<String>,
    pub look: Look,
}

impl Cell {
    fn text(s: impl Into<String>) -> Self {
        Cell { lines: vec![s.into()], look: Look::Text }
    }
    fn lines(lines: Vec<String>) -> Self {
        Cell { lines, look: Look::Text }
    }
    fn head(s: impl Into<String>) -> Self {
        Cell { lines: vec![s.into()], look: Look::Head }
    }
    fn number(s: impl Into<String>) -> Self {
        Cell { lines: vec![s.into()], look: Look::Number }
    }
    fn mark(s: impl Into<String>) -> Self {
        Cell { lines: vec![s.into()], look: Look::Mark }
    }
    /// A value the author gave, or a dash when there is none.
    fn given(s: &str) -> Self {
        if s.trim().is_empty() {
            Cell { lines: vec!["—".into()], look: Look::Missing }
        } else {
            Cell::text(s.trim())
        }
    }
}

/// A table row, with what marks it (a step's or a control's id).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub mark: Option<(&'static str, String)>,
    pub cells: Vec<Cell>,
}

impl Row {
    fn of(cells: Vec<Cell>) -> Self {
        Row { mark: None, cells }
    }
}

/// One block of the document, in reading order.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A section begins: its id, number and heading.
    Section {
        id: &'static str,
        number: usize,
        heading: String,
    },
    /// A table: its id (a CSS class), its heading row (none for a header block) and rows.
    Table {
        id: &'static str,
        head: Vec<Cell>,
        rows: Vec<Row>,
    },
    /// A paragraph, muted for notes; with a bold lead-in.
    Paragraph {
        lead: String,
        text: String,
        muted: bool,
    },
    List(Vec<String>),
    /// The flowchart (the picture export).
    Flowchart,
}

/// The process document of a swimlane, before it is written as HTML or Word.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub title: String,
    pub lang: Lang,
    pub blocks: Vec<Block>,
}

/// The process document of `doc`, in `lang`, as blocks.
pub fn report(doc: &Document, lang: Lang) -> Report {
    let tr = |key: &str| t(lang, key).to_string();
    let steps = steps(doc);
    let unit = t(lang, doc.time_unit.label_key());
    let time = |v: f64| if v == 0.0 { String::new() } else { format!("{} {unit}", figure(v)) };
    let title = if doc.title.trim().is_empty() { tr("doc.untitled") } else { doc.title.trim().to_string() };
    let m = &doc.meta;
    let mut blocks = Vec::new();

    // Header block and sign-off.
    let pair = |k: &str, v: &str| [Cell::head(tr(k)), Cell::given(v)];
    let row = |a: [Cell; 2], b: [Cell; 2]| Row::of(a.into_iter().chain(b).collect());
    blocks.push(Block::Table {
        id: "head",
        head: vec![],
        rows: vec![
            row(pair("doc.process", &title), pair("doc.code", &m.code)),
            row(pair("doc.revision", &m.revision), pair("doc.date", m.history.last().map_or("", |r| r.date.as_str()))),
            row(pair("doc.level", &m.level), pair("doc.owner", &m.owner)),
        ],
    });
    let blank = || Cell::text("");
    blocks.push(Block::Table {
        id: "signoff",
        head: vec![
            Cell::head(""),
            Cell::head(tr("doc.author")),
            Cell::head(tr("doc.reviewer")),
            Cell::head(tr("doc.approver")),
        ],
        rows: vec![
            Row::of(vec![
                Cell::head(tr("doc.name")),
                Cell::given(&m.author),
                Cell::given(&m.reviewer),
                Cell::given(&m.approver),
            ]),
            Row::of(vec![Cell::head(tr("doc.signature")), blank(), blank(), blank()]),
            Row::of(vec![
                Cell::head(tr("doc.date")),
                Cell::given(&m.author_date),
                Cell::given(&m.reviewer_date),
                Cell::given(&m.approver_date),
            ]),
        ],
    });

    let mut number = 0;
    let mut section = |blocks: &mut Vec<Block>, id: &'static str, key: &str| {
        number += 1;
        blocks.push(Block::Section { id, number, heading: tr(key) });
    };

    // Purpose, scope, terms: as the author wrote them.
    for (id, key, text) in [("purpose", "doc.purpose", &m.purpose), ("scope", "doc.scope", &m.scope)] {
        if !text.trim().is_empty() {
            section(&mut blocks, id, key);
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                blocks.push(Block::Paragraph { lead: String::new(), text: line.to_string(), muted: false });
            }
        }
    }
    if !m.terms.is_empty() {
        section(&mut blocks, "terms", "doc.terms");
        blocks.push(Block::Table {
            id: "terms",
            head: vec![Cell::head(tr("doc.term")), Cell::head(tr("doc.meaning"))],
            rows: m.terms.iter().map(|term| Row::of(vec![Cell::text(&term.term), Cell::text(&term.meaning)])).collect(),
        });
    }

    // Roles and responsibilities, and the RACI matrix.
    section(&mut blocks, "roles", "doc.roles");
    blocks.push(Block::Table {
        id: "roles",
        head: vec![Cell::head(tr("doc.role")), Cell::head(tr("doc.people")), Cell::head(tr("doc.responsibilities"))],
        rows: doc
            .lanes
            .iter()
            .map(|lane| {
                let own: Vec<String> = steps
                    .iter()
                    .filter(|s| s.lane.as_deref() == Some(lane.id.as_str()))
                    .map(|s| format!("{}. {}", s.no, s.activity))
                    .collect();
                Row::of(vec![
                    Cell::text(lane.name.trim()),
                    Cell::number(figure(lane.capacity())),
                    if own.is_empty() { Cell::given("") } else { Cell::lines(own) },
                ])
            })
            .collect(),
    });
    if !doc.lanes.is_empty() && !steps.is_empty() {
        blocks.push(Block::Paragraph { lead: String::new(), text: tr("doc.raci_note"), muted: true });
        let mut head = vec![Cell::head(tr("doc.step"))];
        head.extend(doc.lanes.iter().map(|l| Cell::head(l.name.trim())));
        let rows = steps
            .iter()
            .map(|s| {
                let mut cells = vec![Cell::text(format!("{}. {}", s.no, s.activity))];
                for lane in &doc.lanes {
                    let id = Some(lane.id.as_str());
                    let mut marks = Vec::new();
                    if s.lane.as_deref() == id {
                        marks.push("R");
                    }
                    if s.accountable.as_deref() == id {
                        marks.push("A");
                    }
                    if s.consulted.iter().any(|c| Some(c.as_str()) == id) {
                        marks.push("C");
                    }
                    if s.informed.iter().any(|c| Some(c.as_str()) == id) {
                        marks.push("I");
                    }
                    cells.push(Cell::mark(marks.join("/")));
                }
                Row::of(cells)
            })
            .collect();
        blocks.push(Block::Table { id: "raci", head, rows });
    }

    // The flowchart.
    section(&mut blocks, "flowchart", "doc.flowchart");
    blocks.push(Block::Flowchart);

    // The step table.
    section(&mut blocks, "steps", "doc.steps");
    let head = [
        "doc.no",
        "doc.role",
        "doc.activity",
        "doc.inputs",
        "doc.outputs",
        "doc.system",
        "doc.time_limit",
        "doc.kcp",
        "doc.next",
    ]
    .map(|k| Cell::head(tr(k)))
    .to_vec();
    let rows = steps
        .iter()
        .map(|s| {
            let limit = match (s.work, s.wait) {
                (w, 0.0) => time(w),
                (w, d) => format!("{} + {}", time(w).max(format!("0 {unit}")), time(d)),
            };
            let mut activity = vec![s.activity.clone()];
            if !s.notes.is_empty() {
                activity.push(s.notes.clone());
            }
            Row {
                mark: Some(("data-step", s.id.clone())),
                cells: vec![
                    Cell::number(s.no.to_string()),
                    Cell::text(&s.role),
                    Cell::lines(activity),
                    Cell::text(s.inputs.join("; ")),
                    Cell::text(s.outputs.join("; ")),
                    Cell::text(&s.system),
                    Cell::number(limit),
                    Cell::mark(if s.control_point { "●" } else { "" }),
                    Cell::text(next_text(&s.next, lang)),
                ],
            }
        })
        .collect();
    blocks.push(Block::Table { id: "step-table", head, rows });
    blocks.push(Block::Paragraph { lead: String::new(), text: tr("doc.time_note"), muted: true });

    // Key control points.
    let controls: Vec<&Step> = steps.iter().filter(|s| s.control_point).collect();
    if !controls.is_empty() {
        section(&mut blocks, "controls", "doc.controls");
        let head = ["doc.no", "doc.control_point", "doc.risk", "doc.control", "doc.evidence", "doc.owner_role"]
            .map(|k| Cell::head(tr(k)))
            .to_vec();
        let rows = controls
            .iter()
            .map(|s| {
                // Without a stated record, what the step gives out is what shows it was done.
                let evidence = if s.evidence.is_empty() { s.outputs.join("; ") } else { s.evidence.clone() };
                Row {
                    mark: Some(("data-control", s.id.clone())),
                    cells: vec![
                        Cell::number(s.no.to_string()),
                        Cell::text(&s.activity),
                        Cell::text(&s.risk),
                        Cell::text(&s.control),
                        Cell::text(evidence),
                        Cell::text(&s.role),
                    ],
                }
            })
            .collect();
        blocks.push(Block::Table { id: "controls", head, rows });
    }

    // Forms and documents: the document shapes and every step's inputs and outputs, each with
    // the steps that produce and use it; then the related documents.
    let mut forms: Vec<String> = doc
        .nodes
        .iter()
        .filter(|n| n.kind == NodeType::Form)
        .map(|f| {
            let label = crate::model::trimmed(&f.label);
            if label.is_empty() {
                format!("[{}]", f.id)
            } else {
                label.replace('\n', " ")
            }
        })
        .collect();
    for s in &steps {
        for item in s.inputs.iter().chain(&s.outputs) {
            if !forms.contains(item) {
                forms.push(item.clone());
            }
        }
    }
    if !forms.is_empty() || !m.related.is_empty() {
        section(&mut blocks, "forms", "doc.forms");
        if !forms.is_empty() {
            let list = |pick: &dyn Fn(&Step) -> bool| {
                Cell::lines(steps.iter().filter(|s| pick(s)).map(|s| format!("{}. {}", s.no, s.activity)).collect())
            };
            let rows = forms
                .iter()
                .map(|name| {
                    Row::of(vec![
                        Cell::text(name),
                        list(&|s| s.outputs.contains(name)),
                        list(&|s| s.inputs.contains(name)),
                    ])
                })
                .collect();
            blocks.push(Block::Table {
                id: "forms",
                head: vec![Cell::head(tr("doc.form")), Cell::head(tr("doc.made_by")), Cell::head(tr("doc.used_by"))],
                rows,
            });
        }
        if !m.related.is_empty() {
            blocks.push(Block::Paragraph { lead: tr("doc.related"), text: String::new(), muted: false });
            blocks.push(Block::List(m.related.clone()));
        }
    }

    // Cycle time.
    section(&mut blocks, "time", "doc.time");
    match crate::metrics::swimlane(doc) {
        Ok(metrics) => time_summary(&mut blocks, &metrics, &steps, doc, lang),
        Err(e) => {
            blocks.push(Block::Paragraph { lead: String::new(), text: e.message(doc).render(lang), muted: false })
        }
    }

    // Revision history.
    if !m.history.is_empty() {
        section(&mut blocks, "history", "doc.history");
        blocks.push(Block::Table {
            id: "history",
            head: ["doc.revision", "doc.date", "doc.changed_by", "doc.change"].map(|k| Cell::head(tr(k))).to_vec(),
            rows: m
                .history
                .iter()
                .map(|r| {
                    Row::of(vec![
                        Cell::text(&r.revision),
                        Cell::text(&r.date),
                        Cell::text(&r.author),
                        Cell::text(&r.change),
                    ])
                })
                .collect(),
        });
    }
    Report { title, lang, blocks }
}

/// The cycle-time summary: the expected cycle time and its split, handoffs, the critical path
/// and where the time goes.
fn time_summary(blocks: &mut Vec<Block>, m: &SwimlaneMetrics, steps: &[Step], doc: &Document, lang: Lang) {
    let tr = |key: &str| t(lang, key).to_string();
    let unit = t(lang, doc.time_unit.label_key());
    let share = |v: f64| if m.cycle_time > 0.0 { percent(v / m.cycle_time) } else { String::new() };
    let mut rows: Vec<Row> = [
        ("met.cycle_time", m.cycle_time),
        ("met.execution", m.execution),
        ("met.delay", m.delay),
        ("met.transfer", m.transfer),
    ]
    .into_iter()
    .map(|(key, v)| {
        let part = if key == "met.cycle_time" { String::new() } else { share(v) };
        Row::of(vec![Cell::head(tr(key)), Cell::number(format!("{} {unit}", figure(v))), Cell::number(part)])
    })
    .collect();
    rows.push(Row::of(vec![Cell::head(tr("met.handoffs")), Cell::number(figure(m.handoffs)), Cell::text("")]));
    if let Some(v) = m.value_added_efficiency {
        rows.push(Row::of(vec![Cell::head(tr("met.vae")), Cell::number(percent(v)), Cell::text("")]));
    }
    blocks.push(Block::Table { id: "summary", head: vec![], rows });
    let number: HashMap<&str, usize> = steps.iter().map(|s| (s.id.as_str(), s.no)).collect();
    let path: Vec<String> = m
        .critical_path
        .nodes
        .iter()
        .filter_map(|id| number.get(id.as_str()).map(|no| format!("{no}. {}", steps[no - 1].activity)))
        .collect();
    blocks.push(Block::Paragraph {
        lead: format!("{} ({} {unit})", tr("doc.critical_path"), figure(m.critical_path.time)),
        text: path.join(" → "),
        muted: false,
    });
    if !m.pareto.is_empty() {
        blocks.push(Block::Paragraph { lead: tr("met.pareto"), text: String::new(), muted: false });
        let rows = m
            .pareto
            .iter()
            .take(10)
            .map(|p| {
                let who = match number.get(p.node.as_str()) {
                    Some(&no) => format!("{no}. {}", steps[no - 1].activity),
                    None => doc.node(&p.node).map(|n| crate::model::trimmed(&n.label).to_string()).unwrap_or_default(),
                };
                Row::of(vec![
                    Cell::text(who),
                    Cell::number(format!("{} {unit}", figure(p.time))),
                    Cell::number(percent(p.cumulative)),
                ])
            })
            .collect();
        blocks.push(Block::Table {
            id: "pareto",
            head: vec![
                Cell::head(tr("doc.activity")),
                Cell::head(tr("doc.per_case")),
                Cell::head(tr("doc.cumulative")),
            ],
            rows,
        });
    }
}

// ----- HTML -----------------------------------------------------------------------------------

/// A cell's lines as HTML.
fn cell_html(c: &Cell) -> String {
    c.lines.iter().map(|l| esc(l)).collect::<Vec<_>>().join("<br>")
}

/// The body of the process document (without `<html>`, `<head>` and the styles), in a
/// `<div class="procmod-report">` (see [`styles`]).
pub fn body(doc: &Document, lang: Lang) -> String {
    let r = report(doc, lang);
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<div class=\"procmod-report\" lang=\"{}\"><h1>{}</h1>",
        if lang == Lang::Zh { "zh-CN" } else { "en" },
        esc(&r.title)
    );
    let mut open = false;
    for block in &r.blocks {
        match block {
            Block::Section { id, number, heading } => {
                if open {
                    out.push_str("</section>");
                }
                let class = if *number == 1 { " class=\"first\"" } else { "" };
                let _ = write!(out, "<section{class} data-section=\"{id}\"><h2>{number}. {}</h2>", esc(heading));
                open = true;
            }
            Block::Table { id, head, rows } => {
                // The header block and the sign-off mark themselves (they come before any section).
                let section = if open { String::new() } else { format!(" data-section=\"{id}\"") };
                let _ = write!(out, "<table class=\"{id}\"{section}>");
                if !head.is_empty() {
                    out.push_str("<thead><tr>");
                    for c in head {
                        let _ = write!(out, "<th>{}</th>", cell_html(c));
                    }
                    out.push_str("</tr></thead>");
                }
                out.push_str("<tbody>");
                for row in rows {
                    match &row.mark {
                        Some((attr, v)) => {
                            let _ = write!(out, "<tr {attr}=\"{}\">", esc(v));
                        }
                        None => out.push_str("<tr>"),
                    }
                    for c in &row.cells {
                        let (tag, class) = match c.look {
                            Look::Head => ("th", ""),
                            Look::Number => ("td", " class=\"num\""),
                            Look::Mark => ("td", " class=\"mark\""),
                            Look::Missing => ("td", " class=\"muted\""),
                            Look::Text => ("td", ""),
                        };
                        let _ = write!(out, "<{tag}{class}>{}</{tag}>", cell_html(c));
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</tbody></table>");
            }
            Block::Paragraph { lead, text, muted } => {
                let class = if *muted { " class=\"muted\"" } else { "" };
                let lead = if lead.is_empty() {
                    String::new()
                } else {
                    format!("<strong>{}</strong>{}", esc(lead), if text.is_empty() { "" } else { ": " })
                };
                let _ = write!(out, "<p{class}>{lead}{}</p>", esc(text));
            }
            Block::List(items) => {
                out.push_str("<ul>");
                for i in items {
                    let _ = write!(out, "<li>{}</li>", esc(i));
                }
                out.push_str("</ul>");
            }
            Block::Flowchart => {
                let _ = write!(out, "<div class=\"flowchart\">{}</div>", crate::svg::render(doc, lang));
            }
        }
    }
    if open {
        out.push_str("</section>");
    }
    out.push_str("</div>");
    out
}

/// The process document as a self-contained HTML page.
pub fn html(doc: &Document, lang: Lang) -> String {
    let title = if doc.title.trim().is_empty() { t(lang, "doc.untitled") } else { doc.title.trim() };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"Procmod\">\n<title>{} — {}</title>\n<style>{}</style>\n</head>\n<body>\n{}\n</body>\n</html>\n",
        if lang == Lang::Zh { "zh-CN" } else { "en" },
        esc(title),
        esc(t(lang, "doc.kind")),
        styles(doc, lang),
        body(doc, lang)
    )
}
