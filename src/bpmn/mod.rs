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

/// Procmod's own fields of a shape, as attributes of `procmod:step`; none when all are unset.
fn step_extension(n: &Node, doc: &Document) -> Option<String> {
    let mut a = String::new();
    let mut attr = |k: &str, v: &str| {
        if !v.is_empty() {
            let _ = write!(a, " {k}=\"{}\"", esc_attr(v));
        }
    };
    if xml_id(&n.id) != n.id {
        attr("id", &n.id);
    }
    // A size of its own (the diagram interchange gives every shape one).
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
    (!a.is_empty()).then(|| format!("<bpmn:extensionElements><procmod:step{a}/></bpmn:extensionElements>"))
}

/// Procmod's own fields of a connector, as attributes of `procmod:flow`; none when all are unset.
fn flow_extension(e: &Edge, message_in_pool: bool) -> Option<String> {
    let mut ext = String::new();
    if xml_id(&e.id) != e.id {
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
    // The document's own pool is left out when every lane is in a named one.
    (names, of_lane)
}

/// A swimlane as a BPMN 2.0 document with its diagram.
pub fn export(doc: &Document) -> Result<String, ExportError> {
    if doc.kind != Kind::Swimlane {
        return Err(ExportError::NotASwimlane(doc.kind));
    }
    let is_form = |id: &str| doc.node(id).is_some_and(|n| n.kind == NodeType::Form);
    let pos = doc.node_positions();
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
    let pool_of_id = |id: &str| doc.node(id).map(pool_of).unwrap_or(first_pool);
    let is_message = |e: &Edge| e.flow == Some(ArrowKind::Message);
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
        let _ = write!(
            out,
            "<bpmn:messageFlow id=\"{}\" sourceRef=\"{}\" targetRef=\"{}\"",
            xml_id(&e.id),
            xml_id(&e.from),
            xml_id(&e.to)
        );
        if !e.label.is_empty() {
            let _ = write!(out, " name=\"{}\"", esc_attr(&e.label));
        }
        match flow_extension(e, false) {
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
        let in_pool = |n: &Node| pool_of(n) == k;
        if pi == 0 {
            // The document's own fields, so that reading the file back loses nothing.
            let meta =
                if doc.meta.is_empty() { String::new() } else { serde_json::to_string(&doc.meta).unwrap_or_default() };
            let settings = if doc.settings.is_empty() {
                String::new()
            } else {
                serde_json::to_string(&doc.settings).unwrap_or_default()
            };
            let _ = write!(
                out,
                "    <bpmn:extensionElements><procmod:document title=\"{}\" timeUnit=\"{}\">",
                esc_attr(&doc.title),
                doc.time_unit.as_str()
            );
            if !meta.is_empty() {
                let _ = write!(out, "<procmod:meta>{}</procmod:meta>", esc(&meta));
            }
            if !settings.is_empty() {
                let _ = write!(out, "<procmod:settings>{}</procmod:settings>", esc(&settings));
            }
            out.push_str("</procmod:document></bpmn:extensionElements>\n");
        }
        // Lanes, with the shapes in each (data objects are not flow nodes).
        let lanes: Vec<_> = doc.lanes.iter().zip(&lane_pool).filter(|(_, &p)| p == k).map(|(l, _)| l).collect();
        if !lanes.is_empty() {
            let _ = writeln!(out, "    <bpmn:laneSet id=\"LaneSet_{}\">", k + 1);
            for lane in lanes {
                let _ = write!(out, "      <bpmn:lane id=\"{}\" name=\"{}\">", xml_id(&lane.id), esc_attr(&lane.name));
                let mut ext = String::new();
                if xml_id(&lane.id) != lane.id {
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
                if !ext.is_empty() || pool_ids.len() > 1 {
                    let _ = write!(out, "<bpmn:extensionElements><procmod:lane{ext}/></bpmn:extensionElements>");
                }
                for n in
                    doc.nodes.iter().filter(|n| n.lane.as_deref() == Some(lane.id.as_str()) && n.kind != NodeType::Form)
                {
                    let _ = write!(out, "<bpmn:flowNodeRef>{}</bpmn:flowNodeRef>", xml_id(&n.id));
                }
                out.push_str("</bpmn:lane>\n");
            }
            out.push_str("    </bpmn:laneSet>\n");
        }
        // Shapes, each with its incoming and outgoing sequence flows and its data associations.
        for n in doc.nodes.iter().filter(|n| in_pool(n)) {
            let id = xml_id(&n.id);
            let name = esc_attr(&n.label);
            if n.kind == NodeType::Form {
                let ext = step_extension(n, doc).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "    <bpmn:dataObjectReference id=\"{id}\" name=\"{name}\" dataObjectRef=\"DataObject_{id}\">{ext}</bpmn:dataObjectReference><bpmn:dataObject id=\"DataObject_{id}\"/>"
                );
                continue;
            }
            let tag = element(n, doc);
            let _ = write!(out, "    <bpmn:{tag} id=\"{id}\" name=\"{name}\"");
            if let Some(h) = host(n, doc).filter(|_| tag == "boundaryEvent") {
                let _ = write!(out, " attachedToRef=\"{}\"", xml_id(&h.id));
                if n.non_interrupting {
                    out.push_str(" cancelActivity=\"false\"");
                }
            }
            out.push('>');
            if let Some(ext) = step_extension(n, doc) {
                out.push_str(&ext);
            }
            for e in doc.edges.iter().filter(|e| e.to == n.id && !is_form(&e.from) && !message_flow(e)) {
                let _ = write!(out, "<bpmn:incoming>{}</bpmn:incoming>", xml_id(&e.id));
            }
            for e in doc.edges.iter().filter(|e| e.from == n.id && !is_form(&e.to) && !message_flow(e)) {
                let _ = write!(out, "<bpmn:outgoing>{}</bpmn:outgoing>", xml_id(&e.id));
            }
            // Documents read, then documents written (the order BPMN's schema wants): data
            // associations, by the connector's id.
            for (tag, role, reads) in
                [("dataInputAssociation", "sourceRef", true), ("dataOutputAssociation", "targetRef", false)]
            {
                for e in doc.edges.iter() {
                    let form =
                        if reads { (e.to == n.id).then_some(&e.from) } else { (e.from == n.id).then_some(&e.to) };
                    if let Some(form) = form.filter(|f| is_form(f)) {
                        let _ = write!(
                            out,
                            "<bpmn:{tag} id=\"{}\"><bpmn:{role}>{}</bpmn:{role}></bpmn:{tag}>",
                            xml_id(&e.id),
                            xml_id(form)
                        );
                    }
                }
            }
            if let Some(t) = n.trigger.filter(|_| n.kind == NodeType::Event) {
                let _ = write!(out, "<bpmn:{} id=\"{id}_definition\"/>", definition(t));
            }
            let _ = writeln!(out, "</bpmn:{tag}>");
        }
        // Sequence flows between flow nodes; a form in the flow is passed through (the work
        // goes on from what leads into the form to what the form leads to), and says so.
        let from_here = |e: &Edge| doc.node(&e.from).is_some_and(in_pool);
        for e in doc.edges.iter().filter(|e| !is_form(&e.from) && !is_form(&e.to) && !message_flow(e) && from_here(e)) {
            let _ = write!(
                out,
                "    <bpmn:sequenceFlow id=\"{}\" sourceRef=\"{}\" targetRef=\"{}\"",
                xml_id(&e.id),
                xml_id(&e.from),
                xml_id(&e.to)
            );
            if !e.label.is_empty() {
                let _ = write!(out, " name=\"{}\"", esc_attr(&e.label));
            }
            let mut inner = String::new();
            if let Some(p) = e.probability {
                let _ = write!(inner, "<bpmn:documentation>{}%</bpmn:documentation>", editable(p * 100.0));
            }
            if let Some(ext) = flow_extension(e, is_message(e)) {
                inner.push_str(&ext);
            }
            if inner.is_empty() {
                out.push_str("/>\n");
            } else {
                let _ = writeln!(out, ">{inner}</bpmn:sequenceFlow>");
            }
        }
        for f in doc.nodes.iter().filter(|n| n.kind == NodeType::Form && in_pool(n)) {
            for a in doc.edges.iter().filter(|e| e.to == f.id && !is_form(&e.from)) {
                for b in doc.edges.iter().filter(|e| e.from == f.id && !is_form(&e.to)) {
                    let id = format!("Flow_{}_{}", xml_id(&a.id), xml_id(&b.id));
                    let _ = writeln!(
                        out,
                        "    <bpmn:sequenceFlow id=\"{id}\" sourceRef=\"{}\" targetRef=\"{}\"><bpmn:extensionElements><procmod:through form=\"{}\" in=\"{}\" out=\"{}\"/></bpmn:extensionElements></bpmn:sequenceFlow>",
                        xml_id(&a.from),
                        xml_id(&b.to),
                        xml_id(&f.id),
                        xml_id(&a.id),
                        xml_id(&b.id)
                    );
                    through.push((id, a.from.clone(), b.to.clone()));
                }
            }
        }
        out.push_str("  </bpmn:process>\n");
    }
    // The branch probabilities as BPSim control parameters, one scenario, as simulation tools
    // (Signavio, Bizagi, BIMP) read them.
    let branches: Vec<_> = doc
        .edges
        .iter()
        .filter(|e| e.probability.is_some() && !is_form(&e.from) && !is_form(&e.to) && !is_message(e))
        .collect();
    if !branches.is_empty() {
        out.push_str("  <bpmn:relationship id=\"Relationship_BPSim\" type=\"BPSimData\"><bpmn:extensionElements><bpsim:BPSimData><bpsim:Scenario id=\"Scenario_1\" name=\"Procmod\">");
        for e in branches {
            let _ = write!(
                out,
                "<bpsim:ElementParameters elementRef=\"{}\"><bpsim:ControlParameters><bpsim:Probability><bpsim:FloatingParameter value=\"{}\"/></bpsim:Probability></bpsim:ControlParameters></bpsim:ElementParameters>",
                xml_id(&e.id),
                editable(e.probability.unwrap_or_default())
            );
        }
        let _ = writeln!(
            out,
            "</bpsim:Scenario></bpsim:BPSimData></bpmn:extensionElements><bpmn:source>Process_{0}</bpmn:source><bpmn:target>Process_{0}</bpmn:target></bpmn:relationship>",
            first_pool + 1
        );
    }

    // The diagram: the pools, the lanes, the shapes and the connectors' waypoints.
    let vertical = doc.settings.orientation == Orientation::Vertical;
    let bands = lane_bands(doc);
    let len = lane_length(doc);
    let rect = |x: f64, y: f64, w: f64, h: f64| {
        format!(
            "<dc:Bounds x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            editable(x),
            editable(y),
            editable(w),
            editable(h)
        )
    };
    out.push_str("  <bpmndi:BPMNDiagram id=\"BPMNDiagram_1\"><bpmndi:BPMNPlane id=\"BPMNPlane_1\" bpmnElement=\"Collaboration_1\">\n");
    for &k in &pool_ids {
        // A pool covers its lanes' bands (all of them for the document's own pool without lanes).
        let own: Vec<_> = bands.iter().zip(&lane_pool).filter(|(_, &p)| p == k).map(|(b, _)| b).collect();
        let (from, to) = match (own.first(), own.last()) {
            (Some(a), Some(b)) => (a.start, b.end()),
            _ => (0.0, bands.last().map_or(Lane::DEFAULT_SIZE, |b| b.end())),
        };
        let pool = if vertical {
            rect(from, -POOL_BAND, to - from, len + POOL_BAND)
        } else {
            rect(-POOL_BAND, from, len + POOL_BAND, to - from)
        };
        let _ = writeln!(
            out,
            "    <bpmndi:BPMNShape id=\"Participant_{0}_di\" bpmnElement=\"Participant_{0}\" isHorizontal=\"{1}\">{pool}</bpmndi:BPMNShape>",
            k + 1,
            !vertical
        );
    }
    for b in &bands {
        let bounds = if vertical { rect(b.start, 0.0, b.size, len) } else { rect(0.0, b.start, len, b.size) };
        let _ = writeln!(
            out,
            "    <bpmndi:BPMNShape id=\"{}_di\" bpmnElement=\"{}\" isHorizontal=\"{}\">{bounds}</bpmndi:BPMNShape>",
            xml_id(&b.id),
            xml_id(&b.id),
            !vertical
        );
    }
    for n in doc.nodes.iter() {
        let expanded = if n.kind == NodeType::Subprocess { " isExpanded=\"false\"" } else { "" };
        let _ = writeln!(
            out,
            "    <bpmndi:BPMNShape id=\"{}_di\" bpmnElement=\"{}\"{expanded}>{}</bpmndi:BPMNShape>",
            xml_id(&n.id),
            xml_id(&n.id),
            rect(n.x, n.y, n.width(), n.height())
        );
    }
    let routes = route::route_all(doc);
    let waypoints = |points: &[(f64, f64)]| {
        points
            .iter()
            .map(|(x, y)| format!("<di:waypoint x=\"{}\" y=\"{}\"/>", editable(*x), editable(*y)))
            .collect::<String>()
    };
    for (e, r) in doc.edges.iter().zip(&routes) {
        let Some(r) = r else { continue };
        let _ = writeln!(
            out,
            "    <bpmndi:BPMNEdge id=\"{}_di\" bpmnElement=\"{}\">{}</bpmndi:BPMNEdge>",
            xml_id(&e.id),
            xml_id(&e.id),
            waypoints(&r.points)
        );
    }
    // The flows through a form: straight from its source's centre line to its target's.
    for (id, a, b) in &through {
        if let (Some(&ia), Some(&ib)) = (pos.get(a.as_str()), pos.get(b.as_str())) {
            let (na, nb) = (&doc.nodes[ia], &doc.nodes[ib]);
            let points = crate::editor::layout::route(
                crate::editor::layout::rect_of(na),
                crate::editor::layout::rect_of(nb),
                doc.settings.orientation,
            );
            let _ = writeln!(
                out,
                "    <bpmndi:BPMNEdge id=\"{id}_di\" bpmnElement=\"{id}\">{}</bpmndi:BPMNEdge>",
                waypoints(&points)
            );
        }
    }
    out.push_str("  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>\n</bpmn:definitions>\n");
    Ok(out)
}
