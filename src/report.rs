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

/// Whether a shape is a row of the step table: tasks, decisions and sub-processes (start and
/// end, gateways and documents are not steps).
pub fn is_step(kind: NodeType) -> bool {
    matches!(kind, NodeType::Task | NodeType::Decision | NodeType::Subprocess)
}

/// The steps of a swimlane, numbered along the flow: by column of the flow without its loops
/// (so the branches of a decision are numbered after it), then by lane, then across the lane.
pub fn steps(doc: &Document) -> Vec<Step> {
    let flow = crate::tidy::flow(doc);
    let lane_index: HashMap<&str, usize> = doc.lanes.iter().enumerate().map(|(i, l)| (l.id.as_str(), i)).collect();
    let vertical = doc.settings.orientation == crate::model::Orientation::Vertical;
    // A decision with one way out only merges ways (an exclusive merge): not a step.
    let ways_out = |i: usize| doc.edges.iter().filter(|e| e.from == doc.nodes[i].id).count();
    let candidates: Vec<usize> = (0..doc.nodes.len())
        .filter(|&i| is_step(doc.nodes[i].kind) && !(doc.nodes[i].kind == NodeType::Decision && ways_out(i) < 2))
        .collect();
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

/// The body of the process document (without `<html>`, `<head>` and the styles), in a
/// `<div class="procmod-report">` (see [`styles`]).
pub fn body(doc: &Document, lang: Lang) -> String {
    let tr = |key: &str| esc(t(lang, key));
    let mut out = String::with_capacity(16 * 1024);
    let steps = steps(doc);
    let metrics = crate::metrics::swimlane(doc);
    let unit = t(lang, doc.time_unit.label_key());
    let time = |v: f64| if v == 0.0 { String::new() } else { format!("{} {unit}", figure(v)) };
    let _ = write!(out, "<div class=\"procmod-report\" lang=\"{}\">", if lang == Lang::Zh { "zh-CN" } else { "en" });
    let title =
        if doc.title.trim().is_empty() { t(lang, "doc.untitled").to_string() } else { doc.title.trim().to_string() };
    let _ = write!(out, "<h1>{}</h1>", esc(&title));

    // Header block and sign-off.
    let m = &doc.meta;
    let cell = |v: &str| {
        if v.trim().is_empty() {
            "<td class=\"muted\">—</td>".to_string()
        } else {
            format!("<td>{}</td>", esc(v.trim()))
        }
    };
    let _ = write!(
        out,
        "<table class=\"head\" data-section=\"head\"><tr><th>{}</th>{}<th>{}</th>{}</tr><tr><th>{}</th>{}<th>{}</th>{}</tr><tr><th>{}</th>{}<th>{}</th>{}</tr></table>",
        tr("doc.process"),
        cell(&title),
        tr("doc.code"),
        cell(&m.code),
        tr("doc.revision"),
        cell(&m.revision),
        tr("doc.date"),
        cell(m.history.last().map_or("", |r| r.date.as_str())),
        tr("doc.level"),
        cell(&m.level),
        tr("doc.owner"),
        cell(&m.owner)
    );
    let _ = write!(
        out,
        "<table class=\"signoff\" data-section=\"signoff\"><thead><tr><th></th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\
         <tbody><tr><th>{}</th>{}{}{}</tr><tr><th>{}</th><td></td><td></td><td></td></tr><tr><th>{}</th>{}{}{}</tr></tbody></table>",
        tr("doc.author"),
        tr("doc.reviewer"),
        tr("doc.approver"),
        tr("doc.name"),
        cell(&m.author),
        cell(&m.reviewer),
        cell(&m.approver),
        tr("doc.signature"),
        tr("doc.date"),
        cell(&m.author_date),
        cell(&m.reviewer_date),
        cell(&m.approver_date)
    );

    let mut section = 0;
    let mut open = |out: &mut String, id: &str, key: &str| {
        section += 1;
        let class = if section == 1 { " class=\"first\"" } else { "" };
        let _ = write!(out, "<section{class} data-section=\"{id}\"><h2>{section}. {}</h2>", esc(t(lang, key)));
    };

    // Purpose, scope, terms: as the author wrote them.
    let paragraphs = |text: &str| {
        text.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| format!("<p>{}</p>", esc(l))).collect::<String>()
    };
    for (id, key, text) in [("purpose", "doc.purpose", &m.purpose), ("scope", "doc.scope", &m.scope)] {
        if !text.trim().is_empty() {
            open(&mut out, id, key);
            let _ = write!(out, "{}</section>", paragraphs(text));
        }
    }
    if !m.terms.is_empty() {
        open(&mut out, "terms", "doc.terms");
        let _ = write!(
            out,
            "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
            tr("doc.term"),
            tr("doc.meaning")
        );
        for term in &m.terms {
            let _ = write!(out, "<tr><td>{}</td><td>{}</td></tr>", esc(&term.term), esc(&term.meaning));
        }
        out.push_str("</tbody></table></section>");
    }

    // Roles and responsibilities, and the RACI matrix.
    open(&mut out, "roles", "doc.roles");
    let _ = write!(
        out,
        "<table><thead><tr><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>",
        tr("doc.role"),
        tr("doc.people"),
        tr("doc.responsibilities")
    );
    for lane in &doc.lanes {
        let own: Vec<String> = steps
            .iter()
            .filter(|s| s.lane.as_deref() == Some(lane.id.as_str()))
            .map(|s| format!("{}. {}", s.no, esc(&s.activity)))
            .collect();
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            esc(lane.name.trim()),
            figure(lane.capacity()),
            if own.is_empty() { "—".to_string() } else { own.join("<br>") }
        );
    }
    out.push_str("</tbody></table>");
    if !doc.lanes.is_empty() && !steps.is_empty() {
        let _ = write!(
            out,
            "<p class=\"muted\">{}</p><table class=\"raci\"><thead><tr><th>{}</th>",
            tr("doc.raci_note"),
            tr("doc.step")
        );
        for lane in &doc.lanes {
            let _ = write!(out, "<th>{}</th>", esc(lane.name.trim()));
        }
        out.push_str("</tr></thead><tbody>");
        for s in &steps {
            let _ = write!(out, "<tr><td>{}. {}</td>", s.no, esc(&s.activity));
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
                let mark = marks.join("/");
                let _ = write!(out, "<td class=\"mark\">{mark}</td>");
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");

    // The flowchart.
    open(&mut out, "flowchart", "doc.flowchart");
    let _ = write!(out, "<div class=\"flowchart\">{}</div></section>", crate::svg::render(doc, lang));

    // The step table.
    open(&mut out, "steps", "doc.steps");
    let _ = write!(
        out,
        "<table class=\"step-table\"><thead><tr><th class=\"num\">{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>\
         <th class=\"num\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        tr("doc.no"),
        tr("doc.role"),
        tr("doc.activity"),
        tr("doc.inputs"),
        tr("doc.outputs"),
        tr("doc.system"),
        tr("doc.time_limit"),
        tr("doc.kcp"),
        tr("doc.next")
    );
    for s in &steps {
        let limit = match (s.work, s.wait) {
            (w, 0.0) => time(w),
            (w, d) => format!("{} + {}", time(w).max(format!("0 {unit}")), time(d)),
        };
        let _ = write!(
            out,
            "<tr data-step=\"{}\"><td class=\"num\">{}</td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"kcp\">{}</td><td>{}</td></tr>",
            esc(&s.id),
            s.no,
            esc(&s.role),
            esc(&s.activity),
            if s.notes.is_empty() { String::new() } else { format!("<br><span class=\"muted\">{}</span>", esc(&s.notes)) },
            esc(&s.inputs.join("; ")),
            esc(&s.outputs.join("; ")),
            esc(&s.system),
            esc(&limit),
            if s.control_point { "●" } else { "" },
            esc(&next_text(&s.next, lang))
        );
    }
    let _ = write!(out, "</tbody></table><p class=\"muted\">{}</p></section>", tr("doc.time_note"));

    // Key control points.
    let controls: Vec<&Step> = steps.iter().filter(|s| s.control_point).collect();
    if !controls.is_empty() {
        open(&mut out, "controls", "doc.controls");
        let _ = write!(
            out,
            "<table><thead><tr><th class=\"num\">{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            tr("doc.no"),
            tr("doc.control_point"),
            tr("doc.risk"),
            tr("doc.control"),
            tr("doc.evidence"),
            tr("doc.owner_role")
        );
        for s in controls {
            // Without a stated record, what the step gives out is what shows it was done.
            let evidence = if s.evidence.is_empty() { s.outputs.join("; ") } else { s.evidence.clone() };
            let _ = write!(
                out,
                "<tr data-control=\"{}\"><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&s.id),
                s.no,
                esc(&s.activity),
                esc(&s.risk),
                esc(&s.control),
                esc(&evidence),
                esc(&s.role)
            );
        }
        out.push_str("</tbody></table></section>");
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
        open(&mut out, "forms", "doc.forms");
        if !forms.is_empty() {
            let _ = write!(
                out,
                "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                tr("doc.form"),
                tr("doc.made_by"),
                tr("doc.used_by")
            );
            let list = |pick: &dyn Fn(&Step) -> bool| {
                steps
                    .iter()
                    .filter(|s| pick(s))
                    .map(|s| format!("{}. {}", s.no, esc(&s.activity)))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            for name in &forms {
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(name),
                    list(&|s| s.outputs.contains(name)),
                    list(&|s| s.inputs.contains(name))
                );
            }
            out.push_str("</tbody></table>");
        }
        if !m.related.is_empty() {
            let _ = write!(out, "<p><strong>{}</strong></p><ul>", tr("doc.related"));
            for r in &m.related {
                let _ = write!(out, "<li>{}</li>", esc(r));
            }
            out.push_str("</ul>");
        }
        out.push_str("</section>");
    }

    // Cycle time.
    open(&mut out, "time", "doc.time");
    match &metrics {
        Ok(m) => time_summary(&mut out, doc, m, &steps, lang),
        Err(e) => {
            let _ = write!(out, "<p>{}</p>", esc(&e.message(doc).render(lang)));
        }
    }
    out.push_str("</section>");

    // Revision history.
    if !m.history.is_empty() {
        open(&mut out, "history", "doc.history");
        let _ = write!(
            out,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            tr("doc.revision"),
            tr("doc.date"),
            tr("doc.changed_by"),
            tr("doc.change")
        );
        for r in &m.history {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&r.revision),
                esc(&r.date),
                esc(&r.author),
                esc(&r.change)
            );
        }
        out.push_str("</tbody></table></section>");
    }
    out.push_str("</div>");
    out
}

/// The cycle-time summary: the expected cycle time and its split, handoffs, the critical path
/// and where the time goes.
fn time_summary(out: &mut String, doc: &Document, m: &SwimlaneMetrics, steps: &[Step], lang: Lang) {
    let tr = |key: &str| esc(t(lang, key));
    let unit = t(lang, doc.time_unit.label_key());
    let share = |v: f64| if m.cycle_time > 0.0 { percent(v / m.cycle_time) } else { String::new() };
    let _ = write!(out, "<table class=\"summary\"><tbody>");
    for (key, v) in [
        ("met.cycle_time", m.cycle_time),
        ("met.execution", m.execution),
        ("met.delay", m.delay),
        ("met.transfer", m.transfer),
    ] {
        let _ = write!(
            out,
            "<tr><th>{}</th><td class=\"num\" data-metric=\"{key}\">{} {unit}</td><td class=\"num\">{}</td></tr>",
            tr(key),
            figure(v),
            if key == "met.cycle_time" { String::new() } else { share(v) }
        );
    }
    let _ =
        write!(out, "<tr><th>{}</th><td class=\"num\">{}</td><td></td></tr>", tr("met.handoffs"), figure(m.handoffs));
    if let Some(v) = m.value_added_efficiency {
        let _ = write!(out, "<tr><th>{}</th><td class=\"num\">{}</td><td></td></tr>", tr("met.vae"), percent(v));
    }
    out.push_str("</tbody></table>");
    let number: HashMap<&str, usize> = steps.iter().map(|s| (s.id.as_str(), s.no)).collect();
    let path: Vec<String> = m
        .critical_path
        .nodes
        .iter()
        .filter_map(|id| number.get(id.as_str()).map(|no| format!("{no}. {}", steps[no - 1].activity)))
        .collect();
    let _ = write!(
        out,
        "<p><strong>{}</strong> ({} {unit}): {}</p>",
        tr("doc.critical_path"),
        figure(m.critical_path.time),
        esc(&path.join(" → "))
    );
    if !m.pareto.is_empty() {
        let top = m.pareto.first().map_or(0.0, |p| p.time).max(1e-12);
        let _ = write!(
            out,
            "<p><strong>{}</strong></p><table class=\"pareto\"><thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th></th></tr></thead><tbody>",
            tr("met.pareto"),
            tr("doc.activity"),
            tr("doc.per_case"),
            tr("doc.cumulative")
        );
        for p in m.pareto.iter().take(10) {
            let who = match number.get(p.node.as_str()) {
                Some(&no) => format!("{no}. {}", steps[no - 1].activity),
                None => doc.node(&p.node).map(|n| crate::model::trimmed(&n.label).to_string()).unwrap_or_default(),
            };
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"num\">{} {unit}</td><td class=\"num\">{}</td><td><span class=\"bar\" style=\"width: {}mm\"></span></td></tr>",
                esc(&who),
                figure(p.time),
                percent(p.cumulative),
                crate::format::coord(p.time / top * 40.0)
            );
        }
        out.push_str("</tbody></table>");
    }
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
