//! A swimlane as BPMN 2.0 XML with diagram interchange (BPMNDI), the one format Camunda,
//! Signavio, ARIS, Bizagi and bpmn.io all read: a collaboration with one participant (the
//! pool) whose process has a lane per swimlane; start and end events, tasks, exclusive and
//! parallel gateways, collapsed sub-processes, data object references (with data associations)
//! for document shapes, and sequence flows with their names. The shapes keep their places and
//! the connectors the core's routes as waypoints. What BPMN has no place for (times, value
//! class, key control point, system, notes, inputs, outputs, RACI, a branch's probability) goes
//! in Procmod's extension namespace; a branch's probability is also written as a BPSim control
//! parameter (the standard simulation extension) and as the flow's documentation, for people.

mod import;

pub use import::{import, ImportError, Imported, Note};

use crate::draw::esc;
use crate::editor::layout::{lane_bands, lane_length};
use crate::format::editable;
use crate::model::{ArrowKind, Document, Edge, Kind, Lane, Node, NodeType, Orientation, Trigger, ValueClass};
use crate::route;
use std::fmt::Write;

/// The namespace of Procmod's own attributes.
pub const PROCMOD_NS: &str = "urn:procmod:bpmn:1";
/// The namespace of BPSim, the standard simulation extension of BPMN (WfMC, version 2.0).
pub const BPSIM_NS: &str = "http://www.bpsim.org/schemas/2.0";
/// Width of the pool's name band, before its lanes.
const POOL_BAND: f64 = 30.0;

/// Why a document cannot be written as BPMN.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportError {
    /// Only swimlanes are processes BPMN can hold.
    NotASwimlane(Kind),
}

impl ExportError {
    pub fn message(&self) -> crate::message::Message {
        match self {
            ExportError::NotASwimlane(kind) => crate::message::Message::new(
                "bpmn.not_swimlane",
                vec![crate::message::Arg::Key(match kind {
                    Kind::Sipoc => "kind.sipoc",
                    Kind::Vsm => "kind.vsm",
                    Kind::Swimlane => "kind.swimlane",
                })],
            ),
        }
    }
}

/// An attribute's value, its line breaks and tabs kept (XML turns them into spaces otherwise).
fn esc_attr(s: &str) -> String {
    esc(s).replace('\n', "&#10;").replace('\r', "&#13;").replace('\t', "&#9;")
}

/// The id an element of a diagram gets in the file: its own as an XML name, after `prefix`
/// for a diagram one level down (whose ids share the file's id space).
pub(crate) fn written_id(prefix: &str, own: &str) -> String {
    if prefix.is_empty() {
        xml_id(own)
    } else {
        format!("{prefix}{}", xml_id(own).trim_start_matches("id_"))
    }
}

/// An id BPMN accepts (an XML name): the document's id when it is one, else prefixed.
pub(crate) fn xml_id(id: &str) -> String {
    let ok_start = id.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_');
    let ok = id.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok_start && ok {
        id.to_string()
    } else {
        let clean: String =
            id.chars().map(|c| if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') { c } else { '_' }).collect();
        format!("id_{clean}")
    }
}

fn element(n: &Node, doc: &Document) -> &'static str {
    match n.kind {
        NodeType::Start => "startEvent",
        NodeType::End => "endEvent",
        NodeType::Decision => "exclusiveGateway",
        NodeType::Parallel => "parallelGateway",
        NodeType::Subprocess => "subProcess",
        NodeType::Form => "dataObjectReference",
        NodeType::Event if host(n, doc).is_some() => "boundaryEvent",
        NodeType::Event if n.throw => "intermediateThrowEvent",
        NodeType::Event => "intermediateCatchEvent",
        _ => "task",
    }
}

/// The step a boundary event is attached to, when it names one BPMN can attach it to.
fn host<'d>(n: &Node, doc: &'d Document) -> Option<&'d Node> {
    let host = doc.node(n.attached.as_deref()?)?;
    matches!(host.kind, NodeType::Task | NodeType::Subprocess).then_some(host)
}

/// BPMN's name of a trigger's event definition.
fn definition(t: Trigger) -> &'static str {
    match t {
        Trigger::Timer => "timerEventDefinition",
        Trigger::Message => "messageEventDefinition",
        Trigger::Signal => "signalEventDefinition",
        Trigger::Error => "errorEventDefinition",
        Trigger::Conditional => "conditionalEventDefinition",
    }
}

/// Procmod's own fields of a shape, as attributes of `procmod:step` (`written` is its id in
/// the file, `at` its place in the file's diagram); none when all are unset.
fn step_fields(n: &Node, doc: &Document, written: &str, at: (f64, f64)) -> String {
    let mut a = String::new();
    let mut attr = |k: &str, v: &str| {
        if !v.is_empty() {
            let _ = write!(a, " {k}=\"{}\"", esc_attr(v));
        }
    };
    if written != n.id {
        attr("id", &n.id);
    }
    // The shape's own place where the file's diagram draws it elsewhere (around an expanded
    // sub-process), and a size of its own (the diagram gives every shape one).
    if at != (n.x, n.y) {
        attr("x", &editable(n.x));
        attr("y", &editable(n.y));
    }
    if n.w != 0.0 {
        attr("w", &editable(n.w));
    }
    if n.h != 0.0 {
        attr("h", &editable(n.h));
    }
    if n.work != 0.0 {
        attr("work", &editable(n.work));
    }
    if n.wait != 0.0 {
        attr("wait", &editable(n.wait));
    }
    attr(
        "value",
        match n.value {
            Some(ValueClass::Va) => "va",
            Some(ValueClass::Bva) => "bva",
            Some(ValueClass::Nva) => "nva",
            None => "",
        },
    );
    if n.control_point {
        attr("controlPoint", "true");
    }
    attr("system", &n.system);
    attr("notes", &n.notes);
    attr("link", n.link.as_deref().unwrap_or_default());
    attr("inputs", &n.inputs.join("\n"));
    attr("outputs", &n.outputs.join("\n"));
    attr("accountable", n.accountable.as_deref().unwrap_or_default());
    attr("consulted", &n.consulted.join(" "));
    attr("informed", &n.informed.join(" "));
    attr("risk", &n.risk);
    attr("control", &n.control);
    attr("evidence", &n.evidence);
    // The lane where no flowNodeRef says it: a document shape's, or a lane the document lacks.
    if n.kind == NodeType::Form || n.lane.as_deref().is_some_and(|l| doc.lane(l).is_none()) {
        attr("lane", n.lane.as_deref().unwrap_or_default());
    }
    a
}

/// Procmod's own fields of a connector, as attributes of `procmod:flow`; none when all are unset.
fn flow_extension(e: &Edge, written: &str, message_in_pool: bool) -> Option<String> {
    let mut ext = String::new();
    if written != e.id {
        let _ = write!(ext, " id=\"{}\"", esc_attr(&e.id));
    }
    if let Some(p) = e.probability {
        let _ = write!(ext, " probability=\"{}\"", editable(p));
    }
    if let Some(t) = e.transfer {
        let _ = write!(ext, " transfer=\"{}\"", editable(t));
    }
    if !e.points.is_empty() {
        let points: Vec<String> = e.points.iter().map(|p| format!("{},{}", editable(p[0]), editable(p[1]))).collect();
        let _ = write!(ext, " points=\"{}\"", points.join(" "));
    }
    if message_in_pool {
        ext.push_str(" kind=\"message\"");
    }
    (!ext.is_empty()).then(|| format!("<bpmn:extensionElements><procmod:flow{ext}/></bpmn:extensionElements>"))
}

/// A document's own fields (title, time unit, process data, settings) as `procmod:document`.
fn document_fields(doc: &Document) -> String {
    let mut out =
        format!("<procmod:document title=\"{}\" timeUnit=\"{}\">", esc_attr(&doc.title), doc.time_unit.as_str());
    if !doc.meta.is_empty() {
        let _ =
            write!(out, "<procmod:meta>{}</procmod:meta>", esc(&serde_json::to_string(&doc.meta).unwrap_or_default()));
    }
    if !doc.settings.is_empty() {
        let settings = serde_json::to_string(&doc.settings).unwrap_or_default();
        let _ = write!(out, "<procmod:settings>{}</procmod:settings>", esc(&settings));
    }
    out.push_str("</procmod:document>");
    out
}

/// The pools of a document: the names lanes give (the document's own pool, unnamed, first),
/// and each lane's pool by position.
fn pools(doc: &Document) -> (Vec<&str>, Vec<usize>) {
    let mut names: Vec<&str> = vec![""];
    let of_lane = doc
        .lanes
        .iter()
        .map(|l| match names.iter().position(|p| *p == l.pool.as_str()) {
            Some(i) => i,
            None => {
                names.push(l.pool.as_str());
                names.len() - 1
            }
        })
        .collect();
    (names, of_lane)
}

/// How a sub-process whose diagram one level down is at hand is written: collapsed (its
/// content drawn on a diagram of its own, opened by drilling down in BPMN tools) or expanded
/// (its content drawn inside it, the shapes after it moved to make room).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SubProcesses {
    #[default]
    Collapsed,
    Expanded,
}

/// Room around the content of an expanded sub-process.
const PAD: f64 = 30.0;
/// How deep diagrams one level down are followed (process levels L1 … L6).
const MAX_DEPTH: usize = 6;

/// One diagram written into the file: its document, the prefix its ids get (diagrams one level
/// down share the file's id space), and its shapes' places in the file's diagram.
struct Level<'d> {
    doc: &'d Document,
    prefix: String,
    /// The document as drawn: expanded sub-processes grown to hold their content, the shapes
    /// after them moved (the document itself when nothing is expanded).
    drawn: std::borrow::Cow<'d, Document>,
    /// Expanded sub-processes' content: the node's id → its level and the offset of its content.
    inner: Vec<(String, Level<'d>, (f64, f64))>,
    /// Collapsed sub-processes' content: the node's id → its level.
    collapsed: Vec<(String, Level<'d>)>,
    /// Where the file's diagram draws this level's shapes, relative to their own places (the
    /// content of an expanded sub-process sits inside it).
    offset: (f64, f64),
}

impl<'d> Level<'d> {
    fn id(&self, own: &str) -> String {
        written_id(&self.prefix, own)
    }

    /// Reads `doc` and, below it, the diagrams its sub-processes link to (those at hand, no
    /// diagram twice on one path), laid out as `how` says.
    fn new(
        doc: &'d Document,
        prefix: String,
        linked: &'d std::collections::HashMap<String, Document>,
        how: SubProcesses,
        path: &mut Vec<*const Document>,
    ) -> Self {
        path.push(doc as *const Document);
        let mut level = Level {
            doc,
            prefix,
            drawn: std::borrow::Cow::Borrowed(doc),
            inner: Vec::new(),
            collapsed: Vec::new(),
            offset: (0.0, 0.0),
        };
        if path.len() <= MAX_DEPTH {
            for n in doc.nodes.iter().filter(|n| n.kind == NodeType::Subprocess) {
                let Some(child) = n.link.as_deref().and_then(|l| linked.get(l)) else { continue };
                if child.kind != Kind::Swimlane || path.contains(&(child as *const Document)) || child.nodes.is_empty()
                {
                    continue;
                }
                let prefix = format!("{}_", level.id(&n.id));
                let inner = Level::new(child, prefix, linked, how, path);
                match how {
                    SubProcesses::Collapsed => level.collapsed.push((n.id.clone(), inner)),
                    SubProcesses::Expanded => level.inner.push((n.id.clone(), inner, (0.0, 0.0))),
                }
            }
        }
        path.pop();
        level.make_room();
        level
    }

    /// Grows each expanded sub-process to hold its content and moves what comes after it
    /// (along the flow, and across it in its lane and the lanes beyond) out of the way.
    fn make_room(&mut self) {
        if self.inner.is_empty() {
            return;
        }
        let vertical = self.doc.settings.orientation == Orientation::Vertical;
        // A copy of the document only where something moves.
        let drawn = self.drawn.to_mut();
        // Along and across the flow.
        let split = |x: f64, y: f64| if vertical { (y, x) } else { (x, y) };
        let join = |a: f64, c: f64| if vertical { (c, a) } else { (a, c) };
        // Furthest along first, so that each moves what lies beyond it once.
        let mut order: Vec<usize> = (0..self.inner.len()).collect();
        let along_of = |d: &Document, id: &str| d.node(id).map_or(0.0, |n| split(n.x, n.y).0);
        order.sort_by(|&a, &b| along_of(drawn, &self.inner[b].0).total_cmp(&along_of(drawn, &self.inner[a].0)));
        for k in order {
            let (id, content) = (&self.inner[k].0, &self.inner[k].1.drawn);
            let Some(sub) = drawn.node(id).cloned() else { continue };
            let (x0, y0, x1, y1) = extent(content);
            let (w, h) = (x1 - x0 + 2.0 * PAD, y1 - y0 + 2.0 * PAD + 10.0);
            let (sw, sh) = (sub.width(), sub.height());
            let (grow_along, grow_across) = split(w.max(sw) - sw, h.max(sh) - sh);
            let (s_along, s_across) = split(sub.x, sub.y);
            let (s_len, s_thick) = split(sw, sh);
            let lane_index = sub.lane.as_deref().and_then(|l| drawn.lanes.iter().position(|x| x.id == l));
            let bands = lane_bands(drawn);
            let band_end = lane_index.and_then(|i| bands.iter().find(|b| b.id == drawn.lanes[i].id)).map(|b| b.end());
            let shift = |along: f64, across: f64| -> (f64, f64) {
                let da = if along >= s_along + s_len { grow_along } else { 0.0 };
                let beyond_lane = band_end.is_some_and(|end| across >= end);
                let below_in_lane =
                    !beyond_lane && across >= s_across + s_thick && along < s_along + s_len + grow_along;
                let dc = if beyond_lane || (below_in_lane && band_end.is_some()) { grow_across } else { 0.0 };
                (da, dc)
            };
            for n in drawn.nodes.iter_mut() {
                if n.id == sub.id {
                    continue;
                }
                let (a, c) = split(n.x, n.y);
                let (da, dc) = shift(a, c);
                if da != 0.0 || dc != 0.0 {
                    let n: &mut Node = n;
                    (n.x, n.y) = join(a + da, c + dc);
                }
            }
            for e in drawn.edges.iter_mut().filter(|e| !e.points.is_empty()) {
                let e: &mut Edge = e;
                for p in e.points.iter_mut() {
                    let (a, c) = split(p[0], p[1]);
                    let (da, dc) = shift(a, c);
                    let (x, y) = join(a + da, c + dc);
                    *p = [x, y];
                }
            }
            if let Some(i) = lane_index {
                let lane = &mut drawn.lanes[i];
                lane.size = Some(lane.size() + grow_across);
            }
            if let Some(n) = drawn.node_mut(&sub.id) {
                n.w = w.max(sw);
                n.h = h.max(sh);
            }
        }
        // The content inside each sub-process, where it finally is.
        for (id, content, offset) in self.inner.iter_mut() {
            if let Some(sub) = drawn.node(id) {
                let (x0, y0, _, _) = extent(&content.drawn);
                *offset = (sub.x + PAD - x0, sub.y + PAD + 10.0 - y0);
            }
        }
    }
}

/// The box the shapes of a document cover: (left, top, right, bottom).
fn extent(doc: &Document) -> (f64, f64, f64, f64) {
    let mut e = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for n in doc.nodes.iter() {
        e = (e.0.min(n.x), e.1.min(n.y), e.2.max(n.x + n.width()), e.3.max(n.y + n.height()));
    }
    if e.0.is_finite() {
        e
    } else {
        (0.0, 0.0, 0.0, 0.0)
    }
}

/// A swimlane as a BPMN 2.0 document with its diagram.
pub fn export(doc: &Document) -> Result<String, ExportError> {
    export_with(doc, &std::collections::HashMap::new(), SubProcesses::Collapsed)
}

/// A swimlane as BPMN 2.0 with the diagrams one level down that its sub-processes link to
/// (`linked`, by the value of their `link`): each sub-process holds its diagram's content,
/// drawn collapsed or expanded.
pub fn export_with(
    doc: &Document,
    linked: &std::collections::HashMap<String, Document>,
    how: SubProcesses,
) -> Result<String, ExportError> {
    if doc.kind != Kind::Swimlane {
        return Err(ExportError::NotASwimlane(doc.kind));
    }
    let mut top = Level::new(doc, String::new(), linked, how, &mut Vec::new());
    top.place_at((0.0, 0.0));
    // Pools: lanes by their pool; a shape in no lane is in the first pool.
    let (names, lane_pool) = pools(doc);
    let own_used = doc.lanes.is_empty()
        || lane_pool.contains(&0)
        || doc.nodes.iter().any(|n| n.lane.as_deref().is_none_or(|l| doc.lane(l).is_none()));
    let pool_ids: Vec<usize> = (0..names.len()).filter(|&k| k > 0 || own_used).collect();
    let pool_of_lane: std::collections::HashMap<&str, usize> =
        doc.lanes.iter().zip(&lane_pool).map(|(l, &k)| (l.id.as_str(), k)).collect();
    let first_pool = pool_ids[0];
    let pool_of = |n: &Node| n.lane.as_deref().and_then(|l| pool_of_lane.get(l).copied()).unwrap_or(first_pool);
    let index = doc.node_positions();
    let pool_of_id = |id: &str| index.get(id).map(|&i| pool_of(&doc.nodes[i])).unwrap_or(first_pool);
    // A message between pools is a message flow; one inside a pool stays a sequence flow that
    // says what it is.
    let message_flow = |e: &Edge| is_message(e) && pool_of_id(&e.from) != pool_of_id(&e.to);

    let mut out = String::with_capacity(32 * 1024);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" \
         xmlns:bpmndi=\"http://www.omg.org/spec/BPMN/20100524/DI\" xmlns:dc=\"http://www.omg.org/spec/DD/20100524/DC\" \
         xmlns:di=\"http://www.omg.org/spec/DD/20100524/DI\" xmlns:bpsim=\"{BPSIM_NS}\" xmlns:procmod=\"{PROCMOD_NS}\" id=\"Definitions_1\" \
         targetNamespace=\"urn:procmod:process\" exporter=\"Procmod\" exporterVersion=\"{}\">\n",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("  <bpmn:collaboration id=\"Collaboration_1\">");
    for &k in &pool_ids {
        let name = if k == 0 { doc.title.trim() } else { names[k] };
        let _ = write!(
            out,
            "<bpmn:participant id=\"Participant_{}\" name=\"{}\" processRef=\"Process_{}\"/>",
            k + 1,
            esc_attr(name),
            k + 1
        );
    }
    for e in doc.edges.iter().filter(|e| message_flow(e)) {
        let id = top.id(&e.id);
        let _ = write!(
            out,
            "<bpmn:messageFlow id=\"{id}\" sourceRef=\"{}\" targetRef=\"{}\"",
            top.id(&e.from),
            top.id(&e.to)
        );
        if !e.label.is_empty() {
            let _ = write!(out, " name=\"{}\"", esc_attr(&e.label));
        }
        match flow_extension(e, &id, false) {
            Some(ext) => {
                let _ = write!(out, ">{ext}</bpmn:messageFlow>");
            }
            None => out.push_str("/>"),
        }
    }
    out.push_str("</bpmn:collaboration>\n");
    let mut through = Vec::new();
    for (pi, &k) in pool_ids.iter().enumerate() {
        let _ = writeln!(out, "  <bpmn:process id=\"Process_{}\" isExecutable=\"false\">", k + 1);
        if pi == 0 {
            // The document's own fields, so that reading the file back loses nothing.
            let _ = writeln!(out, "    <bpmn:extensionElements>{}</bpmn:extensionElements>", document_fields(doc));
        }
        let lanes: Vec<&Lane> = doc.lanes.iter().zip(&lane_pool).filter(|(_, &p)| p == k).map(|(l, _)| l).collect();
        lane_set(&mut out, &top, &lanes, &format!("LaneSet_{}", k + 1), pool_ids.len() > 1);
        content(&mut out, &top, &|n| pool_of(n) == k, &message_flow, &mut through);
        out.push_str("  </bpmn:process>\n");
    }
    // The branch probabilities as BPSim control parameters, one scenario, as simulation tools
    // (Signavio, Bizagi, BIMP) read them.
    let mut branches = Vec::new();
    top.each(&mut |level| {
        let is_form = |id: &str| level.doc.node(id).is_some_and(|n| n.kind == NodeType::Form);
        for e in level.doc.edges.iter() {
            if let Some(p) = e.probability.filter(|_| !is_form(&e.from) && !is_form(&e.to) && !is_message(e)) {
                branches.push((level.id(&e.id), p));
            }
        }
    });
    if !branches.is_empty() {
        out.push_str("  <bpmn:relationship id=\"Relationship_BPSim\" type=\"BPSimData\"><bpmn:extensionElements><bpsim:BPSimData><bpsim:Scenario id=\"Scenario_1\" name=\"Procmod\">");
        for (id, p) in branches {
            let _ = write!(
                out,
                "<bpsim:ElementParameters elementRef=\"{id}\"><bpsim:ControlParameters><bpsim:Probability><bpsim:FloatingParameter value=\"{}\"/></bpsim:Probability></bpsim:ControlParameters></bpsim:ElementParameters>",
                editable(p)
            );
        }
        let _ = writeln!(
            out,
            "</bpsim:Scenario></bpsim:BPSimData></bpmn:extensionElements><bpmn:source>Process_{0}</bpmn:source><bpmn:target>Process_{0}</bpmn:target></bpmn:relationship>",
            first_pool + 1
        );
    }

    // The diagram: the pools, the lanes, the shapes and the connectors' waypoints.
    let drawn = &top.drawn;
    let vertical = doc.settings.orientation == Orientation::Vertical;
    let bands = lane_bands(drawn);
    let len = lane_length(drawn);
    out.push_str("  <bpmndi:BPMNDiagram id=\"BPMNDiagram_1\"><bpmndi:BPMNPlane id=\"BPMNPlane_1\" bpmnElement=\"Collaboration_1\">\n");
    for &k in &pool_ids {
        // A pool covers its lanes' bands (all of them for the document's own pool without lanes).
        let own: Vec<_> = bands.iter().zip(&lane_pool).filter(|(_, &p)| p == k).map(|(b, _)| b).collect();
        let (from, to) = match (own.first(), own.last()) {
            (Some(a), Some(b)) => (a.start, b.end()),
            _ => (0.0, bands.last().map_or(Lane::DEFAULT_SIZE, |b| b.end())),
        };
        let pool = if vertical {
            bounds(from, -POOL_BAND, to - from, len + POOL_BAND)
        } else {
            bounds(-POOL_BAND, from, len + POOL_BAND, to - from)
        };
        let _ = writeln!(
            out,
            "    <bpmndi:BPMNShape id=\"Participant_{0}_di\" bpmnElement=\"Participant_{0}\" isHorizontal=\"{1}\">{pool}</bpmndi:BPMNShape>",
            k + 1,
            !vertical
        );
    }
    for b in &bands {
        let place = if vertical { bounds(b.start, 0.0, b.size, len) } else { bounds(0.0, b.start, len, b.size) };
        let id = top.id(&b.id);
        let _ = writeln!(
            out,
            "    <bpmndi:BPMNShape id=\"{id}_di\" bpmnElement=\"{id}\" isHorizontal=\"{}\">{place}</bpmndi:BPMNShape>",
            !vertical
        );
    }
    drawing(&mut out, &top, &through);
    out.push_str("  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>\n");
    // Collapsed sub-processes' content, each on a diagram of its own (the planes BPMN tools
    // drill down into).
    let mut planes = 1;
    top.each(&mut |level| {
        for (id, inner) in &level.collapsed {
            planes += 1;
            let _ = writeln!(
                out,
                "  <bpmndi:BPMNDiagram id=\"BPMNDiagram_{planes}\"><bpmndi:BPMNPlane id=\"BPMNPlane_{planes}\" bpmnElement=\"{}\">",
                level.id(id)
            );
            drawing(&mut out, inner, &[]);
            out.push_str("  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>\n");
        }
    });
    out.push_str("</bpmn:definitions>\n");
    Ok(out)
}

impl Level<'_> {
    /// Gives this level and those inside its expanded sub-processes their offsets.
    fn place_at(&mut self, offset: (f64, f64)) {
        self.offset = offset;
        for (_, inner, (dx, dy)) in self.inner.iter_mut() {
            inner.place_at((offset.0 + *dx, offset.1 + *dy));
        }
        for (_, inner) in self.collapsed.iter_mut() {
            inner.place_at((0.0, 0.0));
        }
    }

    /// Calls `f` on this level and every level below it, collapsed or expanded.
    fn each(&self, f: &mut dyn FnMut(&Level)) {
        f(self);
        for (_, inner, _) in &self.inner {
            inner.each(f);
        }
        for (_, inner) in &self.collapsed {
            inner.each(f);
        }
    }

    /// The content of the sub-process `id`, at this level.
    fn content_of(&self, id: &str) -> Option<&Level<'_>> {
        self.inner
            .iter()
            .find(|(n, _, _)| n == id)
            .map(|(_, l, _)| l)
            .or_else(|| self.collapsed.iter().find(|(n, _)| n == id).map(|(_, l)| l))
    }
}

fn is_message(e: &Edge) -> bool {
    e.flow == Some(ArrowKind::Message)
}

fn bounds(x: f64, y: f64, w: f64, h: f64) -> String {
    format!(
        "<dc:Bounds x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
        editable(x),
        editable(y),
        editable(w),
        editable(h)
    )
}

/// A lane set: a lane per Procmod lane, with the flow nodes in it and Procmod's lane fields.
fn lane_set(out: &mut String, level: &Level, lanes: &[&Lane], id: &str, always_fields: bool) {
    if lanes.is_empty() {
        return;
    }
    let doc = level.doc;
    let _ = writeln!(out, "    <bpmn:laneSet id=\"{}{id}\">", level.prefix);
    for lane in lanes {
        let written = level.id(&lane.id);
        let _ = write!(out, "      <bpmn:lane id=\"{written}\" name=\"{}\">", esc_attr(&lane.name));
        let mut ext = String::new();
        if written != lane.id {
            let _ = write!(ext, " id=\"{}\"", esc_attr(&lane.id));
        }
        if let Some(c) = lane.capacity {
            let _ = write!(ext, " capacity=\"{}\"", editable(c));
        }
        if let Some(size) = lane.size {
            let _ = write!(ext, " size=\"{}\"", editable(size));
        }
        if !lane.pool.is_empty() {
            let _ = write!(ext, " pool=\"{}\"", esc_attr(&lane.pool));
        }
        if !ext.is_empty() || always_fields {
            let _ = write!(out, "<bpmn:extensionElements><procmod:lane{ext}/></bpmn:extensionElements>");
        }
        for n in doc.nodes.iter().filter(|n| n.lane.as_deref() == Some(lane.id.as_str()) && n.kind != NodeType::Form) {
            let _ = write!(out, "<bpmn:flowNodeRef>{}</bpmn:flowNodeRef>", level.id(&n.id));
        }
        out.push_str("</bpmn:lane>\n");
    }
    out.push_str("    </bpmn:laneSet>\n");
}

/// The flow elements of one level (those of its nodes `here` says): shapes with their
/// connectors and data associations, sub-processes with their content, sequence flows, and
/// the flows a document shape in the flow stands for (collected in `through` for the diagram).
fn content(
    out: &mut String,
    level: &Level,
    here: &dyn Fn(&Node) -> bool,
    message_flow: &dyn Fn(&Edge) -> bool,
    through: &mut Vec<(String, String, String)>,
) {
    let doc = level.doc;
    // Shapes by id, and each shape's connectors in and out, in document order.
    let index = doc.node_positions();
    let node = |id: &str| index.get(id).map(|&i| &*doc.nodes[i]);
    let is_form = |id: &str| node(id).is_some_and(|n| n.kind == NodeType::Form);
    let mut ins: std::collections::HashMap<&str, Vec<&Edge>> = std::collections::HashMap::new();
    let mut outs: std::collections::HashMap<&str, Vec<&Edge>> = std::collections::HashMap::new();
    for e in doc.edges.iter() {
        ins.entry(e.to.as_str()).or_default().push(e);
        outs.entry(e.from.as_str()).or_default().push(e);
    }
    let none = Vec::new();
    let ins = |id: &str| ins.get(id).unwrap_or(&none);
    let outs = |id: &str| outs.get(id).unwrap_or(&none);
    let (ox, oy) = level.offset;
    // The drawn document is the document moved about: the same shapes in the same order.
    let place = |n: &Node| {
        index.get(n.id.as_str()).and_then(|&i| level.drawn.nodes.get(i)).map_or((n.x, n.y), |d| (d.x + ox, d.y + oy))
    };
    for n in doc.nodes.iter().filter(|n| here(n)) {
        let id = level.id(&n.id);
        let name = esc_attr(&n.label);
        let fields = step_fields(n, doc, &id, place(n));
        let inner = level.content_of(&n.id);
        let mut ext = String::new();
        if !fields.is_empty() {
            let _ = write!(ext, "<procmod:step{fields}/>");
        }
        if let Some(inner) = inner {
            ext.push_str(&document_fields(inner.doc));
        }
        let ext = if ext.is_empty() { ext } else { format!("<bpmn:extensionElements>{ext}</bpmn:extensionElements>") };
        if n.kind == NodeType::Form {
            let _ = writeln!(
                out,
                "    <bpmn:dataObjectReference id=\"{id}\" name=\"{name}\" dataObjectRef=\"DataObject_{id}\">{ext}</bpmn:dataObjectReference><bpmn:dataObject id=\"DataObject_{id}\"/>"
            );
            continue;
        }
        let tag = element(n, doc);
        let _ = write!(out, "    <bpmn:{tag} id=\"{id}\" name=\"{name}\"");
        if let Some(h) = host(n, doc).filter(|_| tag == "boundaryEvent") {
            let _ = write!(out, " attachedToRef=\"{}\"", level.id(&h.id));
            if n.non_interrupting {
                out.push_str(" cancelActivity=\"false\"");
            }
        }
        out.push('>');
        out.push_str(&ext);
        for e in ins(&n.id).iter().filter(|e| !is_form(&e.from) && !message_flow(e)) {
            let _ = write!(out, "<bpmn:incoming>{}</bpmn:incoming>", level.id(&e.id));
        }
        for e in outs(&n.id).iter().filter(|e| !is_form(&e.to) && !message_flow(e)) {
            let _ = write!(out, "<bpmn:outgoing>{}</bpmn:outgoing>", level.id(&e.id));
        }
        // Documents read, then documents written (the order BPMN's schema wants): data
        // associations, by the connector's id.
        for (tag, role, reads) in
            [("dataInputAssociation", "sourceRef", true), ("dataOutputAssociation", "targetRef", false)]
        {
            for e in if reads { ins(&n.id) } else { outs(&n.id) } {
                let form = if reads { &e.from } else { &e.to };
                if is_form(form) {
                    let _ = write!(
                        out,
                        "<bpmn:{tag} id=\"{}\"><bpmn:{role}>{}</bpmn:{role}></bpmn:{tag}>",
                        level.id(&e.id),
                        level.id(form)
                    );
                }
            }
        }
        if let Some(inner) = inner {
            // The diagram one level down, inside the sub-process.
            out.push('\n');
            let lanes: Vec<&Lane> = inner.doc.lanes.iter().collect();
            lane_set(out, inner, &lanes, "LaneSet", true);
            content(out, inner, &|_| true, &|_| false, through);
            out.push_str("    ");
        }
        if let Some(t) = n.trigger.filter(|_| matches!(n.kind, NodeType::Event | NodeType::Start | NodeType::End)) {
            let _ = write!(out, "<bpmn:{} id=\"{id}_definition\"/>", definition(t));
        }
        let _ = writeln!(out, "</bpmn:{tag}>");
    }
    // Sequence flows between flow nodes; a form in the flow is passed through (the work goes on
    // from what leads into the form to what the form leads to), and says so.
    let from_here = |e: &Edge| node(&e.from).is_some_and(here);
    for e in doc.edges.iter().filter(|e| !is_form(&e.from) && !is_form(&e.to) && !message_flow(e) && from_here(e)) {
        let id = level.id(&e.id);
        let _ = write!(
            out,
            "    <bpmn:sequenceFlow id=\"{id}\" sourceRef=\"{}\" targetRef=\"{}\"",
            level.id(&e.from),
            level.id(&e.to)
        );
        if !e.label.is_empty() {
            let _ = write!(out, " name=\"{}\"", esc_attr(&e.label));
        }
        let mut inner = String::new();
        if let Some(p) = e.probability {
            let _ = write!(inner, "<bpmn:documentation>{}%</bpmn:documentation>", editable(p * 100.0));
        }
        if let Some(ext) = flow_extension(e, &id, is_message(e)) {
            inner.push_str(&ext);
        }
        if inner.is_empty() {
            out.push_str("/>\n");
        } else {
            let _ = writeln!(out, ">{inner}</bpmn:sequenceFlow>");
        }
    }
    for f in doc.nodes.iter().filter(|n| n.kind == NodeType::Form && here(n)) {
        for a in ins(&f.id).iter().filter(|e| !is_form(&e.from)) {
            for b in outs(&f.id).iter().filter(|e| !is_form(&e.to)) {
                let id = format!("{}Flow_{}_{}", level.prefix, xml_id(&a.id), xml_id(&b.id));
                let _ = writeln!(
                    out,
                    "    <bpmn:sequenceFlow id=\"{id}\" sourceRef=\"{}\" targetRef=\"{}\"><bpmn:extensionElements><procmod:through form=\"{}\" in=\"{}\" out=\"{}\"/></bpmn:extensionElements></bpmn:sequenceFlow>",
                    level.id(&a.from),
                    level.id(&b.to),
                    level.id(&f.id),
                    level.id(&a.id),
                    level.id(&b.id)
                );
                if level.prefix.is_empty() {
                    through.push((id, a.from.clone(), b.to.clone()));
                }
            }
        }
    }
}

/// The shapes and connectors of one level as drawn, moved by its offset (the content of an
/// expanded sub-process sits inside it), with the content of its expanded sub-processes.
fn drawing(out: &mut String, level: &Level, through: &[(String, String, String)]) {
    let drawn = &level.drawn;
    let (ox, oy) = level.offset;
    for n in drawn.nodes.iter() {
        let id = level.id(&n.id);
        let expanded = if n.kind != NodeType::Subprocess {
            ""
        } else if level.inner.iter().any(|(s, _, _)| *s == n.id) {
            " isExpanded=\"true\""
        } else {
            " isExpanded=\"false\""
        };
        let _ = writeln!(
            out,
            "    <bpmndi:BPMNShape id=\"{id}_di\" bpmnElement=\"{id}\"{expanded}>{}</bpmndi:BPMNShape>",
            bounds(n.x + ox, n.y + oy, n.width(), n.height())
        );
    }
    let routes = route::route_all(drawn);
    let waypoints = |points: &[(f64, f64)]| {
        points
            .iter()
            .map(|(x, y)| format!("<di:waypoint x=\"{}\" y=\"{}\"/>", editable(*x + ox), editable(*y + oy)))
            .collect::<String>()
    };
    for (e, r) in drawn.edges.iter().zip(&routes) {
        let Some(r) = r else { continue };
        let id = level.id(&e.id);
        let _ = writeln!(
            out,
            "    <bpmndi:BPMNEdge id=\"{id}_di\" bpmnElement=\"{id}\">{}</bpmndi:BPMNEdge>",
            waypoints(&r.points)
        );
    }
    // The flows through a form: straight from its source's centre line to its target's.
    for (id, a, b) in through {
        if let (Some(na), Some(nb)) = (drawn.node(a), drawn.node(b)) {
            let points = crate::editor::layout::route(
                crate::editor::layout::rect_of(na),
                crate::editor::layout::rect_of(nb),
                drawn.settings.orientation,
            );
            let _ = writeln!(
                out,
                "    <bpmndi:BPMNEdge id=\"{id}_di\" bpmnElement=\"{id}\">{}</bpmndi:BPMNEdge>",
                waypoints(&points)
            );
        }
    }
    for (_, inner, _) in &level.inner {
        drawing(out, inner, &[]);
    }
}
